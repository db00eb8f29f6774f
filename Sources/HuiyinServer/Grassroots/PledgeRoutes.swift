import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService
import HuiyinStore

/// 承诺践诺 over the API: pledges (one by one or a CSV import), their status and evidence, and the
/// fulfilment rate by organisation; the portal's published view.
struct PledgeRoutes {
    let api: API
    var dir: Directory { api.huiyin.reference.snapshot.directory }

    struct PledgeJSON: Encodable {
        var id: Int64; var organisation: String; var member: String?; var territory: String; var territoryName: String; var title: String
        var detail: String; var dueOn: String?; var status: String; var statusLabel: String; var evidence: String; var published: Bool
        var updatedAt: String

        init(_ p: PledgeRecord, _ dir: Directory) {
            id = p.id; organisation = p.organisation; member = p.member.isEmpty ? nil : p.member; territory = p.territoryCode
            territoryName = dir.territory(p.territoryCode)?.name ?? p.territoryCode; title = p.title; detail = p.detail
            dueOn = p.dueOn?.description; status = p.status.rawValue; statusLabel = p.status.label; evidence = p.evidence
            published = p.published; updatedAt = ChinaTime.timestamp(p.updatedAt)
        }
    }

    struct RateJSON: Encodable {
        var organisation: String; var total: Int; var fulfilled: Int; var unfulfilled: Int; var pending: Int; var rate: Double?; var rateText: String
        init(_ r: PledgeService.RateRow) {
            organisation = r.organisation; total = r.total; fulfilled = r.fulfilled; unfulfilled = r.unfulfilled; pending = r.pending
            rate = r.rate.percent(places: 1); rateText = r.rate.text(places: 1)
        }
    }

    struct RatesJSON: Encodable { var organisations: [RateJSON]; var total: RateJSON }
    struct PublicJSON: Encodable { var organisations: [RateJSON]; var total: RateJSON; var pledges: [PledgeJSON] }

    struct PledgeBody: Decodable {
        var organisation: String?; var member: String?; var territory: String?; var title: String?; var detail: String?; var dueOn: String?
        var status: String?; var evidence: String?; var published: Bool?
        enum CodingKeys: String, CodingKey { case organisation, member, territory, title, detail, status, evidence, published, dueOn = "due_on" }
    }

    struct UpdateBody: Decodable { var status: String?; var evidence: String?; var published: Bool? }
    struct ImportedJSON: Encodable { var imported: Int }

    func register(_ router: Router<HuiyinRequestContext>) {

        router.get("api/v1/public/pledges") { _, _ -> Response in
            let v = try await api.huiyin.pledges.publicView()
            return try JSONIO.response(PublicJSON(organisations: v.rows.map(RateJSON.init), total: RateJSON(v.total),
                                                  pledges: v.pledges.map { PledgeJSON($0, dir) }))
        }

        router.get("api/v1/pledges") { request, _ -> Response in
            let user = try await api.staff(request)
            let q = api.query(request)
            return try JSONIO.response(try await api.huiyin.pledges.list(organisation: q["organisation"], status: q["status"], by: .user(user))
                .map { PledgeJSON($0, dir) })
        }

        router.post("api/v1/pledges") { request, _ -> Response in
            let user = try await api.staff(request)
            let b = try await api.decode(PledgeBody.self, request)
            let p = try await api.huiyin.pledges.create(.init(organisation: b.organisation, member: b.member, territory: b.territory, title: b.title,
                                                              detail: b.detail, dueOn: b.dueOn, status: b.status, evidence: b.evidence,
                                                              published: b.published ?? true), by: .user(user), now: api.now)
            return try JSONIO.response(PledgeJSON(p, dir), status: .created)
        }

        // CSV body; `?published=false` keeps the imported pledges off the portal.
        router.post("api/v1/pledges/import") { request, _ -> Response in
            let user = try await api.staff(request)
            let data = try await JSONIO.body(request, limit: 32 << 20)
            guard let text = String(data: data, encoding: .utf8) else {
                throw HuiyinError.invalid("invalid_csv", "CSV 须为 UTF-8 编码", field: "body")
            }
            let published = api.query(request)["published"].map { $0 != "false" && $0 != "0" } ?? true
            let n = try await api.huiyin.pledges.importCSV(text, published: published, by: .user(user), now: api.now)
            return try JSONIO.response(ImportedJSON(imported: n), status: .created)
        }

        router.get("api/v1/pledges/rates") { request, _ -> Response in
            let user = try await api.staff(request)
            let r = try await api.huiyin.pledges.rates(by: .user(user))
            return try JSONIO.response(RatesJSON(organisations: r.rows.map(RateJSON.init), total: RateJSON(r.total)))
        }

        router.put("api/v1/pledges/:id") { request, context -> Response in
            let user = try await api.staff(request)
            guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw HuiyinError.notFound("pledge_not_found", "承诺不存在") }
            let b = try await api.decode(UpdateBody.self, request)
            let p = try await api.huiyin.pledges.update(id: id, status: b.status, evidence: b.evidence, published: b.published, by: .user(user),
                                                        now: api.now)
            return try JSONIO.response(PledgeJSON(p, dir))
        }
    }
}
