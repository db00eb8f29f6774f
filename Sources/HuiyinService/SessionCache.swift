import Foundation
import HuiyinCore

/// Remembers recently validated login tokens for a few seconds, so a burst of requests does not read
/// the session table each time. Changes made on this node (logout, password, deactivation) take effect
/// at once; a change made on another node of a cluster takes effect within `ttl` seconds.
final class SessionCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [Data: (user: User, until: Date)] = [:]
    private let ttl: TimeInterval

    init(ttl: TimeInterval) { self.ttl = ttl }

    func user(_ tokenHash: Data, now: Date) -> User? {
        lock.withLock {
            guard let e = entries[tokenHash] else { return nil }
            // Valid from when it was remembered (until - ttl) to until; a clock set back also misses.
            guard now < e.until, now >= e.until.addingTimeInterval(-ttl) else { entries[tokenHash] = nil; return nil }
            return e.user
        }
    }

    func remember(_ tokenHash: Data, _ user: User, now: Date) {
        guard ttl > 0 else { return }
        lock.withLock {
            if entries.count > 50_000 { entries = entries.filter { $0.value.until > now } }
            entries[tokenHash] = (user, now.addingTimeInterval(ttl))
        }
    }

    func forget(_ tokenHash: Data) { lock.withLock { entries[tokenHash] = nil } }

    func forget(userID: Int64) { lock.withLock { entries = entries.filter { $0.value.user.id != userID } } }
}
