import Foundation
import HuiyinCore
import HuiyinService

/// A small data set whose statistics were worked out by hand (StatisticsTests, the report tests).
public enum KnownCases {
    /// March 2026, city scope:
    /// - A 住建局: received 03-02, assigned 03-02, answered 03-10 (8 days), 满意
    /// - B 住建局: received 03-02, assigned 03-02, answered 03-20 (18 days), 不满意
    /// - C 生态环境局: received 03-03, assigned 03-03, answered 03-05 (2 days), 基本满意
    /// - D 生态环境局: received 03-03, assigned 03-03, never answered: overdue on 06-01
    /// - F: received 03-04, same petitioner and matter as A (重复访), never accepted: overdue on 06-01
    /// - E: received 02-10 (the previous period of the same length, 01-29 … 02-28), registered only
    public static func march2026() async throws -> (TestWorld, [String: Int64]) {
        let world = try await TestWorld.make(now: "2026-03-02 09:00")
        let registrar = try await world.actor("registrar"), dispatcher = try await world.actor("dispatcher")
        var ids: [String: Int64] = [:]
        func register(_ key: String, _ on: String, person: Int, category: String = "城乡建设/城市建设和市政管理/环境卫生") async throws {
            world.clock.set(on + " 09:00")
            ids[key] = try await world.huiyin.cases.register(TestWorld.draft(received: on, person: person, phone: "1391234\(String(format: "%04d", person))",
                                                                             category: category),
                                                             by: registrar, now: world.clock.now).view.case.id
        }
        func act(_ key: String, _ on: String, _ who: String, _ r: ActionRequest) async throws {
            world.clock.set(on + " 15:00")
            _ = try await world.huiyin.cases.perform(r, onCase: ids[key]!, by: try await world.actor(who), now: world.clock.now)
        }
        try await register("E", "2026-02-10", person: 5)
        try await register("A", "2026-03-02", person: 1)
        try await register("B", "2026-03-02", person: 2)
        try await register("C", "2026-03-03", person: 3, category: "环境保护/环境污染/大气污染")
        try await register("D", "2026-03-03", person: 4, category: "环境保护/环境污染/大气污染")
        try await register("F", "2026-03-04", person: 1)
        _ = dispatcher
        try await act("A", "2026-03-02", "dispatcher", ActionRequest(action: "assign", leadUnit: "yx-zjj"))
        try await act("B", "2026-03-02", "dispatcher", ActionRequest(action: "assign", leadUnit: "yx-zjj"))
        try await act("C", "2026-03-03", "dispatcher", ActionRequest(action: "assign", leadUnit: "yx-sthjj"))
        try await act("D", "2026-03-03", "dispatcher", ActionRequest(action: "assign", leadUnit: "yx-sthjj"))
        try await act("A", "2026-03-10", "handler", ActionRequest(action: "reply", text: "已清运", opinion: "support"))
        try await act("B", "2026-03-20", "handler", ActionRequest(action: "reply", text: "已清运", opinion: "support"))
        try await act("C", "2026-03-05", "handler-sthjj", ActionRequest(action: "reply", text: "已查处", opinion: "support"))
        try await act("A", "2026-03-12", "registrar", ActionRequest(action: "rate", rating: "满意"))
        try await act("B", "2026-03-22", "registrar", ActionRequest(action: "rate", rating: "不满意"))
        try await act("C", "2026-03-06", "registrar", ActionRequest(action: "rate", rating: "基本满意"))
        world.clock.set("2026-06-01 09:00")
        return (world, ids)
    }

}
