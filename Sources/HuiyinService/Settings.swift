import Foundation
import HuiyinCore
import HuiyinStore

/// Deployment settings of the application services.
public struct ServiceSettings: Sendable {
    /// bcrypt cost for passwords (2^cost rounds). 11 ≈ 0.15 s per hash on this hardware.
    public var bcryptCost: UInt8 = 11
    /// How long a login token stays valid.
    public var sessionLifetime: TimeInterval = 12 * 3600
    /// Rule set for new cases that do not name one.
    public var defaultRuleSetID = DefaultData.defaultRuleSetID
    /// Unit that owns cases citizens submit themselves; by default the highest-level petition office.
    public var publicIntakeUnit: String?
    public var limits = IntakeLimits()
    /// Largest attachment accepted.
    public var maxAttachmentBytes = 10 << 20
    /// Failed logins or query-code lookups allowed per key within `attemptWindow` before refusing.
    public var maxFailedAttempts = 5
    public var attemptWindow: TimeInterval = 15 * 60
    /// How long a node trusts a validated login token without asking the database. Exact on one node
    /// (its own logouts clear it); on a PostgreSQL cluster it is 0, so a logout on one node ends the
    /// session on all nodes at once.
    public var sessionCacheSeconds: TimeInterval = 5
    /// How often a node checks whether another node (or the CLI) changed reference data.
    public var referencePollSeconds: TimeInterval = 2
    /// How often the leader runs the clock watcher (临期 reminders, 督办 and escalation).
    public var overdueScanSeconds: TimeInterval = 60
    /// How often the leader sends queued notifications.
    public var outboxPollSeconds: TimeInterval = 1
    /// Attempts at sending one notification before it is given up (listed as failed).
    public var maxNotificationAttempts = 8
    /// How often the leader retrains the text models from handled cases (0: never on a schedule).
    public var retrainSeconds: TimeInterval = 24 * 3600
    /// How often the leader looks for bursting hot issues.
    public var hotScanSeconds: TimeInterval = 10 * 60
    /// How often a node checks for a newer model version.
    public var modelPollSeconds: TimeInterval = 60

    public init() {}
}
