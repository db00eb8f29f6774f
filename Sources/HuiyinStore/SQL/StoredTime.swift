import Foundation

/// Instants are stored as milliseconds since 1970 on both engines (BIGINT / INTEGER); days as ISO text.
extension Date {
    /// Milliseconds since 1970, the stored form of instants.
    public var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
    public init(millis: Int64) { self.init(timeIntervalSince1970: TimeInterval(millis) / 1000) }
}
