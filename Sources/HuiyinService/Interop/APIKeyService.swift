import Foundation
import HuiyinCore
import HuiyinStore

/// API keys for outside systems (Open311 apps): issued and revoked by admins, stored as keyed hashes,
/// every change in the audit log.
public final class APIKeyService: Sendable {
    let store: any HuiyinStore
    let vault: PersonalDataVault
    let admin: AdminService

    init(store: any HuiyinStore, vault: PersonalDataVault, admin: AdminService) {
        self.store = store; self.vault = vault; self.admin = admin
    }

    /// Issues a key; the returned text is the only time it is shown.
    public func issue(name: String, by actor: Actor, now: Date) async throws -> (key: APIKey, secret: String) {
        try admin.requireAdmin(actor)
        let name = name.trimmed
        guard !name.isEmpty, name.count <= 100, !name.containsControlCharacters() else {
            throw HuiyinError.invalid("invalid_name", "请填写密钥名称（不超过 100 字），如使用它的系统名称", field: "name")
        }
        var rng = SystemRandomNumberGenerator()
        let secret = "hy_" + (0..<4).map { _ in QueryCode.generate(using: &rng) }.joined()
        let key = try await store.createAPIKey(name: name, keyHash: Self.hash(secret, vault), prefix: String(secret.prefix(7)), at: now,
                                               by: actor.reference.name,
                                               audit: admin.audit(actor, "api_key.issue", name, now, ["prefix": String(secret.prefix(7))]))
        return (key, secret)
    }

    public func list(by actor: Actor) async throws -> [APIKey] {
        try admin.requireAdmin(actor)
        return try await store.apiKeys()
    }

    public func revoke(id: Int64, by actor: Actor, now: Date) async throws -> APIKey {
        try admin.requireAdmin(actor)
        let notFound = HuiyinError.notFound("api_key_not_found", "API 密钥不存在")
        // Checked first so a revocation of nothing leaves no audit entry.
        guard try await store.apiKeys().contains(where: { $0.id == id }) else { throw notFound }
        guard let key = try await store.revokeAPIKey(id: id, at: now, audit: admin.audit(actor, "api_key.revoke", String(id), now)) else {
            throw notFound
        }
        return key
    }

    static func hash(_ secret: String, _ vault: PersonalDataVault) -> Data { vault.hash(secret, purpose: "api_key") }
}
