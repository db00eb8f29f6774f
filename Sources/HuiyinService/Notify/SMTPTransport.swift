import Foundation
import NIOCore
import NIOPosix

/// Where and how `SMTPTransport` hands mail over: the intranet relay.
///
/// ```json
/// { "host": "mail.yx.gov.cn", "port": 25, "from": "noreply@yx.gov.cn", "fromName": "回音系统" }
/// ```
public struct SMTPSettings: Codable, Sendable, Hashable {
    public var host: String
    public var port: Int
    /// Envelope sender and `From:` address.
    public var from: String
    /// Display name in `From:`, e.g. "回音系统".
    public var fromName: String?
    /// With a username the transport logs in with AUTH PLAIN; the password then goes over the wire
    /// in base64, readable to anyone on the path (no TLS, see `SMTPTransport`).
    public var username: String?
    public var password: String?
    /// Name this host gives in EHLO/HELO.
    public var helo: String = "huiyin"
    /// Bound on the whole exchange, connecting included.
    public var timeoutSeconds: Double = 10

    public init(host: String, port: Int = 25, from: String, fromName: String? = nil, username: String? = nil,
                password: String? = nil, helo: String = "huiyin", timeoutSeconds: Double = 10) {
        self.host = host
        self.port = port
        self.from = from
        self.fromName = fromName
        self.username = username
        self.password = password
        self.helo = helo
        self.timeoutSeconds = timeoutSeconds
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(host: try c.decode(String.self, forKey: .host), port: try c.decodeIfPresent(Int.self, forKey: .port) ?? 25,
                  from: try c.decode(String.self, forKey: .from),
                  fromName: try c.decodeIfPresent(String.self, forKey: .fromName),
                  username: try c.decodeIfPresent(String.self, forKey: .username),
                  password: try c.decodeIfPresent(String.self, forKey: .password),
                  helo: try c.decodeIfPresent(String.self, forKey: .helo) ?? "huiyin",
                  timeoutSeconds: try c.decodeIfPresent(Double.self, forKey: .timeoutSeconds) ?? 10)
    }
}

/// Sends mail through one SMTP relay, one connection per message (SwiftNIO).
///
/// Plain SMTP only, without TLS or STARTTLS: it is meant for a relay on the government intranet,
/// which then delivers onwards. Do not point it at a server across an untrusted network.
///
/// Reply codes 4xx, connection failures and running out of `timeoutSeconds` throw
/// `DeliveryError.transient` (the outbox tries again later); 5xx and invalid addresses throw
/// `.permanent`. Once the server has accepted the message, a failure while saying goodbye is ignored,
/// so a retry never sends it twice.
///
/// ```swift
/// let mail = SMTPTransport(settings: SMTPSettings(host: "10.1.2.3", from: "noreply@yx.gov.cn"))
/// try await mail.send(EmailMessage(to: ["xfj@yx.gov.cn"], subject: "督办通知", body: "…"))
/// ```
public struct SMTPTransport: EmailTransport {
    public let settings: SMTPSettings
    private let now: @Sendable () -> Date

    public init(settings: SMTPSettings, now: @escaping @Sendable () -> Date = { Date() }) {
        self.settings = settings
        self.now = now
    }

    public func send(_ message: EmailMessage) async throws {
        try Self.validate(message, from: settings.from)
        let rendered = MIMEText.render(message, from: settings.from, fromName: settings.fromName,
                                       messageID: "<\(UUID().uuidString.lowercased())@huiyin>", date: now())
        let timeout = min(max(settings.timeoutSeconds, 0.001), 3600)
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        let server = "\(settings.host):\(settings.port)"

        let channel: NIOAsyncChannel<String, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.milliseconds(Int64(timeout * 1000)))
                .connect(host: settings.host, port: settings.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                        return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw DeliveryError.transient("无法连接邮件服务器 \(server)：\(error)")
        }

        let accepted = AcceptanceFlag()
        let session = SMTPSession(settings: settings, recipients: message.to,
                                  payload: MIMEText.dataPayload(rendered), accepted: accepted)
        let timedOut: Bool
        do {
            timedOut = try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    try await channel.executeThenClose { inbound, outbound in
                        var replies = inbound.makeAsyncIterator()
                        try await session.run(replies: &replies, out: outbound)
                    }
                    return false
                }
                group.addTask {
                    try await Task.sleep(until: deadline, clock: .continuous)
                    return true
                }
                let first = try await group.next()!
                group.cancelAll()
                // Closing ends the session's pending read or write, so the group does not wait for it.
                if first { channel.channel.close(promise: nil) }
                return first
            }
        } catch {
            if accepted.isSet { return }
            if let error = error as? DeliveryError { throw error }
            throw DeliveryError.transient("与邮件服务器 \(server) 通信失败：\(error)")
        }
        if timedOut && !accepted.isSet {
            throw DeliveryError.transient("邮件服务器 \(server) 在 \(settings.timeoutSeconds) 秒内没有完成发送")
        }
    }

    static func validate(_ message: EmailMessage, from: String) throws {
        guard isValidAddress(from) else { throw DeliveryError.permanent("发件地址无效：\(from)") }
        guard !message.to.isEmpty else { throw DeliveryError.permanent("邮件没有收件人") }
        for address in message.to where !isValidAddress(address) {
            throw DeliveryError.permanent("收件地址无效：\(address)")
        }
    }

    /// A bare ASCII `local@domain`: nothing that could end an SMTP command or a header line.
    static func isValidAddress(_ address: String) -> Bool {
        let forbidden = Set("<>()[],;:\\\"".unicodeScalars)
        guard let at = address.lastIndex(of: "@"), at != address.startIndex,
              address.index(after: at) != address.endIndex, address.utf8.count <= 254 else { return false }
        return address.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) && !forbidden.contains($0) }
    }
}

/// Set once the server has taken the message: from then on a timeout or a dropped connection is not a failure.
final class AcceptanceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
