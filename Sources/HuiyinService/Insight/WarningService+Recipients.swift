import HuiyinCore

/// Who hears of a warning: the petition office and the government (党委、政府) of the warning's
/// territory, or of the nearest territory above it that has them; and, as 《信访工作条例》第二十五条
/// has 信访部门 report major and urgent matters up one level, the petition office of the next level
/// above that has one. Never a unit that is, or stands above, the accused unit of a 检举控告 case in
/// the warning (the whistleblower rule).
extension WarningService {
    static func recipients(scope: String, accused: Set<String>, _ dir: Directory) -> [String] {
        let excluded = Set(accused.flatMap { dir.unitChain($0).map(\.code) })
        func units(in territory: String, _ kinds: Set<UnitKind>) -> [String] {
            dir.units.values
                .filter { $0.active && $0.territoryCode == territory && kinds.contains($0.kind) && !excluded.contains($0.code) }
                .map(\.code).sorted()
        }
        var here: [String] = []
        for code in scope.split(separator: "/").map(String.init).reversed() {
            if here.isEmpty {
                here = units(in: code, [.petitionOffice, .government])
            } else {
                let above = units(in: code, [.petitionOffice])
                if !above.isEmpty { return here + above }
            }
        }
        return here
    }
}
