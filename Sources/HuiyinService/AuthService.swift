import Foundation
import HuiyinCore
import HuiyinStore

/// Logins and bearer tokens. Tokens are random, stored only as keyed hashes, valid on every node
/// sharing the database, and end on logout, password change or deactivation.
public final class AuthService: Sendable {
    let store: any HuiyinStore
    let vault: PersonalDataVault
    let settings: ServiceSettings
    let limiter: AttemptLimiter
    let sessions: SessionCache

    init(store: any HuiyinStore, vault: PersonalDataVault, settings: ServiceSettings) {
        self.store = store; self.vault = vault; self.settings = settings
        sessions = SessionCache(ttl: settings.sessionCacheSeconds)
        limiter = AttemptLimiter(limit: settings.maxFailedAttempts, window: settings.attemptWindow)
    }

    public struct Login: Sendable {
        public var token: String
        public var user: User
        public var expiresAt: Date
    }

    public func login(username: String, password: String, now: Date) async throws -> Login {
        let key = "login:" + username.lowercased()
        try limiter.check(key, now: now)
        // A name no user can have is not looked up (nor sent to the database, which may refuse it).
        let found = User.isValid(username: username) ? try await store.user(username: username) : nil
        let ok = await Passwords.verify(password, hash: found?.passwordHash ?? Passwords.decoy)
        guard let found, ok, found.user.active else {
            limiter.fail(key, now: now)
            throw HuiyinError(.unauthenticated, "invalid_credentials", "用户名或密码不正确")
        }
        limiter.succeed(key)
        let token = RandomToken.make(bytes: 32)
        let expires = now.addingTimeInterval(settings.sessionLifetime)
        try await store.createSession(tokenHash: vault.tokenHash(token), userID: found.user.id, expiresAt: expires, now: now)
        return Login(token: token, user: try await withGrids(found.user), expiresAt: expires)
    }

    /// The user behind a bearer token; 401 when missing, unknown or expired.
    public func authenticate(token: String, now: Date) async throws -> User {
        guard !token.isEmpty, token.count < 200 else { throw Self.invalidToken }
        let hash = vault.tokenHash(token)
        if let user = sessions.user(hash, now: now) { return user }
        guard let stored = try await store.sessionUser(tokenHash: hash, now: now) else { throw Self.invalidToken }
        let user = try await withGrids(stored)
        sessions.remember(hash, user, now: now)
        return user
    }

    /// A 网格员 with their grids from the register: their whole scope.
    private func withGrids(_ user: User) async throws -> User {
        guard user.role == .gridWorker else { return user }
        var u = user
        u.grids = try await store.gridCodes(ofWorker: user.id)
        return u
    }

    static let invalidToken = HuiyinError(.unauthenticated, "invalid_token", "登录已失效，请重新登录")

    public func logout(token: String) async throws {
        let hash = vault.tokenHash(token)
        sessions.forget(hash)
        try await store.deleteSession(tokenHash: hash)
    }

    func hash(_ password: String) async -> String { await Passwords.hash(password, cost: settings.bcryptCost) }
}
