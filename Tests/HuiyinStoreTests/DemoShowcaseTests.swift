import Foundation
import HuiyinCore
import HuiyinService
import HuiyinStore
import HuiyinTestSupport
import Testing

/// What a newcomer sees in `serve --demo` beyond the states: intake's findings on real histories.
@Suite("Demo showcase: intake findings a newcomer can see")
struct DemoShowcaseTests {
    @Test("the demo's matter concluded by 复核 comes again today and is flagged 不再受理 (第三十六条)")
    func concludedMatterFiledAgain() async throws {
        let world = try await TestWorld.make(now: "2026-06-30 18:00", cases: 100)
        let registrar = try await world.user("registrar-dh")
        let result = try await world.huiyin.cases.list(CaseFilter(parameters: ["state": "registered", "per_page": "100"]),
                                                       by: registrar, now: world.clock.now)
        let again = try #require(result.views.map(\.case).first { $0.title.hasPrefix("再次反映：") })
        let flag = try #require(again.ins.procedure)
        #expect(flag.step == .concluded && flag.reason.contains("不再受理"))
        #expect(again.repeatOf == flag.caseID && again.receivedOn == LocalDate("2026-06-30"))
        let earlier = try #require(try await world.huiyin.store.loadCase(id: flag.caseID))
        #expect(earlier.state == .final && earlier.number == flag.number)
    }
}
