import ArgumentParser
import Foundation
import HuiyinCore
import HuiyinPostgres
import HuiyinService
import HuiyinStore

/// Where the database and its key file are.
struct StorageOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite 数据库文件（默认 huiyin.db；--demo 时默认 huiyin-demo.db）")
    var db: String?

    @Option(name: .long, help: "PostgreSQL 地址 postgres://用户:密码@主机:端口/数据库（也可用环境变量 HUIYIN_POSTGRES_URL；不填则用 SQLite）")
    var postgres: String?

    @Option(name: .long, help: "个人信息加密密钥文件（默认与数据库同名，扩展名 .key；PostgreSQL 默认 huiyin.key，各节点须使用同一文件）")
    var key: String?

    @Option(name: .long, help: ArgumentHelp("bcrypt 强度", visibility: .hidden))
    var bcryptCost: UInt8 = 11

    /// The PostgreSQL URL from `--postgres` or `HUIYIN_POSTGRES_URL`, if any.
    var postgresURL: String? {
        if let postgres, !postgres.isEmpty { return postgres }
        if let env = ProcessInfo.processInfo.environment["HUIYIN_POSTGRES_URL"], !env.isEmpty { return env }
        return nil
    }

    /// Whether there is a database to read (always, for PostgreSQL).
    var exists: Bool { postgresURL != nil || FileManager.default.fileExists(atPath: path()) }

    func path(demo: Bool = false) -> String { db ?? (demo ? "huiyin-demo.db" : "huiyin.db") }

    /// What the startup line names: the SQLite file, or the PostgreSQL server without password.
    func describe(demo: Bool = false) -> String {
        if let url = postgresURL, let parsed = try? PostgresURL(url) { return parsed.description }
        return path(demo: demo)
    }

    func open(demo: Bool = false, configure: (inout ServiceSettings) -> Void = { _ in }) async throws -> Huiyin {
        var settings = ServiceSettings()
        settings.bcryptCost = bcryptCost
        configure(&settings)
        if let url = postgresURL {
            if db != nil { throw HuiyinError.invalid("conflicting_storage", "--db 与 --postgres 只能选一个") }
            return try await Huiyin.openPostgres(url: try PostgresURL(url), keyFile: key ?? "huiyin.key", settings: settings)
        }
        return try await Huiyin.openSQLite(path: path(demo: demo), keyFile: key, settings: settings)
    }
}

/// Prints Chinese error messages instead of Swift's descriptions and exits non-zero.
func runReportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let e as HuiyinError {
        FileHandle.standardError.write(Data("错误（\(e.code)）：\(e.message)\n".utf8))
        throw ExitCode(1)
    } catch let e as StoreError {
        FileHandle.standardError.write(Data("错误（\(e.huiyinError.code)）：\(e.huiyinError.message)\n".utf8))
        throw ExitCode(1)
    } catch let e as VaultError {
        FileHandle.standardError.write(Data("错误：\(e)\n".utf8))
        throw ExitCode(1)
    }
}

import HuiyinCore

/// Writes a line to standard output at once (tests and scripts read it while the server runs).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
