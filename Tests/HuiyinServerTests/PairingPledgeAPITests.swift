import Foundation
import HuiyinCore
import HuiyinTestSupport
import Testing

/// 结对帮扶 / 联系户 and 承诺践诺 over HTTP on both engines: who pairs and who sees a household, visits by
/// the cadre only, the visit-overdue flag, pledges with evidence, a 24,600-row import and the published
/// fulfilment rate by organisation.
@Suite("Pairing and pledges: households, visits, pledges, fulfilment rates")
struct PairingPledgeAPITests {
    static var household: [String: Any] { ["name": "李大娘", "phone": "13800001111", "address": "石桥村三组12号", "situation": "独居老人"] }

    @Test("a cadre pairs with a household and visits it; supervisors over the territory see it, others do not")
    func pairing() async throws {
        try await withServer { api, world in
            let office = try await api.login("dispatcher-dh")
            let cadre = try await api.login("handler-dh-qs-zf")
            // A handler pairs only themselves; the petition office assigns any cadre.
            #expect(try await api.post("/api/v1/pairings", ["cadre": "handler", "household": Self.household, "territory": "yx-dh-qs-sq"],
                                       token: cadre).status == 403)
            #expect(try await api.post("/api/v1/pairings", ["household": Self.household, "territory": "yx-xs"], token: office).status == 403)
            #expect(try await api.post("/api/v1/pairings", ["kind": "帮扶", "household": Self.household, "territory": "yx-dh-qs-sq"],
                                       token: office).errorCode == "invalid_pairing_kind")
            var badPhone = Self.household
            badPhone["phone"] = "12"
            #expect(try await api.post("/api/v1/pairings", ["household": badPhone, "territory": "yx-dh-qs-sq"], token: office).errorCode == "invalid_phone")

            let created = try await api.post("/api/v1/pairings", ["cadre": "handler-dh-qs-zf", "kind": "结对帮扶", "household": Self.household,
                                                                  "territory": "yx-dh-qs-sq", "started_on": "2026-01-05", "note": "每月走访一次"],
                                              token: office)
            #expect(created.status == 201 && created.string("kind") == "assistance" && created.string("cadre_name") == "青石镇人民政府承办人")
            // Nobody visited since 5 January: more than 30 days.
            #expect(created["visit_overdue"] as? Bool == true)
            let id = created["id"] as? Int ?? 0
            // The household is sealed at rest.
            #expect(try await world.strings("SELECT household_sealed FROM pairings").allSatisfy { !($0 ?? "").contains("李大娘") })

            // Only the cadre records visits, dated within the last 30 days.
            #expect(try await api.post("/api/v1/pairings/\(id)/visits", ["heard": "屋顶漏雨"], token: office).errorCode == "not_the_cadre")
            #expect(try await api.post("/api/v1/pairings/\(id)/visits", ["heard": "屋顶漏雨", "visited_on": "2026-01-20"],
                                       token: cadre).errorCode == "visit_date_out_of_range")
            let visited = try await api.post("/api/v1/pairings/\(id)/visits", ["heard": "屋顶漏雨", "help": "联系村里修缮", "visited_on": "2026-02-27"],
                                             token: cadre)
            #expect(visited.status == 201 && visited["visit_overdue"] as? Bool == false && visited["visit_count"] as? Int == 1)
            #expect((visited["visits"] as? [[String: Any]])?.first?["help"] as? String == "联系村里修缮")

            // The cadre, the district office and the city see it; another district and a grid worker do not.
            #expect(try await api.get("/api/v1/pairings", token: cadre).array.count == 1)
            #expect(try await api.get("/api/v1/pairings", token: try await api.login("leader")).array.first?["household"] as? [String: Any] != nil)
            #expect(try await api.get("/api/v1/pairings", token: try await api.login("dispatcher-xs")).array.isEmpty)
            #expect(try await api.get("/api/v1/pairings/\(id)", token: try await api.login("dispatcher-xs")).status == 404)
            #expect(try await api.get("/api/v1/pairings", token: try await api.login("grid")).array.isEmpty)

            // Ending it stops further visits.
            #expect(try await api.post("/api/v1/pairings/\(id)/end", ["ended_on": "2026-03-01"], token: office)["ended_on"] as? String == "2026-03-01")
            #expect(try await api.post("/api/v1/pairings/\(id)/visits", ["heard": "回访"], token: cadre).errorCode == "pairing_ended")
            #expect(try await world.strings("SELECT action FROM audit_log WHERE action LIKE 'pairing.%' ORDER BY id")
                    == ["pairing.create", "pairing.visit", "pairing.end"])
        }
    }

    @Test("pledges: evidence to mark one kept, permissions, and only published ones on the portal")
    func pledges() async throws {
        try await withServer { api, _ in
            let town = try await api.login("handler-dh-qs-zf")
            let pledge: [String: Any] = ["organisation": "石桥村党支部", "member": "王书记", "territory": "yx-dh-qs-sq", "title": "年底前硬化村道2公里",
                                         "due_on": "2026-12-31"]
            #expect(try await api.post("/api/v1/pledges", pledge, token: try await api.login("registrar-dh")).status == 403)
            #expect(try await api.post("/api/v1/pledges", pledge, token: try await api.login("dispatcher-xs")).status == 403)
            var kept = pledge
            kept["status"] = "已践诺"
            #expect(try await api.post("/api/v1/pledges", kept, token: town).errorCode == "missing_field")

            let created = try await api.post("/api/v1/pledges", pledge, token: town)
            #expect(created.status == 201 && created.string("status") == "pending" && created["published"] as? Bool == true)
            let id = created["id"] as? Int ?? 0
            #expect(try await api.call(.put, "/api/v1/pledges/\(id)", json: ["status": "fulfilled"], token: town).errorCode == "missing_field")
            let done = try await api.call(.put, "/api/v1/pledges/\(id)", json: ["status": "fulfilled", "evidence": "验收单号 QS-2026-07"], token: town)
            #expect(done.status == 200 && done.string("status_label") == "已践诺")
            var hidden = pledge
            hidden["published"] = false
            hidden["title"] = "内部草稿承诺"
            #expect(try await api.post("/api/v1/pledges", hidden, token: town).status == 201)

            let portal = try await api.get("/api/v1/public/pledges")
            #expect(portal.status == 200)
            #expect((portal["pledges"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String } == ["年底前硬化村道2公里"])
            #expect(((portal["total"] as? [String: Any])?["rate_text"] as? String) == "100.0%")
            let staff = try await api.get("/api/v1/pledges/rates", token: try await api.login("leader-dh"))
            #expect(((staff["total"] as? [String: Any])?["total"] as? Int) == 2 && ((staff["total"] as? [String: Any])?["rate_text"] as? String) == "50.0%")
        }
    }

    @Test("an import of 24,600 pledges, 21,100 kept, publishes a fulfilment rate of 85.8 %; a bad row saves nothing")
    func fulfilmentRate() async throws {
        try await withServer { api, _ in
            let office = try await api.login("dispatcher-dh")
            var csv = "组织,党员,属地,承诺事项,状态,践诺凭证\n"
            for i in 0..<24_600 {
                let org = i % 2 == 0 ? "青石镇党委" : "东湖区机关党委"
                let status = i < 21_100 ? "已践诺,见公示栏" : (i < 24_000 ? "践诺中," : "未兑现,未按期完成")
                csv += "\(org),党员\(i),\(i % 2 == 0 ? "yx-dh-qs" : "yx-dh"),为群众办实事第\(i)件,\(status)\n"
            }
            let bad = csv + "青石镇党委,,yx-dh-qs,,践诺中,\n"
            let refused = try await api.call(.post, "/api/v1/pledges/import", raw: bad, token: office, contentType: "text/csv")
            #expect(refused.errorCode == "missing_field" && refused.text.contains("第24602行"))
            #expect((try await api.get("/api/v1/pledges/rates", token: office)["organisations"] as? [Any])?.isEmpty == true)

            let imported = try await api.call(.post, "/api/v1/pledges/import", raw: csv, token: office, contentType: "text/csv")
            #expect(imported.status == 201 && imported["imported"] as? Int == 24_600)
            let portal = try await api.get("/api/v1/public/pledges")
            let total = portal["total"] as? [String: Any] ?? [:]
            #expect(total["total"] as? Int == 24_600 && total["fulfilled"] as? Int == 21_100 && total["unfulfilled"] as? Int == 600)
            #expect(total["rate_text"] as? String == "85.8%" && total["rate"] as? Double == 85.8)
            let orgs = portal["organisations"] as? [[String: Any]] ?? []
            #expect(orgs.compactMap { $0["organisation"] as? String }.sorted() == ["东湖区机关党委", "青石镇党委"])
            #expect(orgs.allSatisfy { $0["total"] as? Int == 12_300 })
        }
    }
}
