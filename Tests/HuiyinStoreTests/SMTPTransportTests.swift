import Foundation
import HuiyinService
import HuiyinTestSupport
import Logging
import Testing

@Suite("Email over SMTP to a real local server, and the logging SMS transport")
struct SMTPTransportTests {
    static let subject = "关于“城西街道噪声扰民”诉求的督办通知：请于三个工作日内反馈办理结果，逾期将通报"
    static let body = "各有关单位：\n\n案件 2026-000123 已超过办理期限。\n请登录回音系统查看详情并及时答复群众。\n.以点开头的一行\n\n回音系统"

    static func settings(_ port: Int, timeout: Double = 5) -> SMTPSettings {
        SMTPSettings(host: "127.0.0.1", port: port, from: "noreply@huiyin.test", fromName: "回音系统", timeoutSeconds: timeout)
    }

    @Test("a Chinese subject over several encoded words and a multi-line body reach two recipients intact")
    func delivers() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let to = ["xfj@huiyin.test", "zjj@huiyin.test"]
        try await SMTPTransport(settings: Self.settings(server.port)).send(EmailMessage(to: to, subject: Self.subject, body: Self.body))

        let mail = try #require(try await server.waitForMessages(count: 1, timeout: 5).first)
        #expect(mail.mailFrom == "noreply@huiyin.test")
        #expect(mail.rcptTos.sorted() == to)
        #expect(mail.from == "回音系统 <noreply@huiyin.test>")
        #expect(mail.subject == Self.subject)
        #expect(mail.body == Self.body)
        #expect(mail.defects.isEmpty, "\(mail.defects)")
        let lines = mail.raw.components(separatedBy: "\r\n")
        #expect(lines.filter { $0.contains("=?UTF-8?B?") }.count >= 3, "the subject is split into several encoded words")
        #expect(lines.allSatisfy { $0.count <= 76 }, "no line longer than RFC 2047 allows")
    }

    @Test("a 451 at RCPT TO is transient and nothing is delivered")
    func transientRecipient() async throws {
        let server = try await SMTPTestServer.start(failRecipients: ["busy@huiyin.test"])
        defer { server.stop() }
        let mail = EmailMessage(to: ["ok@huiyin.test", "busy@huiyin.test"], subject: "测试", body: "正文")
        let error = await #expect(throws: DeliveryError.self) { try await SMTPTransport(settings: Self.settings(server.port)).send(mail) }
        #expect(error?.isTransient == true && error?.message.contains("451") == true, "\(String(describing: error))")
        #expect(try server.messages().isEmpty)
    }

    @Test("nothing listening is transient, and fails fast")
    func refused() async throws {
        let server = try await SMTPTestServer.start()
        let port = server.port
        server.stop()
        let started = ContinuousClock.now
        let error = await #expect(throws: DeliveryError.self) {
            try await SMTPTransport(settings: Self.settings(port, timeout: 5)).send(EmailMessage(to: ["a@huiyin.test"], subject: "s", body: "b"))
        }
        #expect(error?.isTransient == true)
        #expect(ContinuousClock.now - started < .seconds(30), "fails instead of hanging")
    }

    @Test("a server that never answers is transient after timeoutSeconds")
    func timeout() async throws {
        let server = try await SMTPTestServer.start(silent: true)
        defer { server.stop() }
        let started = ContinuousClock.now
        let error = await #expect(throws: DeliveryError.self) {
            try await SMTPTransport(settings: Self.settings(server.port, timeout: 1)).send(EmailMessage(to: ["a@huiyin.test"], subject: "s", body: "b"))
        }
        let elapsed = ContinuousClock.now - started
        #expect(error?.isTransient == true)
        // Waits for the timeout, then gives up instead of hanging (the upper bound is loose: CI machines are shared).
        #expect(elapsed >= .seconds(1) && elapsed < .seconds(30), "\(elapsed)")
    }

    @Test("AUTH PLAIN: the right login delivers, a wrong one is permanent, and so is an invalid address")
    func authentication() async throws {
        let server = try await SMTPTestServer.start(login: ("huiyin", "口令-pass"))
        defer { server.stop() }
        var settings = Self.settings(server.port)
        settings.username = "huiyin"
        settings.password = "口令-pass"
        let mail = EmailMessage(to: ["a@huiyin.test"], subject: "登录测试", body: "正文")
        try await SMTPTransport(settings: settings).send(mail)
        #expect(try await server.waitForMessages(count: 1, timeout: 5).first?.subject == "登录测试")

        settings.password = "wrong"
        let rejected = await #expect(throws: DeliveryError.self) { try await SMTPTransport(settings: settings).send(mail) }
        #expect(rejected?.isTransient == false && rejected?.message.contains("535") == true, "\(String(describing: rejected))")

        let injected = EmailMessage(to: ["a@huiyin.test>\r\nRCPT TO:<b@huiyin.test"], subject: "s", body: "b")
        let invalid = await #expect(throws: DeliveryError.self) { try await SMTPTransport(settings: settings).send(injected) }
        #expect(invalid?.isTransient == false)
        #expect(try server.messages().count == 1)
    }

    @Test("LoggingSMSTransport appends one JSON line per message with the full number")
    func loggingSMS() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("huiyin-sms-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let at = Date(timeIntervalSince1970: 1_772_413_200)  // 2026-03-02T01:00:00Z
        let sms = LoggingSMSTransport(logger: Logger(label: "test"), file: file.path, now: { at })
        try await sms.send(SMSMessage(to: "13800138000", text: "您的诉求已受理，查询码 AB12"))
        try await sms.send(SMSMessage(to: "13900139000", text: "第二条"))

        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: String]
        #expect(first == ["to": "13800138000", "text": "您的诉求已受理，查询码 AB12", "at": "2026-03-02T01:00:00Z"])
        #expect(LoggingSMSTransport.masked("13800138000") == "138****8000")
    }
}
