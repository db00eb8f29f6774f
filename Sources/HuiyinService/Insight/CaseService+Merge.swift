import Foundation
import HuiyinCore
import HuiyinStore

/// 并案: many people reporting the same problem are handled once. The duplicate follows the original
/// (state 已并案, no clock of its own); when the original is answered, its 处理意见书 reaches every
/// duplicate, so each petitioner still gets the answer and may rate it or ask for 复查.
extension CaseService {
    /// A `merge` action with its target resolved: the case must exist, be visible to the actor, and be
    /// an original still to be answered.
    func resolvingMerge(_ action: CaseAction, of c: Case, by actor: Actor) async throws -> CaseAction {
        guard case .merge(let raw, _, let note) = action else { return action }
        let target: Case?
        if let n = CaseNumber.normalize(raw) { target = try await store.loadCase(number: n)?.case }
        else if let id = Int64(raw) { target = try await store.loadCase(id: id) }
        else { throw HuiyinError.invalid("invalid_case_number", "“\(raw)”不是有效的事项编号", field: "into") }
        let dir = reference.snapshot.directory
        guard let t = target, AccessPolicy.canView(t, by: actor, in: dir) else {
            throw HuiyinError.notFound("merge_target_not_found", "被并入的信访事项“\(raw)”不存在或不在您的管辖范围内")
        }
        guard t.id != c.id else { throw HuiyinError.invalid("merge_into_self", "不能将事项并入其自身", field: "into") }
        guard t.state != .merged else {
            throw HuiyinError.conflict("merge_target_merged", "\(t.number)本身已并入\(t.ins.mergedNumber ?? "其他事项")，请并入主件")
        }
        guard !t.state.isTerminal, t.reply == nil else {
            throw HuiyinError.conflict("merge_target_finished", "\(t.number)已答复或已办结，不能再并入")
        }
        return .merge(number: t.number, id: t.id, note: note)
    }

    /// What an action on an original means for the cases merged into it: its answer reaches them; if
    /// it is merged itself they follow the new original; if it ends unanswered they are handled again.
    func carryToMerged(_ original: Case, after action: ActionName, now: Date) async throws {
        let follow: CaseAction
        switch action {
        case .reply:
            guard let reply = original.reply else { return }
            follow = .followAnswer(reply, number: original.number)
        case .merge:
            guard let id = original.ins.mergedInto, let number = original.ins.mergedNumber else { return }
            follow = .followOriginal(number: number, id: id)
        case .refuse, .transfer, .withdraw:
            let how = action == .refuse ? "不予受理" : action == .transfer ? "转送" : "撤回"
            follow = .resumeMerged(number: original.number, reason: "主件\(original.number)已\(how)，本件恢复办理")
        default:
            return
        }
        for id in try await store.mergedCases(into: original.id) {
            _ = try await changing(id, expectedVersion: nil) { dup in
                guard dup.state == .merged, dup.ins.mergedInto == original.id else { return dup }
                let snap = reference.snapshot
                let ctx = lifecycleContext(dup, snap, now: now)
                let (changed, event) = try Lifecycle.apply(follow, to: dup, by: .system, in: ctx)
                return try await store.updateCase(changed, events: [event], index: index(changed, snap, today: ctx.today),
                                                  expectedVersion: dup.version)
            }
        }
    }

    /// Staff accepted or changed the classifier's category: the event says which (the next training
    /// learns from the final category either way).
    static func recordSuggestionDecision(from old: Case, to new: Case, _ event: inout CaseEvent) {
        guard old.categoryCode == nil, let chosen = new.categoryCode, let suggested = old.ins.suggestion?.categoryCode else { return }
        event.details["suggestion"] = chosen.hasPrefix(suggested) ? "accepted" : "changed"
    }
}
