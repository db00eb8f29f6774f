import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService
import HuiyinStore

/// Grids over the API: register, GeoJSON map layer, 民情日记, visit compliance and 网格上报.
struct GridRoutes {
    let api: API

    struct GridJSON: Encodable {
        var code: String; var name: String; var place: String; var worker: String?; var workerName: String?
        var supervisionPhone: String; var hasBoundary: Bool; var openCases: Int; var overdueCases: Int
        init(_ g: GridService.GridView) {
            code = g.code; name = g.name; place = g.place; worker = g.worker?.username; workerName = g.worker?.displayName
            supervisionPhone = g.supervisionPhone; hasBoundary = g.boundary != nil; openCases = g.open; overdueCases = g.overdue
        }
    }

    struct DiaryJSON: Encodable {
        var id: Int64; var grid: String; var gridName: String; var worker: String; var visitedOn: String; var household: String
        var heard: String; var caseNumber: String?
        init(_ e: GridService.DiaryEntry) {
            id = e.id; grid = e.gridCode; gridName = e.gridName; worker = e.workerName; visitedOn = e.visitedOn.description
            household = e.household; heard = e.heard; caseNumber = e.caseNumber
        }
    }

    struct DiaryBody: Decodable {
        var visitedOn: String?; var household: String; var heard: String
        enum CodingKeys: String, CodingKey { case visitedOn = "visited_on", household, heard }
    }

    struct ComplianceJSON: Encodable {
        struct Row: Encodable { var worker: String; var name: String; var grids: [String]; var days: [Int]; var compliantWeeks: Int; var judgedWeeks: Int }
        var minimumDays: Int; var weeks: [String]; var currentWeekOpen: Bool; var rows: [Row]
        init(_ c: GridService.Compliance) {
            minimumDays = c.minimumDays; weeks = c.weeks.map(\.monday.description); currentWeekOpen = c.currentWeekOpen
            rows = c.rows.map { Row(worker: $0.worker.username, name: $0.worker.displayName, grids: $0.grids, days: $0.days,
                                    compliantWeeks: $0.compliantWeeks, judgedWeeks: $0.judgedWeeks) }
        }
    }

    struct RuleJSON: Codable {
        var minVisitDays: Int
        enum CodingKeys: String, CodingKey { case minVisitDays = "min_visit_days" }
    }

    func register(_ router: Router<HuiyinRequestContext>) {
        router.get("api/v1/grids") { request, _ -> Response in
            let user = try await api.staff(request)
            return try JSONIO.response(try await api.huiyin.grids.grids(by: .user(user), now: api.now).map(GridJSON.init))
        }

        router.get("api/v1/grids/geojson") { request, _ -> Response in
            let user = try await api.staff(request)
            let grids = try await api.huiyin.grids.grids(by: .user(user), now: api.now)
            return Response(status: .ok, headers: [.contentType: "application/geo+json; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: try GridGeoJSON.featureCollection(grids))))
        }

        router.put("api/v1/grids/:code") { request, context -> Response in
            let user = try await api.user(request)
            let data = try await JSONIO.body(request, limit: GridBoundary.maxBytes + 4096)
            guard let body = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                throw HuiyinError(.badRequest, "invalid_json", "请求内容应为 JSON 对象")
            }
            let boundary: String?
            switch body["boundary"] {
            case let text as String: boundary = text
            case let object as [String: Any]: boundary = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
            case nil, is NSNull: boundary = nil
            default: throw HuiyinError.invalid("invalid_boundary", "网格边界应为 GeoJSON 对象", field: "boundary")
            }
            let view = try await api.huiyin.grids.save(code: context.parameters.get("code") ?? "", workerUsername: body["worker"] as? String,
                                                       supervisionPhone: body["supervision_phone"] as? String ?? "", boundary: boundary,
                                                       by: .user(user), now: api.now)
            return try JSONIO.response(GridJSON(view))
        }

        router.get("api/v1/grids/compliance") { request, _ -> Response in
            let user = try await api.staff(request)
            let weeks = Int(api.query(request)["weeks"] ?? "") ?? 4
            return try JSONIO.response(ComplianceJSON(try await api.huiyin.grids.compliance(weeks: weeks, by: .user(user), now: api.now)))
        }

        router.get("api/v1/grid-rules") { request, _ -> Response in
            _ = try await api.staff(request)
            return try JSONIO.response(RuleJSON(minVisitDays: try await api.huiyin.grids.minimumVisitDays()))
        }

        router.put("api/v1/grid-rules") { request, _ -> Response in
            let user = try await api.user(request)
            let body = try await api.decode(RuleJSON.self, request)
            try await api.huiyin.grids.setMinimumVisitDays(body.minVisitDays, by: .user(user), now: api.now)
            return try JSONIO.response(body)
        }

        router.get("api/v1/grids/:code/diary") { request, context -> Response in
            let user = try await api.staff(request)
            let days = Int(api.query(request)["days"] ?? "") ?? 30
            return try JSONIO.response(try await api.huiyin.grids.diary(grid: context.parameters.get("code"), days: days, by: .user(user),
                                                                        now: api.now).map(DiaryJSON.init))
        }

        router.post("api/v1/grids/:code/diary") { request, context -> Response in
            let user = try await api.staff(request)
            let body = try await api.decode(DiaryBody.self, request)
            let entry = try await api.huiyin.grids.logVisit(grid: context.parameters.get("code") ?? "", visitedOn: body.visitedOn,
                                                            household: body.household, heard: body.heard, by: .user(user), now: api.now)
            return try JSONIO.response(DiaryJSON(entry), status: .created)
        }

        router.post("api/v1/grids/:code/reports") { request, context -> Response in
            let user = try await api.staff(request)
            let data = try await JSONIO.body(request, limit: api.options.maxBodyBytes)
            var draft = try JSONDecoder().decode(CaseDraft.self, from: data)
            let extra = try JSONDecoder().decode(ReportExtra.self, from: data)
            if draft.territory?.trimmedOrNil == nil { draft.territory = context.parameters.get("code") }
            return try ReceiptJSON(try await api.huiyin.grids.report(draft, diaryID: extra.diaryId, by: .user(user), now: api.now)).response()
        }
    }

    struct ReportExtra: Decodable {
        var diaryId: Int64?
        enum CodingKeys: String, CodingKey { case diaryId = "diary_id" }
    }
}

/// The visible grids as a GeoJSON FeatureCollection: each stored boundary with the grid's counts.
enum GridGeoJSON {
    struct Properties: Encodable {
        var code: String; var name: String; var place: String; var workerName: String?; var supervisionPhone: String
        var openCases: Int; var overdueCases: Int
    }

    static func featureCollection(_ grids: [GridService.GridView]) throws -> String {
        let features = try grids.compactMap { g -> String? in
            guard let geometry = g.boundary else { return nil }
            let props = Properties(code: g.code, name: g.name, place: g.place, workerName: g.worker?.displayName,
                                   supervisionPhone: g.supervisionPhone, openCases: g.open, overdueCases: g.overdue)
            let id = String(decoding: try JSONEncoder().encode(g.code), as: UTF8.self)
            let p = String(decoding: try JSONIO.encoder.encode(props), as: UTF8.self)
            return #"{"type":"Feature","id":\#(id),"geometry":\#(geometry),"properties":\#(p)}"#
        }
        return #"{"type":"FeatureCollection","features":[\#(features.joined(separator: ","))]}"#
    }
}
