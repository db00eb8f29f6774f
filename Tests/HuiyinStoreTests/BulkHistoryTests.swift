import Foundation
import HuiyinCore
import HuiyinDemo
import HuiyinService
import HuiyinStore
import HuiyinTestSupport
import Testing

@Suite("Synthetic history in bulk: same rules as the live path, stored whole")
struct BulkHistoryTests {
    @Test("a bulk-generated history has every state, gapless numbers, and histories that match their cases")
    func bulkSeed() async throws {
        let world = try await TestWorld.make()
        // A second database: the world already holds the demo city, and seed wants an empty one.
        let fresh = try await TestWorld.makeEmpty()
        let count = Demo.bulkThreshold + 500
        let report = try await Demo.seed(fresh.huiyin, cases: count, now: world.clock.now)
        #expect(report.refusedSteps.isEmpty, "\(report.refusedSteps.prefix(3))")
        #expect(report.cases == count)
        // 并案 needs a similar original chosen by a person; the generated history does not merge.
        for state in CaseState.allCases where state != .merged { #expect((report.byState[state] ?? 0) > 0, "no case in state \(state)") }
        #expect(try await fresh.huiyin.store.outbox(afterID: 0, limit: 10).isEmpty, "history is not announced")

        let numbers = try await fresh.strings("SELECT number FROM cases").compactMap { $0 }
        #expect(Set(numbers).count == count)
        let byYear = Dictionary(grouping: numbers) { $0.prefix(4) }
        for (_, list) in byYear {
            let seqs = list.compactMap { Int($0.suffix(6)) }.sorted()
            #expect(seqs == Array(1...seqs.count), "numbers have gaps")
        }
        let dispatcher = try await fresh.actor("dispatcher")
        for id in [1, 777, Int64(count)] as [Int64] {
            let view = try await fresh.huiyin.cases.view(id: id, by: dispatcher, now: world.clock.now)
            let history = try await fresh.huiyin.store.history(caseID: id)
            #expect(history.count == view.case.eventCount)
            #expect(history.last?.toState == view.case.state)
            #expect(view.case.persons.isEmpty || (view.case.persons[0].name ?? "").count >= 2, "sealed names open again")
        }
    }
}
