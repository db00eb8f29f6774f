import Foundation

/// A key an admin issued to an outside system (an Open311 app). Only its hash is stored; the key
/// itself is shown once, when it is issued.
public struct APIKey: Sendable, Hashable {
    public var id: Int64
    public var name: String
    /// The first characters of the key, to tell keys apart in lists.
    public var prefix: String
    public var createdAt: Date
    public var createdBy: String
    public var revokedAt: Date?
    public var lastUsedAt: Date?
    public var active: Bool { revokedAt == nil }

    init(_ r: SQLRow) {
        id = r.int("id") ?? 0; name = r.text("name") ?? ""; prefix = r.text("prefix") ?? ""
        createdAt = r.date("created_at") ?? Date(timeIntervalSince1970: 0); createdBy = r.text("created_by") ?? ""
        revokedAt = r.date("revoked_at"); lastUsedAt = r.date("last_used_at")
    }
}

extension HuiyinStore {
    static var apiKeyColumns: String { "id, name, prefix, created_at, created_by, revoked_at, last_used_at" }

    public func createAPIKey(name: String, keyHash: Data, prefix: String, at: Date, by: String, audit: AuditEntry) async throws -> APIKey {
        let rows = try await run([SQLStatement("""
            INSERT INTO api_keys (name, key_hash, prefix, created_at, created_by) VALUES (?, ?, ?, ?, ?)
            RETURNING \(Self.apiKeyColumns)
            """, [.text(name), .blob(keyHash), .text(prefix), .date(at), .text(by)])], audit: audit)
        guard let row = rows.first?.first else { throw StoreError.notFound("API 密钥") }
        return APIKey(row)
    }

    public func apiKeys() async throws -> [APIKey] {
        try await fetch(SQLStatement("SELECT \(Self.apiKeyColumns) FROM api_keys ORDER BY id")).map(APIKey.init)
    }

    /// Revokes a key; `nil` when there is no such key. Revoking twice keeps the first time.
    public func revokeAPIKey(id: Int64, at: Date, audit: AuditEntry) async throws -> APIKey? {
        let rows = try await run([SQLStatement("""
            UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? RETURNING \(Self.apiKeyColumns)
            """, [.date(at), .int(id)])], audit: audit)
        return rows.first?.first.map(APIKey.init)
    }

    /// The active key with this hash, marking it used.
    public func useAPIKey(hash: Data, at: Date) async throws -> APIKey? {
        let rows = try await run([SQLStatement("""
            UPDATE api_keys SET last_used_at = ? WHERE key_hash = ? AND revoked_at IS NULL RETURNING \(Self.apiKeyColumns)
            """, [.date(at), .blob(hash)])], audit: nil)
        return rows.first?.first.map(APIKey.init)
    }
}
