import Foundation
import HuiyinCore
import HuiyinService

/// One action form on the case page: the fields the action needs, its pickers, and the error of the
/// last attempt (the page is shown again with what was typed and what is missing).
struct ActionForm {
    var action: String
    var label: String
    var hint: String?
    var primary: Bool
    var reasonLabel: String?
    var noteLabel: String?
    var textLabel: String?
    var opinions: Picker?
    var ratings: Picker?
    var leadUnits: Picker?
    var assistingUnits: Picker?
    var categories: GroupPicker?
    var territories: Picker?
    var kinds: Picker?
    var accusedUnits: Picker?
    var days: Bool
    var receivingBody: Bool
    var error: String?
    var errorField: String?
    var values: [String: String]

    /// The forms a staff member sees, for the actions they may take now.
    static func forms(_ v: CaseView, user: User, failed: (action: String, error: HuiyinError, values: [String: String])?) -> [ActionForm] {
        let c = v.case, dir = v.directory
        let home = user.unitCode.flatMap { dir.unit($0)?.territoryCode }
        return v.allowedActions.filter { $0 != .attach }.map { name in
            let values = failed?.action == name.rawValue ? failed!.values : [:]
            var f = ActionForm(action: name.rawValue, label: name.label, primary: primary.contains(name), days: false,
                               receivingBody: false, values: values)
            if failed?.action == name.rawValue { f.error = failed!.error.message; f.errorField = failed!.error.field }
            switch name {
            case .accept: f.noteLabel = "受理意见（可选）"
            case .refuse: f.reasonLabel = "不予受理理由"; f.hint = "依法不予受理的，应书面告知信访人"
            case .transfer: f.receivingBody = true; f.reasonLabel = "转送理由"
            case .assign:
                let suggested = suggestedUnits(c, dir)
                f.leadUnits = Picker(options: WebOptions.units(dir, within: home, excluding: c.accusedUnitCode, selected: [values["lead_unit"] ?? suggested.first ?? ""]))
                f.assistingUnits = Picker(options: WebOptions.units(dir, within: home, excluding: c.accusedUnitCode,
                                                    selected: Set((values["assisting_units"] ?? "").split(separator: ",").map(String.init))))
                f.categories = GroupPicker(groups: WebOptions.categories(dir, selected: values["category"] ?? c.categoryCode))
                f.territories = Picker(options: WebOptions.territories(dir, within: home, selected: values["territory"] ?? c.territoryCode))
                f.noteLabel = "交办意见（可选）"
                if !suggested.isEmpty {
                    f.hint = "按职责建议主办：" + suggested.prefix(3).compactMap { dir.unit($0)?.name }.joined(separator: "、")
                }
            case .classify:
                f.categories = GroupPicker(groups: WebOptions.categories(dir, selected: values["category"] ?? c.categoryCode))
                f.territories = Picker(options: WebOptions.territories(dir, within: home, selected: values["territory"] ?? c.territoryCode))
                f.kinds = Picker(options: WebOptions.values(LegalKind.self, selected: values["kind"] ?? c.kind.rawValue) { $0.rawValue })
                if c.kind == .accusation || values["kind"] == LegalKind.accusation.rawValue {
                    f.accusedUnits = Picker(options: [Option(value: "", label: "（不变）", selected: false)]
                        + WebOptions.units(dir, within: nil, selected: [values["accused_unit"] ?? c.accusedUnitCode ?? ""]))
                }
                f.noteLabel = "说明（可选）"
            case .notify: f.noteLabel = "告知方式与内容（可选）"; f.hint = v.clock.notifyDue.map { "书面告知期限：\($0)" }
            case .returnCase: f.reasonLabel = "退回理由"; f.hint = v.clock.returnUntil.map { "可退回至 \($0)（交办后5个工作日内）" }
            case .start: f.noteLabel = "签收说明（可选）"
            case .reply, .reviewOpinion, .recheckOpinion:
                let allowed = name == .reply ? Verdict.forReply : Verdict.forReview
                f.opinions = Picker(options: allowed.map { Option(value: $0.rawValue, label: $0.label, selected: values["opinion"] == $0.rawValue) })
                f.textLabel = name == .reply ? "处理意见书正文" : (name == .reviewOpinion ? "复查意见书正文" : "复核意见书正文")
            case .extend:
                f.days = true; f.reasonLabel = "延期理由"
                f.hint = "累计不得超过\(v.rules.maxExtensionDays)\(v.rules.handle.unit.label)，已延长\(c.extensionDays)"
            case .pause: f.reasonLabel = "暂停计时的原因（如听证）"
            case .resume: f.noteLabel = "说明（可选）"
            case .rate:
                f.ratings = Picker(options: Satisfaction.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: values["rating"] == $0.rawValue) })
                f.noteLabel = "回访情况"
                f.hint = "回访信访人并记录其评价"
            case .redo: f.reasonLabel = "重新办理的原因"
            case .requestReview: f.reasonLabel = "信访人申请复查的理由"
            case .requestRecheck: f.reasonLabel = "信访人申请复核的理由"
            case .close: f.noteLabel = "办结说明（可选）"
            case .withdraw: f.reasonLabel = "撤回理由"
            case .comment: f.textLabel = "备注内容"
            case .publish: f.noteLabel = "说明（可选）"; f.hint = "公开后留言与答复将显示在民情回音墙（不显示姓名和联系方式）"
            case .withhold: f.reasonLabel = "不予公开的理由"
            case .register, .attach: break
            }
            return f
        }
    }

    static let primary: Set<ActionName> = [.accept, .assign, .start, .reply, .rate, .close, .reviewOpinion, .recheckOpinion, .publish]

    /// Units whose competence covers the case's first-level category (谁主管、谁负责), lowest level first.
    static func suggestedUnits(_ c: Case, _ dir: Directory) -> [String] {
        guard let top = c.categoryCode.map({ String($0.prefix(2)) }) else { return [] }
        return dir.units.values.filter { u in u.active && u.competence.contains { $0.hasPrefix(top) || top.hasPrefix($0) } }
            .filter { AccessPolicy.mayHandle(unit: $0.code, c, in: dir) }
            .sorted { ($0.level.rank, $0.code) > ($1.level.rank, $1.code) }.map(\.code)
    }

    /// The action request a submitted form stands for.
    static func request(_ form: WebForm) -> ActionRequest {
        ActionRequest(action: form["action"] ?? "", reason: form["reason"], note: form["note"], text: form["text"],
                      leadUnit: form["lead_unit"], assistingUnits: form.all("assisting_units").filter { !$0.isEmpty },
                      opinion: form["opinion"], rating: form["rating"], days: form["days"].flatMap { Int($0) },
                      receivingBody: form["receiving_body"], category: form["category"], territory: form["territory"],
                      kind: form["kind"], accusedUnit: form["accused_unit"], expectedVersion: form["expected_version"].flatMap { Int($0) })
    }

    /// What was typed, to put back into the form after a refusal.
    static func values(_ form: WebForm) -> [String: String] {
        var out: [String: String] = [:]
        for (k, v) in form.fields where k != "_csrf" {
            out[k] = out[k].map { $0 + "," + v } ?? v
        }
        return out
    }
}
