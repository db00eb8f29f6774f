import Foundation
import HuiyinCore
import HuiyinTestSupport
import Testing

/// Grids over HTTP on both engines: the worker's scope, 民情日记, 网格上报, the register, the GeoJSON
/// layer and the weekly visit compliance. The demo city has sixteen grids, one worker per village
/// (`grid` works 康庄's two grids; `grid-sq` visits on only one or two days a week).
@Suite("Grids: worker scope, diary, 网格上报, register, GeoJSON, compliance")
struct GridAPITests {
    static let kz1 = "yx-dh-hb-kz-g1", kz2 = "yx-dh-hb-kz-g2", ml1 = "yx-xs-lx-ml-g1"

    static func square(_ lon: Double, _ lat: Double) -> [String: Any] {
        ["type": "Polygon", "coordinates": [[[lon, lat], [lon + 0.01, lat], [lon + 0.01, lat + 0.01], [lon, lat + 0.01], [lon, lat]]]]
    }

    @Test("a grid worker sees and reports only in their own grids; households in the diary are for the worker and supervisors")
    func workerScope() async throws {
        try await withServer { api, _ in
            let grid = try await api.login("grid")
            let mine = try await api.get("/api/v1/grids", token: grid)
            #expect(mine.array.compactMap { $0["code"] as? String } == [Self.kz1, Self.kz2])

            // 网格上报 from an own grid: a case with channel 网格上报 the worker can open; from another grid: refused.
            var report = letterJSON(extra: ["title": "康庄社区路灯损坏", "territory": Self.kz1])
            report["channel"] = nil
            let created = try await api.post("/api/v1/grids/\(Self.kz1)/reports", report, token: grid)
            #expect(created.status == 201)
            #expect(created.string("channel") == "网格上报")
            let number = created.string("number") ?? ""
            #expect(try await api.get("/api/v1/cases/\(number)", token: grid).status == 200)
            var elsewhere = report
            elsewhere["territory"] = Self.ml1
            let refused = try await api.post("/api/v1/grids/\(Self.ml1)/reports", elsewhere, token: grid)
            #expect(refused.status == 403 && refused.errorCode == "outside_own_grids")
            var otherChannel = report
            otherChannel["channel"] = "来信"
            #expect(try await api.post("/api/v1/cases", otherChannel, token: grid).errorCode == "channel_not_allowed")

            // A case in another grid is out of sight, in the list and by number.
            let dispatcher = try await api.login("dispatcher")
            var far = letterJSON(extra: ["title": "梅岭村水渠渗漏", "territory": Self.ml1])
            far["channel"] = "来信"
            let farNumber = try await api.post("/api/v1/cases", far, token: dispatcher).string("number") ?? ""
            #expect([403, 404].contains(try await api.get("/api/v1/cases/\(farNumber)", token: grid).status))
            let listed = try await api.get("/api/v1/cases?per_page=100", token: grid)
            let territories = Set((listed["cases"] as? [[String: Any]] ?? []).compactMap { ($0["territory"] as? [String: Any])?["code"] as? String })
            #expect(territories == [Self.kz1])
            #expect(try await api.get("/api/v1/grids/\(Self.ml1)/diary", token: grid).status == 404)

            // 民情日记: own grid only, within 30 days; the leader reads the household, a handler may not.
            let entry = try await api.post("/api/v1/grids/\(Self.kz2)/diary", ["household": "3组12号 李大妈家", "heard": "反映楼道灯不亮"], token: grid)
            #expect(entry.status == 201 && entry.string("household") == "3组12号 李大妈家")
            #expect(try await api.post("/api/v1/grids/\(Self.ml1)/diary", ["household": "x", "heard": "y"], token: grid).status == 403)
            let old = try await api.post("/api/v1/grids/\(Self.kz2)/diary", ["household": "x", "heard": "y", "visited_on": "2025-01-01"], token: grid)
            #expect(old.errorCode == "visit_date_out_of_range")
            #expect(try await api.post("/api/v1/grids/\(Self.kz2)/diary", ["household": " ", "heard": "y"], token: grid).errorCode == "missing_field")
            let read = try await api.get("/api/v1/grids/\(Self.kz2)/diary", token: try await api.login("leader"))
            #expect(read.array.contains { $0["household"] as? String == "3组12号 李大妈家" && $0["heard"] as? String == "反映楼道灯不亮" })
            #expect(try await api.get("/api/v1/grids/\(Self.kz2)/diary", token: try await api.login("handler")).status == 403)
        }
    }

    @Test("admins set worker, phone and GeoJSON boundary (validated); the worker's scope follows at once; the layer carries counts")
    func registerAndGeoJSON() async throws {
        try await withServer { api, world in
            let admin = try await api.login("admin")
            let grid = try await api.login("grid")
            #expect(try await api.call(.put, "/api/v1/grids/\(Self.ml1)", json: ["worker": "grid"], token: grid).status == 403)
            let notGrid = try await api.call(.put, "/api/v1/grids/yx-dh-hb-kz", json: ["worker": "grid"], token: admin)
            #expect(notGrid.errorCode == "not_a_grid")
            #expect(try await api.call(.put, "/api/v1/grids/\(Self.ml1)", json: ["worker": "handler"], token: admin).errorCode == "not_a_grid_worker")
            let open: [String: Any] = ["type": "Polygon", "coordinates": [[[115.0, 28.0], [115.1, 28.0], [115.1, 28.1], [115.0, 28.0 + 0.2]]]]
            #expect(try await api.call(.put, "/api/v1/grids/\(Self.ml1)", json: ["boundary": open], token: admin).errorCode == "invalid_boundary")
            let point: [String: Any] = ["type": "Point", "coordinates": [115.0, 28.0]]
            #expect(try await api.call(.put, "/api/v1/grids/\(Self.ml1)", json: ["boundary": point], token: admin).errorCode == "invalid_boundary")
            #expect(try await api.call(.put, "/api/v1/grids/\(Self.ml1)", json: ["supervision_phone": "call me"], token: admin).errorCode == "invalid_phone")

            let feature: [String: Any] = ["type": "Feature", "properties": [:], "geometry": Self.square(115.2, 28.3)]
            let saved = try await api.call(.put, "/api/v1/grids/\(Self.ml1)",
                                           json: ["worker": "grid", "supervision_phone": "0795-12345", "boundary": feature], token: admin)
            #expect(saved.status == 200 && saved.string("worker") == "grid" && saved["has_boundary"] as? Bool == true)
            // The same session now covers three grids.
            #expect(try await api.get("/api/v1/grids", token: grid).array.count == 3)
            let audit = try await api.get("/api/v1/audit?limit=5", token: admin)
            #expect(audit.array.contains { $0["action"] as? String == "grid.save" && $0["target"] as? String == Self.ml1 })

            // The layer: one feature per grid with a boundary, with the stored geometry and the counts.
            var far = letterJSON(extra: ["title": "梅岭村水渠渗漏", "territory": Self.ml1])
            far["channel"] = "来信"
            #expect(try await api.post("/api/v1/cases", far, token: try await api.login("dispatcher")).status == 201)
            let layer = try await api.get("/api/v1/grids/geojson", token: grid)
            #expect(layer.string("type") == "FeatureCollection")
            let features = layer["features"] as? [[String: Any]] ?? []
            #expect(features.count == 3)
            let ml = features.first { $0["id"] as? String == Self.ml1 }
            let props = ml?["properties"] as? [String: Any] ?? [:]
            #expect((ml?["geometry"] as? [String: Any])?["type"] as? String == "Polygon")
            #expect(props["open_cases"] as? Int == 1 && props["supervision_phone"] as? String == "0795-12345")
            #expect(try await api.get("/api/v1/grids/geojson", token: try await api.login("leader")).object["features"].map { ($0 as? [Any])?.count } == 16)
            _ = world
        }
    }

    @Test("visit compliance counts distinct visit days per week against the rule the admin sets")
    func compliance() async throws {
        // A Monday: the running week has one day so far and is not judged yet.
        try await withServer(now: "2026-03-02 18:00") { api, _ in
            let leader = try await api.login("leader")
            let c = try await api.get("/api/v1/grids/compliance?weeks=4", token: leader)
            #expect(c["minimum_days"] as? Int == 3 && (c["weeks"] as? [String])?.first == "2026-02-09")
            let rows = c["rows"] as? [[String: Any]] ?? []
            #expect(rows.count == 8)
            let good = rows.first { $0["worker"] as? String == "grid" } ?? [:]
            let poor = rows.first { $0["worker"] as? String == "grid-sq" } ?? [:]
            #expect(good["judged_weeks"] as? Int == 3 && good["compliant_weeks"] as? Int == 3)
            #expect(poor["judged_weeks"] as? Int == 3 && poor["compliant_weeks"] as? Int == 0)

            // Two more days this week for grid-sq: their week now has three visit days.
            let sq = try await api.login("grid-sq")
            for day in ["2026-02-28", "2026-03-01"] {
                #expect(try await api.post("/api/v1/grids/yx-dh-qs-sq-g1/diary", ["household": "1组1号", "heard": "无异常", "visited_on": day],
                                           token: sq).status == 201)
            }
            let after = try await api.get("/api/v1/grids/compliance?weeks=4", token: sq)
            let own = after["rows"] as? [[String: Any]] ?? []
            #expect(own.count == 1 && (own.first?["days"] as? [Int])?[2] ?? 0 >= 2)

            #expect(try await api.call(.put, "/api/v1/grid-rules", json: ["min_visit_days": 1], token: leader).status == 403)
            #expect(try await api.call(.put, "/api/v1/grid-rules", json: ["min_visit_days": 9], token: try await api.login("admin"))
                .errorCode == "invalid_minimum_days")
            #expect(try await api.call(.put, "/api/v1/grid-rules", json: ["min_visit_days": 1], token: try await api.login("admin")).status == 200)
            let relaxed = try await api.get("/api/v1/grids/compliance?weeks=4", token: leader)
            let poorNow = (relaxed["rows"] as? [[String: Any]] ?? []).first { $0["worker"] as? String == "grid-sq" } ?? [:]
            #expect(poorNow["compliant_weeks"] as? Int == 4 && poorNow["judged_weeks"] as? Int == 4)
            #expect(try await api.get("/api/v1/grids/compliance", token: try await api.login("handler")).status == 403)
        }
    }
}
