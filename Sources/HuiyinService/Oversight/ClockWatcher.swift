import Foundation
import HuiyinCore
import HuiyinStore

/// The clock watcher: the background job that acts when a case's clock crosses a threshold.
///
/// The 正常 / 临期 / 超期 status itself needs no job: every case keeps its deadline and its 临期 day in
/// indexed columns (recomputed on every change and whenever a calendar or rule set changes), so lists
/// and counts compare them with today's date and are never stale. What the watcher does is what must
/// happen **once** when a threshold is crossed:
/// - 临期: one reminder per case and deadline (a unique outbox key);
/// - 超期: one automatic 督办 per case and deadline, then the escalation ladder one rung at a time.
///
/// Each 督办 is a lifecycle step recorded on the case under optimistic concurrency: two watchers (two
/// nodes, a restart in the middle, a rerun) that try the same step find it already taken (the case
/// changed, the step is recomputed from the fresh case and there is nothing left to do), so a step
/// happens exactly once however often the watcher runs.
public struct ClockWatcher: Sendable {
    public struct Pass: Sendable, Hashable {
        /// 临期 reminders queued.
        public var dueSoon = 0
        /// 督办 steps taken, by rung.
        public var supervised: [SupervisionLevel: Int] = [:]
        public var total: Int { supervised.values.reduce(0, +) }
    }

    let huiyin: Huiyin

    public init(huiyin: Huiyin) { self.huiyin = huiyin }

    public func run(now: Date, batch: Int = 500) async throws -> Pass {
        let today = ChinaTime.localDate(now)
        var pass = Pass()
        pass.dueSoon = try await huiyin.store.enqueueDueSoon(asOf: today, now: now)
        for _ in 0..<20 {
            let ids = try await huiyin.store.escalationCandidates(asOf: today, limit: batch)
            var fired = 0
            for id in ids {
                if let level = try await huiyin.cases.escalate(id: id, now: now) {
                    pass.supervised[level, default: 0] += 1
                    fired += 1
                }
            }
            if fired == 0 || ids.count < batch { break }
        }
        return pass
    }
}

extension CaseService {
    /// Takes the next rung of the escalation ladder on case `id` if one is due now (as the system).
    /// Returns the rung taken, or nil when there was nothing to do.
    public func escalate(id: Int64, now: Date) async throws -> SupervisionLevel? {
        try await changing(id, expectedVersion: nil) { current in
            let snap = reference.snapshot
            let ctx = lifecycleContext(current, snap, now: now)
            guard Escalation.next(for: current, rules: ctx.rules, calendar: ctx.calendar, today: ctx.today) != nil else { return nil }
            let (changed, event) = try Lifecycle.apply(.supervise(level: nil, note: nil, feedbackDays: nil, automatic: true),
                                                       to: current, by: .system, in: ctx)
            _ = try await store.updateCase(changed, events: [event], index: index(changed, snap, today: ctx.today),
                                           expectedVersion: current.version)
            return changed.ov.supervisions.last?.level
        }
    }
}
