import ArgumentParser
import Foundation
import HuiyinCore
import HuiyinDemo

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "只生成演示数据，不启动服务")

    @OptionGroup var storage: StorageOptions
    @Option(help: "信访事项数量") var cases = 300
    @Option(help: "随机种子（相同种子生成相同数据）") var seed: UInt64 = 2026

    func run() async throws {
        try await runReportingErrors {
            let huiyin = try await storage.open(demo: true)
            let started = Date()
            let report = try await Demo.seed(huiyin, cases: cases, seed: seed) { done in
                say("  已生成 \(done) 件（\(Int(Date().timeIntervalSince(started))) 秒）")
            }
            say("已写入 \(storage.describe(demo: true))：\(report.territories) 个属地、\(report.units) 个单位、\(report.users.count) 个用户、\(report.cases) 件信访事项")
            for state in CaseState.allCases { say("  \(state.label)：\(report.byState[state] ?? 0)") }
            say("用户（密码 \(Demo.password)）：" + report.users.joined(separator: " "))
            for warning in report.refusedSteps { say("  提示：\(warning)") }
        }
    }
}
