import Foundation
import HuiyinTestSupport
import Testing

@Suite("JSON API basics over real HTTP: health, login, registration, bad input")
struct APIBasicsTests {
    @Test("health answers 200 without login")
    func health() async throws {
        try await withServer { api, _ in
            let r = try await api.get("/api/v1/health")
            #expect(r.status == 200 && r.string("status") == "ok")
        }
    }

    @Test("login gives a bearer token; wrong password, missing and unknown tokens are 401 with a Chinese message")
    func login() async throws {
        try await withServer { api, _ in
            let ok = try await api.post("/api/v1/login", ["username": "dispatcher", "password": "huiyin-demo"])
            #expect(ok.status == 200)
            let token = try #require(ok.string("token"))
            let me = try await api.get("/api/v1/me", token: token)
            #expect(me.string("username") == "dispatcher" && me.string("role") == "dispatcher")
            #expect((me["unit"] as? [String: Any])?["name"] as? String == "云溪市信访局")

            let bad = try await api.post("/api/v1/login", ["username": "dispatcher", "password": "wrong-password"])
            #expect(bad.status == 401 && bad.errorCode == "invalid_credentials" && bad.errorMessage == "用户名或密码不正确")
            let unknown = try await api.post("/api/v1/login", ["username": "nobody", "password": "wrong-password"])
            #expect(unknown.status == 401 && unknown.errorCode == "invalid_credentials")
            #expect(try await api.get("/api/v1/cases").errorCode == "login_required")
            #expect(try await api.get("/api/v1/cases", token: "forged").status == 401)

            let logout = try await api.call(.post, "/api/v1/logout", token: token)
            #expect(logout.status == 204)
            #expect(try await api.get("/api/v1/me", token: token).errorCode == "invalid_token")
        }
    }

    @Test("repeated wrong passwords lock the account for a while (429)")
    func loginLockout() async throws {
        try await withServer { api, _ in
            for _ in 0..<5 { _ = try await api.post("/api/v1/login", ["username": "leader", "password": "guess-guess"]) }
            let locked = try await api.post("/api/v1/login", ["username": "leader", "password": "huiyin-demo"])
            #expect(locked.status == 429 && locked.errorCode == "too_many_attempts")
        }
    }

    @Test("a letter is registered with 201: id, read-aloud number, query code, state and due date (clock starts at receipt)")
    func register() async throws {
        try await withServer(now: "2026-09-18 10:00") { api, _ in
            let token = try await api.login("registrar")
            let r = try await api.post("/api/v1/cases", letterJSON(received: "2026-09-16"), token: token)
            #expect(r.status == 201)
            #expect(r["id"] is Int)
            #expect(r.string("number") == "2026-000001")
            #expect(r.string("query_code")?.count == 8)
            #expect(r.string("state") == "registered" && r.string("state_label") == "已登记")
            // 15 days from 9/16 end on 10/1, inside National Day: the period ends on 10/8.
            #expect(r.string("due") == "2026-10-08")
            let clock = try #require(r["clock"] as? [String: Any])
            #expect(clock["stage"] as? String == "dispose" && clock["status"] as? String == "normal")
            #expect(clock["days_left"] as? Int == 20)

            let fetched = try await api.get("/api/v1/cases/\(r["id"]!)", token: token)
            #expect(fetched.status == 200 && fetched.string("query_code") == nil)
            let history = try #require(fetched["history"] as? [[String: Any]])
            #expect(history.count == 1 && history[0]["action"] as? String == "register")
            #expect((fetched["petitioners"] as? [[String: Any]])?.first?["name"] as? String == "张三")
            let byNumber = try await api.get("/api/v1/cases/2026-000001", token: token)
            #expect(byNumber["id"] as? Int == r["id"] as? Int)
        }
    }

    @Test("bad input gets a clear error with a stable code and a Chinese message, and writes nothing")
    func badInput() async throws {
        try await withServer { api, _ in
            let token = try await api.login("registrar")
            func expectError(_ body: Any?, raw: String? = nil, status: Int, code: String, field: String? = nil) async throws {
                let r = raw != nil ? try await api.call(.post, "/api/v1/cases", raw: raw, token: token)
                                   : try await api.post("/api/v1/cases", body!, token: token)
                #expect(r.status == status, "\(code): \(r.text)")
                #expect(r.errorCode == code, "\(r.text)")
                if let field { #expect(r.errorField == field, "\(r.text)") }
                let message = r.errorMessage ?? ""
                #expect(message.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, "message not Chinese: \(message)")
            }
            try await expectError(nil, raw: "{not json", status: 400, code: "invalid_json")
            var noTitle = letterJSON(); noTitle.removeValue(forKey: "title")
            try await expectError(noTitle, status: 422, code: "missing_field", field: "title")
            var noKind = letterJSON(); noKind.removeValue(forKey: "kind")
            try await expectError(noKind, status: 422, code: "missing_field", field: "kind")
            let six = (1...6).map { ["name": "代表\($0)", "phone": "1380000000\($0)"] }
            try await expectError(letterJSON(extra: ["channel": "来访", "people_count": 30, "representatives": six]),
                                  status: 422, code: "too_many_representatives", field: "representatives")
            try await expectError(letterJSON(extra: ["category": "外星人/飞碟/降落"]), status: 422, code: "unknown_category", field: "category")
            try await expectError(letterJSON(extra: ["content": String(repeating: "长", count: 20_001)]), status: 422, code: "too_long", field: "content")
            try await expectError(letterJSON(extra: ["petitioners": [["name": "李四", "id_number": "360981198001010010", "phone": "13900000000"]]]),
                                  status: 422, code: "invalid_id_number", field: "petitioners[0].id_number")
            try await expectError(letterJSON(extra: ["petitioners": "张三"]), status: 400, code: "invalid_field", field: "petitioners")
            try await expectError(letterJSON(extra: ["received_at": "2026-03-09"]), status: 422, code: "received_in_future")
            try await expectError(letterJSON(extra: ["channel": "飞鸽传书"]), status: 422, code: "invalid_channel")
            try await expectError(letterJSON(extra: ["petitioners": []]), status: 422, code: "petitioner_required")
            try await expectError(letterJSON(extra: ["accused_unit": "yx-zjj"]), status: 422, code: "accused_unit_not_allowed")
            let huge = String(repeating: "x", count: 2 << 20)
            try await expectError(nil, raw: "{\"title\":\"\(huge)\"}", status: 413, code: "body_too_large")

            let list = try await api.get("/api/v1/cases", token: try await api.login("dispatcher"))
            #expect(list["total"] as? Int == 0)
        }
    }

    @Test("a collective visit with five representatives is accepted and marked collective")
    func collectiveVisit() async throws {
        try await withServer { api, _ in
            let token = try await api.login("registrar")
            let five = (1...5).map { ["name": "代表\($0)", "phone": "1380000000\($0)"] }
            let r = try await api.post("/api/v1/cases", letterJSON(extra: ["channel": "来访", "people_count": 36, "representatives": five]), token: token)
            #expect(r.status == 201)
            let c = try await api.get("/api/v1/cases/\(r["id"]!)", token: token)
            #expect(c["collective"] as? Bool == true && c["people_count"] as? Int == 36)
            #expect((c["representatives"] as? [Any])?.count == 5)
        }
    }

    @Test("unknown routes answer with a JSON error")
    func unknownRoute() async throws {
        try await withServer { api, _ in
            let r = try await api.get("/api/v1/nothing-here")
            #expect(r.status == 404 && r.errorCode == "route_not_found")
        }
    }

    @Test("a known path asked with the wrong method answers 405 with Allow; HEAD answers like GET without a body")
    func methods() async throws {
        try await withServer { api, _ in
            let token = try await api.login("registrar")
            let wrong = try await api.call(.delete, "/api/v1/cases", token: token)
            #expect(wrong.status == 405 && wrong.errorCode == "method_not_allowed")
            #expect(wrong.headers[.allow] == "GET, HEAD, POST")
            #expect(wrong.errorMessage?.contains("DELETE") == true)
            // Captured segments match too; a path that does not exist stays 404.
            let patch = try await api.call(.patch, "/api/v1/cases/12", token: token)
            #expect(patch.status == 405 && patch.headers[.allow]?.contains("GET") == true)
            #expect(try await api.call(.delete, "/api/v1/casesx", token: token).status == 404)
            // Files and pages are routes too.
            let file = try await api.call(.post, "/assets/huiyin.css")
            #expect(file.status == 405 && file.headers[.allow] == "GET, HEAD")
            #expect(try await api.call(.head, "/assets/huiyin.css").status == 200)
            #expect(try await api.call(.put, "/staff/login").status == 405)

            let get = try await api.get("/api/v1/health")
            let head = try await api.call(.head, "/api/v1/health")
            #expect(get.status == 200 && head.status == 200)
            #expect(head.data.isEmpty && head.headers[.contentLength] == String(get.data.count))
        }
    }
}
