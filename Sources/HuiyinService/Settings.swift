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
    /// Failed logins or query-code lookups allowed per key within `attemptWindow` before refusing.
    public var maxFailedAttempts = 5
    public var attemptWindow: TimeInterval = 15 * 60

    public init() {}
}
