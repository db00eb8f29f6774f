import Foundation
import Logging

/// One text message to one mobile number.
public struct SMSMessage: Sendable, Hashable {
    /// The number as stored for the user, e.g. "13800138000".
    public var to: String
    public var text: String

    public init(to: String, text: String) {
        self.to = to
        self.text = text
    }
}

/// Sends text messages through whatever gateway a deployment has; throws `DeliveryError`.
public protocol SMSTransport: Sendable {
    func send(_ m: SMSMessage) async throws
}

/// For a deployment without an SMS gateway: logs each message (number masked, `138****8000`) and,
/// given a file, appends one JSON line with the full number, so an operator, or a test, sees what
/// would have gone out.
///
/// ```swift
/// let sms = LoggingSMSTransport(logger: logger, file: "/var/log/huiyin/sms.jsonl")
/// try await sms.send(SMSMessage(to: "13800138000", text: "您的诉求已受理"))
/// // {"at":"2026-03-02T01:00:00Z","text":"您的诉求已受理","to":"13800138000"}
/// ```
public struct LoggingSMSTransport: SMSTransport {
    private let logger: Logger
    private let file: String?
    private let now: @Sendable () -> Date

    public init(logger: Logger, file: String? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.logger = logger
        self.file = file
        self.now = now
    }

    public func send(_ m: SMSMessage) async throws {
        logger.info("短信 → \(Self.masked(m.to))：\(m.text)")
        guard let file else { return }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = try encoder.encode(Line(to: m.to, text: m.text, at: now()))
        line.append(0x0A)
        try AppendOnlyFile.append(line, to: file)
    }

    /// `13800138000` → `138****8000`: the first three and last four characters stay; shorter numbers
    /// keep only their last two.
    public static func masked(_ phone: String) -> String {
        let chars = Array(phone)
        if chars.count >= 8 { return String(chars.prefix(3)) + "****" + String(chars.suffix(4)) }
        return "****" + String(chars.suffix(2))
    }

    private struct Line: Encodable {
        var to: String
        var text: String
        var at: Date
    }
}
