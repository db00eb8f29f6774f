import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService
import HuiyinStore

/// 统计分析: the leader dashboard. Every chart is drawn from the table beside it (huiyin.js reads the
/// table), so without Chart.js the page still shows every figure.
struct DashboardPage {
    let api: API
    let web: WebRenderer
    let security: WebSecurity
    /// Whether Debian's Chart.js was found at start-up (else the page shows tables only).
    let chartAvailable: Bool

    struct Row { var label: String; var total: Int; var acceptRate: String; var replyRate: String; var satisfactionRate: String; var overdue: Int }
    struct Table { var id: String; var title: String; var chart: String; var rows: [Row]; var overdueOnly: Bool }
    struct Model {
        var from: String
        var to: String
        var total: Int
        var acceptRate: String
        var replyRate: String
        var satisfactionRate: String
        var overdueNow: Int
        var overdueAlert: Bool
        var tables: [Table]
        var chartAvailable: Bool
    }

    func register(_ group: RouterGroup<HuiyinRequestContext>) {
        group.get("dashboard") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/dashboard")
            let q = api.query(request)
            let today = ChinaTime.localDate(api.now)
            func date(_ key: String, _ fallback: LocalDate) throws -> LocalDate {
                guard let raw = q[key], !raw.isEmpty else { return fallback }
                guard let d = LocalDate(raw) else { throw HuiyinError.invalid("invalid_date", "日期格式应为 YYYY-MM-DD", field: key) }
                return d
            }
            let from = try date("from", LocalDate(year: today.year, month: 1, day: 1)!)
            let to = try date("to", today)
            let d = try await api.huiyin.dashboards.dashboard(for: s.user, from: from, to: to, now: api.now)
            func rows(_ list: [DashboardService.Row]) -> [Row] {
                list.map { Row(label: $0.label, total: $0.tally.total, acceptRate: $0.tally.acceptRate, replyRate: $0.tally.replyRate,
                               satisfactionRate: $0.tally.satisfactionRate, overdue: $0.tally.overdue) }
            }
            let overdueRows = d.overdueByUnit.map { Row(label: $0.label, total: $0.tally.total, acceptRate: "", replyRate: "", satisfactionRate: "", overdue: $0.tally.total) }
            let model = Model(
                from: from.description, to: to.description, total: d.totals.total, acceptRate: d.totals.acceptRate,
                replyRate: d.totals.replyRate, satisfactionRate: d.totals.satisfactionRate,
                overdueNow: d.overdueByUnit.reduce(0) { $0 + $1.tally.total }, overdueAlert: !d.overdueByUnit.isEmpty,
                tables: [
                    Table(id: "month", title: "信访总量月度趋势（近12个月）", chart: "line", rows: rows(d.byMonth), overdueOnly: false),
                    Table(id: "category", title: "按问题分类", chart: "bar", rows: rows(d.byCategory), overdueOnly: false),
                    Table(id: "territory", title: "按属地", chart: "bar", rows: rows(d.byTerritory), overdueOnly: false),
                    Table(id: "channel", title: "按信访渠道", chart: "doughnut", rows: rows(d.byChannel), overdueOnly: false),
                    Table(id: "unit", title: "按主办单位", chart: "bar", rows: rows(d.byUnit), overdueOnly: false),
                    Table(id: "overdue", title: "当前超期件（按主办单位）", chart: "bar", rows: overdueRows, overdueOnly: true),
                ],
                chartAvailable: chartAvailable)
            return web.page("dashboard", model, title: "统计分析", staff: s.nav, csrf: s.csrf, chart: model.chartAvailable)
        }
    }
}
