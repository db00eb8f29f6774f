import Foundation
import HuiyinCore
import HuiyinStore

/// Registration, actions, views and lists of cases: load, let the core decide, persist, record.
public final class CaseService: Sendable {
    let store: any HuiyinStore
    let vault: PersonalDataVault
    let reference: ReferenceData
    let settings: ServiceSettings
    let lookups: AttemptLimiter
    /// The text models (category and unit suggestions).
    public let models: ModelRegistry
    let warnings: WarningService

    init(store: any HuiyinStore, vault: PersonalDataVault, reference: ReferenceData, settings: ServiceSettings,
         models: ModelRegistry, warnings: WarningService) {
        self.store = store; self.vault = vault; self.reference = reference; self.settings = settings
        self.models = models; self.warnings = warnings
        lookups = AttemptLimiter(limit: settings.maxFailedAttempts, window: settings.attemptWindow)
    }

    // MARK: Register

    /// Validates and stores a new case; the 201 of the API is sent only after this returns.
    public func register(_ draft: CaseDraft, by actor: Actor, now: Date) async throws -> RegisteredCase {
        let snap = reference.snapshot
        if actor.user?.role.isStaff != true, publicIntakeUnit(snap.directory) == nil {
            throw HuiyinError.conflict("no_public_intake_unit", "系统尚未设置网上信访受理单位，请联系管理员")
        }
        var (draftCase, event) = Lifecycle.register(try Intake.validate(draft, by: actor, in: intakeContext(snap, now: now)),
                                                    by: actor, now: now)
        let found = try await intakeFindings(draftCase, now: now)
        if let earlier = found.repeatOf {
            draftCase.repeatOf = earlier.id
            event.details["repeat_of"] = earlier.number
        }
        if let flag = found.leapfrog {
            draftCase.ins.leapfrog = flag
            event.details["leapfrog_of"] = flag.number
        }
        if let flag = found.procedure {
            draftCase.ins.procedure = flag
            event.details["procedure_of"] = flag.number
            event.details["procedure"] = flag.step.rawValue
        }
        // A missing or broken model never blocks intake: no suggestion then.
        if let s = await models.suggest(title: draftCase.title, content: draftCase.content, directory: snap.directory) {
            draftCase.ins.suggestion = s
            if let cat = s.categoryCode { event.details["suggested_category"] = cat }
        }
        var rng = SystemRandomNumberGenerator()
        let code = QueryCode.generate(using: &rng)
        let stored = try await store.createCase(draftCase, event: event, index: index(draftCase, snap, today: ChinaTime.localDate(now)),
                                                queryCodeHash: vault.queryCodeHash(code))
        if stored.isCollective { try await warnings.collective(stored, snap: snap, now: now) }
        return RegisteredCase(view: makeView(stored, history: nil, for: actor, now: now, snap: snap), queryCode: code)
    }

    /// What intake validation consults.
    func intakeContext(_ snap: ReferenceData.Snapshot, now: Date) -> IntakeContext {
        IntakeContext(directory: snap.directory, ruleSets: snap.ruleSets, defaultRuleSetID: settings.defaultRuleSetID,
                      publicIntakeUnit: publicIntakeUnit(snap.directory), now: now, limits: settings.limits)
    }

    /// What the lifecycle consults for an action on `c`.
    func lifecycleContext(_ c: Case, _ snap: ReferenceData.Snapshot, now: Date) -> LifecycleContext {
        LifecycleContext(directory: snap.directory, calendar: snap.calendar,
                         rules: snap.rules(c.ruleSetID, fallback: settings.defaultRuleSetID), now: now)
    }

    /// The stored index (scope, deadlines) of a case as it stands.
    func index(_ c: Case, _ snap: ReferenceData.Snapshot, today: LocalDate) -> CaseIndex {
        let rules = snap.rules(c.ruleSetID, fallback: settings.defaultRuleSetID)
        return CaseIndex.make(c, clock: CaseClock.evaluate(c, rules: rules, calendar: snap.calendar, today: today), directory: snap.directory, rules: rules)
    }

    /// The unit owning self-service submissions: the setting, else the highest-level petition office.
    public func publicIntakeUnit(_ dir: Directory) -> String? {
        if let code = settings.publicIntakeUnit, dir.unit(code) != nil { return code }
        return dir.units.values.filter { $0.kind == .petitionOffice && $0.active }
            .min { ($0.level.rank, $0.code) < ($1.level.rank, $1.code) }?.code
    }

    // MARK: Act

    /// Applies an action. Without `expected_version`, a concurrent change is retried against the fresh
    /// case, so the loser of a race gets the real reason (e.g. "already accepted"); with it, a stale
    /// version is a 409.
    public func perform(_ request: ActionRequest, onCase id: Int64, by actor: Actor, now: Date) async throws -> CaseView {
        let name = try CaseAction.name(of: request)
        return try await changing(id, expectedVersion: request.expectedVersion) { current in
            let request = try await fillingRoute(request, for: current, by: actor)
            let snap = reference.snapshot
            let ctx = lifecycleContext(current, snap, now: now)
            // Who and when before what: a wrong actor hears 403 and a wrong state 409 before any field error.
            try Lifecycle.check(name, on: current, by: actor, in: ctx)
            let action = try await resolvingMerge(try CaseAction(parsing: request), of: current, by: actor)
            var (changed, event) = try Lifecycle.apply(action, to: current, by: actor, in: ctx)
            Self.recordSuggestionDecision(from: current, to: changed, &event)
            let saved = try await store.updateCase(changed, events: [event], index: index(changed, snap, today: ctx.today),
                                                   expectedVersion: current.version)
            try await carryToMerged(saved, after: name, now: now)
            return makeView(saved, history: try await store.history(caseID: id), for: actor, now: now, snap: snap)
        }
    }

    /// Runs a change against the current case. Without `expectedVersion`, a concurrent change is retried
    /// against the fresh case (up to 5 times); with it, a stale version is a 409.
    func changing<T>(_ id: Int64, expectedVersion: Int?, _ change: (Case) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            guard let current = try await store.loadCase(id: id) else { throw Self.notFound }
            if let expected = expectedVersion, expected != current.version {
                throw StoreError.versionConflict(caseID: id, expected: expected, actual: current.version).huiyinError
            }
            do {
                return try await change(current)
            } catch StoreError.versionConflict(let caseID, let expected, let actual) {
                if expectedVersion != nil || attempt >= 5 {
                    throw StoreError.versionConflict(caseID: caseID, expected: expected, actual: actual).huiyinError
                }
            }
        }
    }

    // MARK: Read

    public func view(id: Int64, by actor: Actor, now: Date) async throws -> CaseView {
        guard let c = try await store.loadCase(id: id) else { throw Self.notFound }
        return try await view(c, by: actor, now: now)
    }

    public func view(number: String, by actor: Actor, now: Date) async throws -> CaseView {
        guard let n = CaseNumber.normalize(number), let found = try await store.loadCase(number: n) else { throw Self.notFound }
        return try await view(found.case, by: actor, now: now)
    }

    func view(_ c: Case, by actor: Actor, now: Date) async throws -> CaseView {
        let snap = reference.snapshot
        if let user = actor.user, AccessPolicy.isAccusedParty(user, of: c, in: snap.directory) {
            throw HuiyinError.forbidden("accused_unit_excluded", "被检举控告单位的人员不得查阅该检举控告事项")
        }
        guard AccessPolicy.canView(c, by: actor, in: snap.directory) else {
            throw HuiyinError.forbidden("not_in_scope", "您无权查看该信访事项（不在管辖范围或非承办单位）")
        }
        return makeView(c, history: try await store.history(caseID: c.id), for: actor, now: now, snap: snap)
    }

    /// A page of cases the user may see, each as that user may see it (history omitted).
    public func list(_ filter: CaseFilter, by user: User, now: Date) async throws -> (total: Int, totalCapped: Bool, views: [CaseView], page: Int, perPage: Int) {
        let snap = reference.snapshot
        let query = try listQuery(filter, user, snap, now: now)
        let page = try await store.listCases(query)
        let views = page.cases.map { makeView($0, history: nil, for: .user(user), now: now, snap: snap) }
        return (page.total, page.totalCapped, views, query.offset / query.limit + 1, query.limit)
    }

    /// How many cases of a list the user would see ("1000+" past the cap), without loading any.
    public func count(_ filter: CaseFilter, by user: User, now: Date) async throws -> (total: Int, capped: Bool) {
        var query = try listQuery(filter, user, reference.snapshot, now: now)
        query.limit = 0
        let page = try await store.listCases(query)
        return (page.total, page.totalCapped)
    }

    /// The filter as a query limited to what `user` may see.
    func listQuery(_ filter: CaseFilter, _ user: User, _ snap: ReferenceData.Snapshot, now: Date) throws -> CaseQuery {
        var query = try filter.query(scope: AccessPolicy.listScope(for: user, in: snap.directory), directory: snap.directory,
                                     today: ChinaTime.localDate(now))
        query.hiddenAccusedUnits = AccessPolicy.accusedUnitsHidden(from: user, in: snap.directory)
        return query
    }

    // MARK: Petitioner without login

    /// The petitioner's view by number + query code. Wrong codes count toward a lockout per case number.
    public func lookup(number: String, queryCode: String, now: Date) async throws -> CaseView {
        let c = try await verified(number: number, queryCode: queryCode, now: now)
        return makeView(c, history: try await store.history(caseID: c.id), for: .petitioner, now: now, snap: reference.snapshot)
    }

    /// A petitioner action (rate, request 复查/复核, withdraw) proven by number + query code.
    public func performAsPetitioner(_ request: ActionRequest, number: String, now: Date) async throws -> CaseView {
        let c = try await verified(number: number, queryCode: request.queryCode ?? "", now: now)
        return try await perform(request, onCase: c.id, by: .petitioner, now: now)
    }

    private func verified(number: String, queryCode: String, now: Date) async throws -> Case {
        let wrong = HuiyinError.notFound("case_not_found", "未找到该信访事项，请核对事项编号和查询码")
        guard let n = CaseNumber.normalize(number) else { throw wrong }
        try lookups.check(n, now: now)
        guard let code = QueryCode.normalize(queryCode), let found = try await store.loadCase(number: n),
              constantTimeEqual(vault.queryCodeHash(code), found.queryCodeHash) else {
            lookups.fail(n, now: now)
            throw wrong
        }
        lookups.succeed(n)
        return found.case
    }

    // MARK: Views

    static let notFound = HuiyinError.notFound("case_not_found", "信访事项不存在")

    func makeView(_ c: Case, history: [CaseEvent]?, for actor: Actor, now: Date, snap: ReferenceData.Snapshot) -> CaseView {
        let rules = snap.rules(c.ruleSetID, fallback: settings.defaultRuleSetID)
        let today = ChinaTime.localDate(now)
        let clock = CaseClock.evaluate(c, rules: rules, calendar: snap.calendar, today: today)
        let ctx = LifecycleContext(directory: snap.directory, calendar: snap.calendar, rules: rules, now: now)
        let isPetitioner = actor.kind == .petitioner || actor.role == .citizen
        var shown = c
        if isPetitioner { shown.persons = c.persons.map { $0.masked() } }
        var events = history ?? []
        if isPetitioner { events = events.filter(\.action.isPublic).map { Self.publicEvent($0, snap.directory) } }
        return CaseView(case: shown, clock: clock, rules: rules, history: events,
                        allowedActions: history == nil ? [] : Lifecycle.allowedActions(on: c, by: actor, in: ctx),
                        publicView: isPetitioner, directory: snap.directory, today: today)
    }

    /// Staff names stay internal: the petitioner sees the unit that acted.
    static func publicEvent(_ e: CaseEvent, _ dir: Directory) -> CaseEvent {
        var e = e
        let unitName = e.actor.unitCode.flatMap { dir.unit($0)?.name }
        e.actor = ActorRef(userID: nil, name: unitName ?? e.actor.name, role: e.actor.role, unitCode: e.actor.unitCode)
        return e
    }

    // MARK: Maintenance

    /// Recomputes the stored clocks and scope paths of open cases (after a calendar or rule-set change).
    public func reindexOpenCases(now: Date) async throws -> Int {
        let snap = reference.snapshot
        let today = ChinaTime.localDate(now)
        let indexes = try await store.openCases().map { c in (id: c.id, index: index(c, snap, today: today)) }
        try await store.updateIndexes(indexes)
        return indexes.count
    }
}

func constantTimeEqual(_ a: Data, _ b: Data) -> Bool {
    guard a.count == b.count else { return false }
    var diff: UInt8 = 0
    for (x, y) in zip(a, b) { diff |= x ^ y }
    return diff == 0
}
