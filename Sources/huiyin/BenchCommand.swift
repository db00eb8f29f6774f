import ArgumentParser
import Foundation
import HuiyinCore
import HuiyinPostgres
import HuiyinService
import HuiyinStore

/// `huiyin bench-queries`: times the workbench's list queries (the service path: scope, filters,
/// decryption of the page's people) on the current database, as real users of the demo city.
struct BenchQueriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench-queries", abstract: "测量工作台列表查询的耗时（基准测试用）",
                                                    shouldDisplay: false)

    @OptionGroup var storage: StorageOptions
    @Option(help: "每个查询的计时次数") var iterations = 60

    func run() async throws {
        try await runReportingErrors {
            let huiyin = try await storage.open(demo: true)
            let now = Date()
            let today = ChinaTime.localDate(now)
            let counts = try await huiyin.store.caseCountsByState()
            let total = counts.values.reduce(0, +)
            var size: Int64 = 0
            if let lite = huiyin.store as? SQLiteStore { size = lite.fileSize }
            if let pg = huiyin.store as? PostgresStore { size = try await pg.databaseSize() }
            say("cases \(total)  storage \(size / 1_048_576) MiB  bytes/case \(total > 0 ? size / Int64(total) : 0)")
            let cases: [(String, String, [String: String])] = [
                ("city dispatcher, newest first", "dispatcher", [:]),
                ("district dispatcher, newest first", "dispatcher-dh", [:]),
                ("unit handler (cases of yx-zjj)", "handler", [:]),
                ("city, state assigned+in_progress", "dispatcher", ["state": "assigned,in_progress"]),
                ("city, overdue, by deadline", "dispatcher", ["overdue": "true", "sort": "due"]),
                ("city, territory subtree 青石镇", "dispatcher", ["territory": "yx-dh-qs"]),
                ("city, received last 30 days", "dispatcher", ["from": today.adding(days: -30).description]),
                ("city, lead unit + state", "dispatcher", ["unit": "yx-zjj", "state": "in_progress"]),
                ("city, category subtree + channel", "dispatcher", ["category": "城乡建设", "channel": "来信"]),
                ("city, page 50", "dispatcher", ["page": "50"]),
                ("district, due soon", "dispatcher-dh", ["due_soon": "true", "sort": "due"]),
            ]
            func pad(_ text: String, _ width: Int) -> String {
                // Chinese characters take two columns in a terminal.
                let cols = text.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? 2 : 1) }
                return text + String(repeating: " ", count: max(0, width - cols))
            }
            say(pad("query", 40) + "    p50 ms    p95 ms    max ms    total")
            for (name, username, params) in cases {
                guard let user = try await huiyin.store.user(username: username)?.user else { continue }
                var times: [Double] = []
                var matched = 0
                for i in 0..<(iterations + 5) {
                    let start = DispatchTime.now().uptimeNanoseconds
                    let r = try await huiyin.cases.list(CaseFilter(parameters: params), by: user, now: now)
                    let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                    if i >= 5 { times.append(ms) }
                    matched = r.total
                }
                times.sort()
                func pct(_ p: Double) -> Double { times[min(times.count - 1, Int(Double(times.count) * p))] }
                say(pad(name, 40) + String(format: " %9.2f %9.2f %9.2f %8d", pct(0.5), pct(0.95), times.last ?? 0, matched))
            }
            let rss = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8))?.split(separator: "\n")
                .first { $0.hasPrefix("VmRSS") }.map(String.init) ?? ""
            say("memory \(rss)")
        }
    }
}
