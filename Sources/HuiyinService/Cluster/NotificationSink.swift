import Foundation
import HuiyinStore
import Logging

/// Where sent notifications go: people by email and SMS (``NotificationDispatcher``), a JSON-lines
/// file another program picks up, or the log. Issue #7 adds webhooks.
public protocol NotificationSink: Sendable {
    func deliver(_ entries: [OutboxEntry]) async throws
    /// Delivers each entry on its own; returns the ones that failed.
    func deliverEach(_ entries: [OutboxEntry]) async -> [Int64: DeliveryFailure]
}

/// Why one entry could not be delivered, and whether trying again could help.
public struct DeliveryFailure: Sendable {
    public var error: any Error
    /// A permanent failure (mailbox does not exist, 5xx) is given up at once.
    public var permanent: Bool
    public init(error: any Error, permanent: Bool) { self.error = error; self.permanent = permanent }
}

extension NotificationSink {
    /// All or nothing: a sink without per-entry results fails the whole batch.
    public func deliverEach(_ entries: [OutboxEntry]) async -> [Int64: DeliveryFailure] {
        do {
            try await deliver(entries)
            return [:]
        } catch {
            return Dictionary(uniqueKeysWithValues: entries.map { ($0.id, DeliveryFailure(error: error, permanent: false)) })
        }
    }
}

/// Appends one JSON object per notification to a file (`O_APPEND`: several nodes may share it).
public final class JSONLinesSink: NotificationSink, @unchecked Sendable {
    private let path: String
    private let lock = NSLock()
    private let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    public init(path: String) { self.path = path }

    public func deliver(_ entries: [OutboxEntry]) async throws {
        guard !entries.isEmpty else { return }
        var data = Data()
        for e in entries {
            data.append(try encoder.encode(e))
            data.append(0x0A)
        }
        try lock.withLock { try AppendOnlyFile.append(data, to: path) }
    }
}

/// Logs each notification (the default when no sink is configured).
public struct LogSink: NotificationSink {
    let logger: Logger
    public init(logger: Logger) { self.logger = logger }
    public func deliver(_ entries: [OutboxEntry]) async throws {
        for e in entries { logger.info("通知 → \(e.recipientUnit)：\(e.text)") }
    }
}
