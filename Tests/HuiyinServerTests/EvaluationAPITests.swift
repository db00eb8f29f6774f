import Foundation
import HuiyinCore
import HuiyinTestSupport
import Testing

/// 群众评议 over HTTP on both engines: who runs campaigns and sees them, the checks on a campaign,
/// citizens' ratings (open period, campaign units, one per phone and unit, all or nothing), paper
/// questionnaires, the combined ranking with the flagged last places, and publishing.
@Suite("Public evaluation: campaigns, ratings, paper questionnaires, ranking, publishing")
struct EvaluationAPITests {
    static let districtUnits = ["yx-dh-zf", "yx-dh-hb-bsc", "yx-dh-qs-zf"]

    static func campaign(_ extra: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = ["title": "东湖区2026年一季度群众评议", "territory": "yx-dh", "opens_on": "2026-03-01", "closes_on": "2026-03-31",
                                   "units": districtUnits, "note": "网上评议与纸质评议表相结合"]
        for (k, v) in extra { body[k] = v }
        return body
    }

    static func ballot(_ phone: String, _ ratings: [String: String], comment: String? = nil) -> [String: Any] {
        var body: [String: Any] = ["phone": phone, "ratings": ratings.sorted { $0.key < $1.key }.map { ["unit": $0.key, "rating": $0.value] }]
        if let comment { body["comment"] = comment }
        return body
    }

    static func unit(_ r: APIResponse, _ code: String) -> [String: Any] {
        (r["units"] as? [[String: Any]] ?? []).first { $0["unit"] as? String == code } ?? [:]
    }

    @Test("leaders, petition offices and admins run campaigns over their territory; the campaign is checked; others do not see it")
    func campaigns() async throws {
        try await withServer { api, _ in
            let office = try await api.login("dispatcher-dh")
            #expect(try await api.post("/api/v1/evaluations", Self.campaign(), token: try await api.login("registrar-dh")).status == 403)
            #expect(try await api.post("/api/v1/evaluations", Self.campaign(), token: try await api.login("handler")).status == 403)
            #expect(try await api.post("/api/v1/evaluations", Self.campaign()).status == 401)
            #expect(try await api.post("/api/v1/evaluations", Self.campaign(["territory": "yx-xs"]), token: office).errorCode == "outside_scope")

            func refused(_ extra: [String: Any]) async throws -> String? {
                try await api.post("/api/v1/evaluations", Self.campaign(extra), token: office).errorCode
            }
            #expect(try await refused(["title": " "]) == "missing_field")
            #expect(try await refused(["opens_on": "2026-13-01"]) == "invalid_date")
            #expect(try await refused(["closes_on": "2026-02-28"]) == "invalid_period")
            #expect(try await refused(["closes_on": "2027-03-01"]) == "invalid_period")
            #expect(try await refused(["closes_on": "2027-02-28", "units": ["yx-dh-zf", "yx-dh-zf"]]) == "duplicate_unit")
            #expect(try await refused(["units": ["yx-dh-zf"]]) == "too_few_units")
            #expect(try await refused(["units": ["yx-dh-zf", "yx-nope"]]) == "unknown_unit")
            #expect(try await refused(["units": ["yx-dh-zf", "yx-zjj"]]) == "unit_outside_territory")
            #expect(try await refused(["units": ["yx-dh-zf", "yx-dh-zf"]]) == "duplicate_unit")
            #expect(try await refused(["rating_weight": 101]) == "invalid_weight")
            #expect(try await refused(["flag_last": 3]) == "invalid_flag_last")
            #expect(try await refused(["flag_last": 0]) == "invalid_flag_last")

            let created = try await api.post("/api/v1/evaluations", Self.campaign(), token: office)
            #expect(created.status == 201 && created.string("status") == "open" && created.string("status_label") == "进行中")
            #expect(created["rating_weight"] as? Int == 50 && created["flag_last"] as? Int == 1 && created["published"] as? Bool == false)
            #expect((created["units"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["湖滨街道办事处", "青石镇人民政府", "东湖区人民政府"])
            let id = created["id"] as? Int ?? 0

            // In scope: the district and the city; not the other district.
            #expect(try await api.get("/api/v1/evaluations", token: office).array.count == 1)
            #expect(try await api.get("/api/v1/evaluations", token: try await api.login("leader")).array.count == 1)
            let other = try await api.login("dispatcher-xs")
            #expect(try await api.get("/api/v1/evaluations", token: other).array.isEmpty)
            #expect(try await api.get("/api/v1/evaluations/\(id)", token: other).status == 404)
            #expect(try await api.get("/api/v1/evaluations/\(id)/results", token: other).status == 404)
            #expect(try await api.post("/api/v1/evaluations/\(id)/ballots", ["unit": "yx-dh-zf", "satisfied": 1], token: other).status == 404)

            // Results are published only after the campaign closes, by those who run it.
            #expect(try await api.call(.put, "/api/v1/evaluations/\(id)", json: ["published": true], token: office).errorCode == "campaign_not_closed")
            #expect(try await api.call(.put, "/api/v1/evaluations/\(id)", json: [String: Any](), token: office).errorCode == "missing_field")
            let portal = try await api.get("/api/v1/public/evaluations")
            #expect(portal.status == 200 && portal.array.compactMap { $0["id"] as? Int } == [id] && portal.array.first?["note"] == nil)
        }
    }

    @Test("citizens rate while a campaign is open, units of the campaign only, once per phone and unit, the whole ballot or nothing")
    func voting() async throws {
        try await withServer { api, world in
            let office = try await api.login("dispatcher-dh")
            let upcoming = try await api.post("/api/v1/evaluations", Self.campaign(["opens_on": "2026-03-10"]), token: office)["id"] as? Int ?? 0
            let id = try await api.post("/api/v1/evaluations", Self.campaign(), token: office)["id"] as? Int ?? 0
            func vote(_ campaign: Int, _ body: [String: Any]) async throws -> APIResponse {
                try await api.post("/api/v1/public/evaluations/\(campaign)/votes", body)
            }
            #expect(try await vote(upcoming, Self.ballot("13900001111", ["yx-dh-zf": "satisfied"])).errorCode == "campaign_not_open")
            #expect(try await api.get("/api/v1/public/evaluations").array.compactMap { $0["id"] as? Int } == [id])
            #expect(try await vote(999, Self.ballot("13900001111", ["yx-dh-zf": "satisfied"])).status == 404)

            #expect(try await vote(id, Self.ballot("", ["yx-dh-zf": "satisfied"])).errorCode == "missing_field")
            #expect(try await vote(id, Self.ballot("12ab", ["yx-dh-zf": "satisfied"])).errorCode == "invalid_phone")
            #expect(try await vote(id, ["phone": "13900001111", "ratings": [[String: Any]]()]).errorCode == "missing_field")
            #expect(try await vote(id, Self.ballot("13900001111", ["yx-dh-zf": "satisfied", "yx-zjj": "satisfied"])).errorCode == "unknown_unit")
            #expect(try await vote(id, Self.ballot("13900001111", ["yx-dh-zf": "很好"])).errorCode == "invalid_rating")

            let first = try await vote(id, Self.ballot("13900001111", ["yx-dh-zf": "满意", "yx-dh-hb-bsc": "basic"], comment: "窗口服务热情"))
            #expect(first.status == 201 && (first["units"] as? [String]) == ["yx-dh-hb-bsc", "yx-dh-zf"])
            // The same phone, written differently, again for one of its units and a new one: refused whole.
            let again = try await vote(id, Self.ballot("139-0000-1111", ["yx-dh-zf": "unsatisfied", "yx-dh-qs-zf": "satisfied"]))
            #expect(again.status == 409 && again.errorCode == "already_rated" && again.errorMessage?.contains("东湖区人民政府") == true)
            // A unit it has not rated yet is fine.
            #expect(try await vote(id, Self.ballot("13900001111", ["yx-dh-qs-zf": "不满意"])).status == 201)
            #expect(try await vote(id, Self.ballot("13900002222", ["yx-dh-zf": "unsatisfied"])).status == 201)

            let results = try await api.get("/api/v1/evaluations/\(id)/results", token: office)
            #expect(results["voters"] as? Int == 2 && results["votes"] as? Int == 4)
            #expect(Self.unit(results, "yx-dh-zf")["satisfied"] as? Int == 1 && Self.unit(results, "yx-dh-zf")["unsatisfied"] as? Int == 1)
            #expect(Self.unit(results, "yx-dh-qs-zf")["votes"] as? Int == 1 && Self.unit(results, "yx-dh-qs-zf")["unsatisfied"] as? Int == 1)
            let detail = try await api.get("/api/v1/evaluations/\(id)", token: office)
            #expect((detail["comments"] as? [[String: Any]])?.compactMap { $0["comment"] as? String } == ["窗口服务热情"])

            // Phones are kept only as keyed hashes.
            #expect(try await world.strings("SELECT DISTINCT source FROM evaluation_votes") == ["online"])
            #expect(try await world.databaseFileBytes().range(of: Data("13900001111".utf8)) == nil)

            // Paper questionnaires: counted batches, by those who run the campaign.
            #expect(try await api.post("/api/v1/evaluations/\(id)/ballots", ["unit": "yx-dh-zf", "satisfied": 3],
                                       token: try await api.login("registrar-dh")).status == 403)
            #expect(try await api.post("/api/v1/evaluations/\(id)/ballots", ["unit": "yx-zjj", "satisfied": 3], token: office).errorCode == "unknown_unit")
            #expect(try await api.post("/api/v1/evaluations/\(id)/ballots", ["unit": "yx-dh-zf"], token: office).errorCode == "invalid_count")
            #expect(try await api.post("/api/v1/evaluations/\(id)/ballots", ["unit": "yx-dh-zf", "satisfied": -1], token: office).errorCode == "invalid_count")
            #expect(try await api.post("/api/v1/evaluations/\(upcoming)/ballots", ["unit": "yx-dh-zf", "satisfied": 1], token: office).errorCode
                    == "campaign_not_open")
            let paper = try await api.post("/api/v1/evaluations/\(id)/ballots", ["unit": "yx-dh-zf", "satisfied": 3, "basic": 2, "unsatisfied": 1],
                                           token: office)
            #expect(paper.status == 201 && Self.unit(paper, "yx-dh-zf")["votes"] as? Int == 8 && paper["voters"] as? Int == 2)
            #expect(Self.unit(paper, "yx-dh-zf")["satisfaction_rate_text"] as? String == "75.00%")

            // Closed: no more ratings; results are public only once published, and then final.
            world.clock.set("2026-04-01 09:00")
            #expect(try await vote(id, Self.ballot("13900003333", ["yx-dh-zf": "satisfied"])).errorCode == "campaign_not_open")
            #expect(try await api.get("/api/v1/public/evaluations/\(id)/results").status == 404)
            #expect(try await api.get("/api/v1/public/evaluations").array.isEmpty)
            #expect(try await api.call(.put, "/api/v1/evaluations/\(id)", json: ["published": true], token: try await api.login("registrar-dh")).status == 403)
            let published = try await api.call(.put, "/api/v1/evaluations/\(id)", json: ["published": true], token: office)
            #expect(published.status == 200 && published["published"] as? Bool == true && published.string("status") == "closed")
            let open = try await api.get("/api/v1/public/evaluations/\(id)/results")
            #expect(open.status == 200 && Self.unit(open, "yx-dh-zf")["votes"] as? Int == 8)
            #expect(try await api.get("/api/v1/public/evaluations").array.compactMap { $0["id"] as? Int } == [id])
            #expect(try await api.post("/api/v1/evaluations/\(id)/ballots", ["unit": "yx-dh-zf", "satisfied": 1], token: office).errorCode
                    == "results_published")
            let audit = try await api.get("/api/v1/audit?limit=50", token: try await api.login("admin"))
            #expect(audit.array.filter { ($0["action"] as? String)?.hasPrefix("evaluation.") == true }.count == 7)
        }
    }

    /// Over the known March cases: 生态环境局 scores 90 on its cases, 住建局 80 (see KnownCases).
    @Test("results: 满意率, rating and case scores combined by the weight, ranked, the last places flagged")
    func ranking() async throws {
        let (world, _) = try await KnownCases.march2026()
        try await application(world).test(.live) { client in
            let api = APIClient(client)
            world.clock.set("2026-03-15 10:00")
            let office = try await api.login("dispatcher")
            let created = try await api.post("/api/v1/evaluations", [
                "title": "2026年3月市直部门群众评议", "territory": "yx", "opens_on": "2026-03-01", "closes_on": "2026-03-31",
                "units": ["yx-zjj", "yx-sthjj", "yx-rsj", "yx-jyj"], "rating_weight": 50, "flag_last": 2,
            ], token: office)
            #expect(created.status == 201)
            let id = created["id"] as? Int ?? 0
            for i in 0..<10 {
                let zjj = i < 8 ? "满意" : i == 8 ? "基本满意" : "不满意"
                let sthjj = i < 6 ? "satisfied" : "unsatisfied"
                let r = try await api.post("/api/v1/public/evaluations/\(id)/votes",
                                           Self.ballot("1380000\(String(format: "%04d", i))", ["yx-zjj": zjj, "yx-sthjj": sthjj]))
                #expect(r.status == 201)
            }
            #expect(try await api.post("/api/v1/evaluations/\(id)/ballots", ["unit": "yx-rsj", "satisfied": 1, "basic": 1, "unsatisfied": 1],
                                       token: office).status == 201)
            #expect(try await api.get("/api/v1/evaluations/\(id)/results", token: try await api.login("dispatcher-dh")).status == 404)

            world.clock.set("2026-06-01 09:00")
            let r = try await api.get("/api/v1/evaluations/\(id)/results", token: office)
            #expect(r.status == 200 && r.string("status") == "closed" && r["voters"] as? Int == 10 && r["votes"] as? Int == 23)
            let rows = r["units"] as? [[String: Any]] ?? []
            try #require(rows.count == 4)
            #expect(rows.compactMap { $0["unit"] as? String } == ["yx-zjj", "yx-sthjj", "yx-rsj", "yx-jyj"])
            #expect(rows.compactMap { $0["rank"] as? Int } == [1, 2, 3, 4])
            // 住建局: 8 满意 + 1 基本满意 + 1 不满意 = 90.00%; cases 80; (90 + 80) / 2 = 85.
            let zjj = rows[0]
            #expect(zjj["votes"] as? Int == 10 && zjj["satisfied"] as? Int == 8 && zjj["basic"] as? Int == 1 && zjj["unsatisfied"] as? Int == 1)
            #expect(zjj["satisfaction_rate"] as? Double == 90 && zjj["satisfaction_rate_text"] as? String == "90.00%")
            #expect(zjj["rating_score"] as? Double == 90 && zjj["cases"] as? Int == 2 && zjj["case_score"] as? Double == 80)
            #expect(zjj["combined_score"] as? Double == 85 && zjj["flagged"] as? Bool == false && zjj["follow_up"] == nil)
            // 生态环境局: 60.00% and cases 90: 75.
            #expect(rows[1]["satisfaction_rate_text"] as? String == "60.00%" && rows[1]["case_score"] as? Double == 90)
            #expect(rows[1]["combined_score"] as? Double == 75 && rows[1]["flagged"] as? Bool == false)
            // 人社局: no cases, the rating alone (2 of 3 = 66.67); 教育局: neither, 0. Both flagged.
            #expect(rows[2]["rating_score"] as? Double == 66.67 && rows[2]["case_score"] == nil && rows[2]["cases"] as? Int == 0)
            #expect(rows[2]["combined_score"] as? Double == 66.67 && rows[2]["flagged"] as? Bool == true)
            #expect(rows[2]["follow_up"] as? String == "末位，需跟进整改")
            #expect(rows[3]["votes"] as? Int == 0 && rows[3]["rating_score"] == nil && rows[3]["satisfaction_rate_text"] as? String == "—")
            #expect(rows[3]["combined_score"] as? Double == 0 && rows[3]["flagged"] as? Bool == true)

            // Published results keep the case scores they were published with: a late-registered March
            // case led by 住建局 changes the live figures only.
            #expect(try await api.call(.put, "/api/v1/evaluations/\(id)", json: ["published": true], token: office).status == 200)
            let late = try await api.post("/api/v1/cases", letterJSON(received: "2026-03-20"), token: try await api.login("registrar"))
            let assigned = try await api.act(late["id"] as? Int ?? 0, "assign", ["lead_unit": "yx-zjj"], token: try await api.login("dispatcher"))
            #expect(late.status == 201 && assigned.status == 200, "\(late.text) \(assigned.text)")
            func zjjCases(_ path: String) async throws -> (Int?, Double?) {
                let units = try await api.get(path, token: office)["units"] as? [[String: Any]] ?? []
                let row = units.first { $0["unit"] as? String == "yx-zjj" }
                return (row?["cases"] as? Int, row?["case_score"] as? Double)
            }
            let published = try await zjjCases("/api/v1/public/evaluations/\(id)/results")
            #expect(published.0 == 2 && published.1 == 80, "the portal shows the scores as published")
            #expect(try await zjjCases("/api/v1/evaluations/\(id)/results").0 == 2)
            #expect(try await api.call(.put, "/api/v1/evaluations/\(id)", json: ["published": false], token: office).status == 200)
            #expect(try await zjjCases("/api/v1/evaluations/\(id)/results").0 == 3, "withdrawn, the results are live again")

            // The weight moves the ranking: ratings only.
            let ratingsOnly = try await api.post("/api/v1/evaluations", [
                "title": "只看群众评价", "territory": "yx", "opens_on": "2026-03-01", "closes_on": "2026-03-31",
                "units": ["yx-sthjj", "yx-rsj"], "rating_weight": 100,
            ], token: office)["id"] as? Int ?? 0
            #expect(try await api.post("/api/v1/evaluations/\(ratingsOnly)/ballots", ["unit": "yx-sthjj", "satisfied": 1, "unsatisfied": 1],
                                       token: office).status == 201)
            let only = try await api.get("/api/v1/evaluations/\(ratingsOnly)/results", token: office)
            #expect((only["units"] as? [[String: Any]])?.compactMap { $0["combined_score"] as? Double } == [50, 0])
            #expect((only["units"] as? [[String: Any]])?.compactMap { $0["flagged"] as? Bool } == [false, true])
        }
    }

    @Test("pages: the workbench creates a campaign and enters paper questionnaires; the portal takes ratings and shows published results")
    func pages() async throws {
        try await withWeb { web, _, world in
            _ = try await web.login("dispatcher-dh")
            let list = try await web.get("/staff/evaluations")
            #expect(list.status == 200 && list.html.contains("evaluation-form") && list.html.contains("nav-evaluations"))
            let csrf = list.csrf ?? ""
            let fields = [("_csrf", csrf), ("title", "东湖区一季度群众评议"), ("territory", "yx-dh"), ("opens_on", "2026-03-01"),
                          ("closes_on", "2026-03-31"), ("rating_weight", "60"), ("flag_last", "1")]
            let tooFew = try await web.post("/staff/evaluations", fields + [("units", "yx-dh-zf")])
            #expect(tooFew.status == 422 && tooFew.html.contains("至少选择两个参评单位"))
            let created = try await web.post("/staff/evaluations", fields + Self.districtUnits.map { ("units", $0) })
            #expect(created.status == 303 && created.location?.hasPrefix("/staff/evaluations/") == true)
            let path = created.location ?? ""
            let id = path.split(separator: "/").last.map(String.init) ?? ""
            #expect(try await web.post(path + "/ballots", [("_csrf", csrf), ("unit", "yx-dh-qs-zf"), ("satisfied", "4"), ("basic", ""),
                                                           ("unsatisfied", "1")]).status == 303)

            let portal = try await web.get("/evaluation")
            #expect(portal.status == 200 && portal.html.contains("evaluation-form-\(id)") && portal.html.contains("湖滨街道办事处"))
            let ballot = [("_csrf", portal.csrf ?? ""), ("phone", "13900005555"), ("unit-yx-dh-zf", "satisfied"), ("unit-yx-dh-hb-bsc", "unsatisfied"),
                          ("comment", "")]
            let voted = try await web.post("/evaluation/\(id)/vote", ballot)
            #expect(voted.status == 201 && voted.text(id: "flash") == "评价已提交，感谢您的参与")
            let twice = try await web.post("/evaluation/\(id)/vote", ballot)
            #expect(twice.status == 409 && twice.html.contains("已评价过"))
            #expect(try await web.post("/evaluation/\(id)/vote", [("phone", "13900006666"), ("unit-yx-dh-zf", "satisfied")]).status == 403)

            let detail = try await web.get(path)
            #expect(detail.status == 200 && detail.text(id: "votes") == "7" && !detail.html.contains("publish-form"))
            world.clock.set("2026-04-01 09:00")
            #expect(try await web.get("/evaluation/\(id)").status == 404)
            #expect(try await web.post(path + "/publish", [("_csrf", csrf)]).status == 303)
            let results = try await web.get("/evaluation/\(id)")
            #expect(results.status == 200 && results.html.contains("class=\"flagged\"") && results.html.contains("末位，需跟进整改"))
            #expect(!results.html.contains("13900005555"))
        }
    }
}
