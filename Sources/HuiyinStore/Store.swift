import Foundation
import HuiyinCore

/// Durable storage for Huiyin. The server and the CLI speak only this protocol; SQLite (the embedded
/// default) and PostgreSQL implement it.
///
/// Rules every implementation keeps:
/// - Each method is one transaction: it completes entirely or changes nothing.
/// - A method returns only after its change is durably committed.
/// - Case history (`case_events`) and the audit log are append-only.
/// - Personal data reaches the database only sealed by the ``PersonalDataVault``.
/// - `updateCase` succeeds only when the stored version equals `expectedVersion` (else ``StoreError/versionConflict``).
public protocol HuiyinStore: Sendable {
    // MARK: Directory (territories, units, categories)
    func loadDirectory() async throws -> DirectoryRecords
    /// Adds or replaces territories by code and rewrites the scope paths of cases below any that moved.
    func saveTerritories(_ territories: [Territory], moves: [PathMove], audit: AuditEntry) async throws
    /// Adds or replaces units by code; `scopePaths` (unit → its territory path) re-scopes cases the unit
    /// registered whose territory is not yet known.
    func saveUnits(_ units: [OrgUnit], scopePaths: [String: String], audit: AuditEntry) async throws
    /// Replaces the category tree (retired nodes included, see ``CategoryTree``).
    func replaceCategories(_ nodes: [CategoryNode], audit: AuditEntry) async throws

    // MARK: Users and sessions
    func createUser(_ user: NewUser, audit: AuditEntry) async throws -> User
    func updateUser(_ user: User, audit: AuditEntry) async throws
    func setPassword(userID: Int64, passwordHash: String, audit: AuditEntry) async throws
    func user(id: Int64) async throws -> User?
    func user(username: String) async throws -> (user: User, passwordHash: String)?
    func users() async throws -> [User]
    func createSession(tokenHash: Data, userID: Int64, expiresAt: Date, now: Date) async throws
    /// The active user of a live session, or nil.
    func sessionUser(tokenHash: Data, now: Date) async throws -> User?
    func deleteSession(tokenHash: Data) async throws
    /// Ends every session of a user (password change, deactivation).
    func deleteSessions(userID: Int64) async throws

    // MARK: Calendar and rule sets
    func calendarYears() async throws -> [CalendarYear]
    func saveCalendarYear(_ year: CalendarYear, audit: AuditEntry) async throws
    func ruleSets() async throws -> [RuleSet]
    func saveRuleSet(_ rules: RuleSet, audit: AuditEntry) async throws

    // MARK: Cases
    /// Stores a new case with its first event; assigns `id` and the read-aloud `number`.
    func createCase(_ c: Case, event: CaseEvent, index: CaseIndex, queryCodeHash: Data) async throws -> Case
    /// Saves a changed case and appends its events, if nobody saved it since `expectedVersion`.
    func updateCase(_ c: Case, events: [CaseEvent], index: CaseIndex, expectedVersion: Int) async throws -> Case
    /// Stores finished histories in bulk (the synthetic-history generator, imports): numbers are
    /// assigned in the given order, nothing is queued in the outbox (history is not news). One
    /// transaction per call.
    func importCases(_ items: [ImportedCase]) async throws
    func loadCase(id: Int64) async throws -> Case?
    /// Several cases in one read, in the order of `ids` (missing ids left out). Without their people
    /// unless `withPersons` (lists that never show them need not unseal them).
    func loadCases(ids: [Int64], withPersons: Bool) async throws -> [Case]
    func loadCase(number: String) async throws -> (case: Case, queryCodeHash: Data)?
    func history(caseID: Int64) async throws -> [CaseEvent]
    func listCases(_ query: CaseQuery) async throws -> CasePage
    /// Refreshes the query planner's statistics (after a bulk import).
    func analyze() async throws
    /// How many cases are in each state.
    func caseCountsByState() async throws -> [CaseState: Int]
    /// Cases not yet finished, for recomputing their index after a calendar, rule or territory change.
    func openCases() async throws -> [Case]
    func updateIndexes(_ indexes: [(id: Int64, index: CaseIndex)]) async throws

    // MARK: Attachments
    /// Stores a file and records it on the case (the `attach` event), in one transaction.
    func attach(_ file: NewAttachment, to c: Case, event: CaseEvent, index: CaseIndex, expectedVersion: Int) async throws -> AttachmentInfo
    func attachments(caseID: Int64) async throws -> [AttachmentInfo]
    /// An attachment with its bytes, unsealed.
    func attachment(id: Int64) async throws -> (info: AttachmentInfo, data: Data)?

    // MARK: Statistics
    /// Counts per key over the cases `query` selects (see ``TallySQL``).
    func tally(_ query: CaseQuery, by key: TallyKey, today: LocalDate) async throws -> [CaseTally]

    // MARK: Clock watcher
    /// Queues one 临期 notice per open case and deadline once it is due soon. Returns how many.
    func enqueueDueSoon(asOf: LocalDate, now: Date) async throws -> Int
    /// Open cases past their deadline that may need a 督办 or the next rung (see ``OutboxSQL``).
    func escalationCandidates(asOf: LocalDate, limit: Int) async throws -> [Int64]
    /// Earlier cases of the people with these keyed ID-number / phone hashes (重复访), newest first.
    func casesOfPeople(idHashes: [Data], phoneHashes: [Data], limit: Int) async throws -> [PriorCase]
    /// The same summary of the cases with these ids, newest first (missing ids are left out).
    func priorCases(ids: [Int64]) async throws -> [PriorCase]

    // MARK: Outbox (notifications, 督办)
    /// Claims up to `limit` unsent entries for `node` and returns them: entries nobody claimed, or
    /// whose claim is older than `lease` (the claiming node died before confirming). Concurrent
    /// callers never get the same entry.
    func claimOutbox(node: String, limit: Int, now: Date, lease: TimeInterval) async throws -> [OutboxEntry]
    /// Records claimed entries as sent.
    func confirmOutbox(ids: [Int64], now: Date) async throws
    /// Puts claimed entries back after a failed attempt: claimable again at `retryAt`, or given up
    /// (`failed_at`) once `maxAttempts` attempts failed.
    func retryOutbox(ids: [Int64], error: String, retryAt: Date, maxAttempts: Int, now: Date) async throws
    /// Entries waiting to be sent, and entries given up.
    func outboxBacklog() async throws -> (pending: Int, failed: Int)
    /// Entries in id order after `afterID`.
    func outbox(afterID: Int64, limit: Int) async throws -> [OutboxEntry]

    // MARK: Insight (text models, similarity, early warning)
    /// Cases sharing LSH bands with a probe (most shared first), with their MinHash signatures.
    func similarityCandidates(bands: [Int64], limit: Int) async throws -> [SimilarityCandidate]
    /// Adds MinHash signatures and bands of existing cases (backfill, imports, the benchmark).
    func indexSimilarity(_ items: [(caseID: Int64, signature: Data, bands: [Int64])]) async throws
    /// Cases with a missing or outdated search and similarity index (after an upgrade), up to `limit`;
    /// re-indexes them and returns how many it did.
    func reindexText(limit: Int) async throws -> Int
    /// Cases merged into `caseID` (并案) still waiting for its answer.
    func mergedCases(into caseID: Int64) async throws -> [Int64]
    /// Stores a trained model as the newest version of its kind, with its audit entry.
    func saveModel(_ model: StoredModel, audit: AuditEntry) async throws -> Int64
    /// The newest model of a kind, with its bytes.
    func latestModel(kind: String) async throws -> StoredModel?
    /// Versions of a kind, newest first, without bytes.
    func modelVersions(kind: String, limit: Int) async throws -> [StoredModel]
    /// Handled cases, newest first, as training data.
    func trainingCases(limit: Int) async throws -> [TrainingCase]
    /// Cases received in a period within a territory subtree, for hot-issue clustering.
    func hotRows(from: LocalDate, to: LocalDate, scopePath: String) async throws -> [HotRow]
    /// Records a warning unless its key exists; returns its id when new.
    func recordAlert(_ alert: InsightAlert) async throws -> Int64?
    /// Warnings within a territory subtree, newest first.
    func alerts(scopePath: String, limit: Int) async throws -> [InsightAlert]
    /// Which of these cases already belong to a warning (case → alert id).
    func alertedCases(_ ids: [Int64]) async throws -> [Int64: Int64]
    /// 附议/点赞 on a public 民情回音墙 message, once per `voter` (a keyed hash); returns the count and
    /// whether this call added to it.
    func like(caseID: Int64, voter: String, now: Date) async throws -> (likes: Int, counted: Bool)
    /// The 附议 counts of these cases (cases without any are left out).
    func likes(caseIDs: [Int64]) async throws -> [Int64: Int]

    // MARK: Shared statements (API keys, webhooks, Open311 submissions: SQL written once, see SQLStatement)
    /// Runs `statements` in one transaction and appends `audit` when given; returns each statement's
    /// rows (`RETURNING …`), or none.
    func run(_ statements: [SQLStatement], audit: AuditEntry?) async throws -> [[SQLRow]]
    /// Rows of one read-only statement.
    func fetch(_ statement: SQLStatement) async throws -> [SQLRow]

    // MARK: Audit and settings
    func auditLog(limit: Int) async throws -> [AuditEntry]
    func setting(_ key: String) async throws -> String?
    func setSetting(_ key: String, _ value: String) async throws
    /// Sets a setting an admin or user changed, with its audit entry, in one transaction.
    func saveSetting(_ key: String, _ value: String, audit: AuditEntry) async throws
    /// Every setting whose key starts with `prefix`.
    func settings(prefix: String) async throws -> [String: String]
    /// Data for the bench's raw-insert ceiling: one plain row through the same write path.
    func rawInsert(_ payload: String) async throws
    /// A number that grows with every change of territories, units, categories, calendars or rule sets:
    /// nodes poll it and reload their reference data when it moved (another node or the CLI changed it).
    func referenceVersion() async throws -> Int64
}

/// An earlier case of a person (for 重复访).
public struct PriorCase: Sendable, Hashable {
    public var id: Int64
    public var number: String
    public var categoryCode: String?
    public var receivedOn: LocalDate
    public var state: CaseState
    public var ownerUnitCode: String?
    public var leadUnitCode: String?
    /// The stored MinHash signature of its matter (nil before the text index caught up).
    public var signature: Data?
    public init(id: Int64, number: String, categoryCode: String?, receivedOn: LocalDate, state: CaseState,
                ownerUnitCode: String? = nil, leadUnitCode: String? = nil, signature: Data? = nil) {
        self.id = id; self.number = number; self.categoryCode = categoryCode; self.receivedOn = receivedOn; self.state = state
        self.ownerUnitCode = ownerUnitCode; self.leadUnitCode = leadUnitCode; self.signature = signature
    }
}

/// A case with its whole history, ready to store.
public struct ImportedCase: Sendable {
    public var c: Case
    public var events: [CaseEvent]
    public var index: CaseIndex
    public var queryCodeHash: Data
    public init(_ c: Case, events: [CaseEvent], index: CaseIndex, queryCodeHash: Data) {
        self.c = c; self.events = events; self.index = index; self.queryCodeHash = queryCodeHash
    }
}

/// Territories, units and category nodes as stored.
public struct DirectoryRecords: Sendable {
    public var territories: [Territory]
    public var units: [OrgUnit]
    public var categories: [CategoryNode]
    public init(territories: [Territory], units: [OrgUnit], categories: [CategoryNode]) {
        self.territories = territories; self.units = units; self.categories = categories
    }
}

/// A territory subtree that moved: cases whose scope path starts with `from` now start with `to`.
public struct PathMove: Sendable, Hashable {
    public var from: String
    public var to: String
    public init(from: String, to: String) { self.from = from; self.to = to }
}

public struct NewUser: Sendable {
    public var username: String
    public var displayName: String
    public var role: Role
    public var unitCode: String?
    public var passwordHash: String
    public init(username: String, displayName: String, role: Role, unitCode: String?, passwordHash: String) {
        self.username = username; self.displayName = displayName; self.role = role; self.unitCode = unitCode
        self.passwordHash = passwordHash
    }
}

/// One entry of the append-only audit log of changes outside cases (users, units, calendars …).
public struct AuditEntry: Codable, Sendable, Hashable {
    public var at: Date
    public var actor: ActorRef
    public var action: String
    public var target: String
    public var details: [String: String]
    public init(at: Date, actor: ActorRef, action: String, target: String, details: [String: String] = [:]) {
        self.at = at; self.actor = actor; self.action = action; self.target = target; self.details = details
    }
}

/// Filters of a case list. `scope` always applies; the rest narrow it.
public struct CaseQuery: Sendable, Hashable {
    public enum Sort: String, Sendable, CaseIterable {
        /// Newest receipt first (default).
        case received
        /// Oldest receipt first.
        case receivedAsc = "received_asc"
        /// Nearest office deadline first.
        case due
        /// Most recently changed first.
        case updated
        /// Best full-text match first (with ``CaseQuery/text``; otherwise newest first).
        case relevance
    }

    public var scope: ListScope
    public var states: [CaseState] = []
    public var leadUnit: String?
    /// Territory subtree (materialized path prefix).
    public var territoryPath: String?
    /// Category subtree (code prefix).
    public var categoryPrefix: String?
    public var channels: [Channel] = []
    public var kinds: [LegalKind] = []
    /// Only cases whose office deadline passed before this day.
    public var overdueAsOf: LocalDate?
    /// Only cases 临期 on this day (not yet overdue).
    public var dueSoonAsOf: LocalDate?
    public var receivedFrom: LocalDate?
    public var receivedTo: LocalDate?
    /// 民情回音墙 moderation status.
    public var wall: WallStatus?
    /// Supervised at least to this rung (1 督办, 2 挂牌督办 …).
    public var minSupervisionLevel: Int?
    /// 领导包案 by this user.
    public var ownerLeader: Int64?
    /// With a 责任追究 record against this unit (两倒查 from the unit side).
    public var accountableUnit: String?
    /// Only 重复访.
    public var repeatsOnly = false
    /// Full-text search: every term of the text occurs in the title, the content or a written answer
    /// (bigram index, see `SearchGrams`); one- and two-character terms work too.
    public var text: String?
    /// This read-aloud number exactly.
    public var number: String?
    /// Leave out cases accusing these units (the viewer's own unit and those above it).
    public var hiddenAccusedUnits: [String] = []
    public var sort: Sort = .received
    public var offset = 0
    public var limit = 20
    /// Counting stops here: a list says "1000+" rather than count a province's million cases (exact
    /// figures are the statistics' job).
    public var countCap = 1000

    public init(scope: ListScope) { self.scope = scope }
}

public struct CasePage: Sendable {
    /// Matching cases, exact below the query's `countCap`.
    public var total: Int
    /// `total` reached the cap: there are at least that many.
    public var totalCapped: Bool
    public var cases: [Case]
    public init(total: Int, totalCapped: Bool = false, cases: [Case]) {
        self.total = total; self.totalCapped = totalCapped; self.cases = cases
    }
}

public enum StoreError: Error, Sendable, Equatable {
    /// Someone saved the case after the caller read it.
    case versionConflict(caseID: Int64, expected: Int, actual: Int)
    case notFound(String)
    case duplicate(String)
    /// The key file does not match the data (wrong or replaced key).
    case keyMismatch
    case corrupt(String)
    /// The database server cannot be reached or refused the login.
    case unavailable(String)
    /// Any other database failure, with the server's code and message for the log.
    case database(String)
}

extension StoreError {
    /// The error as users see it.
    public var huiyinError: HuiyinError {
        switch self {
        case .versionConflict:
            return .conflict("version_conflict", "该事项刚被他人更新，请刷新后重试")
        case .notFound(let what):
            return .notFound("not_found", "\(what)不存在")
        case .duplicate(let what):
            return .conflict("duplicate", "\(what)已存在")
        case .keyMismatch:
            return HuiyinError(.internalError, "key_mismatch", "加密密钥文件与数据库不匹配，请使用创建该数据库时的密钥文件")
        case .corrupt(let what):
            return HuiyinError(.internalError, "corrupt_data", "数据损坏：\(what)")
        case .unavailable(let what):
            return HuiyinError(.unavailable, "database_unavailable", "数据库暂时不可用：\(what)")
        case .database(let what):
            return HuiyinError(.internalError, "database_error", "数据库错误：\(what)")
        }
    }
}
