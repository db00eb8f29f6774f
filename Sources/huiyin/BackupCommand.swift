import ArgumentParser
import Foundation
import HuiyinCore
import HuiyinPostgres
import HuiyinStore

/// `huiyin backup --to FILE`: a consistent copy while the server keeps running. SQLite: the online
/// backup API (a page-by-page copy under a read transaction); PostgreSQL: `pg_dump --format=custom`.
/// The key file is not in the backup: keep a copy of it elsewhere, without it the personal data in
/// the backup cannot be read.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backup", abstract: "在线备份数据库（服务无需停止）")

    @OptionGroup var storage: StorageOptions
    @Option(help: "备份文件") var to: String

    func run() async throws {
        try await runReportingErrors {
            guard !FileManager.default.fileExists(atPath: to) else {
                throw HuiyinError.conflict("backup_exists", "备份文件已存在：\(to)（不会覆盖）")
            }
            if let url = storage.postgresURL {
                let parsed = try PostgresURL(url)
                try PostgresTools.run("pg_dump", ["--format=custom", "--no-owner", "--file=\(to)", "--dbname=\(parsed.libpqString)"])
            } else {
                let path = storage.path()
                guard FileManager.default.fileExists(atPath: path) else { throw HuiyinError.notFound("database_not_found", "数据库文件不存在：\(path)") }
                let huiyin = try await storage.open()
                guard let lite = huiyin.store as? SQLiteStore else { return }
                try lite.backup(to: to)
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: to)[.size] as? NSNumber)?.intValue ?? 0
            say("已备份到 \(to)（\(size / 1024) KiB）。加密密钥文件不在备份中，请另行妥善保存。")
        }
    }
}

/// `huiyin restore --from FILE`: into a new SQLite file, or into an empty PostgreSQL database
/// (`pg_restore`). Refuses to overwrite anything.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restore", abstract: "从备份恢复到新的数据库（不覆盖已有数据）")

    @OptionGroup var storage: StorageOptions
    @Option(help: "备份文件") var from: String

    func run() async throws {
        try await runReportingErrors {
            guard FileManager.default.fileExists(atPath: from) else { throw HuiyinError.notFound("backup_not_found", "备份文件不存在：\(from)") }
            if let url = storage.postgresURL {
                let parsed = try PostgresURL(url)
                try PostgresTools.run("pg_restore", ["--no-owner", "--exit-on-error", "--single-transaction",
                                                     "--dbname=\(parsed.libpqString)", from])
            } else {
                let path = storage.path()
                guard !FileManager.default.fileExists(atPath: path) else {
                    throw HuiyinError.conflict("database_exists", "数据库文件已存在：\(path)（恢复只写入新文件）")
                }
                try FileManager.default.copyItem(atPath: from, toPath: path)
            }
            let huiyin = try await storage.open()
            let n = try await huiyin.store.caseCountsByState().values.reduce(0, +)
            say("已恢复：\(n) 件信访事项，\(try await huiyin.store.users().count) 个用户。")
        }
    }
}

/// PostgreSQL's client programs (pg_dump, pg_restore), from PATH or Debian's versioned folders.
enum PostgresTools {
    static func find(_ name: String) -> String? {
        var dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        dirs += versions.sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin" }
        return dirs.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ name: String, _ args: [String]) throws {
        guard let exe = find(name) else {
            throw HuiyinError.notFound("tool_not_found", "找不到 \(name)，请安装 PostgreSQL 客户端（apt-get install postgresql-client）")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        let err = Pipe()
        p.standardError = err
        try p.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw HuiyinError(.internalError, "\(name)_failed", "\(name) 失败：\(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}
