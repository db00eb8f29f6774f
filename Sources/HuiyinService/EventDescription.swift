import HuiyinCore

/// One line in Chinese for a history entry, with unit, territory and category names:
/// "交办：主办 云溪市住房和城乡建设局；协办 云溪市生态环境局".
public enum EventDescription {
    public static func describe(_ e: CaseEvent, _ dir: Directory) -> String {
        func unit(_ code: String?) -> String { code.map { dir.unit($0)?.name ?? $0 } ?? "" }
        let d = e.details
        var parts: [String] = []
        switch e.action {
        case .register:
            parts.append("\(d["channel"] ?? "")登记，\(d["kind"] ?? "")类")
            if d["collective"] == "true" { parts.append("集体访") }
        case .assign:
            if d["accepted"] == "true" { parts.append("受理并交办") }
            parts.append("主办 \(unit(d["lead_unit"]))")
            if let a = d["assisting_units"] {
                parts.append("协办 " + a.split(separator: ",").map { unit(String($0)) }.joined(separator: "、"))
            }
        case .transfer: parts.append("转送 \(d["receiving_body"] ?? "")")
        case .returnCase: parts.append("\(unit(d["unit"])) 退回")
        case .reply, .reviewOpinion, .recheckOpinion:
            if let v = d["opinion"].flatMap(Verdict.init(rawValue:)) { parts.append("意见：\(v.label)") }
        case .extend: parts.append("延长\(d["days"] ?? "")日（累计\(d["total_days"] ?? "")日）")
        case .resume: parts.append("暂停\(d["paused_days"] ?? "0")日")
        case .rate:
            if let r = d["rating"].flatMap(Satisfaction.init(rawValue:)) { parts.append(r.label) }
            if d["return_visit"] == "true" { parts.append("回访记录") }
        case .requestReview: parts.append("复查机关 \(unit(d["review_unit"]))")
        case .requestRecheck: parts.append("复核机关 \(unit(d["recheck_unit"]))")
        default: break
        }
        if let c = d["category"] { parts.append("分类 " + dir.categories.pathNames(c).joined(separator: "/")) }
        if let t = d["territory"] { parts.append("属地 " + dir.territoryNames(t).joined(separator: "/")) }
        if let k = d["kind"], e.action == .classify { parts.append("类型 \(k)") }
        return parts.isEmpty ? e.action.label : "\(e.action.label)：" + parts.joined(separator: "；")
    }
}
