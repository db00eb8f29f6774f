import Foundation

/// A real SMTP server for tests: Python's `aiosmtpd` on 127.0.0.1, in a subprocess, storing every
/// message it accepts as a JSON file in a temporary directory.
///
/// ```swift
/// let server = try await SMTPTestServer.start()
/// defer { server.stop() }
/// try await SMTPTransport(settings: SMTPSettings(host: "127.0.0.1", port: server.port, from: "a@b")).send(mail)
/// let received = try await server.waitForMessages(count: 1, timeout: 5)
/// ```
///
/// The server exits when its standard input closes, so it also goes away when the test process dies.
public final class SMTPTestServer: @unchecked Sendable {
    public let port: Int
    private let process: Process
    private let input: Pipe
    private let directory: URL
    private let lock = NSLock()
    private var stopped = false

    /// - Parameters:
    ///   - failRecipients: answered `451 4.3.0 try again` at RCPT TO, to provoke a transient failure.
    ///   - login: when given, the server requires AUTH with exactly these credentials (over plain text).
    ///   - silent: accept connections but never say anything, to test timeouts.
    public static func start(failRecipients: Set<String> = [], login: (username: String, password: String)? = nil,
                             silent: Bool = false) async throws -> SMTPTestServer {
        let python = try await PythonTools.python()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("huiyin-smtp-\(UUID().uuidString)")
        let mailDirectory = directory.appendingPathComponent("mail")
        try FileManager.default.createDirectory(at: mailDirectory, withIntermediateDirectories: true)
        let script = directory.appendingPathComponent("smtp_server.py")
        try serverScript.write(to: script, atomically: true, encoding: .utf8)
        let stderrPath = directory.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: stderrPath.path, contents: nil)

        let loginJSON = try login.map { String(decoding: try JSONEncoder().encode([$0.username, $0.password]), as: UTF8.self) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path, mailDirectory.path,
                             String(decoding: try JSONEncoder().encode(failRecipients.sorted()), as: UTF8.self),
                             loginJSON ?? "null", silent ? "silent" : "smtp"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: stderrPath)

        let firstLine = FirstLine()
        output.fileHandleForReading.readabilityHandler = { handle in firstLine.append(handle.availableData) }
        process.terminationHandler = { _ in firstLine.fail("the server exited") }
        try process.run()
        DispatchQueue.global().asyncAfter(deadline: .now() + 30) { firstLine.fail("no port after 30 s") }

        do {
            defer { output.fileHandleForReading.readabilityHandler = nil }
            let line = try await firstLine.value()
            guard let port = Int(line.trimmingCharacters(in: .whitespaces)) else { throw firstLine.error("said \(line)") }
            return SMTPTestServer(port: port, process: process, input: input, directory: directory)
        } catch {
            if process.isRunning { process.terminate() }
            let stderr = (try? String(contentsOf: stderrPath, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: directory)
            throw SMTPTestServerError(description: "SMTP test server did not start (\(error)): \(stderr)")
        }
    }

    private init(port: Int, process: Process, input: Pipe, directory: URL) {
        self.port = port
        self.process = process
        self.input = input
        self.directory = directory
    }

    deinit { stop() }

    /// Every message accepted so far, in the order they arrived.
    public func messages() throws -> [ReceivedMail] {
        let mail = directory.appendingPathComponent("mail")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try FileManager.default.contentsOfDirectory(atPath: mail.path)
            .filter { $0.hasSuffix(".json") }.sorted()
            .map { try decoder.decode(ReceivedMail.self, from: Data(contentsOf: mail.appendingPathComponent($0))) }
    }

    /// Waits until at least `count` messages have arrived; throws after `timeout` seconds.
    public func waitForMessages(count: Int, timeout: Double) async throws -> [ReceivedMail] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let received = try messages()
            if received.count >= count { return received }
            guard Date() < deadline else {
                throw SMTPTestServerError(description: "expected \(count) messages within \(timeout) s, got \(received.count)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Stops the server and removes its directory; called again (or by deinit) it does nothing.
    public func stop() {
        let first = lock.withLock { () -> Bool in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// One message as the test server received and decoded it (Python's `email.policy.default`).
public struct ReceivedMail: Decodable, Sendable {
    /// Envelope: `MAIL FROM` and the accepted `RCPT TO` addresses.
    public var mailFrom: String
    public var rcptTos: [String]
    /// Decoded `From:` header, e.g. `回音系统 <noreply@yx.gov.cn>`.
    public var from: String
    public var subject: String
    /// Decoded text with line breaks as "\n".
    public var body: String
    /// Problems Python's parser found in the message or its headers (should be empty).
    public var defects: [String]
    /// The message as it came over the wire, after dot-unstuffing.
    public var raw: String
}

struct SMTPTestServerError: Error, CustomStringConvertible {
    var description: String
}

/// The first line the server prints (its port), or why there is none.
private final class FirstLine: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = Data()
    private var result: Result<String, any Error>?
    private var waiter: CheckedContinuation<String, any Error>?

    func append(_ data: Data) {
        let line: String? = lock.withLock {
            buffer.append(data)
            return buffer.firstIndex(of: 0x0A).map { String(decoding: buffer[..<$0], as: UTF8.self) }
        }
        if let line { finish(.success(line)) } else if data.isEmpty { fail("output closed") }
    }

    func fail(_ why: String) { finish(.failure(error(why))) }

    func error(_ why: String) -> SMTPTestServerError { SMTPTestServerError(description: why) }

    func value() async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<String, any Error>? = lock.withLock {
                if result == nil { waiter = continuation }
                return result
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    private func finish(_ outcome: Result<String, any Error>) {
        let waiting: CheckedContinuation<String, any Error>? = lock.withLock {
            guard result == nil else { return nil }
            result = outcome
            defer { waiter = nil }
            return waiter
        }
        waiting?.resume(with: outcome)
    }
}

private let serverScript = #"""
import asyncio, json, os, sys
from email import message_from_bytes, policy
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

out_dir = sys.argv[1]
fail = set(json.loads(sys.argv[2]))
login = json.loads(sys.argv[3])
silent = sys.argv[4] == 'silent'


class Handler:
    def __init__(self):
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in fail:
            return '451 4.3.0 try again'
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        msg = message_from_bytes(raw, policy=policy.default)
        defects = [repr(d) for d in msg.defects]
        for name in ('From', 'To', 'Subject', 'Date', 'Message-ID'):
            header = msg[name]
            if header is None:
                defects.append('missing ' + name)
            else:
                defects += ['%s: %r' % (name, d) for d in header.defects]
        body = msg.get_content() if not msg.is_multipart() else ''
        record = {
            'mail_from': envelope.mail_from,
            'rcpt_tos': list(envelope.rcpt_tos),
            'from': str(msg['From']),
            'subject': str(msg['Subject']),
            'body': body.replace('\r\n', '\n'),
            'defects': defects,
            'raw': raw.decode('utf-8', 'replace'),
        }
        self.count += 1
        path = os.path.join(out_dir, '%06d.json' % self.count)
        with open(path + '.tmp', 'w', encoding='utf-8') as f:
            json.dump(record, f, ensure_ascii=False)
        os.replace(path + '.tmp', path)
        return '250 2.0.0 OK'


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, LoginPassword) and login is not None
          and auth_data.login.decode() == login[0] and auth_data.password.decode() == login[1])
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


async def main():
    loop = asyncio.get_running_loop()
    handler = Handler()
    options = dict(hostname='huiyin-test')
    if login is not None:
        options.update(authenticator=authenticator, auth_required=True, auth_require_tls=False)
    factory = asyncio.Protocol if silent else (lambda: SMTP(handler, **options))
    server = await loop.create_server(factory, '127.0.0.1', 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await loop.run_in_executor(None, sys.stdin.buffer.read)  # until the test closes stdin or exits
    server.close()


asyncio.run(main())
"""#
