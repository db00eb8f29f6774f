import Foundation
import HuiyinCore
import HuiyinService
import HuiyinStore
import HuiyinTestSupport
import Testing

/// Statistics and rankings on a small known data set, checked against values worked out by hand.
@Suite("Statistics: rates, change, repeats, handling days and rankings match hand-computed values")
struct StatisticsTests {
    @Test("period figures, the previous period, and the unit ranking")
    func figures() async throws {
        let (world, ids) = try await KnownCases.march2026()
        let f = try await world.huiyin.cases.view(id: ids["F"]!, by: try await world.actor("dispatcher"), now: world.clock.now).case
        #expect(f.repeatOf == ids["A"], "same petitioner, same matter: 重复访 of A")
        let s = try await world.huiyin.statistics.statistics(for: try await world.user("leader"), from: LocalDate("2026-03-01")!,
                                                             to: LocalDate("2026-03-31")!, now: world.clock.now)
        let t = s.current
        #expect(s.previousFrom == LocalDate("2026-01-29") && s.previousTo == LocalDate("2026-02-28"))
        #expect(t.total == 5 && s.previous.total == 1 && s.change == 4.0, "5 against 1: +400 %")
        #expect(t.accepted == 4 && t.acceptShare == 1.0)
        #expect(t.replied == 3 && t.replyShare == 1.0)
        #expect(t.rated == 3 && t.satisfied == 2 && t.satisfactionShare == 2.0 / 3.0)
        #expect(t.repeats == 1 && t.repeatShare == 0.2)
        #expect(t.overdue == 2, "D (handling) and F (never accepted)")
        #expect(t.handled == 3 && t.handleDays == 28 && t.averageHandleDays == 28.0 / 3.0)
        #expect(t.assigned == 4 && t.transferred == 0)

        // 生态环境局: 按期办结 1/1, 满意 1/1, 超期 1/2 → 40 + 40 + 10 = 90;
        // 住建局: 按期办结 2/2, 满意 1/2, 超期 0/2 → 40 + 20 + 20 = 80.
        #expect(s.rankings.map(\.unitCode) == ["yx-sthjj", "yx-zjj"])
        #expect(s.rankings.map(\.score) == [90, 80])
        #expect(s.rankings.allSatisfy { !$0.flagged }, "fewer than four units: nobody is flagged")

        let zjj = try await world.huiyin.statistics.statistics(for: try await world.user("leader"), from: LocalDate("2026-03-01")!,
                                                               to: LocalDate("2026-03-31")!, unit: "yx-zjj", now: world.clock.now)
        #expect(zjj.current.total == 2 && zjj.current.satisfactionShare == 0.5 && zjj.current.averageHandleDays == 13)

        await #expect(throws: HuiyinError.self) {
            _ = try await world.huiyin.statistics.statistics(for: try await world.user("handler"), from: LocalDate("2026-03-01")!,
                                                             to: LocalDate("2026-03-31")!, now: world.clock.now)
        }
    }

    @Test("ranking: score by the weights, rates without data left out, the last three of four or more flagged")
    func ranking() {
        func tally(_ replied: Int, _ onTime: Int, _ rated: Int, _ satisfied: Int, _ total: Int, _ overdue: Int) -> CaseTally {
            CaseTally(key: "", total: total, replied: replied, repliedOnTime: onTime, rated: rated, satisfied: satisfied, overdue: overdue)
        }
        let rows = [
            (code: "a", name: "甲", tally: tally(10, 10, 10, 10, 10, 0)),   // 100
            (code: "b", name: "乙", tally: tally(10, 5, 10, 10, 10, 0)),    // 20 + 40 + 20 = 80
            (code: "c", name: "丙", tally: tally(4, 4, 0, 0, 4, 0)),        // no ratings: (40 + 20) / 0.6 = 100, fewer cases than 甲
            (code: "d", name: "丁", tally: tally(10, 0, 10, 5, 10, 5)),     // 0 + 20 + 10 = 30
            (code: "e", name: "戊", tally: tally(0, 0, 0, 0, 3, 3)),        // only 未超期率 0 → 0
        ]
        let r = Ranking.rank(rows)
        #expect(r.map(\.unitCode) == ["a", "c", "b", "d", "e"])
        #expect(r.map(\.score) == [100, 100, 80, 30, 0])
        #expect(r.map(\.flagged) == [false, false, true, true, true])
        #expect(r.map(\.rank) == [1, 2, 3, 4, 5])
    }
}
