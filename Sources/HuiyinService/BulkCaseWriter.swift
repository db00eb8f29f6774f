import Foundation
import HuiyinCore
import HuiyinStore

/// Registers cases and plays actions on them in memory, through the same intake validation, lifecycle
/// rules and clock as ``CaseService``, then stores finished histories in bulk
/// (``HuiyinStore/importCases(_:)``). For synthetic histories of a million cases: the live path does
/// one transaction per step, this one a transaction per `batchSize` cases.
///
/// Case ids handed out are local (1, 2, 3 …) until flushed; a case is complete when the next one is
/// registered, so callers play one case at a time.
public final class BulkCaseWriter: @unchecked Sendable {
    private let huiyin: Huiyin
    private let batchSize: Int
    private var pending: [Int64: (c: Case, events: [CaseEvent], code: String)] = [:]
    private var order: [Int64] = []
    private var nextID: Int64 = 1

    public init(huiyin: Huiyin, batchSize: Int = 2000) {
        self.huiyin = huiyin; self.batchSize = batchSize
    }

    public func register(_ draft: CaseDraft, by actor: Actor, now: Date) async throws -> Int64 {
        if order.count >= batchSize { try await flush() }
        let ctx = huiyin.cases.intakeContext(huiyin.reference.snapshot, now: now)
        var (c, event) = Lifecycle.register(try Intake.validate(draft, by: actor, in: ctx), by: actor, now: now)
        c.id = nextID
        nextID += 1
        var rng = SystemRandomNumberGenerator()
        pending[c.id] = (c, [event], QueryCode.generate(using: &rng))
        order.append(c.id)
        return c.id
    }

    public func perform(_ request: ActionRequest, onCase id: Int64, by actor: Actor, now: Date) throws {
        guard var entry = pending[id] else { throw HuiyinError.notFound("case_not_found", "信访事项不存在") }
        let ctx = huiyin.cases.lifecycleContext(entry.c, huiyin.reference.snapshot, now: now)
        try Lifecycle.check(try CaseAction.name(of: request), on: entry.c, by: actor, in: ctx)
        let (changed, event) = try Lifecycle.apply(try CaseAction(parsing: request), to: entry.c, by: actor, in: ctx)
        entry.c = changed
        entry.events.append(event)
        pending[id] = entry
    }

    /// Forgets a pending case (an import row that failed half-way), so it is never stored.
    public func discard(_ id: Int64) {
        pending[id] = nil
        order.removeAll { $0 == id }
    }

    /// Stores everything pending in one transaction.
    public func flush() async throws {
        guard !order.isEmpty else { return }
        let snap = huiyin.reference.snapshot
        let today = ChinaTime.localDate(Date())
        let items = order.compactMap { id -> ImportedCase? in
            guard let e = pending[id] else { return nil }
            return ImportedCase(e.c, events: e.events, index: huiyin.cases.index(e.c, snap, today: today),
                                queryCodeHash: huiyin.vault.queryCodeHash(e.code))
        }
        try await huiyin.store.importCases(items)
        pending.removeAll(keepingCapacity: true)
        order.removeAll(keepingCapacity: true)
    }
}
