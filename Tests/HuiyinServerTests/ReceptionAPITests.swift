import Foundation
import HuiyinCore
import HuiyinTestSupport
import Testing

/// 领导接待日 and 包案 over HTTP on both engines: scheduling rules, the public schedule, screening cases
/// onto a day, visits as cases with channel 领导接待日, and the receiving leader taking cases on.
@Suite("Reception days: schedule, public portal, screening, visits, 包案")
struct ReceptionAPITests {
    static func day(_ extra: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = ["leader": "leader-dh", "leader_title": "区长", "portfolio": "城乡建设", "day": "2026-03-04",
                                   "start_time": "9:00", "end_time": "12:00", "place": "区来访接待中心", "published": true]
        for (k, v) in extra { body[k] = v }
        return body
    }

    @Test("scheduling is checked; only published, not cancelled days reach the portal, without any case or note")
    func schedule() async throws {
        try await withServer { api, _ in
            let office = try await api.login("dispatcher-dh")
            #expect(try await api.post("/api/v1/receptions", Self.day(), token: try await api.login("registrar-dh")).status == 403)
            #expect(try await api.post("/api/v1/receptions", Self.day(["leader": "handler"]), token: office).errorCode == "not_a_leader")
            #expect(try await api.post("/api/v1/receptions", Self.day(["day": "2026-03-01"]), token: office).errorCode == "day_out_of_range")
            #expect(try await api.post("/api/v1/receptions", Self.day(["end_time": "08:00"]), token: office).errorCode == "invalid_time")
            #expect(try await api.post("/api/v1/receptions", Self.day(["start_time": "25:00"]), token: office).errorCode == "invalid_time")
            #expect(try await api.post("/api/v1/receptions", Self.day(["territory": "yx-xs"]), token: office).status == 403)

            let published = try await api.post("/api/v1/receptions", Self.day(["note": "内部备注"]), token: office)
            #expect(published.status == 201 && published.string("start_time") == "09:00" && published.string("leader_name") == "吴区长")
            let draft = try await api.post("/api/v1/receptions", Self.day(["published": false, "place": "未公布地点"]), token: office)
            let cancelled = try await api.post("/api/v1/receptions", Self.day(["place": "将取消地点"]), token: office)
            let cid = cancelled["id"] as? Int ?? 0
            #expect(try await api.call(.put, "/api/v1/receptions/\(cid)", json: ["cancelled": true], token: office)["cancelled"] as? Bool == true)

            let portal = try await api.get("/api/v1/public/receptions")
            #expect(portal.status == 200)
            #expect(portal.array.compactMap { $0["place"] as? String } == ["区来访接待中心"])
            #expect(portal.array.first?["note"] == nil && portal.array.first?["cases"] == nil)
            // Publishing the draft puts it on the portal.
            let did = draft["id"] as? Int ?? 0
            #expect(try await api.call(.put, "/api/v1/receptions/\(did)", json: ["published": true], token: office).status == 200)
            #expect(try await api.get("/api/v1/public/receptions").array.count == 2)
            #expect(try await api.get("/api/v1/receptions", token: try await api.login("dispatcher-xs")).array.isEmpty)
        }
    }

    @Test("hard cases are screened onto a day; visits become 领导接待日 cases; the receiving leader takes them on (包案)")
    func casesAndOwnership() async throws {
        try await withServer { api, _ in
            let office = try await api.login("dispatcher-dh")
            let id = try await api.post("/api/v1/receptions", Self.day(), token: office)["id"] as? Int ?? 0
            let hard = try await api.post("/api/v1/cases", letterJSON(extra: ["title": "征地补偿三年未兑现"]), token: office).string("number") ?? ""
            let screened = try await api.post("/api/v1/receptions/\(id)/cases", ["case_number": hard, "note": "久拖未决"], token: office)
            #expect(screened.status == 201 && (screened["cases"] as? [[String: Any]])?.first?["kind"] as? String == "screened")
            #expect(try await api.post("/api/v1/receptions/\(id)/cases", ["case_number": hard], token: office).errorCode == "already_scheduled")

            var visit = letterJSON(extra: ["title": "小区电梯停运两个月"])
            visit["territory"] = nil
            let receipt = try await api.post("/api/v1/receptions/\(id)/visits", visit, token: try await api.login("registrar-dh"))
            #expect(receipt.status == 201 && receipt.string("channel") == "领导接待日")
            let number = receipt.string("number") ?? ""
            #expect(((try await api.get("/api/v1/cases/\(number)", token: office))["territory"] as? [String: Any])?["code"] as? String == "yx-dh")

            // Only the receiving leader takes cases on, and only cases of the day.
            #expect(try await api.post("/api/v1/receptions/\(id)/take-on", ["case_number": number], token: try await api.login("leader")).status == 403)
            let leader = try await api.login("leader-dh")
            #expect(try await api.post("/api/v1/receptions/\(id)/take-on", ["case_number": "2026-999999"], token: leader).errorCode == "case_not_on_reception")
            let owned = try await api.post("/api/v1/receptions/\(id)/take-on", ["case_number": number], token: leader)
            #expect(owned.status == 200)
            let me = try await api.get("/api/v1/me", token: leader)
            let listed = try await api.get("/api/v1/cases?owner_leader=\(me["id"] as? Int ?? 0)", token: leader)
            #expect((listed["cases"] as? [[String: Any]] ?? []).compactMap { $0["number"] as? String } == [number])
            let detail = try await api.get("/api/v1/receptions/\(id)", token: leader)
            #expect((detail["cases"] as? [[String: Any]] ?? []).first { $0["number"] as? String == number }?["owner_leader"] as? String == "吴区长")
        }
    }
}
