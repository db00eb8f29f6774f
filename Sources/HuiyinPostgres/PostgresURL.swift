import Foundation
import HuiyinCore
import PostgresNIO

/// `postgres://user:password@host:port/database?sslmode=disable&pool=16` → client configuration.
public struct PostgresURL: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    /// `disable` (default on loopback), `prefer` or `require`.
    public var sslMode: String
    /// Largest number of pooled connections of this node.
    public var poolSize: Int

    public init(_ text: String) throws {
        guard let c = URLComponents(string: text), ["postgres", "postgresql"].contains(c.scheme ?? ""),
              let host = c.host, !host.isEmpty else {
            throw HuiyinError.invalid("postgres_url", "PostgreSQL 地址格式应为 postgres://用户名:密码@主机:端口/数据库")
        }
        self.host = host
        port = c.port ?? 5432
        username = c.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        password = c.password.flatMap { $0.removingPercentEncoding }
        let path = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
        database = path.isEmpty ? username : path
        let items = Dictionary((c.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        let loopback = ["127.0.0.1", "localhost", "::1"].contains(host)
        sslMode = items["sslmode"] ?? (loopback ? "disable" : "prefer")
        guard ["disable", "prefer", "require"].contains(sslMode) else {
            throw HuiyinError.invalid("postgres_url", "sslmode 只能是 disable、prefer 或 require")
        }
        poolSize = Int(items["pool"] ?? "") ?? 16
        guard (1...500).contains(poolSize) else { throw HuiyinError.invalid("postgres_url", "pool 应在 1 到 500 之间") }
    }

    /// The same server, another database.
    public func with(database: String) -> PostgresURL {
        var u = self
        u.database = database
        return u
    }

    /// The URL again, password included (to hand to another process).
    public var connectionString: String {
        let user = username.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? username
        let pass = password.map { ":" + ($0.addingPercentEncoding(withAllowedCharacters: .urlPasswordAllowed) ?? $0) } ?? ""
        return "postgres://\(user)\(pass)@\(host):\(port)/\(database)?sslmode=\(sslMode)&pool=\(poolSize)"
    }

    /// The URL for libpq programs (pg_dump, pg_restore, psql): only the parameters they know.
    public var libpqString: String {
        let user = username.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? username
        let pass = password.map { ":" + ($0.addingPercentEncoding(withAllowedCharacters: .urlPasswordAllowed) ?? $0) } ?? ""
        return "postgresql://\(user)\(pass)@\(host):\(port)/\(database)?sslmode=\(sslMode)"
    }

    /// Without the password, for logs and messages.
    public var description: String { "postgres://\(username)@\(host):\(port)/\(database)" }

    var configuration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "require": tls = .require(.makeClientConfiguration())
        case "prefer": tls = .prefer(.makeClientConfiguration())
        default: tls = .disable
        }
        var config = PostgresClient.Configuration(host: host, port: port, username: username, password: password,
                                                  database: database, tls: tls)
        config.options.maximumConnections = poolSize
        config.options.minimumConnections = 1
        // Short OLTP queries: JIT compilation would cost more than it saves (seen: +100 ms on a count).
        config.options.additionalStartupParameters = [("jit", "off")]
        return config
    }
}
