import Foundation
import HuiyinCore

/// Reads territories, units and users from CSV (header row) or JSON (an array of objects with the same
/// keys). Errors name the row. Nothing is written here: the caller saves the whole file or nothing.
///
/// - territories: `code,name,level,parent` (level: 省 市 县区 乡镇街道 村社区 网格, or province … grid)
/// - units: `code,name,territory,level,kind,parent,competence` (kind: 信访部门 党委政府 职能部门 纪检监察机关 …;
///   competence: category codes or paths separated by `;`; level defaults to the territory's)
/// - users: `username,name,role,unit,password` (role: admin, registrar, … or 管理员, 登记员 …; an empty
///   password gets a random one, reported back)
public enum DirectoryImport {
    public enum Format: Sendable { case csv, json }

    public static func format(ofFile path: String) throws -> Format {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "csv": return .csv
        case "json": return .json
        default: throw HuiyinError.invalid("unknown_format", "只支持 .csv 或 .json 文件：\(path)")
        }
    }

    static func records(_ text: String, _ format: Format) throws -> [[String: String]] {
        switch format {
        case .csv: return CSV.records(text)
        case .json:
            guard let array = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] else {
                throw HuiyinError.invalid("invalid_json", "JSON 文件应为对象数组")
            }
            return array.map { obj in
                obj.mapValues { v in
                    if let list = v as? [Any] { return list.map { "\($0)" }.joined(separator: ";") }
                    if let b = v as? Bool { return b ? "true" : "false" }
                    if v is NSNull { return "" }
                    return "\(v)"
                }
            }
        }
    }

    private static func rowError(_ i: Int, _ message: String) -> HuiyinError {
        HuiyinError.invalid("import_row_invalid", "第 \(i + 2) 行：\(message)")
    }

    private static func field(_ r: [String: String], _ key: String) -> String? {
        guard let v = r[key]?.trimmed, !v.isEmpty else { return nil }
        return v
    }

    public static func territories(_ text: String, format: Format) throws -> [Territory] {
        try records(text, format).enumerated().map { i, r in
            guard let code = field(r, "code"), let name = field(r, "name") else { throw rowError(i, "缺少 code 或 name") }
            guard let raw = field(r, "level"), let level = TerritoryLevel(parsing: raw) else {
                throw rowError(i, "层级无效（省、市、县区、乡镇街道、村社区、网格）")
            }
            return Territory(code: code, name: name, level: level, parentCode: field(r, "parent"))
        }
    }

    public static func units(_ text: String, format: Format, directory dir: Directory, pending territories: [Territory] = []) throws -> [OrgUnit] {
        let levels = Dictionary(uniqueKeysWithValues: (Array(dir.territories.values) + territories).map { ($0.code, $0.level) })
        return try records(text, format).enumerated().map { i, r in
            guard let code = field(r, "code"), let name = field(r, "name"), let territory = field(r, "territory") else {
                throw rowError(i, "缺少 code、name 或 territory")
            }
            guard let territoryLevel = levels[territory] else { throw rowError(i, "属地“\(territory)”不存在") }
            let level = try field(r, "level").map { raw -> TerritoryLevel in
                guard let l = TerritoryLevel(parsing: raw) else { throw rowError(i, "层级“\(raw)”无效") }
                return l
            } ?? territoryLevel
            let kind = try field(r, "kind").map { raw -> UnitKind in
                guard let k = UnitKind(parsing: raw) else { throw rowError(i, "单位类型“\(raw)”无效") }
                return k
            } ?? .department
            let competence = try (field(r, "competence") ?? "").split(whereSeparator: { $0 == ";" || $0 == "；" || $0 == "|" })
                .map { item -> String in
                    do { return try dir.categories.resolve(String(item)).code } catch let e as HuiyinError {
                        throw rowError(i, e.message)
                    }
                }
            let active = field(r, "active").map { !["0", "false", "no", "否"].contains($0.lowercased()) } ?? true
            return OrgUnit(code: code, name: name, territoryCode: territory, level: level, kind: kind,
                           parentCode: field(r, "parent"), competence: competence, active: active)
        }
    }

    public struct UserRow: Sendable {
        public var username: String
        public var displayName: String
        public var role: Role
        public var unit: String?
        /// Empty: generate one.
        public var password: String?
    }

    public static func users(_ text: String, format: Format) throws -> [UserRow] {
        try records(text, format).enumerated().map { i, r in
            guard let username = field(r, "username"), let name = field(r, "name") ?? field(r, "display_name") else {
                throw rowError(i, "缺少 username 或 name")
            }
            guard let raw = field(r, "role"), let role = Role(parsing: raw) else {
                throw rowError(i, "角色无效（citizen, registrar, dispatcher, handler, supervisor, leader, admin）")
            }
            return UserRow(username: username, displayName: name, role: role, unit: field(r, "unit"), password: field(r, "password"))
        }
    }

    /// A random password people can type: 12 characters without look-alikes.
    public static func generatePassword() -> String {
        let chars = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789")
        var rng = SystemRandomNumberGenerator()
        return String((0..<12).map { _ in chars[Int(rng.next(upperBound: UInt32(chars.count)))] })
    }
}
