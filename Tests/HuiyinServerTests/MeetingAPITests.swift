import Foundation
import HuiyinCore
import HuiyinTestSupport
import Testing

/// Village meetings, votes and stability risk assessments over HTTP on both engines: the quorum and
/// decision rules of 村民委员会组织法 as data, the stricter rule for major items, the public record, and
/// the 2/3 support threshold of a risk assessment.
@Suite("Meetings and votes: quorum, decisions, public record, risk assessments")
struct MeetingAPITests {
    static func assembly(_ extra: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = [
            "kind": "村民会议", "title": "石桥村2026年第一次村民会议", "territory": "yx-dh-qs-sq", "held_on": "2026-02-28", "place": "村委会议室",
            "chair": "王书记", "eligible_adults": 200, "eligible_households": 300,
            "items": [["title": "村道硬化筹资方案"], ["title": "集体土地流转", "major": true]],
        ]
        for (k, v) in extra { body[k] = v }
        return body
    }

    static func items(_ r: APIResponse) -> [[String: Any]] { r["items"] as? [[String: Any]] ?? [] }

    @Test("村民会议: 101 of 200 adults is quorate; a major item needs 2/3; the record is public at once")
    func villagersAssembly() async throws {
        try await withServer { api, _ in
            let town = try await api.login("handler-dh-qs-zf")
            let m = try await api.post("/api/v1/meetings", Self.assembly(["present": 101, "votes": [["for": 51, "against": 40, "abstain": 10],
                                                                                                   ["for": 67, "against": 30]]]), token: town)
            #expect(m.status == 201 && m["quorate"] as? Bool == true && m["recorded"] as? Bool == true && m["published"] as? Bool == true)
            // 51 of 101 is a majority; 67 of 101 is short of two thirds (67.33 needed) for the major item.
            #expect(Self.items(m).map { $0["passed"] as? Bool } == [true, false])
            let public_ = try await api.get("/api/v1/public/meetings")
            #expect(public_.array.count == 1 && (public_.array.first?["items"] as? [[String: Any]])?.count == 2)

            // 100 of 200 is not more than half: not quorate, so nothing passes however people voted.
            let short = try await api.post("/api/v1/meetings", Self.assembly(["present": 100, "votes": [["for": 100], ["for": 100]]]), token: town)
            #expect(short["quorate"] as? Bool == false && Self.items(short).allSatisfy { $0["passed"] as? Bool == false })
        }
    }

    @Test("村民会议 by households: 199 of 300 household representatives is not quorate, 200 is")
    func households() async throws {
        try await withServer { api, _ in
            let town = try await api.login("handler-dh-qs-zf")
            let votes: [[String: Any]] = [["for": 150], ["for": 150]]
            let base = Self.assembly(["eligible_adults": 900])
            var body = base
            body["present"] = 199; body["present_households"] = 199; body["votes"] = votes
            #expect(try await api.post("/api/v1/meetings", body, token: town)["quorate"] as? Bool == false)
            body["present"] = 200; body["present_households"] = 200
            let ok = try await api.post("/api/v1/meetings", body, token: town)
            #expect(ok["quorate"] as? Bool == true && Self.items(ok).map { $0["passed"] as? Bool } == [true, true])
        }
    }

    @Test("村民代表会议 needs two thirds of its members; a planned meeting is recorded once, after it is held")
    func representatives() async throws {
        try await withServer { api, world in
            let office = try await api.login("dispatcher-dh")
            let body: [String: Any] = ["kind": "representatives_assembly", "title": "村民代表会议", "territory": "yx-dh-qs-sq", "held_on": "2026-03-05",
                                       "place": "村委会", "eligible_members": 30, "items": [["title": "修订村规民约"]]]
            #expect(try await api.post("/api/v1/meetings", ["kind": "村民代表会议", "title": "x", "territory": "yx-dh-qs-sq", "held_on": "2026-03-05",
                                                            "place": "村委会", "items": [["title": "议题"]]], token: office).errorCode == "missing_eligible")
            let planned = try await api.post("/api/v1/meetings", body, token: office)
            #expect(planned.status == 201 && planned["recorded"] as? Bool == false && planned["quorate"] == nil)
            let id = planned["id"] as? Int ?? 0
            #expect(try await api.post("/api/v1/meetings/\(id)/result", ["present": 20, "votes": [["for": 15]]], token: office).errorCode
                    == "meeting_not_held")
            world.clock.set("2026-03-05 18:00")
            #expect(try await api.post("/api/v1/meetings/\(id)/result", ["present": 31, "votes": [["for": 15]]], token: office).errorCode
                    == "present_exceeds_eligible")
            #expect(try await api.post("/api/v1/meetings/\(id)/result", ["present": 20, "votes": [["for": 15, "against": 6]]], token: office).errorCode
                    == "votes_exceed_present")
            #expect(try await api.post("/api/v1/meetings/\(id)/result", ["present": 20, "votes": []], token: office).errorCode == "votes_mismatch")
            // 19 of 30 is short of two thirds (20).
            let recorded = try await api.post("/api/v1/meetings/\(id)/result", ["present": 19, "votes": [["for": 19]]], token: office)
            #expect(recorded.status == 200 && recorded["quorate"] as? Bool == false && Self.items(recorded).first?["passed"] as? Bool == false)
            #expect(try await api.post("/api/v1/meetings/\(id)/result", ["present": 20, "votes": [["for": 19]]], token: office).errorCode
                    == "meeting_recorded")
            // A public record may not be withdrawn.
            #expect(try await api.call(.put, "/api/v1/meetings/\(id)", json: ["published": false], token: office).errorCode == "public_record_required")
            // Permissions: registrars do not record meetings; another district does not see them.
            #expect(try await api.post("/api/v1/meetings", body, token: try await api.login("registrar-dh")).status == 403)
            #expect(try await api.get("/api/v1/meetings/\(id)", token: try await api.login("dispatcher-xs")).status == 404)
            #expect(try await api.get("/api/v1/meetings", token: try await api.login("leader-dh")).array.count == 1)
        }
    }

    @Test("rules are data: an admin makes the 村民代表会议 decision rule two thirds; recorded meetings keep their rule")
    func rules() async throws {
        try await withServer { api, _ in
            let admin = try await api.login("admin")
            let office = try await api.login("dispatcher-dh")
            var rules = try await api.get("/api/v1/meeting-rules", token: office).object
            var meetings = rules["meetings"] as? [[String: Any]] ?? []
            let reps = meetings.firstIndex { $0["kind"] as? String == "representatives_assembly" } ?? 0
            #expect((meetings[reps]["quorum"] as? [[String: Any]])?.first?["basis"] as? String == "members")
            #expect(((meetings.first { $0["kind"] as? String == "villagers_assembly" }?["quorum_text"]) as? String)?.contains("过半数") == true)

            let body: [String: Any] = ["kind": "representatives_assembly", "title": "代表会议", "territory": "yx-dh-qs-sq", "held_on": "2026-03-01",
                                       "place": "村委会", "eligible_members": 30, "items": [["title": "议题"]], "present": 24, "votes": [["for": 13]]]
            let before = try await api.post("/api/v1/meetings", body, token: office)
            #expect(Self.items(before).first?["passed"] as? Bool == true)

            meetings[reps]["decision"] = ["numerator": 2, "denominator": 3, "strict": false]
            rules["meetings"] = meetings
            #expect(try await api.call(.put, "/api/v1/meeting-rules", json: rules, token: office).status == 403)
            var broken = rules
            var bad = meetings
            bad[reps]["decision"] = ["numerator": 3, "denominator": 2, "strict": false]
            broken["meetings"] = bad
            #expect(try await api.call(.put, "/api/v1/meeting-rules", json: broken, token: admin).errorCode == "invalid_meeting_rules")
            let saved = try await api.call(.put, "/api/v1/meeting-rules", json: rules, token: admin)
            #expect(saved.status == 200)

            // 13 of 24 no longer passes; 16 does.
            var after = body
            after["votes"] = [["for": 13]]
            #expect(Self.items(try await api.post("/api/v1/meetings", after, token: office)).first?["passed"] as? Bool == false)
            after["votes"] = [["for": 16]]
            #expect(Self.items(try await api.post("/api/v1/meetings", after, token: office)).first?["passed"] as? Bool == true)
            let id = before["id"] as? Int ?? 0
            #expect(Self.items(try await api.get("/api/v1/meetings/\(id)", token: office)).first?["passed"] as? Bool == true)
        }
    }

    @Test("a risk assessment passes with at least 2/3 support (200 of 300) and is vetoed below (199); only published ones are public")
    func riskAssessment() async throws {
        try await withServer { api, _ in
            let office = try await api.login("dispatcher-dh")
            func assess(_ support: Int, published: Bool) async throws -> APIResponse {
                try await api.post("/api/v1/risk-assessments", ["title": "石桥村垃圾中转站选址", "territory": "yx-dh-qs-sq", "respondents": 300,
                                                                "satisfied": 180, "supportive": support, "confident": 210, "published": published],
                                   token: office)
            }
            let pass = try await assess(200, published: true)
            #expect(pass.status == 201 && pass["passed"] as? Bool == true && pass.string("verdict") == "通过" && pass.string("support") == "66.67%")
            let veto = try await assess(199, published: false)
            #expect(veto["passed"] as? Bool == false && veto.string("verdict") == "否决")
            #expect(try await assess(301, published: false).errorCode == "exceeds_respondents")
            #expect(try await api.post("/api/v1/risk-assessments", ["title": "x", "territory": "yx-dh-qs-sq", "respondents": 10, "satisfied": 1,
                                                                    "supportive": 9, "confident": 1], token: try await api.login("registrar-dh")).status == 403)
            #expect(try await api.get("/api/v1/public/risk-assessments").array.compactMap { $0["verdict"] as? String } == ["通过"])
            let vid = veto["id"] as? Int ?? 0
            #expect(try await api.call(.put, "/api/v1/risk-assessments/\(vid)", json: ["published": true], token: office).status == 200)
            #expect(try await api.get("/api/v1/public/risk-assessments").array.count == 2)
            #expect(try await api.get("/api/v1/risk-assessments", token: try await api.login("dispatcher-xs")).array.isEmpty)
        }
    }
}
