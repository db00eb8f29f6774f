import Foundation
import HuiyinCore
import HuiyinService

/// The 智能研判 section of the case page: the suggestion at intake, the 越级 and 复查/复核 flags, the 并案
/// link and similar cases (with a one-click 并案 when the case may still be merged).
struct InsightPageModel {
    struct SimilarRow { var target: String; var title: String; var state: String; var receivedOn: String; var percent: String
        var samePerson: Bool; var canMerge: Bool }
    var suggestion: String?
    var leapfrog: String?
    var leapfrogNumber: String?
    /// 复查/复核 procedure flag: its reason, badge and the earlier case.
    var procedure: String?
    var procedureBadge: String?
    var procedureNumber: String?
    var mergedNumber: String?
    var similar: [SimilarRow]
    var hasSimilar: Bool
    var csrf: String
    /// The case this page shows (merged into the row's `target`).
    var caseNumber: String

    init?(_ v: CaseView, similar: [SimilarCase], csrf: String) {
        let c = v.case, dir = v.directory, ins = c.ins
        if let s = ins.suggestion {
            var parts: [String] = []
            if let cat = s.categoryCode {
                parts.append("问题分类：" + dir.categories.pathNames(cat).joined(separator: " › ")
                             + (s.categoryConfidence.map { "（置信度 \(Int(($0 * 100).rounded()))%）" } ?? ""))
            }
            if let unit = s.unitCode {
                parts.append("承办单位：" + (dir.unit(unit)?.name ?? unit) + (s.unitConfidence.map { "（置信度 \(Int(($0 * 100).rounded()))%）" } ?? ""))
            }
            suggestion = parts.joined(separator: "；") + (c.categoryCode == nil ? "。请在“补充分类属地”或“交办”中采纳或修改。" : "")
        }
        leapfrog = ins.leapfrog?.reason
        leapfrogNumber = ins.leapfrog?.number
        procedure = ins.procedure?.reason
        procedureBadge = ins.procedure?.step.label
        procedureNumber = ins.procedure?.number
        mergedNumber = ins.mergedNumber
        let canMerge = v.allowedActions.contains(.merge)
        self.similar = similar.map {
            SimilarRow(target: $0.number, title: $0.title, state: $0.state.label, receivedOn: $0.receivedOn.description,
                       percent: "\(Int(($0.similarity * 100).rounded()))%", samePerson: $0.samePerson, canMerge: canMerge)
        }
        hasSimilar = !similar.isEmpty
        self.csrf = csrf
        caseNumber = c.number
        if suggestion == nil, leapfrog == nil, procedure == nil, mergedNumber == nil, similar.isEmpty { return nil }
    }
}
