import HuiyinCore

/// Who hears of a warning: the petition office and the government (党委、政府) of the warning's
/// territory, or of the nearest territory above it that has them. Never a unit that is, or stands
/// above, the accused unit of a 检举控告 case in the warning (the whistleblower rule).
extension WarningService {
    static func recipients(scope: String, accused: Set<String>, _ dir: Directory) -> [String] {
        let excluded = Set(accused.flatMap { dir.unitChain($0).map(\.code) })
        for code in scope.split(separator: "/").map(String.init).reversed() {
            let units = dir.units.values
                .filter { $0.active && $0.territoryCode == code && [.petitionOffice, .government].contains($0.kind) && !excluded.contains($0.code) }
                .map(\.code)
            if !units.isEmpty { return units.sorted() }
        }
        return []
    }
}
