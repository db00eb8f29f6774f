import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService
import HuiyinStore

/// Routing rules, statistics and reports, accountability by unit, notification preferences, the
/// public 挂牌督办 list and a manual run of the clock watcher.
struct OversightRoutes {
    let api: API

    struct Watched: Encodable { var dueSoon: Int; var supervised: [String: Int] }

    func register(_ router: Router<HuiyinRequestContext>) {
        router.get("api/v1/routing-rules") { request, _ -> Response in
            _ = try await api.staff(request)
            return try JSONIO.response(try await api.huiyin.cases.routingRules())
        }

        router.put("api/v1/routing-rules") { request, _ -> Response in
            let user = try await api.user(request)
            let rules = try await api.decode([RoutingRule].self, request)
            return try JSONIO.response(try await api.huiyin.admin.saveRoutingRules(rules, by: .user(user), now: api.now))
        }

        router.get("api/v1/cases/:id/routing") { request, context -> Response in
            let user = try await api.staff(request)
            guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw HuiyinError.notFound("case_not_found", "信访事项不存在") }
            let view = try await api.huiyin.cases.view(id: id, by: .user(user), now: api.now)
            guard let s = try await api.huiyin.cases.routingSuggestion(for: view.case, by: .user(user)) else {
                throw HuiyinError.notFound("no_suggestion", "没有匹配的派单规则，也没有职责相符的单位")
            }
            return try JSONIO.response(RoutingSuggestionJSON(s, view.directory))
        }

        router.get("api/v1/statistics") { request, _ -> Response in
            let user = try await api.staff(request)
            let q = api.query(request)
            let today = ChinaTime.localDate(api.now)
            let from = try Self.date(q["from"], "from") ?? LocalDate(year: today.year, month: 1, day: 1)!
            let to = try Self.date(q["to"], "to") ?? today
            let s = try await api.huiyin.statistics.statistics(for: user, from: from, to: to, territory: q["territory"].flatMap { $0.isEmpty ? nil : $0 },
                                                               unit: q["unit"].flatMap { $0.isEmpty ? nil : $0 }, now: api.now)
            return try JSONIO.response(StatisticsJSON(s))
        }

        router.get("api/v1/reports/monthly/:month") { request, context -> Response in
            let user = try await api.staff(request)
            let report = try await api.huiyin.statistics.monthlyBulletin(for: user, month: context.parameters.get("month") ?? "", now: api.now)
            return try Self.respond(report, format: api.query(request)["format"])
        }

        router.get("api/v1/reports/annual/:year") { request, context -> Response in
            let user = try await api.staff(request)
            guard let year = context.parameters.get("year").flatMap(Int.init) else {
                throw HuiyinError.invalid("invalid_year", "年份无效", field: "year")
            }
            let report = try await api.huiyin.statistics.annualReport(for: user, year: year, now: api.now)
            return try Self.respond(report, format: api.query(request)["format"])
        }

        // 两倒查 from the unit: every 责任追究 record against it, with its case.
        router.get("api/v1/units/:code/accountability") { request, context -> Response in
            let user = try await api.staff(request)
            let code = context.parameters.get("code") ?? ""
            let list = try await api.huiyin.cases.accountability(ofUnit: code, by: user, now: api.now)
            let dir = api.huiyin.reference.snapshot.directory
            return try JSONIO.response(list.map { OversightJSON.record($0.record, c: $0.case, dir) })
        }

        router.get("api/v1/me/notifications") { request, _ -> Response in
            let user = try await api.staff(request)
            let prefs = try await api.huiyin.notifications.preferences(userID: user.id) ?? NotificationPreferences()
            return try JSONIO.response(PreferencesJSON(prefs))
        }

        router.put("api/v1/me/notifications") { request, _ -> Response in
            let user = try await api.staff(request)
            let body = try await api.decode(PreferencesJSON.self, request)
            let saved = try await api.huiyin.notifications.save(try body.preferences(), for: user.id, by: .user(user), now: api.now)
            return try JSONIO.response(PreferencesJSON(saved))
        }

        // 挂牌督办: open cases listed for public supervision, without any personal data.
        router.get("api/v1/public/listed") { request, _ -> Response in
            let page = Int(api.query(request)["page"] ?? "") ?? 1
            let result = try await api.huiyin.cases.publicListed(page: page, now: api.now)
            return try JSONIO.response(result.views.map(ListedJSON.init))
        }

        router.post("api/v1/clock-watcher/run") { request, _ -> Response in
            let user = try await api.user(request)
            guard user.role == .admin || user.role == .supervisor else {
                throw HuiyinError.forbidden("role_not_allowed", "只有管理员或督查督办员可以立即运行超期巡查")
            }
            let pass = try await ClockWatcher(huiyin: api.huiyin).run(now: api.now)
            return try JSONIO.response(Watched(dueSoon: pass.dueSoon,
                                               supervised: Dictionary(uniqueKeysWithValues: pass.supervised.map { ($0.key.code, $0.value) })))
        }
    }

    static func date(_ raw: String?, _ field: String) throws -> LocalDate? {
        guard let raw, !raw.isEmpty else { return nil }
        guard let d = LocalDate(raw) else { throw HuiyinError.invalid("invalid_date", "日期格式应为 YYYY-MM-DD", field: field) }
        return d
    }

    /// `format=csv` (UTF-8 with BOM), `xlsx`, or JSON (default).
    static func respond(_ report: Report, format: String?) throws -> Response {
        switch format ?? "json" {
        case "json": return try JSONIO.response(ReportJSON(report))
        case "csv": return download(CSVWriter.data(report.tables), type: "text/csv; charset=utf-8", name: report.fileName + ".csv")
        case "xlsx": return download(XLSXWriter.data(report.tables), type: XLSXWriter.contentType, name: report.fileName + ".xlsx")
        default: throw HuiyinError.invalid("invalid_format", "格式只能是 json、csv 或 xlsx", field: "format")
        }
    }

    static func download(_ data: Data, type: String, name: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// A publicly listed case: number, title, place, category, responsible unit, rung and missed deadline.
struct ListedJSON: Encodable, Sendable {
    var number: String
    var title: String
    var territory: NamedJSON?
    var category: NamedJSON?
    var unit: NamedJSON?
    var level: String
    var missedDue: String?
    var listedOn: String?

    init(_ v: CaseView) {
        let c = v.case, dir = v.directory
        let listed = c.ov.supervisions.first { $0.level >= .listed }
        let last = c.ov.supervisions.last
        number = c.number; title = c.title
        territory = NamedJSON.territory(c.territoryCode, dir); category = NamedJSON.category(c.categoryCode, dir)
        unit = NamedJSON.unit(last?.unitCode, dir); level = SupervisionLevel(rawValue: c.ov.level)?.label ?? ""
        missedDue = last?.missedDue?.description; listedOn = listed?.issuedOn.description
    }
}
