/// Levels of the territory tree (属地): 省 → 市 → 县/区 → 乡镇/街道 → 村/社区 → 网格.
public enum TerritoryLevel: String, Codable, Sendable, CaseIterable, Comparable {
    case province, city, county, township, village, grid

    /// 1 (省) … 6 (网格).
    public var rank: Int { Self.allCases.firstIndex(of: self)! + 1 }

    public var label: String {
        switch self {
        case .province: return "省"
        case .city: return "市"
        case .county: return "县区"
        case .township: return "乡镇街道"
        case .village: return "村社区"
        case .grid: return "网格"
        }
    }

    /// Accepts the English name or a Chinese label (省, 市, 县, 区, 县区, 乡, 镇, 街道, 乡镇街道, 村, 社区, 村社区, 网格).
    public init?(parsing text: String) {
        let t = text.trimmed
        if let v = TerritoryLevel(rawValue: t.lowercased()) { self = v; return }
        switch t {
        case "省", "省级", "自治区", "直辖市": self = .province
        case "市", "市级", "地级市", "州", "盟": self = .city
        case "县", "区", "县区", "县级", "县/区", "县级市", "旗": self = .county
        case "乡", "镇", "街道", "乡镇", "乡镇街道", "乡级", "乡/镇/街道": self = .township
        case "村", "社区", "村社区", "村级", "村/社区": self = .village
        case "网格": self = .grid
        default: return nil
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// A node of the territory tree: a place a matter happens in and a unit is responsible for.
public struct Territory: Codable, Sendable, Hashable {
    /// Stable code chosen by the administrator, e.g. the statutory division code `360981`.
    public var code: String
    public var name: String
    public var level: TerritoryLevel
    public var parentCode: String?

    public init(code: String, name: String, level: TerritoryLevel, parentCode: String? = nil) {
        self.code = code; self.name = name; self.level = level; self.parentCode = parentCode
    }

    private enum CodingKeys: String, CodingKey {
        case code, name, level
        case parentCode = "parent"
    }
}

/// Codes name territories, units and categories in URLs, CSV files and paths: keep them plain.
enum Code {
    static func validate(_ code: String, what: String) throws {
        let ok = !code.isEmpty && code.count <= 64 && code.unicodeScalars.allSatisfy {
            ($0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" || $0 == "."))
        }
        guard ok else {
            throw HuiyinError.invalid("invalid_code", "\(what)编码“\(code)”无效：只能使用字母、数字、-、_、.，不超过64个字符")
        }
    }
}

import Foundation
