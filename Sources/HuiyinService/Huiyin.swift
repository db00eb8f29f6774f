import Foundation
import HuiyinCore
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

    public init(store: any HuiyinStore, vault: PersonalDataVault, settings: ServiceSettings = ServiceSettings()) async throws {
        self.store = store
        self.vault = vault
        self.settings = settings
        reference = try await ReferenceData(store: store)
        auth = AuthService(store: store, vault: vault, settings: settings)
        cases = CaseService(store: store, vault: vault, reference: reference, settings: settings)
        admin = AdminService(store: store, reference: reference, settings: settings, cases: cases, auth: auth)
    }

    /// Opens an SQLite database, creating it and its key file (default: the database path with `.key`)
    /// on first use.
    public static func openSQLite(path: String, keyFile: String? = nil, settings: ServiceSettings = ServiceSettings()) async throws -> Huiyin {
        let vault = try PersonalDataVault.loadOrCreate(keyFile: keyFile ?? defaultKeyFile(for: path))
        let store = try SQLiteStore(path: path, vault: vault)
        return try await Huiyin(store: store, vault: vault, settings: settings)
    }

    /// `huiyin.db` → `huiyin.key`.
    public static func defaultKeyFile(for databasePath: String) -> String {
        let url = URL(fileURLWithPath: databasePath)
        return url.deletingPathExtension().appendingPathExtension("key").path
    }
}
