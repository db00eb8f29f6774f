import Foundation
import HuiyinCore

/// Counts failures per key (a username, a case number) and refuses further attempts after too many
/// within a window: guessing passwords or query codes becomes impractically slow.
public final class AttemptLimiter: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [String: [Date]] = [:]
    private let limit: Int
    private let window: TimeInterval

    public init(limit: Int, window: TimeInterval) { self.limit = limit; self.window = window }

    /// Throws 429 while `key` is locked out.
    public func check(_ key: String, now: Date) throws {
        lock.lock(); defer { lock.unlock() }
        let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
        failures[key] = recent.isEmpty ? nil : recent
        if recent.count >= limit {
            let minutes = Int(ceil((window - now.timeIntervalSince(recent[0])) / 60))
            throw HuiyinError(.rateLimited, "too_many_attempts", "尝试次数过多，请 \(max(1, minutes)) 分钟后再试")
        }
    }

    public func fail(_ key: String, now: Date) {
        lock.lock(); defer { lock.unlock() }
        failures[key, default: []].append(now)
        if failures.count > 100_000 { failures = failures.filter { now.timeIntervalSince($0.value.last!) < window } }
    }

    public func succeed(_ key: String) {
        lock.lock(); defer { lock.unlock() }
        failures[key] = nil
    }
}
