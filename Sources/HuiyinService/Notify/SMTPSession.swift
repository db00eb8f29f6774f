import Foundation
import NIOCore

/// The SMTP dialogue for one message on an open connection (RFC 5321):
/// greeting → EHLO (HELO if refused) → AUTH PLAIN if configured → MAIL FROM → RCPT TO each → DATA → QUIT.
struct SMTPSession: Sendable {
    var settings: SMTPSettings
    var recipients: [String]
    /// The rendered message, dot-stuffed and ending in "\r\n.\r\n".
    var payload: String
    var accepted: AcceptanceFlag

    func run<Replies: AsyncIteratorProtocol>(replies: inout Replies, out: NIOAsyncChannelOutboundWriter<ByteBuffer>)
        async throws where Replies.Element == String {
        do {
            try check(try await SMTPReply.read(from: &replies), expect: 220, step: "连接问候")
            let ehlo = try await command("EHLO \(settings.helo)", replies: &replies, out: out)
            if (500...599).contains(ehlo.code) {
                try check(try await command("HELO \(settings.helo)", replies: &replies, out: out), expect: 250, step: "HELO")
            } else {
                try check(ehlo, expect: 250, step: "EHLO")
            }
            if let username = settings.username, !username.isEmpty {
                let token = Data(("\0" + username + "\0" + (settings.password ?? "")).utf8).base64EncodedString()
                try check(try await command("AUTH PLAIN \(token)", replies: &replies, out: out), expect: 235, step: "登录（AUTH PLAIN）")
            }
            try check(try await command("MAIL FROM:<\(settings.from)>", replies: &replies, out: out),
                      expect: 250, step: "发件人 \(settings.from)")
            for recipient in recipients {
                let reply = try await command("RCPT TO:<\(recipient)>", replies: &replies, out: out)
                try check(reply, expect: 250, 251, step: "收件人 \(recipient)")
            }
            try check(try await command("DATA", replies: &replies, out: out), expect: 354, step: "DATA")
            try await out.write(ByteBuffer(string: payload))
            try check(try await SMTPReply.read(from: &replies), expect: 250, step: "邮件正文")
        } catch {
            try? await out.write(ByteBuffer(string: "QUIT\r\n"))
            throw error
        }
        accepted.set()
        // The message is delivered; a server that hangs up without "221" changes nothing.
        _ = try? await command("QUIT", replies: &replies, out: out)
    }

    private func command<Replies: AsyncIteratorProtocol>(_ line: String, replies: inout Replies,
                                                         out: NIOAsyncChannelOutboundWriter<ByteBuffer>)
        async throws -> SMTPReply where Replies.Element == String {
        try await out.write(ByteBuffer(string: line + "\r\n"))
        return try await SMTPReply.read(from: &replies)
    }

    /// 4xx → transient, 5xx → permanent, anything else unexpected → transient; the server's words included.
    private func check(_ reply: SMTPReply, expect codes: Int..., step: String) throws {
        guard !codes.contains(reply.code) else { return }
        switch reply.code {
        case 500...599: throw DeliveryError.permanent("邮件服务器拒绝了\(step)：\(reply.text)")
        case 400...499: throw DeliveryError.transient("邮件服务器暂时拒绝了\(step)：\(reply.text)")
        default: throw DeliveryError.transient("邮件服务器对\(step)的回复不符合预期：\(reply.text)")
        }
    }
}
