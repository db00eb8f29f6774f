/// One node of the 3-level category tree (问题分类), e.g. 城乡建设 › 安全生产 › 事故处理.
public struct CategoryNode: Codable, Sendable, Hashable {
    /// Hierarchical code: two digits per level (`01`, `0101`, `010101`), so a code prefix selects a subtree.
    public var code: String
    public var name: String
    public var parentCode: String?
    /// Retired nodes stay so old cases keep their category; they cannot be chosen for new input.
    public var active: Bool

    public init(code: String, name: String, parentCode: String?, active: Bool = true) {
        self.code = code; self.name = name; self.parentCode = parentCode; self.active = active
    }

    public var level: Int { code.count / 2 }

    private enum CodingKeys: String, CodingKey {
        case code, name, active
        case parentCode = "parent"
    }
}

/// The category tree, built from rows of `level1, level2, level3` names (the shipped default is the
/// 517-leaf tree of `categories.csv`), and resolution of what a person types into a node.
///
/// Replacing the tree keeps the code of every path that survives and retires (deactivates) paths that
/// vanish, so cases classified under the old tree keep a valid category.
///
/// ```swift
/// let tree = try CategoryTree(rows: [["城乡建设", "安全生产", "事故处理"]])
/// try tree.resolve("城乡建设/安全生产/事故处理").code   // "010101"
/// try tree.resolve("事故处理").code                     // "010101" (unique name)
/// ```
public struct CategoryTree: Sendable {
    public private(set) var nodes: [CategoryNode] = []
    private var byCode: [String: Int] = [:]
    private var byPath: [String: Int] = [:]
    private var byName: [String: [Int]] = [:]

    /// Builds the tree in row order. Rows may name one, two or three levels. With `previous`, surviving
    /// paths keep their codes, new paths get unused codes, and vanished paths stay as retired nodes.
    public init(rows: [[String]], previous: CategoryTree? = nil) throws {
        var used: [String: Set<Int>] = [:]
        for n in previous?.nodes ?? [] { used[n.parentCode ?? "", default: []].insert(Int(n.code.suffix(2)) ?? 0) }
        for (line, row) in rows.enumerated() {
            let names = row.prefix(3).map { $0.trimmed }
            guard let first = names.first, !first.isEmpty else { continue }
            if names.count > 1, names[1].isEmpty, names.count > 2, !names[2].isEmpty {
                throw HuiyinError.invalid("category_tree_invalid", "第 \(line + 1) 行：缺少二级分类")
            }
            var parent: String? = nil
            var path: [String] = []
            for name in names where !name.isEmpty {
                guard name.count <= 50, !name.contains("/") else {
                    throw HuiyinError.invalid("category_tree_invalid", "第 \(line + 1) 行：分类名称“\(name)”过长或含有“/”")
                }
                path.append(name)
                let key = path.joined(separator: "/")
                if let idx = byPath[key] { parent = nodes[idx].code; continue }
                let code: String
                if let old = previous?.byPath[key].map({ previous!.nodes[$0] }), old.parentCode == parent {
                    code = old.code
                } else {
                    let taken = used[parent ?? "", default: []]
                    guard let free = (1...99).first(where: { !taken.contains($0) }) else {
                        throw HuiyinError.invalid("category_tree_invalid", "第 \(line + 1) 行：同一级分类超过 99 个")
                    }
                    code = (parent ?? "") + String(format: "%02d", free)
                }
                used[parent ?? "", default: []].insert(Int(code.suffix(2))!)
                insert(CategoryNode(code: code, name: name, parentCode: parent), path: key)
                parent = code
            }
        }
        guard !nodes.isEmpty else { throw HuiyinError.invalid("category_tree_invalid", "分类表为空") }
        if let previous {
            for old in previous.nodes where byCode[old.code] == nil {
                var retired = old
                retired.active = false
                insert(retired, path: "\u{0}retired/\(old.code)")
            }
        }
    }

    /// Rebuilds a tree from stored nodes (codes kept as they are).
    public init(nodes: [CategoryNode]) {
        for n in nodes.sorted(by: { $0.code < $1.code }) {
            let parentPath = n.parentCode.flatMap { byCode[$0] }.map { pathNames(self.nodes[$0].code).joined(separator: "/") }
            let path = parentPath.map { "\($0)/\(n.name)" } ?? n.name
            insert(n, path: n.active ? path : "\u{0}retired/\(n.code)")
        }
    }

    private mutating func insert(_ node: CategoryNode, path: String) {
        byCode[node.code] = nodes.count
        byPath[path] = nodes.count
        if node.active { byName[node.name, default: []].append(nodes.count) }
        nodes.append(node)
    }

    public var isEmpty: Bool { nodes.isEmpty }
    public var activeNodes: [CategoryNode] { nodes.filter(\.active) }
    public var leafCount: Int {
        let parents = Set(nodes.filter(\.active).compactMap(\.parentCode))
        return nodes.filter { $0.active && !parents.contains($0.code) }.count
    }

    public func node(code: String) -> CategoryNode? { byCode[code].map { nodes[$0] } }

    /// Names from the top level down to `code` (also for retired nodes).
    public func pathNames(_ code: String) -> [String] {
        var names: [String] = []
        var current = byCode[code].map { nodes[$0] }
        while let n = current {
            names.insert(n.name, at: 0)
            current = n.parentCode.flatMap { byCode[$0] }.map { nodes[$0] }
        }
        return names
    }

    /// An active node by code, full path (`城乡建设/安全生产/事故处理`, also with `>` or `／`), a path's
    /// tail, or a name that occurs once in the tree.
    public func resolve(_ input: String) throws -> CategoryNode {
        let text = input.trimmed
        if let i = byCode[text] {
            guard nodes[i].active else {
                throw HuiyinError.invalid("retired_category", "问题分类“\(pathNames(text).joined(separator: "/"))”已停用，请选择新的分类", field: "category")
            }
            return nodes[i]
        }
        let parts = text.split(whereSeparator: { "/／>＞›".contains($0) })
            .map { $0.trimmed }.filter { !$0.isEmpty }
        if let i = byPath[parts.joined(separator: "/")] { return nodes[i] }
        if let last = parts.last {
            let candidates = (byName[last] ?? []).filter { idx in
                let path = pathNames(nodes[idx].code)
                return path.count >= parts.count && Array(path.suffix(parts.count)) == parts
            }
            if candidates.count == 1 { return nodes[candidates[0]] }
            if candidates.count > 1 {
                let options = candidates.prefix(5).map { pathNames(nodes[$0].code).joined(separator: "/") }
                throw HuiyinError.invalid("ambiguous_category",
                    "问题分类“\(text)”有多个同名项，请写明完整路径，例如：\(options.joined(separator: "；"))",
                    field: "category")
            }
        }
        throw HuiyinError.invalid("unknown_category", "问题分类“\(text)”不存在，请从分类表中选择", field: "category")
    }
}

import Foundation
