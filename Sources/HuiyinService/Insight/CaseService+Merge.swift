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

    /// The original's answer goes to every case merged into it.
    func passAnswerToMerged(_ original: Case, now: Date) async throws {
        guard let reply = original.reply else { return }
        for id in try await store.mergedCases(into: original.id) {
            _ = try await changing(id, expectedVersion: nil) { dup in
                guard dup.state == .merged else { return dup }
                let snap = reference.snapshot
                let ctx = lifecycleContext(dup, snap, now: now)
                let (changed, event) = try Lifecycle.apply(.followAnswer(reply, number: original.number), to: dup, by: .system, in: ctx)
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
