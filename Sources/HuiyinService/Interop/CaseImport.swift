import Foundation
import HuiyinCore
import HuiyinStore

/// Imports historical cases from CSV: each row goes through intake validation and, when it carries an
/// answer, through 交办 and 答复 by the lifecycle, so imported cases are like any other. Rows that fail
/// are reported (row number, code, message) and the good rows are kept. Nothing is notified.
///
/// A row without a category takes the text model's suggestion (``ModelRegistry``), else the default.
/// Columns are found by header (our export's Chinese headers, the shared data's English ones) or by an
/// explicit mapping `field → column`. Defaults for what the file lacks come from ``Options``.
public struct CaseImport: Sendable {
    /// Import fields and the headers recognised for each, first match wins.
    public static let fields: [(field: String, headers: [String])] = [
        ("title", ["标题", "title", "subject"]),
        ("content", ["反映内容", "内容", "detail", "content", "留言详情"]),
        ("channel", ["信访渠道", "channel"]),
        ("kind", ["信访类型", "kind"]),
        ("category", ["问题分类", "category", "label"]),
        ("territory", ["属地代码", "territory"]),
        ("received_at", ["收到日期", "received_at", "time", "留言时间"]),
        ("petitioner", ["信访人", "petitioner", "user", "name", "留言用户"]),
        ("phone", ["联系电话", "phone"]),
        ("id_number", ["身份证号", "id_number"]),
        ("address", ["通信地址", "address"]),
        ("lead_unit", ["承办单位代码", "lead_unit"]),
        ("opinion", ["处理意见", "opinion"]),
        ("reply", ["答复内容", "reply"]),
        ("replied_at", ["答复日期", "replied_at", "reply_time", "答复时间"]),
    ]

    public struct Options: Sendable {
        /// `field → column header`, overriding the recognised headers.
        public var mapping: [String: String] = [:]
        public var channel = Channel.online.rawValue
        public var kind = LegalKind.suggestion.rawValue
        /// Territory for rows without one (default: the receiving office's territory).
        public var territory: String?
        /// Unit that answered, for rows with an answer and no unit (default: the receiving office).
        public var leadUnit: String?
        public var opinion = Verdict.explain.rawValue
        /// Category for rows without one when the text model has no suggestion.
        public var category: String?
        /// Rows without a category take the text model's suggestion (交办 needs a category).
        public var suggestCategory = true
        public init() {}

        /// Reads `title:标题,content:内容` (the API's `mapping` parameter and the CLI's `--mapping`).
        public mutating func parseMapping(_ raw: String) throws {
            for pair in raw.split(separator: ",") {
                let parts = pair.split(separator: ":", maxSplits: 1).map { String($0).trimmed }
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                    throw HuiyinError.invalid("invalid_mapping", "映射格式应为 字段:列名,字段:列名（如 title:标题,content:内容）", field: "mapping")
                }
                mapping[parts[0]] = parts[1]
            }
        }
    }

    public struct RowError: Sendable, Hashable {
        /// Line of the record in the file (the header is line 1).
        public var row: Int
        public var code: String
        public var message: String
        public var field: String?
    }

    public struct Report: Sendable {
        public var rows: Int
        public var imported: Int
        public var replied: Int
        public var errors: [RowError]
        /// `field → column` as used.
        public var columns: [String: String]
    }

    /// Where each field is read from, or a whole-file error (unknown column, no title or content).
    static func columns(header: [String], mapping: [String: String]) throws -> [String: Int] {
        let normalized = header.map { $0.trimmed.lowercased() }
        var out: [String: Int] = [:]
        for (field, column) in mapping {
            guard fields.contains(where: { $0.field == field }) else {
                throw HuiyinError.invalid("invalid_mapping", "映射中的字段“\(field)”无效，可用：\(fields.map(\.field).joined(separator: "、"))", field: "mapping")
            }
            guard let i = normalized.firstIndex(of: column.trimmed.lowercased()) else {
                throw HuiyinError.invalid("invalid_mapping", "文件中没有列“\(column)”（用于 \(field)）", field: "mapping")
            }
            out[field] = i
        }
        for (field, headers) in fields where out[field] == nil {
            if let i = headers.lazy.compactMap({ normalized.firstIndex(of: $0.lowercased()) }).first { out[field] = i }
        }
        for required in ["title", "content"] where out[required] == nil {
            throw HuiyinError.invalid("invalid_mapping", "找不到 \(required) 列（可用列名：\(fields.first { $0.field == required }!.headers.joined(separator: "、"))，或给出映射）",
                                      field: "mapping")
        }
        return out
    }
}

extension AdminService {
    /// Imports `csv` (UTF-8, with or without BOM). Admin only; one audit entry for the file.
    public func importCases(csv: String, options: CaseImport.Options, by actor: Actor, now: Date, huiyin: Huiyin) async throws -> CaseImport.Report {
        try requireAdmin(actor)
        let text = csv.hasPrefix("\u{FEFF}") ? String(csv.dropFirst()) : csv
        let records = CSV.parse(text)
        guard let header = records.first else { throw HuiyinError.invalid("empty_file", "文件为空", field: "file") }
        let columns = try CaseImport.columns(header: header, mapping: options.mapping)
        let dir = reference.snapshot.directory
        guard let office = cases.publicIntakeUnit(dir), let officeUnit = dir.unit(office) else {
            throw HuiyinError.conflict("no_public_intake_unit", "系统尚未设置信访受理单位，无法导入")
        }
        let importer = actor.user ?? User(id: 0, username: "system", displayName: "系统", role: .admin, unitCode: nil)
        func acting(_ role: Role, _ unit: String) -> Actor {
            .user(User(id: importer.id, username: importer.username, displayName: "\(importer.displayName)（历史导入）", role: role, unitCode: unit))
        }
        let writer = BulkCaseWriter(huiyin: huiyin, batchSize: 500)
        var report = CaseImport.Report(rows: 0, imported: 0, replied: 0, errors: [], columns: columns.mapValues { header[$0] })
        for (index, record) in records.dropFirst().enumerated() {
            if record.allSatisfy({ $0.trimmed.isEmpty }) { continue }
            report.rows += 1
            func value(_ field: String) -> String? { columns[field].flatMap { $0 < record.count ? record[$0].trimmedOrNil : nil } }
            var pendingID: Int64?
            do {
                var received = now
                if let raw = value("received_at") {
                    guard let d = ImportDate.parse(raw) else {
                        throw HuiyinError.invalid("invalid_date", "收到日期“\(raw)”无法识别（如 2019-04-25、2019/4/25 9:32:09）", field: "received_at")
                    }
                    received = min(d, now)
                }
                var category = value("category")
                if category == nil, options.suggestCategory, let title = value("title"), let content = value("content") {
                    category = await huiyin.models.suggest(title: title, content: content, directory: dir)?.categoryCode
                }
                var draft = CaseDraft(channel: value("channel") ?? options.channel, kind: value("kind") ?? options.kind,
                                      category: category ?? options.category, territory: value("territory") ?? options.territory ?? officeUnit.territoryCode,
                                      title: value("title"), content: value("content"), receivedAt: ChinaTime.localDate(received).description)
                if let name = value("petitioner") {
                    draft.petitioners = [CaseDraft.PersonDraft(name: name, idNumber: value("id_number"), phone: value("phone"), address: value("address"))]
                } else {
                    draft.anonymous = true
                }
                let id = try await writer.register(draft, by: acting(.registrar, office), now: received)
                pendingID = id
                if let reply = value("reply") {
                    var at = received.addingTimeInterval(60)
                    if let raw = value("replied_at") {
                        guard let d = ImportDate.parse(raw) else {
                            throw HuiyinError.invalid("invalid_date", "答复日期“\(raw)”无法识别", field: "replied_at")
                        }
                        at = min(max(d, at), now)
                    }
                    let lead = value("lead_unit") ?? options.leadUnit ?? office
                    try writer.perform(ActionRequest(action: "assign", note: "历史数据导入", leadUnit: lead), onCase: id,
                                       by: acting(.dispatcher, office), now: at)
                    try writer.perform(ActionRequest(action: "reply", text: reply, opinion: value("opinion") ?? options.opinion), onCase: id,
                                       by: acting(.handler, lead), now: at)
                    report.replied += 1
                }
                report.imported += 1
            } catch let e as HuiyinError {
                if let pendingID { writer.discard(pendingID) }
                report.errors.append(CaseImport.RowError(row: index + 2, code: e.code, message: e.message, field: e.field))
            }
        }
        try await writer.flush()
        while try await store.reindexText(limit: 500) > 0 {}
        _ = try await store.run([], audit: audit(actor, "cases.import", "\(report.imported) 件", now,
                                                 ["rows": String(report.rows), "imported": String(report.imported),
                                                  "replied": String(report.replied), "failed": String(report.errors.count)]))
        return report
    }
}
