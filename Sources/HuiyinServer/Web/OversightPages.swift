import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService
import HuiyinStore

/// 考核排名与通报 (statistics, ranking, monthly bulletin, annual report with CSV/XLSX downloads),
/// 责任追究 by unit, 派单规则 (admin) and 通知设置.
struct OversightPages {
    let api: API
    let web: WebRenderer
    let security: WebSecurity

    struct Figure { var label: String; var value: String; var id: String }
    struct RankRow { var rank: Int; var unit: String; var total: Int; var replyRate: String; var satisfactionRate: String
        var overdue: Int; var days: String; var score: String; var flagged: Bool }
    struct StatsModel {
        var from: String; var to: String; var territory: String; var unit: String
        var units: [Option]; var territories: [Option]
        var previous: String
        var figures: [Figure]
        var rankings: [RankRow]
        var month: String; var year: Int
    }
    struct RowModel { var cells: [String]; var flagged: Bool }
    struct TableModel { var title: String; var columns: [String]; var rows: [RowModel]; var id: String }
    struct ReportModel { var title: String; var subtitle: String; var tables: [TableModel]; var csv: String; var xlsx: String }
    struct RecordRow { var caseNumber: String; var caseTitle: String; var on: String; var person: String; var missedDue: String; var measure: String; var note: String }
    struct AccountabilityModel { var unit: String; var units: [Option]; var records: [RecordRow]; var empty: Bool }
    struct RuleRow { var n: Int; var territory: String; var category: String; var level: String; var lead: String; var assisting: String }
    struct RoutingModel { var csrf: String; var rules: [RuleRow]; var json: String; var error: String? }
    struct Topic { var value: String; var label: String; var email: Bool; var sms: Bool }
    struct NotifyModel { var csrf: String; var email: String; var phone: String; var topics: [Topic]; var error: String?; var saved: Bool }

    static func percent(_ v: Double?) -> String { ReportTable.Cell.percent(v).display }

    func register(_ group: RouterGroup<HuiyinRequestContext>) {
        group.get("statistics") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/statistics")
            let q = api.query(request)
            let today = ChinaTime.localDate(api.now)
            let from = try OversightRoutes.date(q["from"], "from") ?? LocalDate(year: today.year, month: today.month, day: 1)!
            let to = try OversightRoutes.date(q["to"], "to") ?? today
            let territory = q["territory"].flatMap { $0.isEmpty ? nil : $0 }, unit = q["unit"].flatMap { $0.isEmpty ? nil : $0 }
            let st = try await api.huiyin.statistics.statistics(for: s.user, from: from, to: to, territory: territory, unit: unit, now: api.now)
            let c = st.current
            let dir = api.huiyin.reference.snapshot.directory
            let home = s.user.unitCode.flatMap { dir.unit($0)?.territoryCode }
            let model = StatsModel(
                from: from.description, to: to.description, territory: territory ?? "", unit: unit ?? "",
                units: [Option(value: "", label: "（全部单位）", selected: false)] + WebOptions.units(dir, within: home, selected: [unit ?? ""]),
                territories: [Option(value: "", label: "（全辖区）", selected: false)] + WebOptions.territories(dir, within: home, selected: territory),
                previous: "上一期（\(st.previousFrom) 至 \(st.previousTo)）\(st.previous.total) 件",
                figures: [
                    Figure(label: "信访总量", value: String(c.total), id: "fig-total"),
                    Figure(label: "较上期", value: st.change.map { ($0 >= 0 ? "+" : "") + Self.percent($0) } ?? "—", id: "fig-change"),
                    Figure(label: "按期受理率", value: Self.percent(c.acceptShare), id: "fig-accept"),
                    Figure(label: "按期办结率", value: Self.percent(c.replyShare), id: "fig-reply"),
                    Figure(label: "满意率", value: Self.percent(c.satisfactionShare), id: "fig-satisfaction"),
                    Figure(label: "重复访率", value: Self.percent(c.repeatShare), id: "fig-repeat"),
                    Figure(label: "超期件数", value: String(c.overdue), id: "fig-overdue"),
                    Figure(label: "平均办理天数", value: c.averageHandleDays.map { String(format: "%.1f", $0) } ?? "—", id: "fig-days"),
                    Figure(label: "督办 / 挂牌督办", value: "\(c.supervised) / \(c.listed)", id: "fig-supervised"),
                ],
                rankings: st.rankings.map { r in
                    RankRow(rank: r.rank, unit: r.unitName, total: r.tally.total, replyRate: Self.percent(r.tally.replyShare),
                            satisfactionRate: Self.percent(r.tally.satisfactionShare), overdue: r.tally.overdue,
                            days: r.tally.averageHandleDays.map { String(format: "%.1f", $0) } ?? "—",
                            score: String(format: "%.2f", r.score), flagged: r.flagged)
                },
                month: String(today.adding(months: -1).description.prefix(7)), year: today.year)
            return web.page("statistics", model, title: "考核排名与通报", staff: s.nav, csrf: s.csrf)
        }

        group.get("reports/monthly") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/statistics")
            let q = api.query(request)
            let month = q["month"] ?? String(ChinaTime.localDate(api.now).description.prefix(7))
            let report = try await api.huiyin.statistics.monthlyBulletin(for: s.user, month: month, now: api.now)
            return try reportPage(report, q["format"], s, query: "month=\(month)", path: "monthly")
        }

        group.get("reports/annual") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/statistics")
            let q = api.query(request)
            guard let year = Int(q["year"] ?? String(ChinaTime.localDate(api.now).year)) else {
                throw HuiyinError.invalid("invalid_year", "年份无效", field: "year")
            }
            let report = try await api.huiyin.statistics.annualReport(for: s.user, year: year, now: api.now)
            return try reportPage(report, q["format"], s, query: "year=\(year)", path: "annual")
        }

        group.get("accountability") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/statistics")
            let dir = api.huiyin.reference.snapshot.directory
            let unit = api.query(request)["unit"].flatMap { $0.isEmpty ? nil : $0 } ?? s.user.unitCode ?? ""
            let list = try await api.huiyin.cases.accountability(ofUnit: unit, by: s.user, now: api.now)
            let rows = list.map { r in
                RecordRow(caseNumber: r.case.number, caseTitle: r.case.title, on: r.record.on.description, person: r.record.person ?? "",
                          missedDue: r.record.missedDue?.description ?? "—", measure: r.record.measure.label, note: r.record.note ?? "")
            }
            let model = AccountabilityModel(unit: dir.unit(unit)?.name ?? unit, units: WebOptions.units(dir, within: nil, selected: [unit]),
                                            records: rows, empty: rows.isEmpty)
            return web.page("accountability", model, title: "责任追究", staff: s.nav, csrf: s.csrf)
        }

        group.get("routing") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/routing")
            return try await routingPage(s, json: nil, error: nil)
        }

        group.post("routing") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/routing")
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: s.token)
            let text = form["rules"] ?? ""
            do {
                let rules = try JSONDecoder().decode([RoutingRule].self, from: Data(text.utf8))
                _ = try await api.huiyin.admin.saveRoutingRules(rules, by: .user(s.user), now: api.now)
                return WebRenderer.redirect("/staff/routing")
            } catch let e as HuiyinError {
                return try await routingPage(s, json: text, error: e.message, status: e.kind == .forbidden ? .forbidden : .unprocessableContent)
            } catch {
                return try await routingPage(s, json: text, error: "规则格式不正确（应为 JSON 数组）：\(error)", status: .unprocessableContent)
            }
        }

        group.get("settings/notifications") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/settings/notifications")
            let prefs = try await api.huiyin.notifications.preferences(userID: s.user.id) ?? NotificationPreferences()
            return web.page("notifications", notifyModel(prefs, s, error: nil, saved: api.query(request)["saved"] != nil),
                            title: "通知设置", staff: s.nav, csrf: s.csrf)
        }

        group.post("settings/notifications") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/settings/notifications")
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: s.token)
            let prefs = NotificationPreferences(email: form["email"], phone: form["phone"],
                                                emailTopics: Set(form.all("email_topics").compactMap(OutboxEntry.Kind.init(rawValue:))),
                                                smsTopics: Set(form.all("sms_topics").compactMap(OutboxEntry.Kind.init(rawValue:))))
            do {
                _ = try await api.huiyin.notifications.save(prefs, for: s.user.id, by: .user(s.user), now: api.now)
                return WebRenderer.redirect("/staff/settings/notifications?saved=1")
            } catch let e as HuiyinError {
                return web.page("notifications", notifyModel(prefs, s, error: e.message, saved: false), title: "通知设置",
                                staff: s.nav, csrf: s.csrf, status: .unprocessableContent)
            }
        }
    }

    func reportPage(_ report: Report, _ format: String?, _ s: StaffContext, query: String, path: String) throws -> Response {
        if let format, format != "html" { return try OversightRoutes.respond(report, format: format) }
        let tables = report.tables.enumerated().map { i, t in
            TableModel(title: t.title ?? t.name, columns: t.columns,
                       rows: t.rows.map { r in RowModel(cells: r.map(\.display), flagged: r.last?.display.hasPrefix("排名后三位") == true) },
                       id: "report-table-\(i + 1)")
        }
        let model = ReportModel(title: report.title, subtitle: report.subtitle, tables: tables,
                                csv: "/staff/reports/\(path)?\(query)&format=csv", xlsx: "/staff/reports/\(path)?\(query)&format=xlsx")
        return web.page("report", model, title: report.title, staff: s.nav, csrf: s.csrf)
    }

    func routingPage(_ s: StaffContext, json: String?, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        guard s.user.role == .admin else { throw HuiyinError.forbidden("role_not_allowed", "只有管理员可以设置派单规则") }
        let dir = api.huiyin.reference.snapshot.directory
        let rules = try await api.huiyin.cases.routingRules()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        let text = try json ?? String(decoding: encoder.encode(rules), as: UTF8.self)
        let rows = rules.enumerated().map { i, r in
            RuleRow(n: i + 1, territory: r.territory.map { dir.territoryNames($0).joined(separator: "/") } ?? "（任意）",
                    category: r.category.map { dir.categories.pathNames($0).joined(separator: "/") } ?? "（任意）",
                    level: r.level?.label ?? "（任意）", lead: dir.unit(r.leadUnit)?.name ?? r.leadUnit,
                    assisting: r.assistingUnits.compactMap { dir.unit($0)?.name }.joined(separator: "、"))
        }
        return web.page("routing", RoutingModel(csrf: s.csrf, rules: rows, json: text, error: error), title: "派单规则",
                        staff: s.nav, csrf: s.csrf, status: status)
    }

    func notifyModel(_ p: NotificationPreferences, _ s: StaffContext, error: String?, saved: Bool) -> NotifyModel {
        NotifyModel(csrf: s.csrf, email: p.email ?? "", phone: p.phone ?? "",
                    topics: OutboxEntry.Kind.allCases.map {
                        Topic(value: $0.rawValue, label: $0.label, email: p.emailTopics.contains($0), sms: p.smsTopics.contains($0))
                    }, error: error, saved: saved)
    }
}
