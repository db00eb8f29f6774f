import Foundation
import HuiyinCore
import HuiyinStore

/// 村民会议 / 村民代表会议 / 议事会 / 坝坝会: agenda, attendance and votes, judged by the quorum and decision
/// rules an administrator keeps as data (``MeetingRules``); the record is published where the rule
/// requires it (村务公开). Stability risk assessments live in `MeetingService+Risk.swift`.
public final class MeetingService: Sendable {
    let store: any HuiyinStore
    let reference: ReferenceData
    let admin: AdminService

    init(store: any HuiyinStore, reference: ReferenceData, admin: AdminService) {
        self.store = store; self.reference = reference; self.admin = admin
    }

    static let rulesKey = "meeting_rules"
    /// Who records meetings and assessments: the units' staff over the territory.
    public static let editors: [Role] = [.handler, .dispatcher, .leader, .admin]

    public struct ItemInput: Sendable {
        public var title: String?
        public var detail: String?
        public var major: Bool
        public var votesFor: Int?
        public var votesAgainst: Int?
        public var votesAbstain: Int?
        public init(title: String?, detail: String? = nil, major: Bool = false, votesFor: Int? = nil, votesAgainst: Int? = nil, votesAbstain: Int? = nil) {
            self.title = title; self.detail = detail; self.major = major; self.votesFor = votesFor; self.votesAgainst = votesAgainst
            self.votesAbstain = votesAbstain
        }
    }

    public struct Input: Sendable {
        public var kind: String?
        public var title: String?
        public var territory: String?
        public var heldOn: String?
        public var place: String?
        public var chair: String?
        public var eligibleAdults: Int?
        public var eligibleHouseholds: Int?
        public var eligibleMembers: Int?
        public var items: [ItemInput]
        public var note: String?
        public init(kind: String?, title: String?, territory: String?, heldOn: String?, place: String?, chair: String?, eligibleAdults: Int? = nil,
                    eligibleHouseholds: Int? = nil, eligibleMembers: Int? = nil, items: [ItemInput], note: String? = nil) {
            self.kind = kind; self.title = title; self.territory = territory; self.heldOn = heldOn; self.place = place; self.chair = chair
            self.eligibleAdults = eligibleAdults; self.eligibleHouseholds = eligibleHouseholds; self.eligibleMembers = eligibleMembers
            self.items = items; self.note = note
        }
    }

    /// The result: who came and the votes on each item, in agenda order.
    public struct Result: Sendable {
        public struct Votes: Sendable {
            public var votesFor: Int?
            public var against: Int?
            public var abstain: Int?
            public init(votesFor: Int?, against: Int? = nil, abstain: Int? = nil) { self.votesFor = votesFor; self.against = against; self.abstain = abstain }
        }
        public var present: Int?
        public var presentHouseholds: Int?
        public var votes: [Votes]
        /// Publish on the portal (always, when the rule requires a public record).
        public var published: Bool?
        public init(present: Int?, presentHouseholds: Int? = nil, votes: [Votes], published: Bool? = nil) {
            self.present = present; self.presentHouseholds = presentHouseholds; self.votes = votes; self.published = published
        }
    }

    // MARK: Rules

    public func rules() async throws -> MeetingRules {
        guard let raw = try await store.setting(Self.rulesKey),
              let rules = try? JSONDecoder().decode(MeetingRules.self, from: Data(raw.utf8)) else { return .standard }
        return rules
    }

    /// Replaces the rules (admin only); meetings already recorded keep the rule they were judged by.
    public func setRules(_ rules: MeetingRules, by actor: Actor, now: Date) async throws {
        try admin.requireAdmin(actor)
        if let problem = rules.problems.first { throw HuiyinError.invalid("invalid_meeting_rules", problem, field: "rules") }
        let json = String(decoding: try JSONEncoder().encode(rules), as: UTF8.self)
        try await store.saveSetting(Self.rulesKey, json, audit: admin.audit(actor, "meeting.rules", Self.rulesKey, now))
    }

    // MARK: Meetings

    /// Registers a meeting with its agenda; with `result` it is recorded at once (a meeting entered afterwards).
    public func create(_ input: Input, result: Result?, by actor: Actor, now: Date) async throws -> MeetingRecord {
        let user = try GrassrootsScope.staff(actor, "登记会议")
        try GrassrootsScope.require(user, Self.editors, "登记会议")
        let dir = reference.snapshot.directory
        guard let kind = MeetingKind(parsing: input.kind ?? "") else {
            throw HuiyinError.invalid("invalid_meeting_kind", "会议类型只能是：村民会议、村民代表会议、议事会、坝坝会", field: "kind")
        }
        let territory = try GrassrootsScope.territory(input.territory, user, dir)
        let today = ChinaTime.localDate(now)
        guard let rawDay = input.heldOn?.trimmedOrNil else { throw HuiyinError.missing("held_on", "会议日期") }
        let day = try GrassrootsScope.date(rawDay, field: "held_on", default: today)
        guard day <= today.adding(days: 366), day >= today.adding(days: -3660) else {
            throw HuiyinError.invalid("invalid_date", "会议日期须在十年前至一年后之间", field: "held_on")
        }
        let rule = try await rules().rule(kind)
        let attendance = MeetingAttendance(
            eligibleAdults: try input.eligibleAdults.map { try GrassrootsScope.count($0, field: "eligible_adults", label: "应到村民") },
            eligibleHouseholds: try input.eligibleHouseholds.map { try GrassrootsScope.count($0, field: "eligible_households", label: "本村户数") },
            eligibleMembers: try input.eligibleMembers.map { try GrassrootsScope.count($0, field: "eligible_members", label: "应到成员") },
            present: 0)
        let bases = rule.requiredBases
        if !bases.isEmpty, !bases.contains(where: { attendance.eligible($0) != nil }) {
            let field = "eligible_" + bases[0].rawValue
            throw HuiyinError.invalid("missing_eligible", "\(kind.label)须填写\(bases.map(\.label).joined(separator: "或"))的人数，用于计算法定人数", field: field)
        }
        guard !input.items.isEmpty else { throw HuiyinError.missing("items", "议题") }
        guard input.items.count <= 50 else { throw HuiyinError.invalid("too_many_items", "议题不得超过50项", field: "items") }
        let items = try input.items.enumerated().map { i, item in
            MeetingRecord.Item(position: i + 1, title: try GrassrootsScope.text(item.title, field: "items[\(i)].title", label: "议题", max: 200),
                               detail: try GrassrootsScope.optionalText(item.detail, field: "items[\(i)].detail", label: "议题说明", max: 2000,
                                                                        multiline: true) ?? "",
                               major: item.major)
        }
        var meeting = MeetingRecord(
            kind: kind, title: try GrassrootsScope.text(input.title, field: "title", label: "会议名称", max: 100), territoryCode: territory,
            unitCode: user.unitCode ?? "", heldOn: day, place: try GrassrootsScope.text(input.place, field: "place", label: "会议地点", max: 100),
            chair: try GrassrootsScope.optionalText(input.chair, field: "chair", label: "主持人", max: 50) ?? "", attendance: attendance,
            note: try GrassrootsScope.optionalText(input.note, field: "note", label: "会议记录", max: 5000, multiline: true) ?? "",
            createdAt: now, createdBy: actor.reference.name, items: items)
        if let result { try judge(&meeting, result, rule: rule, now: now) }
        return try await store.createMeeting(meeting, scopePath: dir.territoryPath(territory)!,
                                             audit: admin.audit(actor, "meeting.create", territory, now,
                                                                ["kind": kind.rawValue, "quorate": meeting.quorate.map(String.init) ?? ""]))
    }

    /// Records who came and the votes of a registered meeting, once.
    public func record(id: Int64, _ result: Result, by actor: Actor, now: Date) async throws -> MeetingRecord {
        var (meeting, user) = try await find(id, actor)
        try GrassrootsScope.require(user, Self.editors, "记录会议结果")
        guard !meeting.recorded else { throw HuiyinError.conflict("meeting_recorded", "会议结果已记录，不能修改") }
        try judge(&meeting, result, rule: try await rules().rule(meeting.kind), now: now)
        guard try await store.recordMeeting(meeting, audit: admin.audit(actor, "meeting.record", String(id), now,
                                                                        ["quorate": String(meeting.quorate ?? false)])) else {
            throw HuiyinError.conflict("meeting_recorded", "会议结果已记录，不能修改")
        }
        return try await store.meeting(id: id)!
    }

    /// Checks the result and judges the meeting by `rule`: quorate or not, and each item passed or not.
    func judge(_ m: inout MeetingRecord, _ r: Result, rule: MeetingRule, now: Date) throws {
        guard m.heldOn <= ChinaTime.localDate(now) else {
            throw HuiyinError.conflict("meeting_not_held", "会议尚未召开，不能记录结果")
        }
        var a = m.attendance
        a.present = try GrassrootsScope.count(r.present, field: "present", label: "实到人数")
        a.presentHouseholds = try r.presentHouseholds.map { try GrassrootsScope.count($0, field: "present_households", label: "到会户代表") }
        if let e = a.eligibleAdults ?? a.eligibleMembers, a.present > e, m.kind != .openAir {
            throw HuiyinError.invalid("present_exceeds_eligible", "实到人数（\(a.present)）不能多于应到人数（\(e)）", field: "present")
        }
        if let h = a.presentHouseholds {
            guard let e = a.eligibleHouseholds, h <= e, h <= a.present else {
                throw HuiyinError.invalid("present_exceeds_eligible", "到会户代表不能多于本村户数或实到人数", field: "present_households")
            }
        }
        guard r.votes.count == m.items.count else {
            throw HuiyinError.invalid("votes_mismatch", "表决结果须与议题一一对应（\(m.items.count)项）", field: "votes")
        }
        let quorate = rule.quorate(a)
        for (i, v) in r.votes.enumerated() {
            let yes = try GrassrootsScope.count(v.votesFor, field: "votes[\(i)].for", label: "赞成票")
            let no = try GrassrootsScope.count(v.against ?? 0, field: "votes[\(i)].against", label: "反对票")
            let abstain = try GrassrootsScope.count(v.abstain ?? 0, field: "votes[\(i)].abstain", label: "弃权票")
            guard yes + no + abstain <= a.present else {
                throw HuiyinError.invalid("votes_exceed_present", "第\(i + 1)项的票数合计（\(yes + no + abstain)）多于实到人数（\(a.present)）",
                                          field: "votes[\(i)]")
            }
            m.items[i].votesFor = yes; m.items[i].votesAgainst = no; m.items[i].votesAbstain = abstain
            m.items[i].passed = rule.passed(votesFor: yes, present: a.present, major: m.items[i].major, quorate: quorate)
        }
        m.attendance = a
        m.quorate = quorate
        m.rule = rule
        m.published = rule.publicRecord || (r.published ?? false)
        m.recordedAt = now
    }

    /// Publishes or withdraws a recorded meeting; a record the rule requires to be public stays public.
    public func publish(id: Int64, published: Bool, by actor: Actor, now: Date) async throws -> MeetingRecord {
        let (meeting, user) = try await find(id, actor)
        try GrassrootsScope.require(user, Self.editors, "公开会议记录")
        guard meeting.recorded else { throw HuiyinError.conflict("meeting_not_recorded", "会议结果尚未记录，不能公开") }
        if !published, meeting.rule?.publicRecord == true {
            throw HuiyinError.conflict("public_record_required", "\(meeting.kind.label)的决定须向村民公开，不能撤回")
        }
        try await store.publishMeeting(id: id, published: published,
                                       audit: admin.audit(actor, "meeting.publish", String(id), now, ["published": String(published)]))
        return try await store.meeting(id: id)!
    }

    public func list(by actor: Actor) async throws -> [MeetingRecord] {
        let user = try GrassrootsScope.staff(actor, "查看会议")
        return try await store.meetings(paths: GrassrootsScope.listPaths(user, reference.snapshot.directory),
                                        publishedOnly: false, limit: 300)
    }

    public func detail(id: Int64, by actor: Actor) async throws -> MeetingRecord { try await find(id, actor).0 }

    /// The public record (村务公开): recorded, published meetings, latest first.
    public func publicMeetings() async throws -> [MeetingRecord] {
        try await store.meetings(paths: nil, publishedOnly: true, limit: 100)
    }

    func find(_ id: Int64, _ actor: Actor) async throws -> (MeetingRecord, User) {
        let user = try GrassrootsScope.staff(actor, "查看会议")
        guard let m = try await store.meeting(id: id), GrassrootsScope.covers(m.territoryCode, user, reference.snapshot.directory) else {
            throw HuiyinError.notFound("meeting_not_found", "会议不存在或不在您的辖区")
        }
        return (m, user)
    }
}
