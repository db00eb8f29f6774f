import Crypto
import Foundation
import GRDB
import HuiyinCore

extension SQLiteStore {
    public func attach(_ file: NewAttachment, to c: Case, event: CaseEvent, index: CaseIndex, expectedVersion: Int) async throws -> AttachmentInfo {
        let rows = try CaseRows(c, vault: vault)
        let details = try StoredJSON.encode(event.details)
        let sealed = try vault.seal(file.data)
        let digest = AttachmentDigest.hex(file.data)
        return try await writer.write { db in
            _ = try Self.update(c, rows: rows, events: [event], details: [details], index: index, expectedVersion: expectedVersion, db)
            try db.execute(sql: """
                INSERT INTO attachments (case_id, name, content_type, size, sha256, uploaded_at, uploaded_by, sealed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [c.id, file.name, file.contentType, file.data.count, digest, file.uploadedAt.millis, file.uploadedBy, sealed])
            return AttachmentInfo(id: db.lastInsertedRowID, caseID: c.id, name: file.name, contentType: file.contentType,
                                  size: file.data.count, sha256: digest, uploadedAt: file.uploadedAt, uploadedBy: file.uploadedBy)
        }
    }

    public func attachments(caseID: Int64) async throws -> [AttachmentInfo] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(AttachmentDigest.columns) FROM attachments WHERE case_id = ? ORDER BY id",
                             arguments: [caseID]).map(Self.attachmentInfo)
        }
    }

    public func attachment(id: Int64) async throws -> (info: AttachmentInfo, data: Data)? {
        let found: (AttachmentInfo, Data)? = try await pool.read { db in
            guard let r = try Row.fetchOne(db, sql: "SELECT \(AttachmentDigest.columns), sealed FROM attachments WHERE id = ?",
                                           arguments: [id]) else { return nil }
            return (Self.attachmentInfo(r), r["sealed"])
        }
        guard let (info, sealed) = found else { return nil }
        return (info, try vault.open(sealed))
    }

    static func attachmentInfo(_ r: Row) -> AttachmentInfo {
        AttachmentInfo(id: r["id"], caseID: r["case_id"], name: r["name"], contentType: r["content_type"], size: r["size"],
                       sha256: r["sha256"], uploadedAt: Date(millis: r["uploaded_at"]), uploadedBy: r["uploaded_by"])
    }

    public func tally(_ query: CaseQuery, by key: TallyKey, today: LocalDate) async throws -> [CaseTally] {
        let (sql, values) = TallySQL.sql(query, by: key, today: today, dialect: .sqlite)
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(values.map(\.sqlite))).map { r in
                CaseTally(key: r["k"] ?? "", measures: Dictionary(uniqueKeysWithValues: TallySQL.measures.map { ($0, (r[$0] as Int?) ?? 0) }))
            }
        }
    }
}
