import Foundation
import HuiyinCore
import Logging
import HuiyinPostgres
import HuiyinStore

/// The application: store, vault, reference data and the services built on them. The HTTP server, the
/// CLI and the demo generator all go through one `Huiyin`.
///
/// ```swift
/// let app = try await Huiyin.openSQLite(path: "huiyin.db")
/// let (token, _) = try await app.auth.login(username: "admin", password: "…", now: Date())
/// ```
public final class Huiyin: Sendable {
    public let store: any HuiyinStore
    public let vault: PersonalDataVault
    public let reference: ReferenceData
    public let settings: ServiceSettings
    public let auth: AuthService
    public let cases: CaseService
    public let admin: AdminService
    public let dashboards: DashboardService
    public let statistics: StatisticsService
    /// Text models: suggestions at intake, training.
    public let models: ModelRegistry
    public let trainer: ModelTrainer
    /// 热点 and 预警.
    public let warnings: WarningService
    /// Open311 GeoReport v2 and the API keys of outside systems.
    public let open311: Open311Service
    public let apiKeys: APIKeyService
    /// Case events to outside systems.
    public let webhooks: WebhookService
    /// 网格, 民情日记 and 网格上报.
    public let grids: GridService
    /// 矛盾纠纷排查 and 调解.
    public let mediation: MediationService
    /// 领导接待日 and 包案.
    public let receptions: ReceptionService
    public let pairings: PairingService
    public let pledges: PledgeService
    public let meetings: MeetingService
    /// 群众评议.
    public let evaluations: EvaluationService
    /// Whether this node runs the cluster-wide background jobs.
    public let leadership: any Leadership
    /// Names this node in what it records (who sent a notification): host, process and a random tag.
    public let nodeID: String

    public init(store: any HuiyinStore, vault: PersonalDataVault, settings: ServiceSettings = ServiceSettings(),
                leadership: any Leadership = SoleLeader()) async throws {
        self.store = store
        self.vault = vault
        self.settings = settings
        self.leadership = leadership
        nodeID = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UInt16.random(in: 0...UInt16.max))"
        reference = try await ReferenceData(store: store)
        auth = AuthService(store: store, vault: vault, settings: settings)
        models = ModelRegistry(store: store, pollSeconds: settings.modelPollSeconds)
        trainer = ModelTrainer(store: store, reference: reference, registry: models)
        warnings = WarningService(store: store, reference: reference)
        cases = CaseService(store: store, vault: vault, reference: reference, settings: settings, models: models, warnings: warnings)
        dashboards = DashboardService(store: store, reference: reference)
        statistics = StatisticsService(store: store, reference: reference)
        admin = AdminService(store: store, reference: reference, settings: settings, cases: cases, auth: auth)
        open311 = Open311Service(store: store, vault: vault, reference: reference, cases: cases, admin: admin)
        apiKeys = APIKeyService(store: store, vault: vault, admin: admin)
        webhooks = WebhookService(store: store, vault: vault, reference: reference, admin: admin)
        grids = GridService(store: store, vault: vault, reference: reference, admin: admin, cases: cases, auth: auth)
        mediation = MediationService(store: store, vault: vault, reference: reference, admin: admin, cases: cases)
        receptions = ReceptionService(store: store, reference: reference, admin: admin, cases: cases)
        pairings = PairingService(store: store, vault: vault, reference: reference, admin: admin)
        pledges = PledgeService(store: store, reference: reference, admin: admin)
        meetings = MeetingService(store: store, reference: reference, admin: admin)
        evaluations = EvaluationService(store: store, vault: vault, reference: reference, admin: admin)
    }

    /// Opens an SQLite database, creating it and its key file (default: the database path with `.key`)
    /// on first use.
    public static func openSQLite(path: String, keyFile: String? = nil, settings: ServiceSettings = ServiceSettings()) async throws -> Huiyin {
        let vault = try PersonalDataVault.loadOrCreate(keyFile: keyFile ?? defaultKeyFile(for: path))
        let store = try SQLiteStore(path: path, vault: vault)
        return try await Huiyin(store: store, vault: vault, settings: settings)
    }

    /// Connects to PostgreSQL (migrating it on first use) with the key file every node of the cluster
    /// shares. Session tokens are checked against the database on every request (no per-node cache),
    /// and one node at a time leads the background jobs.
    public static func openPostgres(url: PostgresURL, keyFile: String, settings: ServiceSettings = ServiceSettings()) async throws -> Huiyin {
        let vault = try PersonalDataVault.loadOrCreate(keyFile: keyFile)
        let store = try await PostgresStore.connect(url, vault: vault)
        var settings = settings
        settings.sessionCacheSeconds = 0
        var logger = Logger(label: "huiyin.cluster")
        logger.logLevel = .notice
        return try await Huiyin(store: store, vault: vault, settings: settings, leadership: AdvisoryLockLeader(url: url, logger: logger))
    }

    /// Releases the database connections (PostgreSQL pool, SQLite file).
    public func close() async {
        await leadership.resign()
        if let pg = store as? PostgresStore { pg.close() }
        if let lite = store as? SQLiteStore { try? lite.close() }
    }

    /// `huiyin.db` → `huiyin.key`.
    public static func defaultKeyFile(for databasePath: String) -> String {
        let url = URL(fileURLWithPath: databasePath)
        return url.deletingPathExtension().appendingPathExtension("key").path
    }
}
