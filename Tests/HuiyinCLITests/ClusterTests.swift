import Foundation
import HuiyinTestSupport
import Testing

/// Two `huiyin serve` processes on one PostgreSQL database, used at once. Runs in the PostgreSQL half
/// of `scripts/test` (on SQLite there is no second node to start, so Swift Testing reports it skipped).
@Suite("Two nodes on one PostgreSQL behave as one system", .enabled(if: TestEngine.current.isPostgres))
struct ClusterTests {
    @Test("sessions work on both nodes; racing actions from both never both succeed; no event lost; one notice per event and per 督办")
    func twoNodes() async throws {
        let tmp = TempFolder()
        let storage = try await TestStorage.make(tmp).args
        let demo = try Executable.run(["demo"] + storage + ["--cases", "0", "--bcrypt-cost", "4"])
        #expect(demo.status == 0, "\(demo.stderr)")
        let log = tmp.path("notify.jsonl")
        let nodeArgs = storage + ["--notify-log", log, "--job-interval", "0.3"]
        let a = try ServerProcess(nodeArgs), b = try ServerProcess(nodeArgs)
        defer { a.stop(); b.stop() }

        try await a.withAPI { apiA in
            try await b.withAPI { apiB in
                // A token from node A works on node B; logging out on B ends it on A at once.
                let probe = try await apiA.login("supervisor")
                #expect(try await apiB.get("/api/v1/me", token: probe).status == 200)
                #expect(try await apiB.post("/api/v1/logout", [String: Any](), token: probe).status == 204)
                #expect(try await apiA.get("/api/v1/me", token: probe).status == 401)

                // Next year's holidays entered on A reach B's deadlines without a restart.
                let admin = try await apiA.login("admin")
                let due = "/api/v1/calendar/due?from=2026-12-17&days=15"
                #expect(try await apiB.get(due, token: admin).string("due") == "2027-01-01")
                let year = ["year": 2027, "holidays": [["name": "元旦", "from": "2027-01-01", "to": "2027-01-03"]], "workdays": []] as [String: Any]
                #expect(try await apiA.post("/api/v1/calendar/years", year, token: admin).status == 201)
                var seenOnB: String?
                for _ in 0..<50 where seenOnB != "2027-01-04" {
                    try await Task.sleep(nanoseconds: 100_000_000)
                    seenOnB = try await apiB.get(due, token: admin).string("due")
                }
                #expect(seenOnB == "2027-01-04")

                // Cases received in October: their 15-day disposal deadline has passed (督办 due).
                let registrar = try await apiA.login("registrar")
                var ids: [Int] = []
                for i in 0..<8 {
                    let r = try await (i % 2 == 0 ? apiA : apiB).post("/api/v1/cases", letterJSON(received: "2026-10-0\(i + 1)", name: "并发\(i)"),
                                                                     token: registrar)
                    #expect(r.status == 201, "\(r.text)")
                    ids.append(try #require(r["id"] as? Int))
                }

                // The leader's clock watcher supervises each of them once (督办, the petition office).
                let dispatcher = try await apiA.login("dispatcher")
                for id in ids {
                    var history: [String] = []
                    for _ in 0..<100 where !history.contains("supervise") {
                        let c = try await apiB.get("/api/v1/cases/\(id)", token: dispatcher)
                        history = (c["history"] as? [[String: Any]])?.compactMap { $0["action"] as? String } ?? []
                        if !history.contains("supervise") { try await Task.sleep(nanoseconds: 100_000_000) }
                    }
                    #expect(history == ["register", "supervise"], "case \(id): \(history)")
                }

                // Both nodes race on every case: accept, then assign, four contenders each.
                for (action, lead) in [("accept", nil as String?), ("assign", "yx-zjj")] {
                    for id in ids {
                        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                            for api in [apiA, apiB, apiA, apiB] {
                                group.addTask {
                                    let fields: [String: Any] = lead.map { ["lead_unit": $0] } ?? [:]
                                    return try await api.act(id, action, fields, token: dispatcher).status
                                }
                            }
                            return try await group.reduce(into: [Int]()) { $0.append($1) }
                        }
                        #expect(statuses.filter { $0 == 200 }.count == 1, "\(action) on \(id): \(statuses)")
                        #expect(statuses.allSatisfy { $0 == 200 || $0 == 409 }, "\(statuses)")
                    }
                }
                for id in ids {
                    let c = try await apiB.get("/api/v1/cases/\(id)", token: dispatcher)
                    let actions = (c["history"] as? [[String: Any]])?.compactMap { $0["action"] as? String }
                    #expect(actions == ["register", "supervise", "accept", "assign"], "case \(id): \(actions ?? [])")
                    #expect(c.string("state") == "assigned")
                }

                // Every event (3 per case besides the 督办) and every 督办 gets exactly one notice, sent once.
                let expected = ids.count * 3 + ids.count
                var lines: [[String: Any]] = []
                let deadline = Date().addingTimeInterval(30)
                while Date() < deadline {
                    lines = Self.notices(log)
                    if lines.count >= expected { break }
                    try await Task.sleep(nanoseconds: 200_000_000)
                }
                try await Task.sleep(nanoseconds: 1_500_000_000)  // several more scan rounds on both nodes
                lines = Self.notices(log)
                let keys = lines.compactMap { $0["dedupe_key"] as? String }
                #expect(keys.count == expected, "\(keys.count) notices, expected \(expected)")
                #expect(Set(keys).count == keys.count, "a notice was sent twice")
                let eventKeys: Set<String> = Set(ids.flatMap { id in [1, 3, 4].map { seq in "event:\(id):\(seq)" } })
                #expect(Set(keys.filter { $0.hasPrefix("event:") }) == eventKeys)
                for id in ids {
                    #expect(keys.filter { $0.hasPrefix("overdue:\(id):") }.count == 1, "督办 notices for case \(id)")
                }
                #expect(Set(lines.compactMap { $0["delivered_by"] as? String }).count == 1, "only the leader sends")
            }
        }

        // The leader dies: the other node takes over and sends what comes next.
        let leader = Self.notices(log).first?["delivered_by"] as? String ?? ""
        let (survivor, victim) = leader.contains("-\(a.process.processIdentifier)-") ? (b, a) : (a, b)
        victim.kill()
        let before = Self.notices(log).count
        try await survivor.withAPI { api in
            let registrar = try await api.login("registrar")
            #expect(try await api.post("/api/v1/cases", letterJSON(name: "接管"), token: registrar).status == 201)
        }
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, Self.notices(log).count == before { try await Task.sleep(nanoseconds: 200_000_000) }
        let after = Self.notices(log)
        #expect(after.count == before + 1)
        #expect((after.last?["delivered_by"] as? String)?.contains("-\(survivor.process.processIdentifier)-") == true)
    }

    static func notices(_ path: String) -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}
