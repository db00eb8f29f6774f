import ArgumentParser
import Foundation
import HuiyinCore
import HuiyinService

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "从 CSV 或 JSON 文件导入属地、单位、用户或分类表（整个文件成功或全部不导入）",
        discussion: """
        territories  code,name,level,parent
        units        code,name,territory,level,kind,parent,competence（分类编码或路径，用 ; 分隔）
        users        username,name,role,unit,password（密码为空则随机生成并显示）
        categories   level1,level2,level3（替换分类表：保留原有路径的编码，删去的分类停用）
        """)

    enum What: String, ExpressibleByArgument, CaseIterable { case territories, units, users, categories }

    @OptionGroup var storage: StorageOptions
    @Argument(help: "导入什么：territories | units | users | categories") var what: What
    @Argument(help: "CSV 或 JSON 文件") var file: String

    func run() async throws {
        try await runReportingErrors {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw HuiyinError.invalid("file_not_found", "无法读取文件：\(file)")
            }
            let text = String(decoding: data, as: UTF8.self)
            let huiyin = try await storage.open()
            let now = Date()
            switch what {
            case .territories:
                let list = try DirectoryImport.territories(text, format: try DirectoryImport.format(ofFile: file))
                try await huiyin.admin.saveTerritories(list, by: .system, now: now)
                say("已导入 \(list.count) 个属地")
            case .units:
                let list = try DirectoryImport.units(text, format: try DirectoryImport.format(ofFile: file),
                                                     directory: huiyin.reference.snapshot.directory)
                try await huiyin.admin.saveUnits(list, by: .system, now: now)
                say("已导入 \(list.count) 个单位")
            case .users:
                let rows = try DirectoryImport.users(text, format: try DirectoryImport.format(ofFile: file))
                let existing = Set(try await huiyin.admin.users(by: .system).map(\.username))
                for row in rows {
                    if existing.contains(row.username) {
                        _ = try await huiyin.admin.updateUser(username: row.username,
                            .init(displayName: row.displayName, role: row.role, unit: .some(row.unit)), by: .system, now: now)
                        if let pw = row.password { try await huiyin.admin.setPassword(username: row.username, password: pw, by: .system, now: now) }
                        say("已更新 \(row.username)")
                    } else {
                        let pw = row.password ?? DirectoryImport.generatePassword()
                        _ = try await huiyin.admin.createUser(username: row.username, displayName: row.displayName, role: row.role,
                                                              unit: row.unit, password: pw, by: .system, now: now)
                        say("已创建 \(row.username)" + (row.password == nil ? "，初始密码：\(pw)" : ""))
                    }
                }
            case .categories:
                let tree = try await huiyin.admin.replaceCategories(csv: text, by: .system, now: now)
                say("已替换分类表：\(tree.activeNodes.count) 个分类（\(tree.leafCount) 个末级）")
            }
        }
    }
}

struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "列出时限规则集")
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await runReportingErrors {
            let huiyin = try await storage.open()
            for r in huiyin.reference.snapshot.ruleSets.values.sorted(by: { $0.id < $1.id }) {
                say("\(r.id)\t\(r.name)\t登记处理\(r.dispose) 办理\(r.handle) 退回\(r.returnWindow) 复查\(r.review) 复核\(r.recheck)")
            }
        }
    }
}
