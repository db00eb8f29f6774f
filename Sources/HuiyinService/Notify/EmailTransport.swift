/// One plain-text email to one or more recipients.
///
/// ```swift
/// let mail = EmailMessage(to: ["xfj@yx.gov.cn"], subject: "督办通知", body: "案件 2026-0001 已超期。")
/// try await transport.send(mail)
/// ```
public struct EmailMessage: Sendable, Hashable {
    /// Bare addresses (`name@host`), without display names or angle brackets.
    public var to: [String]
    public var subject: String
    /// Plain text; line breaks may be `\n` or `\r\n`.
    public var body: String

    public init(to: [String], subject: String, body: String) {
        self.to = to
        self.subject = subject
        self.body = body
    }
}

/// Sends email: SMTP in production (`SMTPTransport`), a recording fake in tests.
public protocol EmailTransport: Sendable {
    /// Returns once the server has accepted the message for every recipient; throws `DeliveryError`.
    func send(_ message: EmailMessage) async throws
}

/// Why a message did not go out, and so whether the outbox should try again.
public enum DeliveryError: Error, Sendable, Equatable {
    /// Worth retrying later: connection refused or dropped, timeout, a 4xx reply.
    case transient(String)
    /// Retrying will not help: a 5xx reply, an invalid address, rejected credentials.
    case permanent(String)

    /// The explanation, in Chinese, for logs and the admin pages.
    public var message: String {
        switch self {
        case .transient(let m), .permanent(let m): m
        }
    }

    public var isTransient: Bool {
        if case .transient = self { true } else { false }
    }
}
