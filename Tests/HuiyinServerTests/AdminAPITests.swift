import Foundation
import HuiyinTestSupport
import Testing

@Suite("Administration over HTTP: users, territories, calendar years, rule sets, audit")
struct AdminAPITests {
    @Test("an admin creates a user who can then log in; the change is in the audit log")
    func users() async throws {
        try await withServer { api, _ in
            let admin = try await api.login("admin")
            let made = try await api.post("/api/v1/users", ["username": "new-registrar", "name": "新登记员", "role": "登记员",
                                                             "unit": "yx-dh-xfj", "password": "long-enough-1"], token: admin)
            #expect(made.status == 201 && made.string("role") == "registrar")
            let dup = try await api.post("/api/v1/users", ["username": "new-registrar", "name": "重复", "role": "registrar",
                                                            "unit": "yx-dh-xfj", "password": "long-enough-1"], token: admin)
            #expect(dup.status == 409)
            let weak = try await api.post("/api/v1/users", ["username": "weak", "name": "弱", "role": "registrar", "unit": "yx-xfj",
                                                             "password": "short"], token: admin)
            #expect(weak.status == 422 && weak.errorCode == "weak_password")
            let token = try await api.login("new-registrar", password: "long-enough-1")
            #expect(try await api.get("/api/v1/me", token: token).string("name") == "新登记员")

            let disabled = try await api.call(.patch, "/api/v1/users/new-registrar", json: ["active": false], token: admin)
            #expect(disabled["active"] as? Bool == false)
            #expect(try await api.get("/api/v1/me", token: token).status == 401)

            let audit = try await api.get("/api/v1/audit", token: admin)
            let actions = audit.array.compactMap { $0["action"] as? String }
            #expect(actions.contains("users.create") && actions.contains("users.update"))
            #expect(try await api.get("/api/v1/audit?limit=1", token: admin).array.count == 1)
            for bad in ["0", "1001", "abc", "-5"] {
                let r = try await api.get("/api/v1/audit?limit=\(bad)", token: admin)
                #expect(r.status == 422 && r.errorCode == "invalid_limit" && r.errorField == "limit", "limit=\(bad)")
            }
        }
    }

    @Test("territories and units are imported from CSV; a broken file changes nothing")
    func directory() async throws {
        try await withServer { api, _ in
            let admin = try await api.login("admin")
            let ok = try await api.call(.post, "/api/v1/territories", raw: "code,name,level,parent\nyx-dh-qs-xc,新村,村,yx-dh-qs\n",
                                        token: admin, contentType: "text/csv")
            #expect(ok.status == 200 && ok["saved"] as? Int == 1)
            let broken = try await api.call(.post, "/api/v1/territories",
                                            raw: "code,name,level,parent\nyx-a,甲村,村,yx-dh-qs\nyx-b,乙村,星球,yx-dh-qs\n",
                                            token: admin, contentType: "text/csv")
            #expect(broken.status == 422 && broken.errorMessage?.contains("第 3 行") == true)
            let list = try await api.get("/api/v1/territories")
            let codes = list.array.compactMap { $0["code"] as? String }
            #expect(codes.contains("yx-dh-qs-xc") && !codes.contains("yx-a"))

            let units = try await api.call(.post, "/api/v1/units",
                                           raw: "code,name,territory,kind,parent,competence\nyx-cgj,云溪市城市管理局,yx,职能部门,yx-zf,城乡建设/城市建设和市政管理\n",
                                           token: admin, contentType: "text/csv")
            #expect(units.status == 200)
            let unit = try await api.get("/api/v1/units").array.first { $0["code"] as? String == "yx-cgj" }
            #expect(((unit?["competence"] as? [[String: Any]])?.first?["path"] as? [String]) == ["城乡建设", "城市建设和市政管理"])
        }
    }

    @Test("adding 2027 to the calendar recomputes due dates; the due-date calculator explains itself")
    func calendar() async throws {
        try await withServer(now: "2026-12-18 10:00") { api, _ in
            let admin = try await api.login("admin")
            let id = try #require(try await api.post("/api/v1/cases", letterJSON(received: "2026-12-17"), token: try await api.login("registrar"))["id"] as? Int)
            let before = try await api.get("/api/v1/cases/\(id)", token: admin)
            #expect(before.string("due") == "2027-01-01")
            #expect((before["clock"] as? [String: Any])?["missing_calendar_years"] as? [Int] == [2027])
            let year: [String: Any] = ["year": 2027, "holidays": [["name": "元旦", "from": "2027-01-01", "to": "2027-01-03"]],
                                       "workdays": [] as [Any]]
            let saved = try await api.post("/api/v1/calendar/years", year, token: admin)
            #expect(saved.status == 201 && saved["reindexed_cases"] as? Int == 1)
            #expect(try await api.get("/api/v1/cases/\(id)", token: admin).string("due") == "2027-01-04")
            let bad: [String: Any] = ["year": 2028, "holidays": [] as [Any], "workdays": [["name": "补班", "date": "2028-03-01"]]]
            let refused = try await api.post("/api/v1/calendar/years", bad, token: admin)
            #expect(refused.status == 422 && refused.errorCode == "calendar_invalid")

            let due = try await api.get("/api/v1/calendar/due?from=2026-02-12&days=5&working=true")
            #expect(due.string("due") == "2026-02-26")
            #expect((due["explanation"] as? [String])?.joined().contains("2026-02-14") == true)
            #expect(try await api.get("/api/v1/calendar/years").array.map { $0["year"] as? Int } == [2025, 2026, 2027])
        }
    }

    @Test("rule sets are data: an admin edits one and open cases follow")
    func ruleSets() async throws {
        try await withServer(now: "2026-03-02 09:00") { api, _ in
            let admin = try await api.login("admin")
            let id = try #require(try await api.post("/api/v1/cases", letterJSON(), token: try await api.login("registrar"))["id"] as? Int)
            #expect(try await api.get("/api/v1/cases/\(id)", token: admin).string("due") == "2026-03-17")
            var rules = try #require(try await api.get("/api/v1/rule-sets").array.first { $0["id"] as? String == "xinfang-2022" })
            rules["dispose"] = ["days": 10, "unit": "calendar"]
            let saved = try await api.call(.put, "/api/v1/rule-sets/xinfang-2022", json: rules, token: admin)
            #expect(saved.status == 200 && saved["reindexed_cases"] as? Int == 1, "\(saved.text)")
            #expect(try await api.get("/api/v1/cases/\(id)", token: admin).string("due") == "2026-03-12")
            rules["dispose"] = ["days": 0, "unit": "calendar"]
            #expect(try await api.call(.put, "/api/v1/rule-sets/xinfang-2022", json: rules, token: admin).status == 422)
        }
    }
}
