import Foundation
import HuiyinStore
import Logging

/// Where sent notifications go. Issue #5 adds SMS and in-app channels and #7 webhooks; until then a
/// deployment writes them to a JSON-lines file another program picks up, or to the log.
public protocol NotificationSink: Sendable {
    func deliver(_ entries: [OutboxEntry]) async throws
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
        try lock.withLock {
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o640)
            guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
            defer { close(fd) }
            let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written == data.count else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        }
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
