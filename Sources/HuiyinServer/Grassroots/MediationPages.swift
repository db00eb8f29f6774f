import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService
import HuiyinStore

/// Workbench pages of 矛盾纠纷排查调处: the register with screening rounds and success rates, and one
/// dispute with its mediation steps.
struct MediationPages {
    let api: API
    let web: WebRenderer
    let security: WebSecurity

    struct Row { var id: Int64; var type: String; var territory: String; var unit: String; var stage: String; var risk: String
        var flags: String; var receivedOn: String; var high: Bool }
    struct ScreeningRow { var id: Int64; var kind: String; var title: String; var period: String; var found: Int }
    struct RateRow { var unit: String; var received: Int; var succeeded: Int; var failed: Int; var rate: String }
    struct ListModel {
        var rows: [Row]; var screenings: [ScreeningRow]; var rates: [RateRow]; var total: RateRow; var year: Int
        var csrf: String; var stages: [Option]; var territories: [Option]; var types: [Option]; var risks: [Option]
        var screeningKinds: [Option]; var screeningOptions: [Option]; var error: String?; var today: String
    }
    struct EventRow { var at: String; var actor: String; var action: String; var note: String }
    struct ActionForm { var action: String; var label: String; var mediate: Bool; var agree: Bool; var fulfil: Bool; var noteRequired: Bool }
    struct DetailModel {
        var id: Int64; var type: String; var summary: String; var territory: String; var unit: String; var stage: String; var risk: String
        var flags: String?; var parties: [MediationService.Party]; var mediationKind: String?; var agreement: String?; var fulfilment: String?
        var caseNumber: String?; var screening: String?; var receivedOn: String; var events: [EventRow]; var actions: [ActionForm]
        var csrf: String; var error: String?; var mayTurnIntoCase: Bool; var kinds: [Option]; var mediationKinds: [Option]; var fulfilments: [Option]
    }

    static let actionLabels = ["receive": "受理", "to_case": "转为信访事项"]

    func register(_ group: RouterGroup<HuiyinRequestContext>) {
        group.get("disputes") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/disputes")
            return try await listPage(s, stage: api.query(request)["stage"], error: nil)
        }

        group.post("disputes") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/disputes")
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: s.token)
            let parties = (form["parties"] ?? "").split(whereSeparator: \.isNewline).compactMap { line -> MediationService.Party? in
                let parts = line.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "，" || $0 == "\t" }).map(String.init)
                guard let name = parts.first else { return nil }
                return MediationService.Party(name: name, phone: parts.count > 1 ? parts[1] : nil, role: parts.count > 2 ? parts[2] : nil)
            }
            let input = MediationService.DisputeInput(
                screeningID: form["screening_id"].flatMap { Int64($0) }, territory: form["territory"], unit: form["unit"]?.trimmedOrNil,
                type: form["type"], summary: form["summary"], parties: parties, risk: form["risk"], hot: form["hot"] != nil,
                longUnresolved: form["long_unresolved"] != nil, group: form["group"] != nil, caseNumber: form["case_number"])
            do {
                let v = try await api.huiyin.mediation.register(input, by: .user(s.user), now: api.now)
                return WebRenderer.redirect("/staff/disputes/\(v.record.id)")
            } catch let e as HuiyinError where e.kind != .notFound {
                return try await listPage(s, stage: nil, error: e.message, status: e.kind == .forbidden ? .forbidden : .unprocessableContent)
            }
        }

        group.post("screenings") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/disputes")
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: s.token)
            do {
                _ = try await api.huiyin.mediation.createScreening(kind: form["kind"] ?? "", title: form["title"], territory: form["territory"],
                                                                   unit: nil, startedOn: form["started_on"], endedOn: form["ended_on"],
                                                                   note: form["note"], by: .user(s.user), now: api.now)
                return WebRenderer.redirect("/staff/disputes")
            } catch let e as HuiyinError where e.kind != .notFound {
                return try await listPage(s, stage: nil, error: e.message, status: e.kind == .forbidden ? .forbidden : .unprocessableContent)
            }
        }

        group.get("disputes/:id") { request, context -> Response in
            let s = try await security.staffContext(request, "/staff/disputes")
            return try await detailPage(s, try MediationRoutes.id(context), error: nil)
        }

        group.post("disputes/:id/actions") { request, context -> Response in
            let s = try await security.staffContext(request, "/staff/disputes")
            let id = try MediationRoutes.id(context)
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: s.token)
            do {
                _ = try await api.huiyin.mediation.act(id: id, action: form["action"] ?? "",
                                                       .init(note: form["note"], mediationKind: form["mediation_kind"], agreement: form["agreement"],
                                                             fulfilment: form["fulfilment"]), by: .user(s.user), now: api.now)
                return WebRenderer.redirect("/staff/disputes/\(id)")
            } catch let e as HuiyinError where e.kind != .notFound && e.kind != .forbidden {
                return try await detailPage(s, id, error: e.message, status: .unprocessableContent)
            }
        }

        group.post("disputes/:id/case") { request, context -> Response in
            let s = try await security.staffContext(request, "/staff/disputes")
            let id = try MediationRoutes.id(context)
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: s.token)
            let draft = CaseDraft(channel: form["channel"], kind: form["kind"], title: form["title"],
                                  petitioners: form["name"]?.trimmedOrNil.map { [.init(name: $0, phone: form["phone"]?.trimmedOrNil)] })
            do {
                let r = try await api.huiyin.mediation.turnIntoCase(id: id, draft, by: .user(s.user), now: api.now)
                return WebRenderer.redirect("/staff/cases/\(r.view.case.number)")
            } catch let e as HuiyinError where e.kind != .notFound && e.kind != .forbidden {
                return try await detailPage(s, id, error: e.message, status: .unprocessableContent)
            }
        }
    }

    static func flags(_ d: DisputeRecord) -> String {
        [d.hot ? "热点" : nil, d.longUnresolved ? "久拖不决" : nil, d.group ? "群体性" : nil].compactMap { $0 }.joined(separator: "、")
    }

    func listPage(_ s: StaffContext, stage: String?, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let dir = api.huiyin.reference.snapshot.directory
        let list = try await api.huiyin.mediation.disputes(stage: stage?.trimmedOrNil, screeningID: nil, caseNumber: nil, by: .user(s.user), now: api.now)
        let screenings = try await api.huiyin.mediation.screenings(by: .user(s.user))
        let today = ChinaTime.localDate(api.now)
        let rates = try await api.huiyin.mediation.rates(from: LocalDate(year: today.year, month: 1, day: 1)!, to: today, by: .user(s.user))
        func rate(_ r: MediationService.RateRow) -> RateRow {
            RateRow(unit: r.unitName, received: r.received, succeeded: r.succeeded, failed: r.failed, rate: r.rate.text())
        }
        let territories = api.huiyin.mediation.territories(for: s.user)
        let model = ListModel(
            rows: list.map { d in
                Row(id: d.id, type: d.type, territory: dir.territory(d.territoryCode)?.name ?? d.territoryCode, unit: dir.unit(d.unitCode)?.name ?? d.unitCode,
                    stage: d.stage.label, risk: MediationService.riskLabels[max(0, min(2, d.risk - 1))], flags: Self.flags(d),
                    receivedOn: d.receivedOn.description, high: d.risk >= 3)
            },
            screenings: screenings.map { s, n in
                ScreeningRow(id: s.id, kind: s.kind.label, title: s.title, period: s.startedOn.description + (s.endedOn.map { " 至 \($0)" } ?? ""), found: n)
            },
            rates: rates.rows.map(rate), total: rate(rates.total), year: today.year, csrf: s.csrf,
            stages: [Option(value: "", label: "全部阶段", selected: stage?.trimmedOrNil == nil)]
                + DisputeStage.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == stage) },
            territories: territories.map { Option(value: $0.code, label: dir.territoryNames($0.code).suffix(2).joined(separator: " "), selected: false) },
            types: MediationService.disputeTypes.map { Option(value: $0, label: $0, selected: false) },
            risks: MediationService.riskLabels.map { Option(value: $0, label: $0 + "风险", selected: $0 == "低") },
            screeningKinds: ScreeningKind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: false) },
            screeningOptions: [Option(value: "", label: "（不属于某次排查）", selected: true)]
                + screenings.map { Option(value: String($0.0.id), label: $0.0.title, selected: false) },
            error: error, today: today.description)
        return web.page("disputes", model, title: "矛盾纠纷排查调处", staff: s.nav, csrf: s.csrf, status: status)
    }

    func detailPage(_ s: StaffContext, _ id: Int64, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let v = try await api.huiyin.mediation.dispute(id: id, by: .user(s.user), now: api.now)
        let d = v.record, dir = v.directory
        let model = DetailModel(
            id: d.id, type: d.type.hasSuffix("纠纷") ? d.type : d.type + "纠纷", summary: d.summary, territory: dir.territoryNames(d.territoryCode).suffix(3).joined(separator: " "),
            unit: dir.unit(d.unitCode)?.name ?? d.unitCode, stage: d.stage.label, risk: MediationService.riskLabels[max(0, min(2, d.risk - 1))] + "风险",
            flags: Self.flags(d).trimmedOrNil, parties: v.parties, mediationKind: d.mediationKind?.label, agreement: d.agreement, fulfilment: d.fulfilment?.label,
            caseNumber: v.caseNumber, screening: v.screening?.title, receivedOn: d.receivedOn.description,
            events: [EventRow(at: ChinaTime.timestamp(d.createdAt), actor: d.createdBy, action: "受理", note: "")] + v.events.map {
                EventRow(at: ChinaTime.timestamp($0.at), actor: $0.actor,
                         action: DisputeAction(rawValue: $0.action)?.label ?? Self.actionLabels[$0.action] ?? $0.action, note: $0.note)
            },
            actions: v.allowed.map { ActionForm(action: $0.rawValue, label: $0.label, mediate: $0 == .mediate, agree: $0 == .agree,
                                                fulfil: $0 == .fulfil, noteRequired: $0 == .fail || $0 == .revisit) },
            csrf: s.csrf, error: error, mayTurnIntoCase: v.mayTurnIntoCase,
            kinds: LegalKind.allCases.map { Option(value: $0.rawValue, label: $0.rawValue, selected: $0 == .appeal) },
            mediationKinds: MediationKind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == .people) },
            fulfilments: Fulfilment.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == .fulfilled) })
        return web.page("dispute", model, title: "矛盾纠纷 #\(d.id)", staff: s.nav, csrf: s.csrf, status: status)
    }
}
