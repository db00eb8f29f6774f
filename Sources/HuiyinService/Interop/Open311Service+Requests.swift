import Foundation
import HuiyinCore
import HuiyinStore

extension Open311Service {
    /// `GET requests`: filters as in the spec — `service_request_id` (comma list, overrides the rest),
    /// `service_code` (comma list), `start_date`/`end_date` (at most 90 days apart; default the last 90
    /// days), `status` (`open`, `closed`), and the usual `page`/`page_size` (default and most 1000).
    public func requests(_ p: [String: String], now: Date) async throws -> [Open311.Request] {
        let query = try Self.query(p, now: now)
        return try await requests(ids: try await store.open311CaseIDs(query), now: now)
    }

    /// `GET requests/{id}`.
    public func request(number: String, now: Date) async throws -> Open311.Request {
        guard let n = CaseNumber.normalize(number),
              let id = try await store.open311CaseIDs(Open311Query(numbers: [n], from: now, to: now)).first,
              let found = try await requests(ids: [id], now: now).first else {
            throw HuiyinError.notFound("request_not_found", "服务请求“\(number)”不存在或不公开")
        }
        return found
    }

    /// `GET tokens/{token}`: the request a token stands for.
    public func request(token: String) async throws -> String {
        guard let id = try await store.open311Case(token: token), let c = try await store.loadCase(id: id) else {
            throw HuiyinError.notFound("token_not_found", "令牌“\(token)”不存在")
        }
        return c.number
    }

    static let maxSpan: TimeInterval = 90 * 86_400

    static func query(_ p: [String: String], now: Date) throws -> Open311Query {
        func list(_ key: String) -> [String]? {
            let items = (p[key] ?? "").split(separator: ",").compactMap { $0.trimmedOrNil }
            return items.isEmpty ? nil : items
        }
        func date(_ key: String) throws -> Date? {
            guard let raw = p[key]?.trimmedOrNil else { return nil }
            guard let d = ChinaTime.parse(raw) else {
                throw HuiyinError.invalid("invalid_date", "\(key) 应为带时区的 W3C 日期时间，如 2026-11-01T00:00:00+08:00", field: key)
            }
            return d
        }
        func int(_ key: String, _ range: ClosedRange<Int>, default value: Int) throws -> Int {
            guard let raw = p[key]?.trimmedOrNil else { return value }
            guard let n = Int(raw), range.contains(n) else {
                throw HuiyinError.invalid("invalid_\(key)", "\(key) 应为 \(range.lowerBound)–\(range.upperBound) 的整数", field: key)
            }
            return n
        }
        let size = try int("page_size", 1...1000, default: 1000)
        let page = try int("page", 1...1_000_000, default: 1)
        if let ids = list("service_request_id") {
            return Open311Query(numbers: ids.compactMap(CaseNumber.normalize), from: now, to: now, offset: (page - 1) * size, limit: size)
        }
        let start = try date("start_date"), end = try date("end_date")
        let to = end ?? start.map { min(now, $0.addingTimeInterval(maxSpan)) } ?? now.addingTimeInterval(1)
        let from = start ?? to.addingTimeInterval(-maxSpan)
        guard from <= to else { throw HuiyinError.invalid("invalid_date_range", "start_date 不能晚于 end_date", field: "start_date") }
        guard to.timeIntervalSince(from) <= maxSpan + 1 else {
            throw HuiyinError.invalid("date_range_too_long", "start_date 与 end_date 相隔不能超过 90 天", field: "end_date")
        }
        var open: Bool? = nil
        if let statuses = list("status") {
            let set = Set(statuses.map { $0.lowercased() })
            guard set.isSubset(of: ["open", "closed"]) else {
                throw HuiyinError.invalid("invalid_status", "status 只能是 open 或 closed", field: "status")
            }
            if set.count == 1 { open = set.contains("open") }
        }
        return Open311Query(categoryCodes: list("service_code"), from: from, to: to, open: open, offset: (page - 1) * size, limit: size)
    }

    func requests(ids: [Int64], now: Date) async throws -> [Open311.Request] {
        let snap = reference.snapshot
        let submissions = try await store.open311Submissions(caseIDs: ids)
        // One read for the page (up to 1,000), without unsealing people: a request never shows them.
        return try await store.loadCases(ids: ids, withPersons: false).map { c in
            Self.request(cases.makeView(c, history: nil, for: .system, now: now, snap: snap), submissions[c.id])
        }
    }

    /// The public face of a case: no people, no 检举控告 content or handling unit.
    static func request(_ v: CaseView, _ s: Open311Submission?) -> Open311.Request {
        let c = v.case, dir = v.directory
        let closed = Open311Query.closedStates.contains(c.state)
        let secret = c.kind == .accusation
        var notes = c.state.label
        if c.wall == .published, let reply = c.reply, !secret { notes += "。答复：" + reply.text }
        let expected = v.clock.due.map { ChinaTime.startOfDay($0.adding(days: 1)).addingTimeInterval(-1) }
        return Open311.Request(
            id: c.number, status: closed ? "closed" : "open", statusNotes: notes,
            serviceName: c.categoryCode.flatMap { dir.categories.node(code: $0)?.name }, serviceCode: c.categoryCode,
            description: secret ? "（检举控告类事项，内容不予公开）" : String(String.UnicodeScalarView(c.content.unicodeScalars.prefix(4000))),
            agencyResponsible: secret ? nil : c.leadUnitCode.flatMap { dir.unit($0)?.name },
            serviceNotice: nil, requested: c.registeredAt, updated: c.updatedAt, expected: closed ? nil : expected,
            address: s?.address, addressID: s?.addressID, lat: s?.lat, long: s?.lon, mediaURL: s?.mediaURL)
    }
}
