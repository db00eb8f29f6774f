import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService

/// 登记: the registration form for 来访 / 来电 / 来信 (and the other staff channels), with several
/// petitioners, up to five representatives of a collective visit, the category and territory pickers.
struct IntakePage {
    let api: API
    let web: WebRenderer
    let security: WebSecurity

    struct PersonInput { var index: Int; var name: String; var idNumber: String; var phone: String; var address: String }

    struct Model {
        var csrf: String
        var channels: [Option]
        var kinds: [Option]
        var categories: [OptionGroup]
        var territories: [Option]
        var accusedUnits: [Option]
        var title: String
        var content: String
        var receivedAt: String
        var peopleCount: String
        var anonymous: Bool
        var petitioners: [PersonInput]
        var representatives: [PersonInput]
        var error: String?
        var errorField: String?
        var today: String
    }

    struct ReceiptModel {
        /// What intake found, for staff: 越级 or the 复查/复核 road, with the earlier case.
        struct Flag { var badge: String; var text: String; var number: String }
        var number: String, queryCode: String, title: String, staff: Bool, due: String, wall: Bool
        var flags: [Flag] = []
        init(_ r: RegisteredCase, staff: Bool, wall: Bool) {
            number = r.view.case.number; queryCode = r.queryCode; title = r.view.case.title
            due = r.view.clock.due?.description ?? "—"; self.staff = staff; self.wall = wall
            guard staff else { return }
            let ins = r.view.case.ins
            if let f = ins.leapfrog { flags.append(Flag(badge: "越级", text: f.reason, number: f.number)) }
            if let f = ins.procedure { flags.append(Flag(badge: f.step.label, text: f.reason, number: f.number)) }
        }
    }

    static let staffChannels: [Channel] = [.visit, .phone, .letter, .fax, .outreach, .receptionDay, .gridReport, .other]

    func register(_ group: RouterGroup<HuiyinRequestContext>) {
        group.get("cases/new") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/cases/new")
            return web.page("intake", model(WebForm(), s, error: nil), title: "登记信访事项", staff: s.nav, csrf: s.csrf)
        }

        group.post("cases") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/cases/new")
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: s.token)
            do {
                let receipt = try await api.huiyin.cases.register(draft(form), by: .user(s.user), now: api.now)
                return web.page("receipt", ReceiptModel(receipt, staff: true, wall: false), title: "登记成功", staff: s.nav, csrf: s.csrf,
                                status: .created)
            } catch let e as HuiyinError where e.kind == .invalid || e.kind == .badRequest {
                return web.page("intake", model(form, s, error: e), title: "登记信访事项", staff: s.nav, csrf: s.csrf,
                                status: APIErrorMiddleware<HuiyinRequestContext>.status(e.kind))
            }
        }
    }

    /// Rows of person inputs from repeated fields (`p_name`, `p_phone` …); always at least `minimum` rows.
    static func people(_ form: WebForm, prefix: String, minimum: Int) -> [PersonInput] {
        let names = form.all("\(prefix)_name"), ids = form.all("\(prefix)_id_number")
        let phones = form.all("\(prefix)_phone"), addresses = form.all("\(prefix)_address")
        let n = max(names.count, ids.count, phones.count, addresses.count, minimum)
        func at(_ a: [String], _ i: Int) -> String { i < a.count ? a[i] : "" }
        return (0..<n).map { PersonInput(index: $0 + 1, name: at(names, $0), idNumber: at(ids, $0), phone: at(phones, $0), address: at(addresses, $0)) }
    }

    static func drafts(_ rows: [PersonInput]) -> [CaseDraft.PersonDraft] {
        rows.filter { !($0.name + $0.idNumber + $0.phone + $0.address).isEmpty }.map {
            CaseDraft.PersonDraft(name: $0.name, idNumber: $0.idNumber.isEmpty ? nil : $0.idNumber,
                                  phone: $0.phone.isEmpty ? nil : $0.phone, address: $0.address.isEmpty ? nil : $0.address)
        }
    }

    func draft(_ form: WebForm) -> CaseDraft {
        let anonymous = form["anonymous"] != nil
        return CaseDraft(channel: form["channel"], kind: form["kind"], category: form["category"], territory: form["territory"],
                         title: form["title"], content: form.fields.first { $0.name == "content" }?.value, receivedAt: form["received_at"],
                         petitioners: anonymous ? [] : Self.drafts(Self.people(form, prefix: "p", minimum: 0)),
                         representatives: Self.drafts(Self.people(form, prefix: "r", minimum: 0)),
                         peopleCount: form["people_count"].flatMap { Int($0) }, accusedUnit: form["accused_unit"], anonymous: anonymous)
    }

    func model(_ form: WebForm, _ s: StaffContext, error: HuiyinError?) -> Model {
        let dir = api.huiyin.reference.snapshot.directory
        let home = s.user.unitCode.flatMap { dir.unit($0)?.territoryCode }
        let today = ChinaTime.localDate(api.now).description
        return Model(csrf: s.csrf,
                     channels: Self.staffChannels.map { Option(value: $0.rawValue, label: $0 == .phone ? "来电（电话/12345）" : $0.rawValue,
                                                               selected: $0.rawValue == (form["channel"] ?? Channel.visit.rawValue)) },
                     kinds: WebOptions.values(LegalKind.self, selected: form["kind"] ?? LegalKind.appeal.rawValue) { $0.rawValue },
                     categories: WebOptions.categories(dir, selected: form["category"]),
                     territories: WebOptions.territories(dir, within: home, selected: form["territory"]),
                     accusedUnits: WebOptions.units(dir, within: nil, selected: [form["accused_unit"] ?? ""]),
                     title: form["title"] ?? "", content: form.fields.first { $0.name == "content" }?.value ?? "",
                     receivedAt: form["received_at"] ?? today, peopleCount: form["people_count"] ?? "",
                     anonymous: form["anonymous"] != nil,
                     petitioners: Self.people(form, prefix: "p", minimum: 1), representatives: Self.people(form, prefix: "r", minimum: 0),
                     error: error?.message, errorField: error?.field, today: today)
    }
}
