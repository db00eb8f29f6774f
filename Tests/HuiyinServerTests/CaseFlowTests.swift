import Foundation
import HuiyinTestSupport
import Testing

@Suite("Case lifecycle over HTTP: the whole path, forbidden steps, windows, races, the petitioner's side")
struct CaseFlowTests {
    @Test("register → accept → assign → start → reply → the citizen looks it up and rates it → closed")
    func wholePath() async throws {
        try await withServer(now: "2026-03-02 09:00") { api, world in
            let registrar = try await api.login("registrar"), dispatcher = try await api.login("dispatcher")
            let handler = try await api.login("handler")
            let created = try await api.post("/api/v1/cases", letterJSON(name: "王小明"), token: registrar)
            let id = try #require(created["id"] as? Int)
            let number = try #require(created.string("number")), code = try #require(created.string("query_code"))

            #expect(try await api.act(id, "accept", token: dispatcher).string("state") == "accepted")
            let notified = try await api.act(id, "notify", ["note": "已寄送受理告知书"], token: registrar)
            #expect((notified["clock"] as? [String: Any])?["notify_due"] == nil)
            let assigned = try await api.act(id, "assign", ["lead_unit": "yx-zjj", "assisting_units": ["yx-sthjj"]], token: dispatcher)
            #expect(assigned.string("state") == "assigned")
            #expect((assigned["lead_unit"] as? [String: Any])?["name"] as? String == "云溪市住房和城乡建设局")
            // 60 days from acceptance on 3/2 end on 5/1, a holiday: the period ends on 5/6.
            #expect(assigned.string("due") == "2026-05-06")
            #expect((assigned["clock"] as? [String: Any])?["return_until"] as? String == "2026-03-09")
            world.clock.set("2026-03-03 10:00")
            #expect(try await api.act(id, "start", token: handler).string("state") == "in_progress")
            world.clock.set("2026-03-20 15:00")
            let replied = try await api.act(id, "reply", ["opinion": "support", "text": "已安排环卫车辆每日清运，并增设垃圾桶。"], token: handler)
            #expect(replied.string("state") == "replied")
            #expect((replied["allowed_actions"] as? [[String: Any]])?.compactMap { $0["action"] as? String } == ["comment"])

            let lookup = try await api.post("/api/v1/public/cases/\(number)/lookup", ["query_code": code.lowercased()])
            #expect(lookup.status == 200)
            #expect((lookup["reply"] as? [String: Any])?["opinion_label"] as? String == "支持")
            let person = try #require((lookup["petitioners"] as? [[String: Any]])?.first)
            #expect(person["name"] as? String == "王**" && person["phone"] as? String == "139****5678")
            let publicHistory = try #require(lookup["history"] as? [[String: Any]])
            #expect(!publicHistory.contains { $0["action"] as? String == "start" })
            #expect(!publicHistory.contains { ($0["actor"] as? [String: Any])?["name"] as? String == "赵承办" })
            let actions = (lookup["allowed_actions"] as? [[String: Any]])?.compactMap { $0["action"] as? String } ?? []
            #expect(Set(actions) == ["rate", "request_review", "withdraw"])

            world.clock.set("2026-03-22 09:00")
            let rated = try await api.post("/api/v1/public/cases/\(number)/actions", ["query_code": code, "action": "rate", "rating": "满意"])
            #expect(rated.string("state") == "closed")
            let final = try await api.get("/api/v1/cases/\(id)", token: dispatcher)
            let steps = (final["history"] as? [[String: Any]])?.compactMap { $0["action"] as? String }
            #expect(steps == ["register", "accept", "notify", "assign", "start", "reply", "rate"])
            #expect((final["history"] as? [[String: Any]])?.last?["actor"].flatMap { ($0 as? [String: Any])?["name"] as? String } == "信访人")
        }
    }

    @Test("a wrong actor gets 403, a wrong state 409, and neither changes the case")
    func forbidden() async throws {
        try await withServer { api, _ in
            let registrar = try await api.login("registrar"), dispatcher = try await api.login("dispatcher")
            let handler = try await api.login("handler")
            let id = try #require(try await api.post("/api/v1/cases", letterJSON(), token: registrar)["id"] as? Int)
            let byHandler = try await api.act(id, "accept", token: handler)
            #expect(byHandler.status == 403 && byHandler.errorCode == "role_not_allowed")
            #expect(try await api.act(id, "accept", token: dispatcher).status == 200)
            let twice = try await api.act(id, "accept", token: dispatcher)
            #expect(twice.status == 409 && twice.errorCode == "invalid_state")
            #expect(twice.errorMessage == "当前状态为“已受理”，不能执行“受理”")
            let outOfScope = try await api.act(id, "assign", ["lead_unit": "yx-zjj"], token: try await api.login("dispatcher-xs"))
            #expect(outOfScope.status == 403 && outOfScope.errorCode == "not_in_scope")
            let noUnit = try await api.act(id, "assign", ["lead_unit": "no-such-unit"], token: dispatcher)
            #expect(noUnit.status == 422 && noUnit.errorField == "lead_unit")
            let refusedLate = try await api.act(id, "refuse", ["reason": "不属于受理范围"], token: dispatcher)
            #expect(refusedLate.status == 409, "an accepted case is no longer refused")
            let unknown = try await api.act(id, "fly", token: dispatcher)
            #expect(unknown.status == 422 && unknown.errorCode == "unknown_action")
            let stale = try await api.act(id, "comment", ["text": "请尽快", "expected_version": 1], token: dispatcher)
            #expect(stale.status == 409 && stale.errorCode == "version_conflict")
            let c = try await api.get("/api/v1/cases/\(id)", token: dispatcher)
            #expect(c.string("state") == "accepted" && c["version"] as? Int == 2)
            #expect((c["history"] as? [Any])?.count == 2)
        }
    }

    @Test("a unit may return an assignment until the 5th working day (2026-02-12 → 02-26 over the Spring Festival), not after")
    func returnWindow() async throws {
        try await withServer(now: "2026-02-12 10:00") { api, world in
            let registrar = try await api.login("registrar"), dispatcher = try await api.login("dispatcher")
            let handler = try await api.login("handler")
            var ids: [Int] = []
            for _ in 0..<2 {
                let id = try #require(try await api.post("/api/v1/cases", letterJSON(), token: registrar)["id"] as? Int)
                let assigned = try await api.act(id, "assign", ["lead_unit": "yx-zjj"], token: dispatcher)
                #expect((assigned["clock"] as? [String: Any])?["return_until"] as? String == "2026-02-26")
                ids.append(id)
            }
            world.clock.set("2026-02-26 17:30")
            let inTime = try await api.act(ids[0], "return", ["reason": "属于属地政府职责"], token: handler)
            #expect(inTime.status == 200 && inTime.string("state") == "returned")
            #expect(inTime["lead_unit"] == nil)
            world.clock.set("2026-02-27 08:30")
            let late = try await api.act(ids[1], "return", ["reason": "属于属地政府职责"], token: handler)
            #expect(late.status == 409 && late.errorCode == "return_window_closed")
            #expect(late.errorMessage?.contains("2026-02-26") == true)
            let reassigned = try await api.act(ids[0], "assign", ["lead_unit": "yx-dh-qs-zf"], token: dispatcher)
            #expect(reassigned.string("state") == "assigned")
        }
    }

    @Test("two dispatchers accepting at once: exactly one succeeds, the other learns why")
    func race() async throws {
        try await withServer { api, _ in
            let registrar = try await api.login("registrar")
            let tokens = [try await api.login("dispatcher"), try await api.login("dispatcher-dh")]
            for round in 0..<5 {
                let id = try #require(try await api.post("/api/v1/cases", letterJSON(name: "甲\(round)"), token: registrar)["id"] as? Int)
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for token in tokens { group.addTask { try await api.act(id, "accept", token: token).status } }
                    return try await group.reduce(into: [Int]()) { $0.append($1) }
                }
                #expect(statuses.sorted() == [200, 409], "round \(round): \(statuses)")
                let c = try await api.get("/api/v1/cases/\(id)", token: tokens[0])
                #expect((c["history"] as? [[String: Any]])?.filter { $0["action"] as? String == "accept" }.count == 1)
            }
        }
    }

    @Test("extension needs a leader, moves the deadline, and is capped at 30 days")
    func extensionAndPause() async throws {
        try await withServer(now: "2026-03-02 09:00") { api, world in
            let registrar = try await api.login("registrar"), dispatcher = try await api.login("dispatcher")
            let handler = try await api.login("handler"), leader = try await api.login("leader")
            let id = try #require(try await api.post("/api/v1/cases", letterJSON(), token: registrar)["id"] as? Int)
            _ = try await api.act(id, "assign", ["lead_unit": "yx-zjj"], token: dispatcher)
            let byHandler = try await api.act(id, "extend", ["days": 10, "reason": "需要现场勘验"], token: handler)
            #expect(byHandler.status == 403)
            let extended = try await api.act(id, "extend", ["days": 20, "reason": "需要多部门联合勘验"], token: leader)
            // 60 days from 3/2 end on 5/1 (holiday) → 5/6; the extension runs on from there: 5/26.
            #expect(extended.string("due") == "2026-05-26" && extended["extension_days"] as? Int == 20)
            let tooMuch = try await api.act(id, "extend", ["days": 11, "reason": "再延"], token: leader)
            #expect(tooMuch.status == 422 && tooMuch.errorCode == "extension_too_long")

            let paused = try await api.act(id, "pause", ["reason": "组织听证"], token: handler)
            #expect((paused["clock"] as? [String: Any])?["status"] as? String == "paused")
            let blocked = try await api.act(id, "reply", ["opinion": "explain", "text": "答复"], token: handler)
            #expect(blocked.status == 409 && blocked.errorCode == "clock_paused")
            world.clock.set("2026-03-12 09:00")
            let resumed = try await api.act(id, "resume", token: handler)
            #expect(resumed.string("due") == "2026-06-01", "70 days → 5/11, +20 → 5/31 (Sunday) → 6/1")
        }
    }

    @Test("the petitioner without an account: submit online, wrong code 404, lockout 429, withdraw")
    func publicSide() async throws {
        try await withServer { api, _ in
            var body = letterJSON()
            body.removeValue(forKey: "channel")
            let created = try await api.post("/api/v1/public/cases", body)
            #expect(created.status == 201 && created.string("channel") == "网上信访")
            let number = try #require(created.string("number")), code = try #require(created.string("query_code"))
            #expect((created["owner_unit"] as? [String: Any])?["code"] as? String == "yx-xfj")
            let visit = try await api.post("/api/v1/public/cases", letterJSON(extra: ["channel": "来访"]))
            #expect(visit.status == 422 && visit.errorCode == "channel_not_allowed")

            let early = try await api.post("/api/v1/public/cases/\(number)/actions", ["query_code": code, "action": "request_review", "reason": "不服"])
            #expect(early.status == 409 && early.errorCode == "invalid_state")
            let notMine = try await api.post("/api/v1/public/cases/\(number)/actions", ["query_code": code, "action": "accept"])
            #expect(notMine.status == 403)

            let wrong = try await api.post("/api/v1/public/cases/\(number)/lookup", ["query_code": "ZZZZZZZZ"])
            #expect(wrong.status == 404 && wrong.errorCode == "case_not_found" && wrong.errorMessage?.contains("查询码") == true)
            for _ in 0..<4 { _ = try await api.post("/api/v1/public/cases/\(number)/lookup", ["query_code": "ZZZZZZZZ"]) }
            let locked = try await api.post("/api/v1/public/cases/\(number)/lookup", ["query_code": code])
            #expect(locked.status == 429 && locked.errorCode == "too_many_attempts")
        }
    }

    @Test("withdrawal by the petitioner ends the case")
    func withdraw() async throws {
        try await withServer { api, _ in
            let created = try await api.post("/api/v1/public/cases", letterJSON(extra: ["channel": "市长信箱"]))
            let number = try #require(created.string("number")), code = try #require(created.string("query_code"))
            let done = try await api.post("/api/v1/public/cases/\(number)/actions",
                                          ["query_code": code, "action": "withdraw", "reason": "问题已解决"])
            #expect(done.string("state") == "withdrawn")
            #expect((done["outcome"] as? [String: Any])?["reason"] as? String == "问题已解决")
        }
    }
}
