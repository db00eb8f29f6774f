import Foundation
import HuiyinCore
import HuiyinStore

/// The in-memory copy of what every request consults: directory, working calendar, rule sets.
/// Reloaded from the store after each administrative change; reads are a lock and a copy.
public final class ReferenceData: @unchecked Sendable {
    public struct Snapshot: Sendable {
        public var directory: Directory
        public var calendar: WorkCalendar
        public var ruleSets: [String: RuleSet]

        /// The rule set of a case, or the default when the case names one that was removed.
        public func rules(_ id: String, fallback: String) -> RuleSet {
            ruleSets[id] ?? ruleSets[fallback] ?? ruleSets.values.sorted { $0.id < $1.id }.first!
        }
    }

    private let store: any HuiyinStore
    private let lock = NSLock()
    private var current: Snapshot
    private var version: Int64

    public init(store: any HuiyinStore) async throws {
        self.store = store
        version = try await store.referenceVersion()
        current = try await Self.load(store)
    }

    public var snapshot: Snapshot {
        lock.withLock { current }
    }

    public func reload() async throws {
        let seen = try await store.referenceVersion()
        let fresh = try await Self.load(store)
        lock.withLock { current = fresh; version = seen }
    }

    /// Reloads when the store's reference version moved since the last load (a change made by another
    /// node or process). Returns whether it reloaded.
    @discardableResult
    public func reloadIfChanged() async throws -> Bool {
        let stored = try await store.referenceVersion()
        guard stored != lock.withLock({ version }) else { return false }
        try await reload()
        return true
    }

    private static func load(_ store: any HuiyinStore) async throws -> Snapshot {
        let records = try await store.loadDirectory()
        let directory = try Directory(territories: records.territories, units: records.units,
                                      categories: CategoryTree(nodes: records.categories))
        let calendar = WorkCalendar(years: try await store.calendarYears())
        let rules = try await store.ruleSets()
        guard !rules.isEmpty else { throw StoreError.corrupt("没有任何时限规则集") }
        return Snapshot(directory: directory, calendar: calendar, ruleSets: Dictionary(uniqueKeysWithValues: rules.map { ($0.id, $0) }))
    }
}
