import Foundation
import HuiyinCore
import HuiyinStore

/// 结对帮扶 / 联系户: a cadre paired with a household, and the cadre's visits to it. The household (name,
/// phone, address, situation) is sealed; only the cadre and the leaders, dispatchers, supervisors and
/// admins over the territory see it.
public final class PairingService: Sendable {
    let store: any HuiyinStore
    let vault: PersonalDataVault
    let reference: ReferenceData
    let admin: AdminService

    init(store: any HuiyinStore, vault: PersonalDataVault, reference: ReferenceData, admin: AdminService) {
        self.store = store; self.vault = vault; self.reference = reference; self.admin = admin
    }

    /// A paired household.
    public struct Household: Codable, Sendable, Hashable {
        public var name: String
        public var phone: String?
        public var address: String?
        /// 困难类型 / 家庭情况, e.g. 低保户、独居老人.
        public var situation: String?
        public init(name: String, phone: String? = nil, address: String? = nil, situation: String? = nil) {
            self.name = name; self.phone = phone; self.address = address; self.situation = situation
        }
    }

    public struct Input: Sendable {
        /// Username of the cadre; the creator when nil.
        public var cadre: String?
        public var kind: String?
        public var household: Household
        public var territory: String?
        public var startedOn: String?
        public var note: String?
        public init(cadre: String? = nil, kind: String?, household: Household, territory: String?, startedOn: String? = nil, note: String? = nil) {
            self.cadre = cadre; self.kind = kind; self.household = household; self.territory = territory; self.startedOn = startedOn; self.note = note
        }
    }

    public struct Pairing: Sendable {
        public var record: PairingRecord
        public var cadre: User?
        public var household: Household
        /// No visit within `Self.visitDays` days of a running pairing (or since it started).
        public var visitOverdue: Bool
        public var visits: [PairingVisit]?
        /// Only the cadre records visits.
        public var mayVisit: Bool
    }

    /// A running pairing without a visit for this many days is flagged (帮扶 at least once a month).
    public static let visitDays = 30
    static let supervisors: [Role] = [.leader, .dispatcher, .supervisor, .admin]
    static let assigners: [Role] = [.leader, .dispatcher, .admin]

    public func create(_ input: Input, by actor: Actor, now: Date) async throws -> Pairing {
        let user = try GrassrootsScope.staff(actor, "登记结对帮扶")
        let dir = reference.snapshot.directory
        var cadre = user
        if let name = input.cadre?.trimmedOrNil, name != user.username {
            try GrassrootsScope.require(user, Self.assigners, "为他人安排结对（仅领导、信访部门或管理员）")
            guard let u = try await admin.existingUser(name), u.active, u.role.isStaff else {
                throw HuiyinError.invalid("unknown_cadre", "干部“\(name)”不存在或已停用", field: "cadre")
            }
            cadre = u
        }
        guard let kind = PairingKind(parsing: input.kind ?? PairingKind.contact.rawValue) else {
            throw HuiyinError.invalid("invalid_pairing_kind", "结对类型只能是：结对帮扶、联系户", field: "kind")
        }
        let territory = try GrassrootsScope.territory(input.territory, user, dir)
        let h = input.household
        let household = Household(
            name: try GrassrootsScope.text(h.name, field: "household.name", label: "户主姓名", max: 50),
            phone: try h.phone?.trimmedOrNil.map { try IdentityCheck.phone($0, field: "household.phone") },
            address: try GrassrootsScope.optionalText(h.address, field: "household.address", label: "住址", max: 200),
            situation: try GrassrootsScope.optionalText(h.situation, field: "household.situation", label: "家庭情况", max: 500, multiline: true))
        let today = ChinaTime.localDate(now)
        let start = try GrassrootsScope.date(input.startedOn, field: "started_on", default: today)
        guard start <= today else { throw HuiyinError.invalid("date_in_future", "结对日期不能晚于今天", field: "started_on") }
        let note = try GrassrootsScope.optionalText(input.note, field: "note", label: "帮扶计划", max: 2000, multiline: true) ?? ""
        let record = try await store.createPairing(
            cadreID: cadre.id, kind: kind, householdSealed: try vault.seal(try JSONEncoder().encode(household)), territory: territory,
            scopePath: dir.territoryPath(territory)!, unit: cadre.unitCode ?? "", startedOn: start, note: note, at: now, by: actor.reference.name,
            audit: admin.audit(actor, "pairing.create", territory, now, ["cadre": cadre.username, "kind": kind.rawValue]))
        return try await pairing(record, user, visits: [], now: now)
    }

    /// The cadre's own pairings; leaders, dispatchers, supervisors and admins see every pairing in their scope.
    public func list(by actor: Actor, now: Date) async throws -> [Pairing] {
        let user = try GrassrootsScope.staff(actor, "查看结对帮扶")
        let records: [PairingRecord]
        if Self.supervisors.contains(user.role) {
            records = try await store.pairings(paths: GrassrootsScope.listPaths(user, reference.snapshot.directory), cadre: nil)
        } else {
            records = try await store.pairings(paths: nil, cadre: user.id)
        }
        let users = try await store.usersByID()
        return try records.map { try pairing($0, user, users, visits: nil, now: now) }
    }

    public func detail(id: Int64, by actor: Actor, now: Date) async throws -> Pairing {
        let (record, user) = try await find(id, actor)
        return try await pairing(record, user, visits: try await store.pairingVisits(pairingID: id), now: now)
    }

    /// The cadre records a visit: when (within the last 30 days, not before the pairing), what was heard, what help was given.
    public func visit(id: Int64, on raw: String?, heard: String?, help: String?, by actor: Actor, now: Date) async throws -> Pairing {
        let (record, user) = try await find(id, actor)
        guard record.cadreID == user.id else { throw HuiyinError.forbidden("not_the_cadre", "只有结对干部本人可以记录走访") }
        guard record.endedOn == nil else { throw HuiyinError.conflict("pairing_ended", "该结对已结束") }
        let today = ChinaTime.localDate(now)
        let day = try GrassrootsScope.date(raw, field: "visited_on", default: today)
        guard day <= today, day >= today.adding(days: -30), day >= record.startedOn else {
            throw HuiyinError.invalid("visit_date_out_of_range", "走访日期须在结对之后、最近30天之内且不晚于今天", field: "visited_on")
        }
        let heard = try GrassrootsScope.text(heard, field: "heard", label: "走访情况", max: 2000, multiline: true)
        let help = try GrassrootsScope.optionalText(help, field: "help", label: "帮扶措施", max: 2000, multiline: true) ?? ""
        try await store.addPairingVisit(pairingID: id, visitedOn: day, heard: heard, help: help, at: now, by: actor.reference.name,
                                        audit: admin.audit(actor, "pairing.visit", String(id), now, ["day": day.description]))
        return try await detail(id: id, by: actor, now: now)
    }

    /// Ends a pairing (脱贫、搬迁、调整结对): the cadre's leaders, dispatchers or admins over the territory, or the cadre.
    public func end(id: Int64, on raw: String?, by actor: Actor, now: Date) async throws -> Pairing {
        let (record, user) = try await find(id, actor)
        guard record.cadreID == user.id || Self.assigners.contains(user.role) else {
            throw HuiyinError.forbidden("role_not_allowed", "只有结对干部、领导、信访部门或管理员可以结束结对")
        }
        guard record.endedOn == nil else { throw HuiyinError.conflict("pairing_ended", "该结对已结束") }
        let today = ChinaTime.localDate(now)
        let day = try GrassrootsScope.date(raw, field: "ended_on", default: today)
        guard day <= today, day >= record.startedOn else {
            throw HuiyinError.invalid("invalid_date", "结束日期须在结对之后且不晚于今天", field: "ended_on")
        }
        try await store.endPairing(id: id, on: day, audit: admin.audit(actor, "pairing.end", String(id), now, ["day": day.description]))
        return try await detail(id: id, by: actor, now: now)
    }

    private func find(_ id: Int64, _ actor: Actor) async throws -> (PairingRecord, User) {
        let user = try GrassrootsScope.staff(actor, "查看结对帮扶")
        guard let r = try await store.pairing(id: id),
              r.cadreID == user.id || (Self.supervisors.contains(user.role) && GrassrootsScope.covers(r.territoryCode, user, reference.snapshot.directory))
        else { throw HuiyinError.notFound("pairing_not_found", "结对不存在或不在您的辖区") }
        return (r, user)
    }

    private func pairing(_ r: PairingRecord, _ viewer: User, visits: [PairingVisit], now: Date) async throws -> Pairing {
        try pairing(r, viewer, try await store.usersByID(), visits: visits, now: now)
    }

    private func pairing(_ r: PairingRecord, _ viewer: User, _ users: [Int64: User], visits: [PairingVisit]?, now: Date) throws -> Pairing {
        let today = ChinaTime.localDate(now)
        let since = r.lastVisit ?? r.startedOn
        return Pairing(record: r, cadre: users[r.cadreID],
                       household: try JSONDecoder().decode(Household.self, from: try vault.open(r.householdSealed)),
                       visitOverdue: r.endedOn == nil && today.days(since: since) > Self.visitDays, visits: visits,
                       mayVisit: r.cadreID == viewer.id && r.endedOn == nil)
    }
}
