import Foundation
import HuiyinCore
import HuiyinStore

/// 领导接待日 and 包案: the schedule (published on the portal), hot and hard cases screened onto a day,
/// visits registered as cases through channel 领导接待日, and the leader taking cases on (包案) to the end.
public final class ReceptionService: Sendable {
    let store: any HuiyinStore
    let reference: ReferenceData
    let admin: AdminService
    let cases: CaseService

    init(store: any HuiyinStore, reference: ReferenceData, admin: AdminService, cases: CaseService) {
        self.store = store; self.reference = reference; self.admin = admin; self.cases = cases
    }

    public struct ScheduleInput: Sendable {
        /// Username of the receiving leader (role 领导), or nil with `leaderName` for someone without an account.
        public var leader: String?
        public var leaderName: String?
        public var leaderTitle: String?
        public var portfolio: String?
        public var day: String?
        public var startTime: String?
        public var endTime: String?
        public var place: String?
        public var territory: String?
        public var published: Bool
        public var note: String?
        public init(leader: String? = nil, leaderName: String? = nil, leaderTitle: String?, portfolio: String?, day: String?, startTime: String?,
                    endTime: String?, place: String?, territory: String? = nil, published: Bool = false, note: String? = nil) {
            self.leader = leader; self.leaderName = leaderName; self.leaderTitle = leaderTitle; self.portfolio = portfolio; self.day = day
            self.startTime = startTime; self.endTime = endTime; self.place = place; self.territory = territory; self.published = published
            self.note = note
        }
    }

    public struct ReceptionView: Sendable {
        public struct Item: Sendable { public var link: ReceptionCase; public var view: CaseView }
        public var day: ReceptionDay
        public var items: [Item]
        /// Registrars and dispatchers over the territory screen cases and register visits.
        public var mayAddCases: Bool
        public var mayManage: Bool
        /// The receiving leader (包案 on the listed cases).
        public var isLeader: Bool
    }

    // MARK: Schedule

    public func schedule(_ input: ScheduleInput, by actor: Actor, now: Date) async throws -> ReceptionDay {
        let user = try GrassrootsScope.staff(actor, "安排领导接待日")
        guard [.dispatcher, .leader, .admin].contains(user.role) else {
            throw HuiyinError.forbidden("role_not_allowed", "只有信访部门、领导或管理员可以安排领导接待日")
        }
        let dir = reference.snapshot.directory
        var leader: User?
        if let name = input.leader?.trimmedOrNil {
            guard let u = try await admin.existingUser(name), u.active, u.role == .leader else {
                throw HuiyinError.invalid("not_a_leader", "用户“\(name)”不存在或不是领导", field: "leader")
            }
            leader = u
        }
        let leaderName = try leader?.displayName ?? GrassrootsScope.text(input.leaderName, field: "leader_name", label: "接待领导", max: 50)
        let title = try GrassrootsScope.text(input.leaderTitle, field: "leader_title", label: "领导职务", max: 50)
        let portfolio = try GrassrootsScope.optionalText(input.portfolio, field: "portfolio", label: "分管领域", max: 200) ?? ""
        let today = ChinaTime.localDate(now)
        guard let raw = input.day?.trimmedOrNil else { throw HuiyinError.missing("day", "接待日期") }
        guard let day = LocalDate(raw) else { throw HuiyinError.invalid("invalid_date", "接待日期格式应为 YYYY-MM-DD", field: "day") }
        guard day >= today, day <= today.adding(days: 366) else {
            throw HuiyinError.invalid("day_out_of_range", "接待日期须在今天至一年之内", field: "day")
        }
        let start = try Self.time(input.startTime, field: "start_time"), end = try Self.time(input.endTime, field: "end_time")
        guard start < end else { throw HuiyinError.invalid("invalid_time", "结束时间须晚于开始时间", field: "end_time") }
        let place = try GrassrootsScope.text(input.place, field: "place", label: "接待地点", max: 100)
        let territoryCode = try input.territory?.trimmedOrNil.map { try Intake.resolveTerritory($0, in: dir) }
            ?? leader?.unitCode.flatMap { dir.unit($0)?.territoryCode } ?? user.unitCode.flatMap { dir.unit($0)?.territoryCode }
        guard let territoryCode, GrassrootsScope.covers(territoryCode, user, dir) else {
            throw HuiyinError.forbidden("outside_scope", "接待属地不在您的辖区")
        }
        let note = try GrassrootsScope.optionalText(input.note, field: "note", label: "说明", max: 2000, multiline: true) ?? ""
        return try await store.createReception(
            ReceptionDay(leaderID: leader?.id, leaderName: leaderName, leaderTitle: title, portfolio: portfolio, day: day, startTime: start,
                         endTime: end, place: place, territoryCode: territoryCode, unitCode: leader?.unitCode ?? user.unitCode ?? "",
                         published: input.published, note: note, createdAt: now, createdBy: actor.reference.name),
            scopePath: dir.territoryPath(territoryCode)!,
            audit: admin.audit(actor, "reception.schedule", day.description, now, ["leader": leaderName, "published": String(input.published)]))
    }

    /// `HH:MM`, 24-hour.
    static func time(_ raw: String?, field: String) throws -> String {
        guard let t = raw?.trimmedOrNil else { throw HuiyinError.missing(field, field == "start_time" ? "开始时间" : "结束时间") }
        let parts = t.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m), parts[1].count == 2 else {
            throw HuiyinError.invalid("invalid_time", "时间格式应为 HH:MM（24小时制）", field: field)
        }
        return String(format: "%02d:%02d", h, m)
    }

    /// Publishes, withdraws or cancels a reception day (a cancelled day shows as cancelled nowhere but the workbench).
    public func update(id: Int64, published: Bool?, cancelled: Bool?, by actor: Actor, now: Date) async throws -> ReceptionDay {
        let (day, user) = try await find(id, actor)
        guard mayManage(day, user) else { throw HuiyinError.forbidden("role_not_allowed", "只有信访部门、领导或管理员可以发布或取消接待日") }
        let p = published ?? day.published, c = cancelled ?? day.cancelled
        try await store.updateReception(id: id, published: p, cancelled: c,
                                        audit: admin.audit(actor, "reception.update", String(id), now, ["published": String(p), "cancelled": String(c)]))
        return try await store.reception(id: id)!
    }

    func mayManage(_ d: ReceptionDay, _ user: User) -> Bool {
        [.dispatcher, .leader, .admin].contains(user.role) && GrassrootsScope.covers(d.territoryCode, user, reference.snapshot.directory)
    }

    private func find(_ id: Int64, _ actor: Actor) async throws -> (ReceptionDay, User) {
        let user = try GrassrootsScope.staff(actor, "查看领导接待日")
        guard let d = try await store.reception(id: id),
              GrassrootsScope.covers(d.territoryCode, user, reference.snapshot.directory) || d.leaderID == user.id else {
            throw HuiyinError.notFound("reception_not_found", "接待日不存在或不在您的辖区")
        }
        return (d, user)
    }

    /// The workbench schedule: days in scope from `from` on (90 days), cancelled ones included.
    public func list(from: LocalDate, by actor: Actor) async throws -> [ReceptionDay] {
        let user = try GrassrootsScope.staff(actor, "查看领导接待日")
        let paths = GrassrootsScope.listPaths(user, reference.snapshot.directory)
        return try await store.receptions(from: from, to: from.adding(days: 90), paths: paths, publishedOnly: false)
    }

    /// What the portal shows: published days from today on (90 days). No case or person is ever shown.
    public func publicSchedule(now: Date) async throws -> [ReceptionDay] {
        let today = ChinaTime.localDate(now)
        return try await store.receptions(from: today, to: today.adding(days: 90), paths: nil, publishedOnly: true)
    }

    public func detail(id: Int64, by actor: Actor, now: Date) async throws -> ReceptionView {
        let (day, user) = try await find(id, actor)
        var items: [ReceptionView.Item] = []
        for link in try await store.receptionCases(receptionID: id) {
            // Cases the viewer may not open (e.g. accusations against their unit) are left out.
            if let v = try? await cases.view(id: link.caseID, by: actor, now: now) { items.append(.init(link: link, view: v)) }
        }
        return ReceptionView(day: day, items: items,
                             mayAddCases: [.registrar, .dispatcher].contains(user.role) && !day.cancelled
                                && GrassrootsScope.covers(day.territoryCode, user, reference.snapshot.directory),
                             mayManage: mayManage(day, user), isLeader: day.leaderID == user.id)
    }

    // MARK: Cases

    /// Staff screen a hot or hard open case onto the day (预约 / 筛选).
    public func screen(id: Int64, caseNumber: String, note: String?, by actor: Actor, now: Date) async throws -> ReceptionView {
        let view = try await detail(id: id, by: actor, now: now)
        guard view.mayAddCases else { throw HuiyinError.forbidden("role_not_allowed", "只有辖区的登记员或信访部门可以安排接待事项") }
        let c = try await cases.view(number: caseNumber.trimmed, by: actor, now: now).case
        guard !c.state.isTerminal else { throw HuiyinError.conflict("case_closed", "事项 \(c.number) 已办结，无需安排接待") }
        let note = try GrassrootsScope.optionalText(note, field: "note", label: "说明", max: 500) ?? ""
        guard try await store.addReceptionCase(receptionID: id, caseID: c.id, kind: .screened, note: note, at: now, by: actor.reference.name,
                                               audit: admin.audit(actor, "reception.screen", String(id), now, ["case": c.number])) else {
            throw HuiyinError.conflict("already_scheduled", "事项 \(c.number) 已在本次接待名单中")
        }
        return try await detail(id: id, by: actor, now: now)
    }

    /// A visit on the day, registered as a case with channel 领导接待日 (in the day's territory unless given).
    public func registerVisit(id: Int64, _ draft: CaseDraft, by actor: Actor, now: Date) async throws -> RegisteredCase {
        let view = try await detail(id: id, by: actor, now: now)
        guard view.mayAddCases else { throw HuiyinError.forbidden("role_not_allowed", "只有辖区的登记员或信访部门可以登记接待事项") }
        var draft = draft
        draft.channel = Channel.receptionDay.rawValue
        if draft.territory?.trimmedOrNil == nil { draft.territory = view.day.territoryCode }
        let registered = try await cases.register(draft, by: actor, now: now)
        _ = try await store.addReceptionCase(receptionID: id, caseID: registered.view.case.id, kind: .visit,
                                             note: "\(view.day.leaderName)（\(view.day.leaderTitle)）接待", at: now, by: actor.reference.name,
                                             audit: admin.audit(actor, "reception.visit", String(id), now, ["case": registered.view.case.number]))
        return registered
    }

    /// The receiving leader takes a case of the day on (包案); it stays theirs until closed.
    public func takeOn(id: Int64, caseNumber: String, by actor: Actor, now: Date) async throws -> CaseView {
        let view = try await detail(id: id, by: actor, now: now)
        guard view.isLeader else { throw HuiyinError.forbidden("not_receiving_leader", "只有接待领导本人可以包案") }
        guard let item = view.items.first(where: { $0.view.case.number == caseNumber }) else {
            throw HuiyinError.notFound("case_not_on_reception", "该事项不在本次接待名单中")
        }
        return try await cases.perform(ActionRequest(action: ActionName.takeOwnership.rawValue, note: "\(view.day.day) 领导接待日包案"),
                                       onCase: item.view.case.id, by: actor, now: now)
    }
}
