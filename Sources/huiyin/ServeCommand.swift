import ArgumentParser
import Foundation
import HuiyinCore
import HuiyinDemo
import HuiyinServer
import HuiyinService
import Hummingbird
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "启动 HTTP 服务（JSON API）")

    @OptionGroup var storage: StorageOptions

    @Option(help: "监听地址") var host = "127.0.0.1"
    @Option(help: "监听端口（0 = 随机空闲端口）") var port = 8080
    @Flag(help: "使用演示数据（云溪市，空数据库时自动生成）") var demo = false
    @Option(help: "演示数据的信访事项数量") var demoCases = 300
    @Option(help: "网上信访的受理单位编码（默认：最高一级信访部门）") var publicUnit: String?
    @Option(help: "通知发送到此文件（每行一条 JSON，可供短信网关等程序读取）；不填则写入日志") var notifyLog: String?
    @Option(help: "发送通知邮件的 SMTP 服务器（host:port，如 mail.gov.local:25；不填则不发邮件）") var smtp: String?
    @Option(help: "通知邮件的发件地址") var smtpFrom = "huiyin@localhost"
    @Option(help: "SMTP 登录用户名（AUTH PLAIN；密码取环境变量 HUIYIN_SMTP_PASSWORD）") var smtpUser: String?
    @Option(help: "短信通知写入此文件（每行一条 JSON，供短信网关读取）；不填则只记入日志") var smsLog: String?
    @Option(help: "网格地图的底图瓦片地址（如 https://tiles.example.gov.cn/{z}/{x}/{y}.png）；不填则只绘制网格边界") var mapTiles: String?
    @Option(help: "访问 /metrics 须带的令牌（Authorization: Bearer …；也可用环境变量 HUIYIN_METRICS_TOKEN）；不填则不需令牌") var metricsToken: String?
    @Flag(help: "不运行后台任务（超期巡查与督办、通知发送、参考数据同步）") var noJobs = false
    @Flag(help: ArgumentHelp("开启 /bench 基准测试接口", visibility: .hidden)) var benchEndpoints = false
    @Option(help: ArgumentHelp("后台任务间隔秒数（测试用）", visibility: .hidden)) var jobInterval: Double?

    func run() async throws {
        try await runReportingErrors {
            let huiyin = try await storage.open(demo: demo) { settings in
                settings.publicIntakeUnit = publicUnit
                if let jobInterval {
                    settings.outboxPollSeconds = jobInterval
                    settings.overdueScanSeconds = jobInterval
                    settings.referencePollSeconds = jobInterval
                }
            }
            if demo, try await !Demo.isSeeded(huiyin) {
                say("正在生成演示数据（云溪市，\(demoCases) 件信访事项）…")
                let report = try await Demo.seed(huiyin, cases: demoCases)
                say("演示数据已生成：\(report.territories) 个属地、\(report.units) 个单位、\(report.users.count) 个用户、\(report.cases) 件信访事项")
                for warning in report.refusedSteps.prefix(5) { say("  提示：\(warning)") }
            }
            if demo {
                say("演示账号（密码均为 \(Demo.password)）：admin registrar dispatcher handler supervisor leader grid citizen")
            }
            var options = ServerOptions()
            options.host = host
            options.port = port
            options.benchEndpoints = benchEndpoints
            options.mapTileURL = mapTiles?.trimmingCharacters(in: .whitespaces).isEmpty == false ? mapTiles : nil
            options.metricsToken = metricsToken ?? ProcessInfo.processInfo.environment["HUIYIN_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            var logger = Logger(label: "huiyin")
            logger.logLevel = .notice
            let inner: any NotificationSink = notifyLog.map { JSONLinesSink(path: $0) } ?? LogSink(logger: logger)
            let email = try smtp.map { try smtpTransport($0) }
            let sink = NotificationDispatcher(huiyin: huiyin, email: email, sms: LoggingSMSTransport(logger: logger, file: smsLog),
                                              inner: inner, logger: logger)
            let jobs = noJobs ? nil : BackgroundJobs(huiyin: huiyin, sink: sink, logger: logger)
            let app = buildApplication(huiyin, options: options, logger: logger, jobs: jobs) { actual in
                say("回音 Huiyin 已启动：http://\(host):\(actual)  数据库：\(storage.describe(demo: demo))")
            }
            try await app.runService()
        }
    }

    func smtpTransport(_ address: String) throws -> SMTPTransport {
        let parts = address.split(separator: ":")
        guard (1...2).contains(parts.count), let port = parts.count == 2 ? Int(parts[1]) : 25 else {
            throw ValidationError("--smtp 应为 主机:端口，如 mail.gov.local:25")
        }
        return SMTPTransport(settings: SMTPSettings(host: String(parts[0]), port: port, from: smtpFrom, fromName: "回音信访系统",
                                                    username: smtpUser, password: ProcessInfo.processInfo.environment["HUIYIN_SMTP_PASSWORD"]))
    }
}
