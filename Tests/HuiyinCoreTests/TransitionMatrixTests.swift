import Testing
@testable import HuiyinCore

/// Every state × every kind of actor: exactly these actions are allowed, all others refused.
@Suite("Lifecycle: the full matrix of allowed and forbidden transitions")
struct TransitionMatrixTests {
    typealias F = Fixture

    /// Builds a case in `state` along the standard path (lead unit: the town government, so 复查 goes
    /// to the district government and 复核 to the city government).
    static func caseIn(_ state: CaseState) throws -> Case {
        var c = try F.registered("2026-03-02")
        if state == .registered { return c }
        if state == .merged {
            return try Lifecycle.apply(.merge(number: "2026-000002", id: 2, note: nil), to: c, by: F.dispatcher, in: F.context("2026-03-03")).0
        }
        if state == .refused { return try F.act(c, .init(action: "refuse", reason: "已进入诉讼程序"), by: F.dispatcher, on: "2026-03-03") }
        if state == .transferred {
            return try F.act(c, .init(action: "transfer", reason: "不属本级职权", receivingBody: "市中级人民法院"), by: F.dispatcher, on: "2026-03-03")
        }
        c = try F.act(c, .init(action: "accept"), by: F.dispatcher, on: "2026-03-03")
        c = try F.act(c, .init(action: "notify"), by: F.registrar, on: "2026-03-03")
        if state == .accepted { return c }
        if state == .withdrawn { return try F.act(c, .init(action: "withdraw", reason: "已协商解决"), by: .petitioner, on: "2026-03-04") }
        c = try F.act(c, .init(action: "assign", leadUnit: "t-gov"), by: F.dispatcher, on: "2026-03-03")
        if state == .assigned { return c }
        if state == .returned { return try F.act(c, .init(action: "return", reason: "不属本单位职责"), by: F.townHandler, on: "2026-03-04") }
        c = try F.act(c, .init(action: "start"), by: F.townHandler, on: "2026-03-04")
        if state == .inProgress { return c }
        c = try F.act(c, .init(action: "reply", text: "已清运并建立长效机制", opinion: "support"), by: F.townHandler, on: "2026-03-20")
        if state == .replied { return c }
        if state == .closed { return try F.act(c, .init(action: "rate", rating: "满意"), by: .petitioner, on: "2026-03-22") }
        c = try F.act(c, .init(action: "rate", rating: "不满意"), by: .petitioner, on: "2026-03-22")
        if state == .unsatisfied { return c }
        c = try F.act(c, .init(action: "request_review", reason: "答复未解决问题"), by: .petitioner, on: "2026-03-23")
        if state == .review { return c }
        c = try F.act(c, .init(action: "review_opinion", text: "维持原意见", opinion: "uphold"), by: F.districtGovHandler, on: "2026-04-10")
        if state == .reviewed { return c }
        c = try F.act(c, .init(action: "request_recheck", reason: "仍不服"), by: .petitioner, on: "2026-04-12")
        if state == .recheck { return c }
        return try F.act(c, .init(action: "recheck_opinion", text: "维持复查意见", opinion: "uphold"), by: F.govHandler, on: "2026-04-30")
    }

    /// The day the matrix is checked for each state: a day after its last step, inside every window.
    static let checkedOn: [CaseState: String] = [
        .registered: "2026-03-03", .accepted: "2026-03-04", .assigned: "2026-03-04", .returned: "2026-03-05",
        .inProgress: "2026-03-05", .replied: "2026-03-21", .unsatisfied: "2026-03-23", .review: "2026-03-24",
        .reviewed: "2026-04-11", .recheck: "2026-04-13", .closed: "2026-03-23", .final: "2026-05-01",
        .refused: "2026-03-04", .transferred: "2026-03-04", .withdrawn: "2026-03-05", .merged: "2026-03-04",
    ]

    static let actors: [(String, Actor)] = [
        ("dispatcher", F.dispatcher), ("registrar", F.registrar), ("leadHandler", F.townHandler),
        ("otherHandler", F.handler), ("reviewHandler", F.districtGovHandler), ("recheckHandler", F.govHandler),
        ("leader", F.leader), ("supervisor", F.supervisor), ("admin", F.admin), ("petitioner", .petitioner),
        ("outOfScopeDispatcher", F.districtBDispatcher), ("townDispatcher", F.townDispatcher), ("otherCitizen", F.citizen),
    ]

    /// The specification, written out independently of the permission table.
    static let expected: [CaseState: [String: [String]]] = [
        .registered: [
            "dispatcher": ["accept", "refuse", "transfer", "assign", "classify", "notify", "withdraw", "comment"],
            "registrar": ["classify", "notify", "withdraw", "comment"],
            "townDispatcher": ["accept", "refuse", "transfer", "assign", "classify", "notify", "withdraw", "comment"],
            "leader": ["comment"], "supervisor": ["comment"], "petitioner": ["withdraw"],
        ],
        .accepted: [
            "dispatcher": ["assign", "classify", "withdraw", "comment"],
            "registrar": ["classify", "withdraw", "comment"],
            "townDispatcher": ["assign", "classify", "withdraw", "comment"],
            "leader": ["comment"], "supervisor": ["comment"], "petitioner": ["withdraw"],
        ],
        .assigned: [
            "dispatcher": ["pause", "withdraw", "comment"],
            "registrar": ["withdraw", "comment"],
            "townDispatcher": ["pause", "withdraw", "comment"],
            "leadHandler": ["return", "start", "reply", "pause", "comment"],
            "leader": ["extend", "comment"], "supervisor": ["comment"], "petitioner": ["withdraw"],
        ],
        .returned: [
            "dispatcher": ["transfer", "assign", "classify", "withdraw", "comment"],
            "registrar": ["classify", "withdraw", "comment"],
            "townDispatcher": ["transfer", "assign", "classify", "withdraw", "comment"],
            "leader": ["comment"], "supervisor": ["comment"], "petitioner": ["withdraw"],
        ],
        .inProgress: [
            "dispatcher": ["pause", "withdraw", "comment"],
            "registrar": ["withdraw", "comment"],
            "townDispatcher": ["pause", "withdraw", "comment"],
            "leadHandler": ["return", "reply", "pause", "comment"],
            "leader": ["extend", "comment"], "supervisor": ["comment"], "petitioner": ["withdraw"],
        ],
        .replied: [
            "dispatcher": ["rate", "request_review", "withdraw", "comment"],
            "registrar": ["rate", "request_review", "withdraw", "comment"],
            "townDispatcher": ["rate", "request_review", "withdraw", "comment"],
            "leadHandler": ["comment"], "leader": ["comment"], "supervisor": ["comment"],
            "petitioner": ["rate", "request_review", "withdraw"],
        ],
        .unsatisfied: [
            "dispatcher": ["rate", "redo", "request_review", "withdraw", "comment"],
            "registrar": ["rate", "request_review", "withdraw", "comment"],
            "townDispatcher": ["rate", "redo", "request_review", "withdraw", "comment"],
            "leadHandler": ["comment"], "leader": ["comment"], "supervisor": ["redo", "comment"],
            "petitioner": ["rate", "request_review", "withdraw"],
        ],
        .review: [
            "dispatcher": ["pause", "withdraw", "comment"],
            "registrar": ["withdraw", "comment"],
            "townDispatcher": ["pause", "withdraw", "comment"],
            "leadHandler": ["comment"], "reviewHandler": ["review_opinion", "pause", "comment"],
            "leader": ["comment"], "supervisor": ["comment"], "petitioner": ["withdraw"],
        ],
        .reviewed: [
            "dispatcher": ["rate", "request_recheck", "withdraw", "comment"],
            "registrar": ["rate", "request_recheck", "withdraw", "comment"],
            "townDispatcher": ["rate", "request_recheck", "withdraw", "comment"],
            "leadHandler": ["comment"], "reviewHandler": ["comment"],
            "leader": ["comment"], "supervisor": ["comment"], "petitioner": ["rate", "request_recheck", "withdraw"],
        ],
        .recheck: [
            "dispatcher": ["pause", "withdraw", "comment"],
            "registrar": ["withdraw", "comment"],
            "townDispatcher": ["pause", "withdraw", "comment"],
            "leadHandler": ["comment"], "reviewHandler": ["comment"],
            "recheckHandler": ["recheck_opinion", "pause", "comment"],
            "leader": ["recheck_opinion", "pause", "comment"], "supervisor": ["comment"], "petitioner": ["withdraw"],
        ],
        .closed: ["dispatcher": ["comment"], "registrar": ["comment"], "townDispatcher": ["comment"],
                  "leadHandler": ["comment"], "leader": ["comment"], "supervisor": ["comment"]],
        .final: ["dispatcher": ["comment"], "registrar": ["comment"], "townDispatcher": ["comment"], "leadHandler": ["comment"],
                 "reviewHandler": ["comment"], "recheckHandler": ["comment"], "leader": ["comment"], "supervisor": ["comment"]],
        .refused: ["dispatcher": ["comment"], "registrar": ["comment"], "townDispatcher": ["comment"],
                   "leader": ["comment"], "supervisor": ["comment"]],
        .transferred: ["dispatcher": ["comment"], "registrar": ["comment"], "townDispatcher": ["comment"],
                       "leader": ["comment"], "supervisor": ["comment"]],
        .withdrawn: ["dispatcher": ["comment"], "registrar": ["comment"], "townDispatcher": ["comment"],
                     "leader": ["comment"], "supervisor": ["comment"]],
        .merged: ["dispatcher": ["comment"], "registrar": ["comment"], "townDispatcher": ["comment"],
                  "leader": ["comment"], "supervisor": ["comment"]],
    ]

    /// 并案: registrars and dispatchers in scope merge a duplicate before it is assigned.
    static func insight(_ state: CaseState, _ actor: String) -> [String] {
        [.registered, .accepted, .returned].contains(state) && ["dispatcher", "registrar", "townDispatcher"].contains(actor) ? ["merge"] : []
    }

    /// Oversight on top of handling: supervisors and leaders in scope order 督办 on open cases and record
    /// 责任追究 on any case; a leader may take an open case (包案); a dispatcher refers a returned case's
    /// competence dispute upwards.
    static func oversight(_ state: CaseState, _ actor: String) -> [String] {
        let open = !state.isTerminal
        switch actor {
        case "leader": return (open ? ["supervise", "take_ownership"] : []) + ["hold_accountable"]
        case "supervisor": return (open ? ["supervise"] : []) + ["hold_accountable"]
        case "dispatcher", "townDispatcher": return state == .returned ? ["refer_dispute"] : []
        default: return []
        }
    }

    @Test("allowed actions per state and actor", arguments: CaseState.allCases)
    func matrix(state: CaseState) throws {
        let c = try Self.caseIn(state)
        #expect(c.state == state)
        let ctx = F.context(Self.checkedOn[state]!)
        for (name, actor) in Self.actors {
            let allowed = Lifecycle.allowedActions(on: c, by: actor, in: ctx).map(\.rawValue)
            let want = (Self.expected[state]?[name] ?? []) + Self.oversight(state, name) + Self.insight(state, name)
            #expect(Set(allowed) == Set(want), "\(state.rawValue) / \(name): allowed \(allowed), expected \(want)")
        }
    }

    @Test("every refused action throws 403 (wrong actor) or 409 (wrong state or time) and never changes the case",
          arguments: CaseState.allCases)
    func refusals(state: CaseState) throws {
        let c = try Self.caseIn(state)
        let ctx = F.context(Self.checkedOn[state]!)
        for (name, actor) in Self.actors {
            let allowed = Set(Lifecycle.allowedActions(on: c, by: actor, in: ctx))
            for action in ActionName.allCases where !ActionName.notRequestable.contains(action) && !allowed.contains(action) {
                do {
                    try Lifecycle.check(action, on: c, by: actor, in: ctx)
                    Issue.record("\(state.rawValue) / \(name) / \(action.rawValue) passed check but is not allowed")
                } catch let e as HuiyinError {
                    #expect(e.kind == .forbidden || e.kind == .conflict, "\(state)/\(name)/\(action): \(e)")
                    #expect(!e.message.isEmpty)
                }
            }
        }
    }
}
