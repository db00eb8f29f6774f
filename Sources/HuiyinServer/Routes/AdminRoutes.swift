import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService
import HuiyinStore

/// Users, the holiday calendar, rule sets and the audit log.
struct AdminRoutes {
    let api: API

    struct NewUserBody: Decodable { var username: String; var name: String; var role: String; var unit: String?; var password: String }
    struct UserPatch: Decodable { var name: String?; var role: String?; var unit: String?; var active: Bool? }
    struct PasswordBody: Decodable { var password: String }
    struct YearSummary: Encodable { var year: Int; var source: String?; var holidays: Int; var workdays: Int }
    struct Reindexed: Encodable { var saved: String; var reindexedCases: Int }
    struct DueJSON: Encodable { var from: String; var period: String; var due: String; var explanation: [String] }
    struct AuditJSON: Encodable { var at: String; var actor: String; var role: String; var action: String; var target: String; var details: [String: String] }

    func register(_ router: Router<HuiyinRequestContext>) {
        router.get("api/v1/users") { request, _ -> Response in
            let user = try await api.user(request)
            let dir = api.huiyin.reference.snapshot.directory
            return try JSONIO.response(try await api.huiyin.admin.users(by: .user(user)).map { UserJSON($0, dir) })
        }

        router.post("api/v1/users") { request, _ -> Response in
            let actor = try await api.user(request)
            let body = try await api.decode(NewUserBody.self, request)
            guard let role = Role(parsing: body.role) else {
                throw HuiyinError.invalid("invalid_role", "角色无效：\(body.role)", field: "role")
            }
            let created = try await api.huiyin.admin.createUser(username: body.username, displayName: body.name, role: role,
                                                                unit: body.unit, password: body.password, by: .user(actor), now: api.now)
            return try JSONIO.response(UserJSON(created, api.huiyin.reference.snapshot.directory), status: .created)
        }

        router.patch("api/v1/users/:username") { request, context -> Response in
            let actor = try await api.user(request)
            let patch = try await api.decode(UserPatch.self, request)
            let role = try patch.role.map { raw -> Role in
                guard let r = Role(parsing: raw) else { throw HuiyinError.invalid("invalid_role", "角色无效：\(raw)", field: "role") }
                return r
            }
            let change = AdminService.UserChange(displayName: patch.name, role: role,
                                                 unit: patch.unit.map { $0.isEmpty ? nil : $0 }, active: patch.active)
            let user = try await api.huiyin.admin.updateUser(username: context.parameters.get("username") ?? "", change,
                                                             by: .user(actor), now: api.now)
            return try JSONIO.response(UserJSON(user, api.huiyin.reference.snapshot.directory))
        }

        router.post("api/v1/users/:username/password") { request, context -> Response in
            let actor = try await api.user(request)
            let body = try await api.decode(PasswordBody.self, request)
            try await api.huiyin.admin.setPassword(username: context.parameters.get("username") ?? "", password: body.password,
                                                   by: .user(actor), now: api.now)
            return Response(status: .noContent)
        }

        router.get("api/v1/calendar/years") { _, _ -> Response in
            let years = api.huiyin.reference.snapshot.calendar.years.values.sorted { $0.year < $1.year }
            return try JSONIO.response(years.map { YearSummary(year: $0.year, source: $0.source, holidays: $0.holidays.count, workdays: $0.workdays.count) })
        }

        router.get("api/v1/calendar/years/:year") { _, context -> Response in
            guard let y = context.parameters.get("year").flatMap(Int.init),
                  let year = api.huiyin.reference.snapshot.calendar.years[y] else {
                throw HuiyinError.notFound("calendar_year_not_found", "尚未录入该年度的节假日安排")
            }
            return try JSONIO.response(year)
        }

        // Adds or replaces a year (the State Council publishes next year's schedule each November).
        router.post("api/v1/calendar/years") { request, _ -> Response in
            let actor = try await api.user(request)
            let data = try await JSONIO.body(request, limit: api.options.maxBodyBytes)
            let year = try DefaultData.decodeCalendarYear(data)
            let n = try await api.huiyin.admin.saveCalendarYear(year, by: .user(actor), now: api.now)
            return try JSONIO.response(Reindexed(saved: String(year.year), reindexedCases: n), status: .created)
        }

        // The due date of a period, with the reasoning: `?from=2026-09-16&days=15[&working=true]`.
        router.get("api/v1/calendar/due") { request, _ -> Response in
            let q = api.query(request)
            guard let from = q["from"].flatMap(LocalDate.init) else {
                throw HuiyinError.invalid("invalid_date", "from 应为 YYYY-MM-DD", field: "from")
            }
            guard let days = q["days"].flatMap(Int.init), (0...3650).contains(days) else {
                throw HuiyinError.invalid("invalid_days", "days 应为0到3650之间的整数", field: "days")
            }
            let period = Period(days: days, unit: q["working"] == "true" ? .working : .calendar)
            let (due, lines) = api.huiyin.reference.snapshot.calendar.explainDue(after: from, period: period)
            return try JSONIO.response(DueJSON(from: from.description, period: period.description, due: due.description, explanation: lines))
        }

        router.get("api/v1/rule-sets") { _, _ -> Response in
            try JSONIO.response(api.huiyin.reference.snapshot.ruleSets.values.sorted { $0.id < $1.id })
        }

        router.put("api/v1/rule-sets/:id") { request, context -> Response in
            let actor = try await api.user(request)
            let rules = try DefaultData.decodeRuleSet(try await JSONIO.body(request, limit: api.options.maxBodyBytes))
            guard rules.id == context.parameters.get("id") else {
                throw HuiyinError.invalid("id_mismatch", "路径中的规则集编号与内容中的 id 不一致", field: "id")
            }
            let n = try await api.huiyin.admin.saveRuleSet(rules, by: .user(actor), now: api.now)
            return try JSONIO.response(Reindexed(saved: rules.id, reindexedCases: n))
        }

        router.get("api/v1/audit") { request, _ -> Response in
            let actor = try await api.user(request)
            let raw = api.query(request)["limit"]
            let limit = raw.map { Int($0) ?? 0 } ?? 100
            let entries = try await api.huiyin.admin.auditLog(limit: limit, by: .user(actor))
            return try JSONIO.response(entries.map {
                AuditJSON(at: ChinaTime.timestamp($0.at), actor: $0.actor.name, role: $0.actor.role, action: $0.action,
                          target: $0.target, details: $0.details)
            })
        }
    }
}
