import Foundation

/// 并案 and its answer: a duplicate follows the original and receives its 处理意见书, so every
/// petitioner of the same problem gets the answer while only one unit handles it. If the original is
/// itself merged, the duplicate follows the new original; if it ends unanswered (不予受理, 转送, 撤回),
/// the duplicate is handled again from where it stood.
extension Lifecycle {
    static func applyInsight(_ action: CaseAction, from c: Case, to n: inout Case, in ctx: LifecycleContext,
                             details: inout [String: String]) throws -> String? {
        switch action {
        case .merge(let number, let id, let note):
            guard let id else { throw HuiyinError.notFound("not_found", "被并入的信访事项\(number)不存在") }
            guard id != c.id else { throw HuiyinError.invalid("merge_into_self", "不能将事项并入其自身", field: "into") }
            n.ins.mergedInto = id
            n.ins.mergedNumber = number
            n.ins.mergedFrom = c.state
            n.ins.mergedStage = c.stage?.kind
            n.state = .merged
            n.stage = nil
            details["into"] = number
            return note
        case .followAnswer(let opinion, let number):
            n.reply = Opinion(verdict: opinion.verdict, text: opinion.text, on: ctx.today, unitCode: opinion.unitCode)
            n.leadUnitCode = opinion.unitCode ?? n.leadUnitCode
            n.rating = nil
            n.milestones.repliedOn = ctx.today
            n.milestones.repliedOnTime = true
            n.state = .replied
            n.stage = Stage(.reviewWindow, from: ctx.today)
            details["from"] = number
            details["opinion"] = opinion.verdict.rawValue
            return opinion.text
        case .followOriginal(let number, let id):
            details["from"] = c.ins.mergedNumber ?? ""
            details["into"] = number
            n.ins.mergedInto = id
            n.ins.mergedNumber = number
            return nil
        case .resumeMerged(let number, let reason):
            // Back where it stood before the merge, its clock restarting today: while merged it had none.
            details["from"] = number
            n.state = c.ins.mergedFrom ?? .registered
            n.stage = Stage(c.ins.mergedStage ?? .dispose, from: ctx.today)
            n.ins.mergedInto = nil
            n.ins.mergedNumber = nil
            n.ins.mergedFrom = nil
            n.ins.mergedStage = nil
            return reason
        default:
            return nil
        }
    }
}
