import ArgumentParser
import Foundation
import HuiyinCore
import HuiyinService

/// `huiyin import-cases FILE.csv`: historical cases from CSV, as `POST /api/v1/cases/import` does it
/// (each row through intake, 交办 and 答复; bad rows reported, good rows kept; nothing notified),
/// for a county moving its old ledger in before the server is first started.
struct ImportCasesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-cases",
        abstract: "从 CSV 导入历史信访事项（逐行校验：有错的行列出行号和原因，其余照常导入）",
        discussion: """
        列按表头识别：本系统导出的中文表头（标题、反映内容、问题分类、收到日期、答复内容…），或共享数据的英文表头
        （title、detail、label、time、user、reply、reply_time…）；也可用 --mapping 指定。文件须为 UTF-8（可带 BOM）。
        """)

    @OptionGroup var storage: StorageOptions
    @Argument(help: "CSV 文件") var file: String
    @Option(help: "字段:列名,字段:列名（如 title:标题,content:内容）") var mapping: String?
    @Option(help: "没有渠道列时的信访渠道（默认 网上信访）") var channel: String?
    @Option(help: "没有类型列时的信访类型（默认 建议意见）") var kind: String?
    @Option(help: "没有属地列时的属地代码（默认受理单位所在属地）") var territory: String?
    @Option(name: .customLong("lead-unit"), help: "有答复但没有承办单位列时的承办单位代码（默认受理单位）") var leadUnit: String?
    @Option(help: "有答复时的处理意见（默认 解释说明）") var opinion: String?
    @Option(help: "没有分类、文本模型也给不出建议时的分类") var category: String?
    @Option(name: .customLong("max-errors"), help: "最多列出多少行错误") var maxErrors = 50

    func run() async throws {
        try await runReportingErrors {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw HuiyinError.invalid("file_not_found", "无法读取文件：\(file)")
            }
            guard let csv = String(data: data, encoding: .utf8) else {
                throw HuiyinError.invalid("invalid_encoding", "文件须为 UTF-8 编码的 CSV（Excel 另存为“CSV UTF-8”）")
            }
            var options = CaseImport.Options()
            if let mapping { try options.parseMapping(mapping) }
            if let channel { options.channel = channel }
            if let kind { options.kind = kind }
            if let opinion { options.opinion = opinion }
            options.territory = territory
            options.leadUnit = leadUnit
            options.category = category
            let huiyin = try await storage.open()
            let started = Date()
            let report = try await huiyin.admin.importCases(csv: csv, options: options, by: .system, now: Date(), huiyin: huiyin)
            say("读取 \(report.rows) 行：导入 \(report.imported) 件（其中已答复 \(report.replied) 件），\(report.errors.count) 行有错，"
                + String(format: "用时 %.1f 秒", Date().timeIntervalSince(started)))
            say("列：" + report.columns.sorted { $0.key < $1.key }.map { "\($0.key)←\($0.value)" }.joined(separator: "，"))
            for e in report.errors.prefix(maxErrors) {
                say("第 \(e.row) 行 [\(e.code)] \(e.message)")
            }
            if report.errors.count > maxErrors { say("……另有 \(report.errors.count - maxErrors) 行错误未列出") }
            if category == nil, report.errors.contains(where: { $0.field == "category" }) {
                say("提示：这些行没有分类，文本模型也给不出建议：可用 --category 指定默认分类，或先训练模型（huiyin insight train）")
            }
            if report.imported == 0 && report.rows > 0 { throw ExitCode(2) }
        }
    }
}
