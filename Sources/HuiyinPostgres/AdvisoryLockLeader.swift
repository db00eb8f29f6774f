import Foundation
import HuiyinStore
import Logging
import PostgresNIO

/// Leadership of a PostgreSQL cluster: the node holding a session-level advisory lock on its own
/// connection leads. When that connection drops (node crash, network), PostgreSQL releases the lock
/// and another node takes over within `retry` seconds.
public actor AdvisoryLockLeader: Leadership {
    public static let lockKey: Int64 = 0x4875_6979_696E_0002
    private let url: PostgresURL
    private let logger: Logger
    private let retry: TimeInterval
    private var connection: PostgresConnection?
    private var lastAttempt: Date?
    private var resigned = false

    public init(url: PostgresURL, logger: Logger, retry: TimeInterval = 2) {
        self.url = url; self.logger = logger; self.retry = retry
    }

    public func isLeader() async -> Bool {
        if resigned { return false }
        if let connection {
            if !connection.isClosed { return true }
            self.connection = nil
            logger.warning("失去集群主节点身份（数据库连接已断开）")
        }
        if let last = lastAttempt, Date().timeIntervalSince(last) < retry { return false }
        lastAttempt = Date()
        do {
            let config = PostgresConnection.Configuration(
                host: url.host, port: url.port, username: url.username, password: url.password, database: url.database,
                tls: url.sslMode == "disable" ? .disable
                    : url.sslMode == "require" ? .require(try .init(configuration: .makeClientConfiguration()))
                    : .prefer(try .init(configuration: .makeClientConfiguration())))
            let conn = try await PostgresConnection.connect(configuration: config, id: 1, logger: logger)
            let got = try await conn.query("SELECT pg_try_advisory_lock(\(Self.lockKey))", logger: logger)
                .decode(Bool.self).first { _ in true } ?? false
            if got {
                connection = conn
                logger.notice("本节点成为集群主节点（负责督办扫描与通知发送）")
                return true
            }
            try await conn.close()
        } catch {
            logger.warning("无法竞选集群主节点：\(error)")
        }
        return false
    }

    public func resign() async {
        resigned = true
        if let connection { try? await connection.close() }
        connection = nil
    }
}
