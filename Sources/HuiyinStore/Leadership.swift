import Foundation

/// Whether this node runs the cluster-wide jobs (督办 scan, sending notifications) right now. Exactly
/// one node of a PostgreSQL cluster leads at a time (an advisory lock); a single SQLite node always
/// leads. The jobs stay correct even if two nodes briefly both believe they lead (unique keys and
/// row claims), leadership only keeps them from doing the work twice.
public protocol Leadership: Sendable {
    func isLeader() async -> Bool
    /// Gives up leadership (shutdown).
    func resign() async
}

/// The only node there is.
public struct SoleLeader: Leadership {
    public init() {}
    public func isLeader() async -> Bool { true }
    public func resign() async {}
}
