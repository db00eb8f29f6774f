import Foundation
import HuiyinTestSupport
import Testing

@Suite("Access rules over HTTP: scope, handlers, citizens, and the whistleblower rule (检举控告)")
struct AccessTests {
    @Test("a handler of another unit cannot open or act on a case; the assigned unit can")
    func handlers() async throws {
        try await withServer { api, _ in
            let registrar = try await api.login("registrar"), dispatcher = try await api.login("dispatcher")
            let id = try #require(try await api.post("/api/v1/cases", letterJSON(), token: registrar)["id"] as? Int)
            _ = try await api.act(id, "assign", ["lead_unit": "yx-zjj"], token: dispatcher)
            let other = try await api.login("handler-sthjj")
            let denied = try await api.get("/api/v1/cases/\(id)", token: other)
            #expect(denied.status == 403 && denied.errorCode == "not_in_scope")
            #expect(try await api.act(id, "start", token: other).status == 403)
            #expect((try await api.get("/api/v1/cases", token: other))["total"] as? Int == 0)
            let own = try await api.get("/api/v1/cases/\(id)", token: try await api.login("handler"))
            #expect(own.status == 200)
            let west = try await api.get("/api/v1/cases/\(id)", token: try await api.login("dispatcher-xs"))
            #expect(west.status == 403)
        }
    }

    @Test("citizens with an account submit online and see only their own cases")
    func citizens() async throws {
        try await withServer { api, _ in
            let citizen = try await api.login("citizen")
            var body = letterJSON()
            body.removeValue(forKey: "channel")
            let mine = try await api.post("/api/v1/cases", body, token: citizen)
            #expect(mine.status == 201 && mine.string("channel") == "网上信访")
            let theirs = try await api.post("/api/v1/cases", letterJSON(name: "别人"), token: try await api.login("registrar"))
            let list = try await api.get("/api/v1/cases", token: citizen)
            #expect(list["total"] as? Int == 1)
            #expect(try await api.get("/api/v1/cases/\(theirs["id"]!)", token: citizen).status == 403)
            let own = try await api.get("/api/v1/cases/\(mine["id"]!)", token: citizen)
            #expect((own["petitioners"] as? [[String: Any]])?.first?["id_number"] as? String != TestWorld.idNumber())
            #expect(try await api.act(mine["id"]!, "accept", token: citizen).status == 403)
        }
    }

    @Test("检举控告: the accused unit's users never see the case or who filed it, cannot act, and cannot be assigned")
    func whistleblower() async throws {
        try await withServer { api, _ in
            let admin = try await api.login("admin")
            for (username, role) in [("qs-leader", "leader"), ("qs-dispatcher", "dispatcher")] {
                let made = try await api.post("/api/v1/users", ["username": username, "name": "青石镇\(role)", "role": role,
                                                                 "unit": "yx-dh-qs-zf", "password": "secret-pass-1"], token: admin)
                #expect(made.status == 201)
            }
            let registrar = try await api.login("registrar")
            let accusation = letterJSON(kind: "检举控告", name: "举报人甲", extra: [
                "title": "举报镇干部截留补贴", "content": "青石镇某干部截留农户种粮补贴。",
                "category": "纪检监察/贪污贿赂/贪污", "accused_unit": "yx-dh-qs-zf"])
            let created = try await api.post("/api/v1/cases", accusation, token: registrar)
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created["id"] as? Int)

            for username in ["qs-leader", "qs-dispatcher"] {
                let token = try await api.login(username, password: "secret-pass-1")
                let seen = try await api.get("/api/v1/cases/\(id)", token: token)
                #expect(seen.status == 403 && seen.errorCode == "accused_unit_excluded")
                #expect(!seen.text.contains("举报人甲") && !seen.text.contains("截留"))
                let list = try await api.get("/api/v1/cases?q=%E6%88%AA%E7%95%99", token: token)
                #expect(list["total"] as? Int == 0)
                #expect(!list.text.contains("举报人甲"))
                let acted = try await api.act(id, "comment", ["text": "我们想了解情况"], token: token)
                #expect(acted.status == 403 && acted.errorCode == "accused_unit_excluded")
            }
            let dispatcher = try await api.login("dispatcher")
            let full = try await api.get("/api/v1/cases/\(id)", token: dispatcher)
            #expect(full.text.contains("举报人甲"))
            let townNeighbour = try await api.get("/api/v1/cases?q=%E6%88%AA%E7%95%99", token: try await api.login("dispatcher-dh"))
            #expect(townNeighbour["total"] as? Int == 1, "the district office above the accused town still sees it")
            let toAccused = try await api.act(id, "assign", ["lead_unit": "yx-dh-qs-zf"], token: dispatcher)
            #expect(toAccused.status == 422 && toAccused.errorCode == "accused_unit_conflict")
            #expect(try await api.act(id, "assign", ["lead_unit": "yx-jw"], token: dispatcher).status == 200)
        }
    }

    @Test("administration needs the admin role")
    func adminOnly() async throws {
        try await withServer { api, _ in
            let dispatcher = try await api.login("dispatcher")
            #expect(try await api.get("/api/v1/users", token: dispatcher).status == 403)
            let year = ["year": 2027, "holidays": [] as [Any], "workdays": [] as [Any]] as [String: Any]
            #expect(try await api.post("/api/v1/calendar/years", year, token: dispatcher).status == 403)
            #expect(try await api.call(.post, "/api/v1/territories", raw: "code,name,level,parent\nx,新村,村,yx-dh-qs",
                                       token: dispatcher, contentType: "text/csv").status == 403)
        }
    }
}
