import Foundation
import HuiyinCore
import HuiyinTestSupport
import Testing

/// 矛盾纠纷排查调处 over HTTP on both engines: the workflow 受理 → 调查 → 调解 → 履行 → 回访 and its
/// rules, who may mediate, the link with petition cases, and the success rate (24 received, 23 settled).
@Suite("Mediation: workflow, permissions, case links, success rate")
struct MediationAPITests {
    static let mediatorName = "handler-dh-qs-zf"

    static func dispute(_ extra: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = ["territory": "yx-dh-qs-sq-g1", "type": "邻里纠纷", "summary": "两户因排水沟改道发生争执。",
                                   "parties": [["name": "王某", "phone": "13900001111", "role": "申请人"], ["name": "李某"]], "risk": "中"]
        for (k, v) in extra { body[k] = v }
        return body
    }

    @Test("the workflow goes 受理 → 调查 → 调解 → 履行 → 回访 in order, each step with what it needs")
    func workflow() async throws {
        try await withServer { api, world in
            let mediator = try await api.login(Self.mediatorName)
            let created = try await api.post("/api/v1/disputes", Self.dispute(), token: mediator)
            #expect(created.status == 201 && created.string("stage") == "received" && created["risk"] as? Int == 2)
            #expect((created["parties"] as? [[String: Any]])?.first?["name"] as? String == "王某")
            let id = created["id"] as? Int ?? 0
            func act(_ action: String, _ fields: [String: Any] = [:]) async throws -> APIResponse {
                try await api.post("/api/v1/disputes/\(id)/actions", fields.merging(["action": action]) { a, _ in a }, token: mediator)
            }
            #expect(try await act("agree", ["agreement": "x"]).errorCode == "invalid_stage")
            #expect(try await act("investigate", ["note": "走访双方"]).string("stage") == "investigating")
            #expect(try await act("mediate").errorCode == "invalid_mediation_kind")
            #expect(try await act("mediate", ["mediation_kind": "人民调解"]).string("mediation_kind") == "people")
            #expect(try await act("agree").errorCode == "missing_field")
            let agreed = try await act("agree", ["agreement": "李某十日内恢复排水沟原状。"])
            #expect(agreed.string("stage") == "fulfilling" && agreed.string("fulfilment") == "in_progress")
            #expect(try await act("revisit", ["note": "回访"]).errorCode == "fulfilment_pending")
            #expect(try await act("fulfil", ["fulfilment": "已履行"]).string("fulfilment") == "fulfilled")
            #expect(try await act("revisit").errorCode == "missing_field")
            let closed = try await act("revisit", ["note": "回访双方，协议已履行。"])
            #expect(closed.string("stage") == "revisited" && closed.string("closed_on") == "2026-03-02")
            #expect((closed["allowed_actions"] as? [String]) == [])
            let events = (closed["events"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(events == ["receive", "investigate", "mediate", "agree", "fulfil", "revisit"])
            let audit = try await api.get("/api/v1/audit?limit=20", token: try await api.login("admin"))
            #expect(audit.array.filter { ($0["action"] as? String)?.hasPrefix("dispute.") == true }.count == 6)

            // Parties are sealed at rest.
            let stored = try await world.strings("SELECT summary FROM disputes")
            #expect(stored == ["两户因排水沟改道发生争执。"])
            #expect(try await world.databaseFileBytes().range(of: Data("13900001111".utf8)) == nil)

            // Bad input: unknown risk, no parties, outside the territory.
            #expect(try await api.post("/api/v1/disputes", Self.dispute(["risk": "极高"]), token: mediator).errorCode == "invalid_risk")
            #expect(try await api.post("/api/v1/disputes", Self.dispute(["parties": []]), token: mediator).errorCode == "missing_field")
            #expect(try await api.post("/api/v1/disputes", Self.dispute(["territory": "yx-xs-lx-ml"]), token: mediator).status == 403)
            // Five parties or more: 群体性.
            let many = (1...5).map { ["name": "村民\($0)"] }
            #expect(try await api.post("/api/v1/disputes", Self.dispute(["parties": many]), token: mediator)["group"] as? Bool == true)
        }
    }

    @Test("only the mediating unit and staff over the territory see a dispute; a grid worker registers but does not mediate")
    func permissions() async throws {
        try await withServer { api, _ in
            let grid = try await api.login("grid-sq")
            let created = try await api.post("/api/v1/disputes", Self.dispute(["unit": "yx-dh-qs-zf"]), token: grid)
            #expect(created.status == 201)
            let id = created["id"] as? Int ?? 0
            #expect(try await api.post("/api/v1/disputes/\(id)/actions", ["action": "investigate"], token: grid).errorCode == "not_mediator")
            #expect(try await api.post("/api/v1/disputes", Self.dispute(["territory": "yx-dh-qs-ht-g1"]), token: grid).status == 403)
            for other in ["handler", "grid-ml", "dispatcher-xs"] {
                #expect(try await api.get("/api/v1/disputes/\(id)", token: try await api.login(other)).status == 404, "\(other)")
                #expect(try await api.get("/api/v1/disputes", token: try await api.login(other)).array.isEmpty, "\(other)")
            }
            // The district dispatcher over the territory may mediate; the town's mediator too.
            let district = try await api.login("dispatcher-dh")
            #expect(try await api.post("/api/v1/disputes/\(id)/actions", ["action": "investigate"], token: district).string("stage") == "investigating")
            #expect(try await api.get("/api/v1/disputes", token: try await api.login(Self.mediatorName)).array.count == 1)
        }
    }

    @Test("a dispute turns into a case and a case into a dispute, each linked to the other")
    func caseLinks() async throws {
        try await withServer { api, _ in
            let dispatcher = try await api.login("dispatcher-dh")
            let d = try await api.post("/api/v1/disputes", Self.dispute(), token: dispatcher)
            let id = d["id"] as? Int ?? 0
            var draft = letterJSON(extra: ["title": "排水沟纠纷调解不成，申请处理"])
            draft["territory"] = nil
            draft["content"] = nil
            let receipt = try await api.post("/api/v1/disputes/\(id)/case", draft, token: dispatcher)
            #expect(receipt.status == 201)
            let number = receipt.string("number") ?? ""
            #expect(try await api.get("/api/v1/disputes/\(id)", token: dispatcher).string("case_number") == number)
            #expect(try await api.post("/api/v1/disputes/\(id)/case", draft, token: dispatcher).errorCode == "already_linked")
            let back = try await api.get("/api/v1/disputes?case=\(number)", token: dispatcher)
            #expect(back.array.compactMap { $0["id"] as? Int } == [id])
            let c = try await api.get("/api/v1/cases/\(number)", token: dispatcher)
            #expect((c["territory"] as? [String: Any])?["code"] as? String == "yx-dh-qs-sq-g1")

            // The other way: a registered case referred to mediation.
            let other = try await api.post("/api/v1/cases", letterJSON(), token: dispatcher).string("number") ?? ""
            let referred = try await api.post("/api/v1/disputes", Self.dispute(["case_number": other]), token: dispatcher)
            #expect(referred.status == 201 && referred.string("case_number") == other)
        }
    }

    @Test("success rate per unit: 24 received, 23 settled = 95.83%")
    func successRate() async throws {
        try await withServer { api, _ in
            let mediator = try await api.login(Self.mediatorName)
            for i in 0..<24 {
                let id = try await api.post("/api/v1/disputes", Self.dispute(["received_on": "2026-02-\(String(format: "%02d", i + 1))"]),
                                            token: mediator)["id"] as? Int ?? 0
                for (action, fields) in [("investigate", [:]), ("mediate", ["mediation_kind": "people"])] as [(String, [String: Any])] {
                    _ = try await api.post("/api/v1/disputes/\(id)/actions", fields.merging(["action": action]) { a, _ in a }, token: mediator)
                }
                let last: [String: Any] = i == 23 ? ["action": "fail", "note": "分歧大"] : ["action": "agree", "agreement": "达成协议"]
                #expect(try await api.post("/api/v1/disputes/\(id)/actions", last, token: mediator).status == 200)
            }
            let rates = try await api.get("/api/v1/mediation/rates?from=2026-01-01&to=2026-03-02", token: try await api.login("leader-dh"))
            let row = (rates["rows"] as? [[String: Any]])?.first { $0["unit"] as? String == "yx-dh-qs-zf" } ?? [:]
            #expect(row["received"] as? Int == 24 && row["succeeded"] as? Int == 23 && row["failed"] as? Int == 1)
            #expect(row["rate"] as? Double == 95.83 && row["rate_text"] as? String == "95.83%")
            // A period before any dispute: nothing received, no rate.
            let empty = try await api.get("/api/v1/mediation/rates?from=2025-01-01&to=2025-12-31", token: mediator)
            #expect((empty["total"] as? [String: Any])?["rate_text"] as? String == "—")
            #expect(try await api.get("/api/v1/mediation/rates?from=2026-03-01&to=2026-01-01", token: mediator).errorCode == "invalid_period")
        }
    }
}
