import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Python with the packages the tests check against (openpyxl reads our .xlsx files, aiosmtpd is a
/// mail server to send to), in a virtual environment at `<package root>/.build/test-venv`.
///
/// The environment is made once and kept: an exclusive `flock` on `.build/test-venv.lock` lets one test
/// process install while the others wait, and a marker file written after a successful install tells
/// later runs to skip it.
///
/// ```swift
/// let python = try await PythonTools.python()
/// let result = try PythonTools.run(python, script: "import sys, openpyxl; print(openpyxl.load_workbook(sys.argv[1]).sheetnames)",
///                                  args: [path])
/// ```
public enum PythonTools {
    /// The packages installed into the environment; changing the list reinstalls.
    public static let packages = ["openpyxl", "aiosmtpd"]

    /// `<package root>/.build/test-venv`; this file is at `Tests/HuiyinTestSupport/`.
    static let venv = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/test-venv")

    /// The path of the environment's python, creating the environment first if needed.
    public static func python() async throws -> String {
        try await prepared.value
    }

    /// Made once per test process (a failure too, so the tests fail fast instead of each retrying); the
    /// blocking work runs on its own thread, not on the tests' executor.
    private static let prepared = Task<String, Error> {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try prepare() })
            }
        }
    }

    private static func prepare() throws -> String {
        let python = venv.appendingPathComponent("bin/python").path
        let marker = venv.appendingPathComponent(".huiyin-packages")
        let wanted = packages.joined(separator: " ")
        func ready() -> Bool {
            FileManager.default.isExecutableFile(atPath: python) && (try? String(contentsOf: marker, encoding: .utf8)) == wanted
        }
        if ready() { return python }

        let folder = venv.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let lockPath = folder.appendingPathComponent("test-venv.lock").path
        let fd = open(lockPath, O_CREAT | O_RDWR, 0o644)
        guard fd >= 0 else { throw PythonToolsError("无法打开锁文件 \(lockPath)：errno \(errno)") }
        defer { close(fd) }  // releases the lock
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw PythonToolsError("无法锁定 \(lockPath)：errno \(errno)") }
        }
        if ready() { return python }  // another process installed while we waited

        if !FileManager.default.isExecutableFile(atPath: python) {
            try? FileManager.default.removeItem(at: venv)  // a half-made environment
            try check(run("/usr/bin/env", arguments: ["python3", "-m", "venv", venv.path]), "创建 Python 虚拟环境")
        }
        try check(run(python, arguments: ["-m", "pip", "install", "--quiet", "--disable-pip-version-check"] + packages),
                  "安装 \(wanted)")
        try wanted.write(to: marker, atomically: true, encoding: .utf8)
        return python
    }

    private static func check(_ result: (status: Int32, stdout: String, stderr: String), _ step: String) throws {
        guard result.status == 0 else {
            throw PythonToolsError("\(step)失败（退出码 \(result.status)）：\(result.stderr)\(result.stdout)")
        }
    }

    /// Runs `python -c script args…` to completion and returns its exit status and output.
    public static func run(_ python: String, script: String, args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try run(python, arguments: ["-c", script] + args)
    }

    /// Runs a program to completion. Standard error is drained on another thread while standard output
    /// is read here, so neither pipe can fill up and stall the child.
    static func run(_ executable: String, arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let errors = Drained()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errors.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors.data, as: UTF8.self))
    }

    /// Written by one thread before `DispatchGroup.leave`, read by another after `wait`.
    private final class Drained: @unchecked Sendable {
        var data = Data()
    }
}

/// Setting up or running the test Python failed; the message says which step and shows its output.
public struct PythonToolsError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
