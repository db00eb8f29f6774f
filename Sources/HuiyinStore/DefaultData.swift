import Foundation
import HuiyinCore

/// The data Huiyin ships with: the 3-level category tree (`categories.csv`, 517 leaves), the official
/// holiday schedules (`calendars/YYYY.json`) and the rule sets (`rule-sets/*.json`). A new database is
/// seeded from these; an administrator may replace or extend them afterwards.
public enum DefaultData {
    /// The copied `Resources` folder. Foundation reports the bundle's resource URL differently on
    /// Linux and macOS, so look where the shipped tree actually is.
    static let root: URL? = {
        let candidates = [Bundle.module.resourceURL, Bundle.module.resourceURL?.appendingPathComponent("Resources"),
                          Bundle.module.bundleURL.appendingPathComponent("Resources")].compactMap { $0 }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("categories.csv").path) }
    }()

    static func resource(_ path: String) throws -> Data {
        guard let base = root else { throw StoreError.notFound("内置数据目录") }
        return try Data(contentsOf: base.appendingPathComponent(path))
    }

    static func files(in folder: String) -> [String] {
        guard let base = root else { return [] }
        let dir = base.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { "\(folder)/\($0)" }
    }

    /// The shipped category tree.
    public static func categoryTree() throws -> CategoryTree {
        try categoryTree(csv: String(decoding: try resource("categories.csv"), as: UTF8.self))
    }

    /// A category tree from CSV text with a header row (`level1,level2,level3`).
    public static func categoryTree(csv: String) throws -> CategoryTree {
        let rows = CSV.parse(csv)
        guard let header = rows.first?.map({ $0.lowercased().trimmingCharacters(in: .whitespaces) }),
              header.first == "level1" || header.first == "一级分类" else {
            throw HuiyinError.invalid("category_tree_invalid", "分类表第一行应为表头：level1,level2,level3（或 一级分类,二级分类,三级分类）")
        }
        return try CategoryTree(rows: Array(rows.dropFirst()))
    }

    /// The shipped holiday schedules.
    public static func calendarYears() throws -> [CalendarYear] {
        try files(in: "calendars").map { try decodeCalendarYear(try resource($0)) }
    }

    public static func decodeCalendarYear(_ data: Data) throws -> CalendarYear {
        let year = try decode(CalendarYear.self, data, code: "calendar_invalid", what: "日历")
        try year.validate()
        return year
    }

    /// Decodes a data file, turning a shape error into a Chinese message with a stable code.
    static func decode<T: Decodable>(_ type: T.Type, _ data: Data, code: String, what: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw HuiyinError.invalid(code, "\(what)文件格式不正确：\(error)")
        }
    }

    /// The shipped rule sets; `xinfang-2022` is the default.
    public static func ruleSets() throws -> [RuleSet] {
        try files(in: "rule-sets").map { try decodeRuleSet(try resource($0)) }
    }

    public static let defaultRuleSetID = "xinfang-2022"

    public static func decodeRuleSet(_ data: Data) throws -> RuleSet {
        let rules = try decode(RuleSet.self, data, code: "rule_set_invalid", what: "规则集")
        try rules.validate()
        return rules
    }

    /// The shipped calendar as a ready ``WorkCalendar``.
    public static func calendar() throws -> WorkCalendar { WorkCalendar(years: try calendarYears()) }
}
