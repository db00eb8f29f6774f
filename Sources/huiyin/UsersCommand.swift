import ArgumentParser
import Foundation
import HuiyinCore
import HuiyinService

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "管理用户",
        subcommands: [Add.self, List.self, Passwd.self, Disable.self, Enable.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "新增用户（不给密码则随机生成并显示）")
        @OptionGroup var storage: StorageOptions
        @Option(help: "用户名") var username: String
        @Option(help: "姓名") var name: String
        @Option(help: "角色：citizen registrar dispatcher handler supervisor leader admin（或中文）") var role: String
        @Option(help: "所属单位编码（工作人员必填）") var unit: String?
        @Option(help: "密码（至少8位）") var password: String?

        func run() async throws {
            try await runReportingErrors {
                guard let r = Role(parsing: role) else { throw HuiyinError.invalid("invalid_role", "角色无效：\(role)") }
                let huiyin = try await storage.open()
                let pw = password ?? DirectoryImport.generatePassword()
                let user = try await huiyin.admin.createUser(username: username, displayName: name, role: r, unit: unit,
                                                             password: pw, by: .system, now: Date())
                say("已创建用户 \(user.username)（\(user.role.label)）" + (password == nil ? "，初始密码：\(pw)" : ""))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出用户")
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            try await runReportingErrors {
                let huiyin = try await storage.open()
                let dir = huiyin.reference.snapshot.directory
                for u in try await huiyin.admin.users(by: .system) {
                    let unit = u.unitCode.map { dir.unit($0)?.name ?? $0 } ?? "—"
                    say("\(u.username)\t\(u.displayName)\t\(u.role.label)\t\(unit)\(u.active ? "" : "\t（已停用）")")
                }
            }
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "重设密码（不给密码则随机生成并显示）；该用户的登录全部失效")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "用户名") var username: String
        @Option(help: "新密码") var password: String?

        func run() async throws {
            try await runReportingErrors {
                let huiyin = try await storage.open()
                let pw = password ?? DirectoryImport.generatePassword()
                try await huiyin.admin.setPassword(username: username, password: pw, by: .system, now: Date())
                say("已重设 \(username) 的密码" + (password == nil ? "：\(pw)" : ""))
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "停用用户（立即退出登录）")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "用户名") var username: String

        func run() async throws {
            try await runReportingErrors {
                let huiyin = try await storage.open()
                _ = try await huiyin.admin.updateUser(username: username, .init(active: false), by: .system, now: Date())
                say("已停用 \(username)")
            }
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "启用用户")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "用户名") var username: String

        func run() async throws {
            try await runReportingErrors {
                let huiyin = try await storage.open()
                _ = try await huiyin.admin.updateUser(username: username, .init(active: true), by: .system, now: Date())
                say("已启用 \(username)")
            }
        }
    }
}
