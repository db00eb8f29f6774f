import Foundation
import HuiyinCore
import HuiyinStore

/// Routing rules (派单规则) live in the settings table as one JSON document, read fresh on each use
/// (one small row), so every node sees an admin's change at once.
extension CaseService {
    static let routingKey = "routing_rules"

    public func routingRules() async throws -> [RoutingRule] {
        guard let text = try await store.setting(Self.routingKey) else { return [] }
        return (try? StoredJSON.decode([RoutingRule].self, text)) ?? []
    }

    /// The suggested lead and assisting units for `c` when `actor` dispatches it (nil: no rule and no
    /// competent unit).
    public func routingSuggestion(for c: Case, by actor: Actor) async throws -> RoutingSuggestion? {
        Routing.suggest(for: c, rules: try await routingRules(), dispatcherUnit: actor.unitCode, in: reference.snapshot.directory)
    }

    /// 一步派单: an `assign` without a lead unit takes the routing suggestion.
    func fillingRoute(_ request: ActionRequest, for c: Case, by actor: Actor) async throws -> ActionRequest {
        guard request.action == ActionName.assign.rawValue, (request.leadUnit ?? "").trimmed.isEmpty else { return request }
        guard let s = try await routingSuggestion(for: c, by: actor) else {
            throw HuiyinError.missing("lead_unit", "主办单位（没有匹配的派单规则，请手工选择）")
        }
        var r = request
        r.leadUnit = s.leadUnit
        if r.assistingUnits == nil { r.assistingUnits = s.assistingUnits }
        return r
    }
}

extension AdminService {
    /// Replaces the routing rules (validated against the directory), with an audit entry.
    public func saveRoutingRules(_ rules: [RoutingRule], by actor: Actor, now: Date) async throws -> [RoutingRule] {
        try requireAdmin(actor)
        let valid = try Routing.validate(rules, in: reference.snapshot.directory)
        try await store.saveSetting(CaseService.routingKey, try StoredJSON.encode(valid),
                                    audit: audit(actor, "routing_rules.save", "routing_rules", now, ["count": String(valid.count)]))
        return valid
    }
}
