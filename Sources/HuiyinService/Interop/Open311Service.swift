import Foundation
import HuiyinCore
import HuiyinStore

/// Open311 GeoReport v2 (`/open311/v2/`): the category tree as services, citizens' apps submitting
/// requests with an API key, and the public list of requests — those that came through Open311 and the
/// messages published on the 民情回音墙, nothing else. People's data never leaves; 检举控告 content and
/// its handling unit are not shown.
public final class Open311Service: Sendable {
    let store: any HuiyinStore
    let vault: PersonalDataVault
    let reference: ReferenceData
    let cases: CaseService
    let admin: AdminService

    init(store: any HuiyinStore, vault: PersonalDataVault, reference: ReferenceData, cases: CaseService, admin: AdminService) {
        self.store = store; self.vault = vault; self.reference = reference; self.cases = cases; self.admin = admin
    }

    /// Every active leaf of the category tree, in tree order.
    public func services() -> [Open311.Service] {
        let tree = reference.snapshot.directory.categories
        let parents = Set(tree.activeNodes.compactMap(\.parentCode))
        return tree.activeNodes.filter { !parents.contains($0.code) }.map { service($0.code, tree) }
    }

    /// The definition of one service: the legal kind, the territory and a title, all optional.
    public func definition(code: String) throws -> (service: Open311.Service, attributes: [Open311.Attribute]) {
        let dir = reference.snapshot.directory
        guard let node = dir.categories.node(code: code), node.active else { throw Self.unknownService(code) }
        let territories = dir.territories.values.sorted { (dir.territoryPath($0.code) ?? "") < (dir.territoryPath($1.code) ?? "") }
        return (service(node.code, dir.categories), [
            Open311.Attribute(code: "kind", datatype: .singlevaluelist, required: false,
                              description: "信访类型（不填时：留姓名和电话的为申诉求决，否则为建议意见）",
                              datatypeDescription: "建议意见、检举控告或申诉求决", order: 1,
                              values: LegalKind.allCases.map { (Self.kindKey($0), $0.rawValue) }),
            Open311.Attribute(code: "territory", datatype: .singlevaluelist, required: false,
                              description: "问题发生地（属地），不填时由受理单位确定", datatypeDescription: "属地代码", order: 2,
                              values: territories.map { ($0.code, dir.territoryNames($0.code).joined(separator: " ")) }),
            Open311.Attribute(code: "title", datatype: .string, required: false, description: "标题（不填时取描述的前 30 个字）",
                              datatypeDescription: "不超过 200 字", order: 3, values: []),
        ])
    }

    func service(_ code: String, _ tree: CategoryTree) -> Open311.Service {
        let names = tree.pathNames(code)
        return Open311.Service(code: code, name: names.last ?? code, description: names.joined(separator: " / "),
                               keywords: names, group: names.first ?? "")
    }

    static func kindKey(_ k: LegalKind) -> String {
        switch k { case .suggestion: "suggestion"; case .accusation: "accusation"; case .appeal: "appeal" }
    }

    static func unknownService(_ code: String) -> HuiyinError {
        HuiyinError.notFound("unknown_service_code", "服务代码“\(code)”不存在")
    }
}
