import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService

/// Territories, units, categories and the vocabulary of the API. Reading is public (the portal's
/// forms need it); changing needs the admin role. Bodies are JSON arrays, or CSV with
/// `Content-Type: text/csv` (same columns as `huiyin import`).
struct DirectoryRoutes {
    let api: API

    struct TerritoryJSON: Encodable {
        var code: String, name: String, level: String, levelLabel: String, parent: String?, path: [String]
    }
    struct UnitJSON: Encodable {
        var code: String, name: String, territory: NamedJSON?, level: String, kind: String, kindLabel: String
        var parent: NamedJSON?, competence: [NamedJSON], active: Bool
    }
    struct CategoryJSON: Encodable { var code: String, name: String, parent: String?, level: Int, active: Bool }
    struct Saved: Encodable { var saved: Int }
    struct Vocabulary: Encodable {
        struct Item: Encodable { var value: String; var label: String }
        var channels: [Item], kinds: [Item], states: [Item], roles: [Item], actions: [Item], territoryLevels: [Item], unitKinds: [Item]
    }

    func register(_ router: Router<HuiyinRequestContext>) {
        router.get("api/v1/territories") { _, _ -> Response in
            let dir = api.huiyin.reference.snapshot.directory
            let list = dir.territories.values.sorted { (dir.territoryPath($0.code) ?? "") < (dir.territoryPath($1.code) ?? "") }
            return try JSONIO.response(list.map {
                TerritoryJSON(code: $0.code, name: $0.name, level: $0.level.rawValue, levelLabel: $0.level.label,
                              parent: $0.parentCode, path: dir.territoryNames($0.code))
            })
        }

        router.post("api/v1/territories") { request, _ -> Response in
            let user = try await api.user(request)
            let (text, format) = try await upload(request)
            let list = try DirectoryImport.territories(text, format: format)
            try await api.huiyin.admin.saveTerritories(list, by: .user(user), now: api.now)
            return try JSONIO.response(Saved(saved: list.count))
        }

        router.get("api/v1/units") { _, _ -> Response in
            let dir = api.huiyin.reference.snapshot.directory
            return try JSONIO.response(dir.units.values.sorted { $0.code < $1.code }.map { u in
                UnitJSON(code: u.code, name: u.name, territory: NamedJSON.territory(u.territoryCode, dir), level: u.level.rawValue,
                         kind: u.kind.rawValue, kindLabel: u.kind.label, parent: NamedJSON.unit(u.parentCode, dir),
                         competence: u.competence.compactMap { NamedJSON.category($0, dir) }, active: u.active)
            })
        }

        router.post("api/v1/units") { request, _ -> Response in
            let user = try await api.user(request)
            let (text, format) = try await upload(request)
            let list = try DirectoryImport.units(text, format: format, directory: api.huiyin.reference.snapshot.directory)
            try await api.huiyin.admin.saveUnits(list, by: .user(user), now: api.now)
            return try JSONIO.response(Saved(saved: list.count))
        }

        router.get("api/v1/categories") { request, _ -> Response in
            let tree = api.huiyin.reference.snapshot.directory.categories
            let includeRetired = api.query(request)["all"] == "true"
            return try JSONIO.response((includeRetired ? tree.nodes : tree.activeNodes).map {
                CategoryJSON(code: $0.code, name: $0.name, parent: $0.parentCode, level: $0.level, active: $0.active)
            })
        }

        // Replaces the tree: CSV `level1,level2,level3`.
        router.put("api/v1/categories") { request, _ -> Response in
            let user = try await api.user(request)
            let text = String(decoding: try await JSONIO.body(request, limit: api.options.maxBodyBytes), as: UTF8.self)
            let tree = try await api.huiyin.admin.replaceCategories(csv: text, by: .user(user), now: api.now)
            return try JSONIO.response(["active": tree.activeNodes.count, "leaves": tree.leafCount])
        }

        router.get("api/v1/vocabulary") { _, _ -> Response in
            func items<T: CaseIterable & RawRepresentable>(_ t: T.Type, _ label: (T) -> String) -> [Vocabulary.Item] where T.RawValue == String {
                T.allCases.map { Vocabulary.Item(value: $0.rawValue, label: label($0)) }
            }
            return try JSONIO.response(Vocabulary(
                channels: items(Channel.self) { $0.rawValue }, kinds: items(LegalKind.self) { $0.rawValue },
                states: items(CaseState.self) { $0.label }, roles: items(Role.self) { $0.label },
                actions: items(ActionName.self) { $0.label }.filter { $0.value != "register" },
                territoryLevels: items(TerritoryLevel.self) { $0.label }, unitKinds: items(UnitKind.self) { $0.label }))
        }
    }

    /// The request body and its format: CSV when the content type says so, JSON otherwise.
    private func upload(_ request: Request) async throws -> (String, DirectoryImport.Format) {
        let text = String(decoding: try await JSONIO.body(request, limit: 16 << 20), as: UTF8.self)
        let csv = request.headers[.contentType]?.lowercased().contains("csv") ?? false
        return (text, csv ? .csv : .json)
    }
}
