import Foundation
import HuiyinCore
import HuiyinStore
import PostgresNIO

extension PostgresStore {
    public func attach(_ file: NewAttachment, to c: Case, event: CaseEvent, index: CaseIndex, expectedVersion: Int) async throws -> AttachmentInfo {
        let rows = try CaseRows(c, vault: vault)
        let details = try StoredJSON.encode(event.details)
        let sealed = try vault.seal(file.data)
        let digest = AttachmentDigest.hex(file.data)
        return try await write { conn in
            _ = try await self.update(c, rows: rows, events: [event], details: [details], index: index, expectedVersion: expectedVersion, conn)
            let id = try await conn.query("""
                INSERT INTO attachments (case_id, name, content_type, size, sha256, uploaded_at, uploaded_by, sealed)
                VALUES (\(c.id), \(file.name), \(file.contentType), \(Int32(file.data.count)), \(digest), \(file.uploadedAt.millis),
                    \(file.uploadedBy), \(sealed))
                RETURNING id
                """, logger: self.logger).decode(Int64.self).first { _ in true }
            guard let id else { throw StoreError.database("no id returned") }
            return AttachmentInfo(id: id, caseID: c.id, name: file.name, contentType: file.contentType, size: file.data.count,
                                  sha256: digest, uploadedAt: file.uploadedAt, uploadedBy: file.uploadedBy)
        }
    }

    public func attachments(caseID: Int64) async throws -> [AttachmentInfo] {
        try await rows(PostgresQuery(unsafeSQL: "SELECT \(AttachmentDigest.columns) FROM attachments WHERE case_id = $1 ORDER BY id",
                                     binds: binds([caseID]))).map(Self.attachmentInfo)
    }

    public func attachment(id: Int64) async throws -> (info: AttachmentInfo, data: Data)? {
        guard let r = try await rows(PostgresQuery(unsafeSQL: "SELECT \(AttachmentDigest.columns), sealed FROM attachments WHERE id = $1",
                                                   binds: binds([id]))).first else { return nil }
        return (try Self.attachmentInfo(r), try vault.open(try r["sealed"].decode(Data.self)))
    }

    private func binds(_ ids: [Int64]) -> PostgresBindings {
        var b = PostgresBindings(capacity: ids.count)
        for id in ids { b.append(id) }
        return b
    }

    static func attachmentInfo(_ r: PostgresRandomAccessRow) throws -> AttachmentInfo {
        AttachmentInfo(id: try r["id"].decode(Int64.self), caseID: try r["case_id"].decode(Int64.self),
                       name: try r["name"].decode(String.self), contentType: try r["content_type"].decode(String.self),
                       size: Int(try r["size"].decode(Int32.self)), sha256: try r["sha256"].decode(String.self),
                       uploadedAt: Date(millis: try r["uploaded_at"].decode(Int64.self)), uploadedBy: try r["uploaded_by"].decode(String.self))
    }

    public func tally(_ query: CaseQuery, by key: TallyKey, today: LocalDate) async throws -> [CaseTally] {
        let (sql, values) = TallySQL.sql(query, by: key, today: today, dialect: .postgres)
        return try await rows(Self.query(sql, values)).map { r in
            var m: [String: Int] = [:]
            for col in TallySQL.measures { m[col] = Int(try r[col].decode(Int64?.self) ?? 0) }
            return CaseTally(key: try r["k"].decode(String?.self) ?? "", measures: m)
        }
    }
}
