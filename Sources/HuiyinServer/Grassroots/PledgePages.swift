import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService
import HuiyinStore

/// 承诺践诺 on the workbench: fulfilment rates by organisation, the pledges in scope with their status
/// and evidence, registering a pledge and recording whether it was kept.
struct PledgePages {
    let api: API
    let web: WebRenderer
    let security: WebSecurity

    struct RateRow { var organisation: String; var total: Int; var fulfilled: Int; var unfulfilled: Int; var pending: Int; var rate: String }
    struct Row { var id: Int64; var organisation: String; var member: String; var title: String; var territory: String; var due: String
        var status: String; var evidence: String; var published: Bool; var open: Bool }
    struct Model { var rates: [RateRow]; var total: RateRow; var rows: [Row]; var csrf: String; var mayEdit: Bool; var territories: [Option]
        var statuses: [Option]; var error: String? }

    static func rateRow(_ r: PledgeService.RateRow) -> RateRow {
        RateRow(organisation: r.organisation, total: r.total, fulfilled: r.fulfilled, unfulfilled: r.unfulfilled, pending: r.pending,
                rate: r.rate.text(places: 1))
    }

    func register(_ group: RouterGroup<HuiyinRequestContext>) {
        group.get("pledges") { request, _ -> Response in
            try await page(try await security.staffContext(request, "/staff/pledges"), error: nil)
        }

        group.post("pledges") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/pledges")
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: s.token)
            do {
                _ = try await api.huiyin.pledges.create(
                    .init(organisation: form["organisation"], member: form["member"], territory: form["territory"], title: form["title"],
                          detail: form["detail"], dueOn: form["due_on"], published: form["published"] != nil), by: .user(s.user), now: api.now)
                return WebRenderer.redirect("/staff/pledges")
            } catch let e as HuiyinError where e.kind != .notFound {
                return try await page(s, error: e.message, status: e.kind == .forbidden ? .forbidden : .unprocessableContent)
            }
        }

        group.post("pledges/:id") { request, context -> Response in
            let s = try await security.staffContext(request, "/staff/pledges")
            guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw HuiyinError.notFound("pledge_not_found", "承诺不存在") }
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: s.token)
            do {
                _ = try await api.huiyin.pledges.update(id: id, status: form["status"], evidence: form["evidence"], published: nil,
                                                        by: .user(s.user), now: api.now)
                return WebRenderer.redirect("/staff/pledges")
            } catch let e as HuiyinError where e.kind != .notFound {
                return try await page(s, error: e.message, status: e.kind == .forbidden ? .forbidden : .unprocessableContent)
            }
        }
    }

    func page(_ s: StaffContext, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let dir = api.huiyin.reference.snapshot.directory
        let rates = try await api.huiyin.pledges.rates(by: .user(s.user))
        let pledges = try await api.huiyin.pledges.list(organisation: nil, status: nil, by: .user(s.user))
        let mayEdit = PledgeService.editors.contains(s.user.role)
        let model = Model(
            rates: rates.rows.map(Self.rateRow), total: Self.rateRow(rates.total),
            rows: pledges.map { p in
                Row(id: p.id, organisation: p.organisation, member: p.member, title: p.title, territory: dir.territory(p.territoryCode)?.name ?? p.territoryCode,
                    due: p.dueOn?.description ?? "", status: p.status.label, evidence: p.evidence, published: p.published,
                    open: mayEdit && p.status == .pending)
            },
            csrf: s.csrf, mayEdit: mayEdit,
            territories: api.huiyin.mediation.territories(for: s.user).map { Option(value: $0.code, label: $0.name, selected: false) },
            statuses: [PledgeStatus.fulfilled, .unfulfilled].map { Option(value: $0.rawValue, label: $0.label, selected: false) }, error: error)
        return web.page("pledges", model, title: "承诺践诺", staff: s.nav, csrf: s.csrf, status: status)
    }
}
