import Foundation
import HuiyinCore
import HuiyinService
import HuiyinTestSupport
import Testing

/// Search, similar cases and 并案, hot issues and warnings, sensitive periods and training, over real HTTP.
@Suite("Insight over HTTP: search with marks, similar cases and 并案, hot issues, warnings, training, pages")
struct InsightAPITests {
    static let text = "石桥村垃圾站半个月无人清运，气味很大，蚊蝇滋生，附近居民出行困难，请尽快处理。"

    @Test("search highlights 1- and 2-character matches; similar cases lead to a merge; hot issues and warnings list them")
    func api() async throws {
        try await withServer { api, world in
            let registrar = try await api.login("registrar")
            var ids: [Int] = []
            for i in 0..<3 {
                var body = letterJSON(extra: ["content": Self.text, "title": "石桥村\(["一", "二", "三"][i])组垃圾站无人清运"])
                body["petitioners"] = [["name": "村民\(i)", "id_number": TestWorld.idNumber(30 + i), "phone": "1390000003\(i)", "address": "石桥村"]]
                let r = try await api.post("/api/v1/cases", body, token: registrar)
                #expect(r.status == 201)
                ids.append(r["id"] as? Int ?? 0)
            }
            let dispatcher = try await api.login("dispatcher")
            let two = try await api.get("/api/v1/search?q=%E8%9A%8A%E8%9D%87", token: dispatcher)   // 蚊蝇
            #expect(two.status == 200 && two["total"] as? Int == 3)
            let first = (two["items"] as? [[String: Any]])?.first
            let snippet = first?["snippet"] as? [[String: Any]] ?? []
            #expect(snippet.contains { $0["hit"] as? Bool == true && $0["text"] as? String == "蚊蝇" })
            let one = try await api.get("/api/v1/search?q=%E7%BB%84", token: dispatcher)             // 组
            #expect(one["total"] as? Int == 3)
            let empty = try await api.get("/api/v1/search?q=", token: dispatcher)
            #expect(empty.status == 400 || empty.status == 422)
            #expect(try await api.get("/api/v1/search?q=x").status == 401)

            let similar = try await api.get("/api/v1/cases/\(ids[2])/similar", token: dispatcher)
            #expect(similar.status == 200 && similar.array.count == 2 && similar.array.allSatisfy { ($0["similarity"] as? Double ?? 0) >= 0.3 })
            let target = similar.array.first?["number"] as? String ?? ""
            let bad = try await api.act(ids[2], "merge", ["into": "2026-999999"], token: dispatcher)
            #expect(bad.status == 404 && bad.errorCode == "merge_target_not_found")
            let merged = try await api.act(ids[2], "merge", ["into": target], token: dispatcher)
            #expect(merged.status == 200 && merged.string("state") == "merged" && merged.string("merged_into") == target)

            let supervisor = try await api.login("supervisor")
            let hot = try await api.get("/api/v1/hot?days=7", token: supervisor)
            #expect(hot.status == 200)
            #expect(try await api.get("/api/v1/hot?days=400", token: supervisor).errorCode == "invalid_days")
            #expect(try await api.get("/api/v1/hot", token: try await api.login("handler")).status == 403, "handlers do not see statistics")

            let collective = try await api.post("/api/v1/cases", letterJSON(extra: ["people_count": 12, "title": "征地补偿款未发放"]), token: registrar)
            #expect(collective.status == 201)
            let alerts = try await api.get("/api/v1/alerts", token: supervisor)
            let alert = alerts.array.first { $0["kind"] as? String == "collective" }
            let title = alert?["title"] as? String ?? ""
            #expect(title.contains("12人"))
            #expect((alert?["case_ids"] as? [Any])?.count == 1, "the alert names its case under case_ids")
            _ = world
        }
    }

    @Test("sensitive periods: admins save them, errors are Chinese with a stable code; training takes a labelled CSV body")
    func periodsAndTraining() async throws {
        try await withServer { api, _ in
            let admin = try await api.login("admin")
            let bad = try await api.call(.put, "/api/v1/sensitive-periods", json: [["name": "国庆", "from": "2026-10-08", "to": "2026-10-01"]], token: admin)
            #expect(bad.status == 422 && bad.errorCode == "invalid_period" && bad.errorMessage?.contains("结束日期早于开始日期") == true)
            let ok = try await api.call(.put, "/api/v1/sensitive-periods", json: [["name": "国庆", "from": "2026-10-01", "to": "2026-10-07", "factor": 2]], token: admin)
            #expect(ok.status == 200 && ok.array.first?["name"] as? String == "国庆")
            #expect(try await api.call(.put, "/api/v1/sensitive-periods", json: [], token: try await api.login("dispatcher")).status == 403)
            #expect(try await api.get("/api/v1/sensitive-periods", token: admin).array.count == 1)

            #expect(try await api.post("/api/v1/insight/suggest", ["title": "学区划片"], token: admin).errorCode == "no_model")
            let csv = try String(contentsOf: SharedTestData.url("messages-labelled.csv"), encoding: .utf8)
            let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
            let head = lines.prefix(1600).joined(separator: "\n")
            let trained = try await api.call(.post, "/api/v1/insight/train", raw: head, token: admin, contentType: "text/csv")
            #expect(trained.status == 201)
            #expect((trained["models"] as? [[String: Any]])?.first?["kind"] as? String == "category")
            let broken = try await api.call(.post, "/api/v1/insight/train", raw: "标题,内容\n甲,乙", token: admin, contentType: "text/csv")
            #expect(broken.status == 422 && broken.errorCode == "invalid_csv")
            let s = try await api.post("/api/v1/insight/suggest", ["title": "小学入学划片不合理", "content": "孩子上学要跨好几个小区，希望教育局调整学区"], token: admin)
            #expect((s["category"] as? [String: Any])?["name"] as? String == "教育文体")
            let models = try await api.get("/api/v1/insight/models", token: admin)
            #expect(models.array.contains { $0["kind"] as? String == "category" && $0["in_use"] as? Bool == true })
        }
    }

    @Test("the same matter filed again after its answer carries the 复查 road in the API and on the case page")
    func procedureFlag() async throws {
        try await withWeb { web, api, _ in
            _ = try await web.login("registrar")
            let registrar = try await api.login("registrar"), dispatcher = try await api.login("dispatcher")
            var body = letterJSON(extra: ["content": Self.text, "title": "石桥村垃圾站无人清运"])
            body["petitioners"] = [["name": "村民甲", "id_number": TestWorld.idNumber(70), "phone": "13900000070", "address": "石桥村"]]
            let first = try await api.post("/api/v1/cases", body, token: registrar)
            let id = first["id"] as? Int ?? 0, number = first.string("number") ?? ""
            #expect(try await api.act(id, "assign", ["lead_unit": "yx-zjj"], token: dispatcher).status == 200)
            let handler = try await api.login("handler")
            #expect(try await api.act(id, "reply", ["text": "已清运。", "opinion": "support"], token: handler).status == 200)

            body["title"] = "石桥村垃圾站还是没人管"
            let again = try await api.post("/api/v1/cases", body, token: registrar)
            #expect(again.status == 201)
            #expect(again["repeat_of"] as? Int == id, "the receipt of a staff registration links the repeat")
            let procedure = (again["insight"] as? [String: Any])?["procedure"] as? [String: Any]
            #expect(procedure?["step"] as? String == "review_window" && procedure?["step_label"] as? String == "可申请复查")
            #expect(procedure?["number"] as? String == number && procedure?["due_on"] is String)
            #expect((procedure?["reason"] as? String)?.contains("第三十五条") == true)

            let page = try await web.get("/staff/cases/\(again.string("number") ?? "")")
            #expect(page.html.contains("id=\"procedure\"") && page.html.contains("可申请复查") && page.html.contains("查看原件 \(number)"))

            // At the counter: the receipt page of the registration form shows it at once.
            let form = try await web.get("/staff/cases/new")
            let receipt = try await web.post("/staff/cases", [
                ("_csrf", form.csrf ?? ""), ("channel", "来访"), ("kind", "申诉求决"), ("title", "石桥村垃圾站又堆满了"),
                ("content", Self.text), ("category", "城乡建设/城市建设和市政管理/环境卫生"), ("territory", "yx-dh-qs-sq"),
                ("p_name", "村民甲"), ("p_id_number", TestWorld.idNumber(70)), ("p_phone", "13900000070"), ("p_address", "石桥村")])
            #expect(receipt.status == 201 && receipt.html.contains("intake-flag") && receipt.html.contains("第三十五条"))
        }
    }

    @Test("the pages: 全文检索 marks matches, 热点预警 lists issues and warnings, 敏感期 for admins, 智能研判 with a one-click 并案")
    func pages() async throws {
        try await withWeb { web, api, _ in
            let registrar = try await api.login("registrar")
            var numbers: [String] = []
            for i in 0..<2 {
                var body = letterJSON(extra: ["content": Self.text])
                body["petitioners"] = [["name": "村民\(i)", "id_number": TestWorld.idNumber(50 + i), "phone": "1390000005\(i)", "address": "石桥村"]]
                numbers.append((try await api.post("/api/v1/cases", body, token: registrar)).string("number") ?? "")
            }
            _ = try await web.login("dispatcher")
            let search = try await web.get("/staff/search?q=%E5%9E%83%E5%9C%BE")   // 垃圾
            #expect(search.status == 200 && search.html.contains("<mark>垃圾</mark>") && search.html.contains(numbers[0]))
            let page = try await web.get("/staff/cases/\(numbers[1])")
            #expect(page.html.contains("id=\"similar\"") && page.html.contains("并入此件"))
            let merged = try await web.post("/staff/cases/\(numbers[1])/actions",
                                            [("_csrf", page.csrf ?? ""), ("action", "merge"), ("into", numbers[0])])
            #expect(merged.status == 303 || merged.status == 302)
            let after = try await web.get("/staff/cases/\(numbers[1])")
            #expect(after.html.contains("已并入") && after.html.contains("已并案"))

            #expect(try await web.get("/staff/hot").html.contains("热点问题"))
            #expect(try await web.get("/staff/settings/sensitive").status == 403)
            _ = try await web.login("admin")
            let periods = try await web.get("/staff/settings/sensitive")
            let saved = try await web.post("/staff/settings/sensitive", [("_csrf", periods.csrf ?? ""), ("periods", "[{\"name\":\"春节\",\"from\":\"2027-02-05\",\"to\":\"2027-02-13\"}]")])
            #expect(saved.status == 303 || saved.status == 302)
            #expect(try await web.get("/staff/settings/sensitive").html.contains("春节"))
            let wrong = try await web.post("/staff/settings/sensitive", [("_csrf", periods.csrf ?? ""), ("periods", "不是JSON")])
            #expect(wrong.status == 422 && wrong.html.contains("格式不正确"))
        }
    }
}
