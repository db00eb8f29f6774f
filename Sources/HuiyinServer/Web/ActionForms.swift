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
    var levels: Picker?
    var measures: Picker?
    var units: Picker?
    var person: Bool = false
    var feedbackDays: Bool = false
    var leadLabel: String?
    var days: Bool
    var receivingBody: Bool
    /// 并案: the number of the case to follow (the similar-cases list fills it in).
    var into: Bool = false
    var error: String?
    var errorField: String?
    var values: [String: String]

    /// The forms a staff member sees, for the actions they may take now.
    static func forms(_ v: CaseView, user: User, suggestion: RoutingSuggestion?,
                      failed: (action: String, error: HuiyinError, values: [String: String])?) -> [ActionForm] {
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
            case .assign, .decideCompetence:
                // 一步派单: the routing suggestion is preselected; the dispatcher only confirms.
                let lead = values["lead_unit"] ?? suggestion?.leadUnit ?? ""
                let assisting = values["assisting_units"].map { Set($0.split(separator: ",").map(String.init)) } ?? Set(suggestion?.assistingUnits ?? [])
                f.leadUnits = Picker(options: WebOptions.units(dir, within: home, excluding: c.accusedUnitCode, selected: [lead]))
                f.assistingUnits = Picker(options: WebOptions.units(dir, within: home, excluding: c.accusedUnitCode, selected: assisting))
                if name == .assign {
                    f.categories = GroupPicker(groups: WebOptions.categories(dir, selected: values["category"] ?? c.categoryCode))
                    f.territories = Picker(options: WebOptions.territories(dir, within: home, selected: values["territory"] ?? c.territoryCode))
                    f.noteLabel = "交办意见（可选）"
                } else {
                    f.noteLabel = "裁定意见（可选）"
                }
                if let s = suggestion {
                    let names = ([s.leadUnit] + s.assistingUnits).compactMap { dir.unit($0)?.name }
                    f.hint = "建议：主办 " + (names.first ?? s.leadUnit) + (names.count > 1 ? "，协办 " + names.dropFirst().joined(separator: "、") : "")
                        + "（依据：\(s.reason)）"
                }
                if name == .decideCompetence { f.hint = "上级机关裁定的承办单位不得再次退回。" + (f.hint ?? "") }
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
            case .supervise:
                let next = min(c.ov.level + 1, SupervisionLevel.bulletin.rawValue)
                f.levels = Picker(options: SupervisionLevel.allCases.map {
                    Option(value: $0.code, label: $0.label, selected: (values["level"] ?? SupervisionLevel(rawValue: next)!.code) == $0.code)
                })
                f.feedbackDays = true
                f.reasonLabel = "督办事由"
                f.hint = "督办对象：" + (Escalation.responsibleUnit(c).flatMap { dir.unit($0)?.name } ?? "—")
            case .supervisionFeedback:
                f.textLabel = "书面反馈内容"
                f.hint = c.ov.supervisions.last { $0.feedback == nil && $0.unitCode == user.unitCode }
                    .map { "\($0.level.label)于 \($0.issuedOn) 下达" + ($0.feedbackDue.map { "，须于 \($0) 前反馈" } ?? "") }
            case .takeOwnership: f.noteLabel = "包案说明（可选）"; f.hint = "包案后该事项显示在您的工作台“我的包案”中，直至办结"
            case .holdAccountable:
                f.measures = Picker(options: AccountabilityMeasure.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: values["measure"] == $0.rawValue) })
                let unit = values["unit"] ?? c.ov.supervisions.last?.unitCode ?? c.leadUnitCode ?? ""
                f.units = Picker(options: WebOptions.units(dir, within: nil, selected: [unit]))
                f.person = true
                f.reasonLabel = "追责事由（未按期办理的情况）"
            case .referDispute:
                f.leadUnits = Picker(options: [Option(value: "", label: "（仅在退回单位之间）", selected: false)]
                    + WebOptions.units(dir, within: home, excluding: c.accusedUnitCode, selected: [values["lead_unit"] ?? ""]))
                f.leadLabel = "争议另一方（退回单位认为应承办的单位）"
                f.reasonLabel = "争议事由"
                f.hint = "已退回的单位：" + c.ov.returnedBy.compactMap { dir.unit($0)?.name }.joined(separator: "、") + "；将报请共同的上一级机关裁定"
            case .merge:
                f.into = true
                f.noteLabel = "并案说明（可选）"
                f.hint = "并案后本事项不再单独办理，主件答复时自动送达本事项的信访人"
            case .register, .attach, .followAnswer, .followOriginal, .resumeMerged: break
            }
            return f
        }
    }

    static let primary: Set<ActionName> = [.accept, .assign, .start, .reply, .rate, .close, .reviewOpinion, .recheckOpinion, .publish]

    /// The action request a submitted form stands for.
    static func request(_ form: WebForm) -> ActionRequest {
        ActionRequest(action: form["action"] ?? "", reason: form["reason"], note: form["note"], text: form["text"],
                      leadUnit: form["lead_unit"],
                      // The form preselects the suggested assisting units: choosing one of them as the lead
                      // moves it rather than being refused as a duplicate.
                      assistingUnits: form.all("assisting_units").filter { !$0.isEmpty && $0 != form["lead_unit"] },
                      opinion: form["opinion"], rating: form["rating"], days: form["days"].flatMap { Int($0) },
                      receivingBody: form["receiving_body"], category: form["category"], territory: form["territory"],
                      kind: form["kind"], accusedUnit: form["accused_unit"], expectedVersion: form["expected_version"].flatMap { Int($0) },
                      level: form["level"], measure: form["measure"], unit: form["unit"], person: form["person"], into: form["into"])
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
