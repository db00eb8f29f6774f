import Foundation
import HuiyinCore
import HuiyinService
import HuiyinStore
import HuiyinTestSupport
import Testing

@Suite("Routing: rules suggest units, one-step dispatch, competence disputes go up once, 领导包案")
struct RoutingTests {
    let rules = [
        RoutingRule(territory: nil, category: "城乡建设", level: nil, leadUnit: "yx-zjj"),
        RoutingRule(territory: "yx-dh-qs", category: "城乡建设/城市建设和市政管理", level: .city, leadUnit: "yx-dh-qs-zf", assistingUnits: ["yx-zjj"]),
    ]

    @Test("the most specific rule wins; an assign without a unit takes the suggestion; bad rules are refused by row")
    func suggestAndDispatch() async throws {
        let world = try await TestWorld.make()
        let admin = try await world.actor("admin"), dispatcher = try await world.actor("dispatcher")
        let saved = try await world.huiyin.admin.saveRoutingRules(rules, by: admin, now: world.clock.now)
        #expect(saved[0].category == "01" || saved[0].category?.count == 2, "paths are stored as codes")
        let qs = try await world.huiyin.cases.register(TestWorld.draft(), by: dispatcher, now: world.clock.now).view.case
        let xs = try await world.huiyin.cases.register(TestWorld.draft(territory: "yx-xs", person: 2), by: dispatcher, now: world.clock.now).view.case

        let s1 = try #require(try await world.huiyin.cases.routingSuggestion(for: qs, by: dispatcher))
        #expect(s1.leadUnit == "yx-dh-qs-zf" && s1.assistingUnits == ["yx-zjj"] && s1.source == .rule && s1.ruleIndex == 1)
        let s2 = try #require(try await world.huiyin.cases.routingSuggestion(for: xs, by: dispatcher))
        #expect(s2.leadUnit == "yx-zjj" && s2.ruleIndex == 0)
        // The second rule is for city-level offices, and the first names a city unit a district office
        // cannot assign to: a district dispatcher gets no suggestion rather than an impossible one.
        #expect(try await world.huiyin.cases.routingSuggestion(for: qs, by: try await world.actor("dispatcher-dh")) == nil)

        let v = try await world.huiyin.cases.perform(ActionRequest(action: "assign"), onCase: qs.id, by: dispatcher, now: world.clock.now)
        #expect(v.case.state == .assigned && v.case.leadUnitCode == "yx-dh-qs-zf" && v.case.assistingUnitCodes == ["yx-zjj"])

        do {
            _ = try await world.huiyin.admin.saveRoutingRules([rules[0], RoutingRule(territory: nil, category: nil, level: nil, leadUnit: "nowhere")],
                                                              by: admin, now: world.clock.now)
            Issue.record("an unknown unit must be refused")
        } catch let e as HuiyinError {
            #expect(e.kind == .invalid && e.code == "unknown_unit" && e.message.hasPrefix("第2条规则"))
        }
        await #expect(throws: HuiyinError.self) { _ = try await world.huiyin.admin.saveRoutingRules(rules, by: dispatcher, now: world.clock.now) }
        #expect(try await world.huiyin.cases.routingRules().count == 2, "the refused saves changed nothing")
        #expect(try await world.huiyin.store.auditLog(limit: 10).contains { $0.action == "routing_rules.save" })
    }

    @Test("returned twice over competence → the nearest common superior decides, and its decision cannot be returned")
    func dispute() async throws {
        let world = try await TestWorld.make()
        func act(_ id: Int64, _ who: String, _ r: ActionRequest) async throws -> CaseView {
            try await world.huiyin.cases.perform(r, onCase: id, by: try await world.actor(who), now: world.clock.now)
        }
        let id = try await world.huiyin.cases.register(TestWorld.draft(), by: try await world.actor("registrar"), now: world.clock.now).view.case.id
        _ = try await act(id, "dispatcher", ActionRequest(action: "assign", leadUnit: "yx-dh-qs-zf"))
        _ = try await act(id, "handler-dh-qs-zf", ActionRequest(action: "return", reason: "属于市容环卫职责，应由住建局办理"))
        await #expect(throws: HuiyinError.self) { _ = try await act(id, "dispatcher", ActionRequest(action: "refer_dispute", reason: "争议")) }
        let referred = try await act(id, "dispatcher", ActionRequest(action: "refer_dispute", reason: "青石镇与住建局对职责有争议", leadUnit: "yx-zjj"))
        #expect(referred.case.ov.disputeUnitCode == "yx-zf", "青石镇政府 ← 东湖区政府 ← 市政府 → 住建局: 市政府")
        do {
            _ = try await act(id, "dispatcher", ActionRequest(action: "assign", leadUnit: "yx-zjj"))
            Issue.record("the dispatcher may not assign while the superior decides")
        } catch let e as HuiyinError { #expect(e.code == "dispute_pending") }
        do {
            _ = try await act(id, "leader-dh", ActionRequest(action: "decide_competence", leadUnit: "yx-dh-qs-zf"))
            Issue.record("only the superior decides")
        } catch let e as HuiyinError { #expect(e.kind == .forbidden) }
        let decided = try await act(id, "leader", ActionRequest(action: "decide_competence", leadUnit: "yx-zjj"))
        #expect(decided.case.state == .assigned && decided.case.leadUnitCode == "yx-zjj" && decided.case.ov.competenceDecided)
        do {
            _ = try await act(id, "handler", ActionRequest(action: "return", reason: "不属本单位"))
            Issue.record("a decided competence cannot be returned")
        } catch let e as HuiyinError { #expect(e.code == "competence_decided") }
    }

    @Test("a leader takes a hard case (包案): it shows on their 工作台 and list until it ends")
    func ownership() async throws {
        let world = try await TestWorld.make()
        let id = try await world.huiyin.cases.register(TestWorld.draft(), by: try await world.actor("registrar"), now: world.clock.now).view.case.id
        let leader = try await world.user("leader")
        _ = try await world.huiyin.cases.perform(ActionRequest(action: "take_ownership", note: "本人包案"), onCase: id, by: .user(leader), now: world.clock.now)
        await #expect(throws: HuiyinError.self) {
            _ = try await world.huiyin.cases.perform(ActionRequest(action: "take_ownership"), onCase: id, by: .user(leader), now: world.clock.now)
        }
        let counts = try await world.huiyin.cases.workCounts(for: leader, now: world.clock.now)
        #expect(counts.first { $0.item == .owned }?.count == 1)
        let mine = try await world.huiyin.cases.list(CaseFilter(parameters: ["owner_leader": String(leader.id)]), by: leader, now: world.clock.now)
        #expect(mine.views.map(\.case.id) == [id] && mine.views[0].case.ov.ownerLeader?.name == leader.displayName)
        let dispatcherCounts = try await world.huiyin.cases.workCounts(for: try await world.user("dispatcher"), now: world.clock.now)
        #expect(!dispatcherCounts.contains { $0.item == .owned })
    }
}
