import Foundation
import HuiyinCore
import HuiyinStore
import PostgresNIO

extension PostgresStore {
    static let userColumns = "id, username, display_name, role, unit, active"

    static func user(_ r: PostgresRandomAccessRow) throws -> User {
        User(id: try r["id"].decode(Int64.self), username: try r["username"].decode(String.self),
             displayName: try r["display_name"].decode(String.self),
             role: Role(rawValue: try r["role"].decode(String.self)) ?? .citizen, unitCode: try r["unit"].decode(String?.self),
             active: try r["active"].decode(Bool.self))
    }

    public func createUser(_ u: NewUser, audit: AuditEntry) async throws -> User {
        try await write { conn in
            let id = try await conn.query("""
                INSERT INTO users (username, display_name, role, unit, password_hash, active, created_at)
                VALUES (\(u.username), \(u.displayName), \(u.role.rawValue), \(u.unitCode), \(u.passwordHash), TRUE, \(audit.at.millis))
                ON CONFLICT (username) DO NOTHING RETURNING id
                """, logger: self.logger).decode(Int64.self).first { _ in true }
            guard let id else { throw StoreError.duplicate("用户名“\(u.username)”") }
            try await self.appendAudit(audit, conn)
            return User(id: id, username: u.username, displayName: u.displayName, role: u.role, unitCode: u.unitCode)
        }
    }

    public func updateUser(_ u: User, audit: AuditEntry) async throws {
        try await write { conn in
            let changed = try await conn.query("""
                UPDATE users SET display_name = \(u.displayName), role = \(u.role.rawValue), unit = \(u.unitCode), active = \(u.active)
                WHERE id = \(u.id) RETURNING id
                """, logger: self.logger).collect().count
            guard changed == 1 else { throw StoreError.notFound("用户") }
            if !u.active { try await conn.query("DELETE FROM sessions WHERE user_id = \(u.id)", logger: self.logger) }
            try await self.appendAudit(audit, conn)
        }
    }

    public func setPassword(userID: Int64, passwordHash: String, audit: AuditEntry) async throws {
        try await write { conn in
            let changed = try await conn.query("UPDATE users SET password_hash = \(passwordHash) WHERE id = \(userID) RETURNING id",
                                               logger: self.logger).collect().count
            guard changed == 1 else { throw StoreError.notFound("用户") }
            try await conn.query("DELETE FROM sessions WHERE user_id = \(userID)", logger: self.logger)
            try await self.appendAudit(audit, conn)
        }
    }

    public func user(id: Int64) async throws -> User? {
        try await rows("SELECT id, username, display_name, role, unit, active FROM users WHERE id = \(id)").first.map(Self.user)
    }

    public func user(username: String) async throws -> (user: User, passwordHash: String)? {
        guard let r = try await rows("SELECT id, username, display_name, role, unit, active, password_hash FROM users WHERE username = \(username)").first
        else { return nil }
        return (try Self.user(r), try r["password_hash"].decode(String.self))
    }

    public func users() async throws -> [User] {
        try await rows("SELECT id, username, display_name, role, unit, active FROM users ORDER BY id").map(Self.user)
    }

    public func createSession(tokenHash: Data, userID: Int64, expiresAt: Date, now: Date) async throws {
        try await write { conn in
            try await conn.query("DELETE FROM sessions WHERE expires_at < \(now.millis)", logger: self.logger)
            try await conn.query("""
                INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (\(tokenHash), \(userID), \(now.millis), \(expiresAt.millis))
                """, logger: self.logger)
        }
    }

    public func sessionUser(tokenHash: Data, now: Date) async throws -> User? {
        do {
            let statement = SessionUserStatement(tokenHash: tokenHash, now: now.millis)
            for try await user in try await client.execute(statement, logger: logger) { return user }
            return nil
        } catch {
            throw Self.translate(error, url: url)
        }
    }

    public func deleteSession(tokenHash: Data) async throws {
        try await write { conn in try await conn.query("DELETE FROM sessions WHERE token_hash = \(tokenHash)", logger: self.logger) }
    }

    public func deleteSessions(userID: Int64) async throws {
        try await write { conn in try await conn.query("DELETE FROM sessions WHERE user_id = \(userID)", logger: self.logger) }
    }
}

/// The session lookup every authenticated request makes, prepared once per connection.
struct SessionUserStatement: PostgresPreparedStatement {
    static let name = "huiyin_session_user"
    static let sql = """
        SELECT u.id, u.username, u.display_name, u.role, u.unit, u.active FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active
        """
    typealias Row = User

    var tokenHash: Data
    var now: Int64

    func makeBindings() throws -> PostgresBindings {
        var b = PostgresBindings()
        try b.append(tokenHash)
        b.append(now)
        return b
    }

    func decodeRow(_ row: PostgresRow) throws -> User { try PostgresStore.user(row.makeRandomAccess()) }
}
