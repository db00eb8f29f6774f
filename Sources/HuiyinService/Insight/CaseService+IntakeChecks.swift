import Foundation
import HuiyinCore
import HuiyinInsight
import HuiyinStore

/// Checks at intake, against the cases already stored:
/// - 重复访: the same petitioner (keyed hash of the ID number, or of the phone) with a similar matter —
///   similar text, or the same second-level category — linked to the earlier case. Refused and
///   transferred cases do not count (they were never handled here).
/// - 越级 (条例 第十九条): the same matter (same petitioner, or nearly the same text) already accepted and
///   in progress at a lower level, still within its time limit, filed again higher up.
/// - 复查/复核 (第三十五、三十六条): the same petitioner's same matter already answered and open for 复查 or
///   复核, under 复查/复核, or concluded by 复核 (不再受理) — see ``ProcedureFlag``.
///
/// Only the person's five most recent cases and the three nearest matters are read, and only as a
/// summary (state, units, stored MinHash signature): intake stays a few index probes however many
/// cases a person or a template letter has. A whole case is loaded only for a possible 越级 or
/// 复查/复核 flag; a repeat of an unanswered case reads up to 32 more of the person's summaries to
/// find the answered one behind it.
extension CaseService {
    struct IntakeFindings {
        var repeatOf: PriorCase?
        var leapfrog: LeapfrogFlag?
        var procedure: ProcedureFlag?
    }

    /// How many of the person's newest cases intake compares.
    static let priorLimit = 5

    /// States of a matter answered and in (or through) the 复查/复核 procedure.
    static let answeredStates: Set<CaseState> = [.replied, .unsatisfied, .review, .reviewed, .recheck, .final]

    /// States of a matter accepted and being handled (第十九条: 已经受理、正在办理).
    static let inProgressStates: Set<CaseState> = [.accepted, .assigned, .inProgress, .returned]

    func intakeFindings(_ c: Case, now: Date) async throws -> IntakeFindings {
        var found = IntakeFindings()
        let snap = reference.snapshot
        let hashes = personHashes(c)
        let sig = MinHash.signature(of: c.title + "\n" + c.content)
        func similarity(_ p: PriorCase) async throws -> Double {
            guard let sig else { return 0 }
            if let stored = p.signature, let other = MinHash.decode(Array(stored)) { return MinHash.similarity(sig, other) }
            // Not in the similarity index yet (just upgraded): from its text.
            guard let o = try await store.loadCase(id: p.id), let other = MinHash.signature(of: o.title + "\n" + o.content) else { return 0 }
            return MinHash.similarity(sig, other)
        }
        var candidates: [(prior: PriorCase, samePerson: Bool, similarity: Double)] = []
        let prior = hashes.ids.isEmpty && hashes.phones.isEmpty ? []
            : try await store.casesOfPeople(idHashes: hashes.ids, phoneHashes: hashes.phones, limit: Self.priorLimit)
        for p in prior where p.receivedOn <= c.receivedOn {
            candidates.append((p, true, try await similarity(p)))
        }
        // Nearly the same text from anyone (a matter filed again under another name or without ID).
        var near: [(id: Int64, similarity: Double)] = []
        if let sig {
            near = try await similarMatters(signature: sig, excluding: nil, limit: 3, candidates: 16)
                .filter { m in m.similarity >= 0.6 && !candidates.contains { $0.prior.id == m.id } }
        }
        let nearCases = Dictionary(uniqueKeysWithValues: try await store.priorCases(ids: near.map(\.id)).map { ($0.id, $0) })
        for m in near { if let p = nearCases[m.id] { candidates.append((p, false, m.similarity)) } }
        func sameCategory(_ o: PriorCase) -> Bool {
            guard let a = c.categoryCode, a.count >= 4, let b = o.categoryCode else { return false }
            return b.hasPrefix(String(a.prefix(4)))
        }
        /// The same petitioner's same matter: similar text, or the same second-level category.
        func samePersonsMatter(_ o: PriorCase, _ s: Double) -> Bool { s >= Self.similarThreshold || sameCategory(o) }
        let today = ChinaTime.localDate(now)
        var procedureChecked = false
        for (o, samePerson, s) in candidates {
            guard samePerson ? samePersonsMatter(o, s) : s >= 0.6 else { continue }
            if samePerson, found.repeatOf == nil, ![.refused, .transferred, .merged].contains(o.state) {
                found.repeatOf = o
            }
            if samePerson, !procedureChecked {      // from the newest case of the matter only
                procedureChecked = true
                found.procedure = try await procedureFlag(newest: o, hashes: hashes, receivedOn: c.receivedOn,
                                                          known: prior, sawAll: prior.count < Self.priorLimit, sameMatter: { p in
                    if let known = candidates.first(where: { $0.samePerson && $0.prior.id == p.id }) {
                        return samePersonsMatter(p, known.similarity)
                    }
                    return samePersonsMatter(p, try await similarity(p))
                }, snap: snap, today: today)
            }
            if found.leapfrog == nil, Self.inProgressStates.contains(o.state),
               handledBelow(new: c, ownerUnit: o.ownerUnitCode, leadUnit: o.leadUnitCode, snap.directory) != nil,
               let earlier = try await store.loadCase(id: o.id),
               let flag = leapfrog(new: c, earlier: earlier, snap: snap, today: today) {
                found.leapfrog = flag
            }
        }
        return found
    }

    /// The 复查/复核 flag of the earlier case itself when answered; else of the newest answered case of the
    /// same matter further back in the person's history (`known`, their newest cases, when `sawAll`; else
    /// one bounded read: a petitioner who files every week soon has more than five newer, unanswered repeats).
    private func procedureFlag(newest o: PriorCase, hashes: (ids: [Data], phones: [Data]), receivedOn: LocalDate,
                               known: [PriorCase], sawAll: Bool, sameMatter: (PriorCase) async throws -> Bool,
                               snap: ReferenceData.Snapshot, today: LocalDate) async throws -> ProcedureFlag? {
        var answered: PriorCase? = Self.answeredStates.contains(o.state) ? o : nil
        if answered == nil, o.state != .closed {          // closed: the matter was settled later on
            let older = sawAll ? known : try await store.casesOfPeople(idHashes: hashes.ids, phoneHashes: hashes.phones, limit: 32)
            for p in older where p.id < o.id && p.receivedOn <= receivedOn && Self.answeredStates.contains(p.state) {
                if try await sameMatter(p) { answered = p; break }
            }
        }
        guard let answered, let earlier = try await store.loadCase(id: answered.id) else { return nil }
        let rules = snap.rules(earlier.ruleSetID, fallback: settings.defaultRuleSetID)
        let clock = CaseClock.evaluate(earlier, rules: rules, calendar: snap.calendar, today: today)
        return ProcedureFlag.of(earlier, due: clock.due, passed: clock.status == .overdue || clock.status == .windowClosed)
    }

    /// The unit handling an earlier matter when it lies below (and within) the office receiving `new`.
    private func handledBelow(new c: Case, ownerUnit: String?, leadUnit: String?, _ dir: Directory) -> OrgUnit? {
        guard let receiving = c.ownerUnitCode.flatMap(dir.unit), let handling = (ownerUnit ?? leadUnit).flatMap(dir.unit),
              let hereLevel = dir.territory(receiving.territoryCode)?.level, let thereLevel = dir.territory(handling.territoryCode)?.level,
              thereLevel > hereLevel, dir.territory(handling.territoryCode, isWithin: receiving.territoryCode) else { return nil }
        return handling
    }

    /// The 越级 flag when `earlier` is handled below the office receiving `new`, within its time limit.
    private func leapfrog(new c: Case, earlier o: Case, snap: ReferenceData.Snapshot, today: LocalDate) -> LeapfrogFlag? {
        let dir = snap.directory
        guard let handling = handledBelow(new: c, ownerUnit: o.ownerUnitCode, leadUnit: o.leadUnitCode, dir) else { return nil }
        let rules = snap.rules(o.ruleSetID, fallback: settings.defaultRuleSetID)
        let clock = CaseClock.evaluate(o, rules: rules, calendar: snap.calendar, today: today)
        guard clock.status != .overdue else { return nil }
        let unit = (o.leadUnitCode ?? o.ownerUnitCode).flatMap { dir.unit($0) }?.name ?? handling.name
        let until = clock.due.map { "，办理期限至 \($0)" } ?? ""
        let reason = "该事项已于 \(o.milestones.acceptedOn ?? o.receivedOn) 由\(unit)受理（\(o.number)），正在法定期限内办理\(until)。"
            + "依据《信访工作条例》第十九条，在规定期限内向上级机关再次提出同一事项的，上级机关不予受理，应告知信访人等待办理结果。"
        return LeapfrogFlag(caseID: o.id, number: o.number, unitCode: o.leadUnitCode ?? o.ownerUnitCode, dueOn: clock.due, reason: reason)
    }
}
