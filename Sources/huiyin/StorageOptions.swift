import ArgumentParser
import Foundation
import HuiyinService
import HuiyinStore

/// Where the database and its key file are.
struct StorageOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite 数据库文件（默认 huiyin.db；--demo 时默认 huiyin-demo.db）")
    var db: String?

    @Option(name: .long, help: "个人信息加密密钥文件（默认与数据库同名，扩展名 .key）")
    var key: String?

    @Option(name: .long, help: ArgumentHelp("bcrypt 强度", visibility: .hidden))
    var bcryptCost: UInt8 = 11

    func path(demo: Bool = false) -> String { db ?? (demo ? "huiyin-demo.db" : "huiyin.db") }

    func open(demo: Bool = false, configure: (inout ServiceSettings) -> Void = { _ in }) async throws -> Huiyin {
        var settings = ServiceSettings()
        settings.bcryptCost = bcryptCost
        configure(&settings)
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
