import Foundation
import HuiyinCore

/// Choices of the form pickers: the 3-level category tree, territories and units in scope, and the
/// fixed vocabularies, each with the current value selected (so a refused form keeps what was typed).
struct Option: Sendable {
    var value: String
    var label: String
    var selected: Bool
}

struct OptionGroup: Sendable {
    var label: String
    var options: [Option]
}

/// A picker that may be absent from a form (a section in the template renders it only when present).
struct Picker: Sendable {
    var options: [Option]
}

struct GroupPicker: Sendable {
    var groups: [OptionGroup]
}

enum WebOptions {
    /// Active leaf categories grouped under their first level: "市政设施 › 路灯".
    static func categories(_ dir: Directory, selected: String?) -> [OptionGroup] {
        let nodes = dir.categories.activeNodes
        let parents = Set(nodes.compactMap(\.parentCode))
        var groups: [OptionGroup] = []
        for top in nodes where top.level == 1 {
            let leaves = nodes.filter { $0.code.hasPrefix(top.code) && $0.code != top.code && !parents.contains($0.code) }
            let options = leaves.map { n in
                Option(value: n.code, label: dir.categories.pathNames(n.code).dropFirst().joined(separator: " › "), selected: n.code == selected)
            }
            groups.append(OptionGroup(label: top.name, options: options.isEmpty
                ? [Option(value: top.code, label: top.name, selected: top.code == selected)] : options))
        }
        return groups
    }

    /// First-level categories (list filters select a subtree).
    static func topCategories(_ dir: Directory, selected: String?) -> [Option] {
        dir.categories.activeNodes.filter { $0.level == 1 }.map { Option(value: $0.code, label: $0.name, selected: $0.code == selected) }
    }

    /// Territories under `root` (all when nil), in tree order, indented by depth.
    static func territories(_ dir: Directory, within root: String?, selected: String?) -> [Option] {
        let rootPath = root.flatMap { dir.territoryPath($0) } ?? "/"
        return dir.territories.values.compactMap { t -> (String, Territory)? in
            guard let p = dir.territoryPath(t.code), p.hasPrefix(rootPath) else { return nil }
            return (p, t)
        }.sorted { $0.0 < $1.0 }.map { path, t in
            let depth = path.split(separator: "/").count - rootPath.split(separator: "/").count
            return Option(value: t.code, label: String(repeating: "　", count: max(0, depth)) + t.name, selected: t.code == selected)
        }
    }

    /// Active units whose territory lies under `root`, leaving out `excluded` units (an accused unit and those below it).
    static func units(_ dir: Directory, within root: String?, excluding accused: String? = nil, selected: Set<String>) -> [Option] {
        dir.units.values.filter { u in
            u.active && (root.map { dir.territory(u.territoryCode, isWithin: $0) } ?? true)
                && !(accused.map { dir.unit(u.code, isWithin: $0) } ?? false)
        }.sorted { ($0.level.rank, $0.code) < ($1.level.rank, $1.code) }
            .map { Option(value: $0.code, label: $0.name, selected: selected.contains($0.code)) }
    }

    static func values<T: CaseIterable & RawRepresentable>(_ t: T.Type, selected: String?, label: (T) -> String) -> [Option] where T.RawValue == String {
        T.allCases.map { Option(value: $0.rawValue, label: label($0), selected: $0.rawValue == selected) }
    }

    static func list(_ pairs: [(String, String)], selected: String?) -> [Option] {
        pairs.map { Option(value: $0.0, label: $0.1, selected: $0.0 == selected) }
    }
}
