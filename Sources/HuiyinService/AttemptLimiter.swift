import Foundation
import HuiyinCore

/// Counts failures per key (a username, a case number) and refuses further attempts after too many
/// within a window: guessing passwords or query codes becomes impractically slow.
public final class AttemptLimiter: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [String: [Date]] = [:]
    private let limit: Int
    private let window: TimeInterval
    private let code: String
    private let message: String

    /// `message` is the refusal; "{minutes}" in it becomes the wait.
    public init(limit: Int, window: TimeInterval, code: String = "too_many_attempts", message: String = "尝试次数过多，请 {minutes} 分钟后再试") {
        self.limit = limit; self.window = window; self.code = code; self.message = message
    }

    /// Throws 429 while `key` is locked out.
    public func check(_ key: String, now: Date) throws {
        lock.lock(); defer { lock.unlock() }
        try refuseIfLocked(key, now: now)
    }

    private func refuseIfLocked(_ key: String, now: Date) throws {
        let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
        failures[key] = recent.isEmpty ? nil : recent
        if recent.count >= limit {
            let minutes = Int(ceil((window - now.timeIntervalSince(recent[0])) / 60))
            throw HuiyinError(.rateLimited, code, message.replacingOccurrences(of: "{minutes}", with: String(max(1, minutes))))
        }
    }

    public func fail(_ key: String, now: Date) {
        lock.lock(); defer { lock.unlock() }
        record(key, now: now)
    }

    private func record(_ key: String, now: Date) {
        failures[key, default: []].append(now)
        if failures.count > 100_000 { failures = failures.filter { now.timeIntervalSince($0.value.last!) < window } }
    }

    /// Checks and counts one attempt in one step (concurrent requests cannot slip past the limit
    /// together): for actions limited whether or not they succeed.
    public func take(_ key: String, now: Date) throws {
        lock.lock(); defer { lock.unlock() }
        try refuseIfLocked(key, now: now)
        record(key, now: now)
    }

    public func succeed(_ key: String) {
        lock.lock(); defer { lock.unlock() }
        failures[key] = nil
    }
}
