import Foundation
import HuiyinCore
import HuiyinService
import HuiyinStore
import HuiyinTestSupport
import Testing

@Suite("Dashboard statistics match the cases they count")
struct DashboardTests {
    @Test("totals, rates and groupings equal a count made case by case")
    func matchesCaseByCase() async throws {
        let world = try await TestWorld.make(now: "2026-06-30 18:00", cases: 160)
        let leader = try await world.user("leader")
        let from = LocalDate("2026-01-01")!, to = LocalDate("2026-06-30")!
        let d = try await world.huiyin.dashboards.dashboard(for: leader, from: from, to: to, now: world.clock.now)

        var all: [Case] = []
        var filter = CaseFilter(parameters: ["from": "2026-01-01", "to": "2026-06-30", "per_page": "100"])
        for page in 1... {
            filter.page = String(page)
            let result = try await world.huiyin.cases.list(filter, by: leader, now: world.clock.now)
            all += result.views.map(\.case)
            if result.views.count < 100 { break }
        }
        #expect(all.count > 50, "the demo has cases in the period")
        let accepted = all.filter { $0.milestones.acceptedOnTime != nil }
        let replied = all.filter { $0.milestones.repliedOnTime != nil }
        let rated = all.filter { $0.rating != nil }
        #expect(d.totals.total == all.count)
        #expect(d.totals.accepted == accepted.count && d.totals.acceptedOnTime == accepted.filter { $0.milestones.acceptedOnTime! }.count)
        #expect(d.totals.replied == replied.count && d.totals.repliedOnTime == replied.filter { $0.milestones.repliedOnTime! }.count)
        #expect(d.totals.rated == rated.count && d.totals.satisfied == rated.filter { $0.rating!.value != .unsatisfied }.count)
        #expect(replied.count > 0 && rated.count > 0)
        for row in d.byChannel {
            #expect(row.tally.total == all.filter { $0.channel.rawValue == row.label }.count, "\(row.label)")
        }
        #expect(d.byCategory.reduce(0) { $0 + $1.tally.total } == all.count)
        #expect(d.byTerritory.reduce(0) { $0 + $1.tally.total } == all.count)
        let months = Dictionary(grouping: all) { String($0.receivedOn.description.prefix(7)) }
        for row in d.byMonth where row.label >= "2026-01" {
            #expect(row.tally.total == months[row.label]?.count ?? 0, "\(row.label)")
        }
        #expect(d.byMonth.count == 12 && d.byMonth.last?.label == "2026-06")
        #expect(CaseTally.percent(2, of: 3) == "66.7%" && CaseTally.percent(0, of: 0) == "—")
    }

    @Test("a case's on-time facts follow its clock: late acceptance and late reply count as late")
    func onTimeFacts() async throws {
        let world = try await TestWorld.make(now: "2026-03-02 09:00")
        let registrar = try await world.actor("registrar"), dispatcher = try await world.actor("dispatcher")
        let receipt = try await world.huiyin.cases.register(TestWorld.draft(), by: registrar, now: world.clock.now)
        let id = receipt.view.case.id
        world.clock.advance(days: 20)  // past the 15-day disposal period
        let assigned = try await world.huiyin.cases.perform(ActionRequest(action: "assign", leadUnit: "yx-zjj"), onCase: id, by: dispatcher,
                                                            now: world.clock.now)
        #expect(assigned.case.milestones.acceptedOnTime == false)
        let handler = try await world.actor("handler")
        let replied = try await world.huiyin.cases.perform(ActionRequest(action: "reply", text: "已处理", opinion: "support"), onCase: id,
                                                           by: handler, now: world.clock.now)
        #expect(replied.case.milestones.repliedOnTime == true)
        let leader = try await world.user("leader")
        let today = ChinaTime.localDate(world.clock.now)
        let d = try await world.huiyin.dashboards.dashboard(for: leader, from: LocalDate("2026-01-01")!, to: today, now: world.clock.now)
        #expect(d.totals.total == 1 && d.totals.accepted == 1 && d.totals.acceptedOnTime == 0 && d.totals.repliedOnTime == 1)
        #expect(d.totals.acceptRate == "0.0%" && d.totals.replyRate == "100.0%")
    }
}
