import Foundation
import GRDB
import HuiyinCore

extension SQLiteStore {
    static func user(_ r: Row) -> User {
        User(id: r["id"], username: r["username"], displayName: r["display_name"],
             role: Role(rawValue: r["role"]) ?? .citizen, unitCode: r["unit"], active: r["active"])
    }

    public func createUser(_ u: NewUser, audit: AuditEntry) async throws -> User {
        try await writer.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM users WHERE username = ?", arguments: [u.username]) == true {
                throw StoreError.duplicate("用户名“\(u.username)”")
            }
            try db.execute(sql: """
                INSERT INTO users (username, display_name, role, unit, password_hash, active, created_at)
                VALUES (?, ?, ?, ?, ?, 1, ?)
                """, arguments: [u.username, u.displayName, u.role.rawValue, u.unitCode, u.passwordHash, audit.at.millis])
            let id = db.lastInsertedRowID
            try Self.appendAudit(audit, db)
            return User(id: id, username: u.username, displayName: u.displayName, role: u.role, unitCode: u.unitCode)
        }
    }

    public func updateUser(_ u: User, audit: AuditEntry) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE users SET display_name = ?, role = ?, unit = ?, active = ? WHERE id = ?",
                           arguments: [u.displayName, u.role.rawValue, u.unitCode, u.active, u.id])
            guard db.changesCount == 1 else { throw StoreError.notFound("用户") }
            if !u.active { try db.execute(sql: "DELETE FROM sessions WHERE user_id = ?", arguments: [u.id]) }
            try Self.appendAudit(audit, db)
        }
    }

    public func setPassword(userID: Int64, passwordHash: String, audit: AuditEntry) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE users SET password_hash = ? WHERE id = ?", arguments: [passwordHash, userID])
            guard db.changesCount == 1 else { throw StoreError.notFound("用户") }
            try db.execute(sql: "DELETE FROM sessions WHERE user_id = ?", arguments: [userID])
            try Self.appendAudit(audit, db)
        }
    }

    public func user(id: Int64) async throws -> User? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE id = ?", arguments: [id]).map(Self.user)
        }
    }

    public func user(username: String) async throws -> (user: User, passwordHash: String)? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE username = ?", arguments: [username]).map {
                (Self.user($0), $0["password_hash"])
            }
        }
    }

    public func users() async throws -> [User] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY id").map(Self.user) }
    }

    public func createSession(tokenHash: Data, userID: Int64, expiresAt: Date, now: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE expires_at < ?", arguments: [now.millis])
            try db.execute(sql: "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                           arguments: [tokenHash, userID, now.millis, expiresAt.millis])
        }
    }

    public func sessionUser(tokenHash: Data, now: Date) async throws -> User? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: """
                SELECT u.* FROM sessions s JOIN users u ON u.id = s.user_id
                WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = 1
                """), arguments: [tokenHash, now.millis]).map(Self.user)
        }
    }

    public func deleteSession(tokenHash: Data) async throws {
        try await writer.write { db in try db.execute(sql: "DELETE FROM sessions WHERE token_hash = ?", arguments: [tokenHash]) }
    }

    public func deleteSessions(userID: Int64) async throws {
        try await writer.write { db in try db.execute(sql: "DELETE FROM sessions WHERE user_id = ?", arguments: [userID]) }
    }
}
