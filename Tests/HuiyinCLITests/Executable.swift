import Foundation
import HummingbirdTesting
import HuiyinTestSupport

/// The built `huiyin` executable, next to the test bundle in the build folder.
enum Executable {
    static let url: URL = {
        let dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        return dir.appendingPathComponent("huiyin")
    }()

    struct Result { var status: Int32; var stdout: String; var stderr: String
        var lines: [String] { stdout.split(separator: "\n").map(String.init) } }

    /// Runs `huiyin args…` to completion.
    static func run(_ args: [String]) throws -> Result {
        let p = Process()
        p.executableURL = url
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}

/// A `huiyin serve` process on a free port.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    private let lock = NSLock()
    private var output = ""
    private(set) var port = 0

    init(_ args: [String]) throws {
        process.executableURL = Executable.url
        process.arguments = ["serve", "--port", "0", "--bcrypt-cost", "4"] + args
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        out.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard !data.isEmpty else { handle.readabilityHandler = nil; return }
            self?.lock.withLock { self?.output += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let text = lock.withLock { output }
            if let range = text.range(of: "已启动：http://127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                port = Int(digits) ?? 0
                return
            }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.terminate()
        throw NSError(domain: "serve", code: 1, userInfo: [NSLocalizedDescriptionKey: "server did not start: \(lock.withLock { output })"])
    }

    /// Ends the process without any chance to flush or clean up (power-cut style).
    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func stop() {
        if process.isRunning { process.terminate(); process.waitUntilExit() }
    }

    /// Runs `body` with an HTTP client connected to the server.
    func withAPI<T: Sendable>(_ body: @escaping @Sendable (APIClient) async throws -> T) async throws -> T {
        try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            try await body(APIClient(client))
        }
    }

    deinit { stop() }
}

/// A temporary folder removed when the test ends.
final class TempFolder: @unchecked Sendable {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("huiyin-cli-\(UUID().uuidString)")
    init() { try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func write(_ name: String, _ text: String) throws -> String {
        let p = path(name)
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// The storage arguments of a test's `huiyin` runs: a SQLite file in the test's folder, or a fresh
/// PostgreSQL database and a key file in that folder when the suite runs on PostgreSQL.
struct TestStorage: Sendable {
    let args: [String]

    static func make(_ tmp: TempFolder, _ name: String = "h") async throws -> TestStorage {
        if TestEngine.current.isPostgres {
            let url = try await TestDatabases.shared.fresh()
            return TestStorage(args: ["--postgres", url.connectionString, "--key", tmp.path("\(name).key")])
        }
        return TestStorage(args: ["--db", tmp.path("\(name).db")])
    }
}
