import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService
import HuiyinStore

/// Meetings, votes and stability risk assessments on the workbench: the record of each meeting (quorate
/// or not, every item passed or not), entering a meeting with its votes, and assessing a decision.
struct MeetingPages {
    let api: API
    let web: WebRenderer
    let security: WebSecurity

    struct ItemRow { var position: Int; var title: String; var major: Bool; var votes: String; var result: String; var passed: Bool }
    struct MeetingRow { var id: Int64; var kind: String; var title: String; var territory: String; var heldOn: String; var attendance: String
        var quorum: String; var quorate: Bool; var published: Bool; var items: [ItemRow] }
    struct RiskRow { var title: String; var territory: String; var surveyed: String; var respondents: Int; var satisfaction: String
        var support: String; var confidence: String; var threshold: String; var verdict: String; var passed: Bool; var published: Bool }
    struct Model { var meetings: [MeetingRow]; var risks: [RiskRow]; var csrf: String; var mayEdit: Bool; var kinds: [Option]
        var territories: [Option]; var today: String; var rules: [String]; var riskThreshold: String; var error: String? }

    static func row(_ m: MeetingRecord, _ dir: Directory) -> MeetingRow {
        let a = m.attendance
        var attendance = [a.eligibleAdults.map { "应到村民 \($0)" }, a.eligibleHouseholds.map { "户数 \($0)" }, a.eligibleMembers.map { "应到成员 \($0)" }]
            .compactMap { $0 }
        if m.recorded { attendance.append("实到 \(a.present)" + (a.presentHouseholds.map { "（户代表 \($0)）" } ?? "")) }
        return MeetingRow(
            id: m.id, kind: m.kind.label, title: m.title, territory: dir.territory(m.territoryCode)?.name ?? m.territoryCode, heldOn: m.heldOn.description,
            attendance: attendance.joined(separator: "，"), quorum: m.quorate.map { $0 ? "达到法定人数" : "未达法定人数" } ?? "未记录结果",
            quorate: m.quorate == true, published: m.published,
            items: m.items.map { i in
                ItemRow(position: i.position, title: i.title, major: i.major,
                        votes: i.votesFor.map { "赞成 \($0)，反对 \(i.votesAgainst ?? 0)，弃权 \(i.votesAbstain ?? 0)" } ?? "",
                        result: i.passed.map { $0 ? "通过" : "未通过" } ?? "", passed: i.passed == true)
            })
    }

    static func riskRow(_ a: RiskAssessmentRecord, _ dir: Directory) -> RiskRow {
        RiskRow(title: a.title, territory: dir.territory(a.territoryCode)?.name ?? a.territoryCode, surveyed: a.surveyedOn.description,
                respondents: a.respondents, satisfaction: Rate(a.satisfied, of: a.respondents).text(), support: Rate(a.supportive, of: a.respondents).text(),
                confidence: Rate(a.confident, of: a.respondents).text(), threshold: a.threshold.label, verdict: a.passed ? "通过" : "否决",
                passed: a.passed, published: a.published)
    }

    func register(_ group: RouterGroup<HuiyinRequestContext>) {
        group.get("meetings") { request, _ -> Response in
            try await page(try await security.staffContext(request, "/staff/meetings"), error: nil)
        }

        group.post("meetings") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/meetings")
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: s.token)
            do {
                _ = try await api.huiyin.meetings.create(Self.input(form), result: try Self.result(form), by: .user(s.user), now: api.now)
                return WebRenderer.redirect("/staff/meetings")
            } catch let e as HuiyinError where e.kind != .notFound {
                return try await page(s, error: e.message, status: e.kind == .forbidden ? .forbidden : .unprocessableContent)
            }
        }

        group.post("risk-assessments") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/meetings")
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: s.token)
            do {
                _ = try await api.huiyin.meetings.assess(
                    .init(title: form["title"], detail: form["detail"], territory: form["territory"], surveyedOn: form["surveyed_on"],
                          respondents: Int(form["respondents"] ?? ""), satisfied: Int(form["satisfied"] ?? ""), supportive: Int(form["supportive"] ?? ""),
                          confident: Int(form["confident"] ?? ""), published: form["published"] != nil, note: form["note"]),
                    by: .user(s.user), now: api.now)
                return WebRenderer.redirect("/staff/meetings")
            } catch let e as HuiyinError where e.kind != .notFound {
                return try await page(s, error: e.message, status: e.kind == .forbidden ? .forbidden : .unprocessableContent)
            }
        }
    }

    /// Agenda: one item per line, `*` in front of a major matter.
    static func input(_ form: WebForm) -> MeetingService.Input {
        let items = (form["items"] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmed }.filter { !$0.isEmpty }.map { line in
            MeetingService.ItemInput(title: line.hasPrefix("*") ? String(line.dropFirst()).trimmed : line, major: line.hasPrefix("*"))
        }
        return MeetingService.Input(kind: form["kind"], title: form["title"], territory: form["territory"], heldOn: form["held_on"], place: form["place"],
                                    chair: form["chair"], eligibleAdults: Int(form["eligible_adults"] ?? ""),
                                    eligibleHouseholds: Int(form["eligible_households"] ?? ""), eligibleMembers: Int(form["eligible_members"] ?? ""),
                                    items: items, note: form["note"])
    }

    /// Votes: one line per item, `赞成 反对 弃权` (spaces or commas); none when nobody counted yet.
    static func result(_ form: WebForm) throws -> MeetingService.Result? {
        guard let present = form["present"]?.trimmedOrNil else { return nil }
        guard let n = Int(present) else { throw HuiyinError.invalid("invalid_count", "实到人数须为整数", field: "present") }
        let votes = try (form["votes"] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmed }.filter { !$0.isEmpty }.map { line in
            let parts = line.split(whereSeparator: { " ,，、".contains($0) }).map { Int($0) }
            guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else {
                throw HuiyinError.invalid("invalid_votes", "表决票数“\(line)”应为“赞成 反对 弃权”三个整数", field: "votes")
            }
            return MeetingService.Result.Votes(votesFor: parts[0], against: parts.count > 1 ? parts[1] : 0, abstain: parts.count > 2 ? parts[2] : 0)
        }
        return MeetingService.Result(present: n, presentHouseholds: form["present_households"]?.trimmedOrNil.flatMap { Int($0) }, votes: votes,
                                     published: form["published"] != nil)
    }

    func page(_ s: StaffContext, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let dir = api.huiyin.reference.snapshot.directory
        let rules = try await api.huiyin.meetings.rules()
        let model = Model(
            meetings: try await api.huiyin.meetings.list(by: .user(s.user)).map { Self.row($0, dir) },
            risks: try await api.huiyin.meetings.assessments(by: .user(s.user)).map { Self.riskRow($0, dir) },
            csrf: s.csrf, mayEdit: MeetingService.editors.contains(s.user.role),
            kinds: MeetingKind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: false) },
            territories: api.huiyin.mediation.territories(for: s.user).map { Option(value: $0.code, label: $0.name, selected: false) },
            today: ChinaTime.localDate(api.now).description,
            rules: MeetingKind.allCases.map { k in
                let r = rules.rule(k)
                return "\(k.label)：\(r.quorumText)；一般事项经到会人员\(r.decision.label)通过，重大事项\(r.major.label)通过\(r.publicRecord ? "；决定向村民公开" : "")"
            },
            riskThreshold: rules.riskSupport.label, error: error)
        return web.page("meetings", model, title: "议事与表决", staff: s.nav, csrf: s.csrf, status: status)
    }
}
