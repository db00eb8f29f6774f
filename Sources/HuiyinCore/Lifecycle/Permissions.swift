/// Who may take each action: a role together with the relation that role must have to the case.
///
/// One table, read by ``Lifecycle`` (to allow or refuse) and by the UI (to offer only possible actions).
public enum Permissions {
    /// How an actor must be related to a case.
    public enum Relation: Sendable, Hashable {
        /// The case lies in the territory subtree of the actor's unit (属地管辖).
        case scope
        /// The actor's unit is the 主办单位.
        case leadUnit
        /// The actor's unit handles the current stage (lead unit, 复查 unit or 复核 unit).
        case handlingUnit
        case reviewUnit
        case recheckUnit
        /// The actor may see the case (any involvement or scope).
        case visible
        /// The actor's unit has a 督办 order on the case still waiting for its written answer.
        case supervisedUnit
        /// The actor's unit was asked to decide a competence dispute on the case.
        case disputeUnit
    }

    public struct Grant: Sendable, Hashable {
        public var roles: Set<Role>
        public var relation: Relation
    }

    public struct Rule: Sendable {
        /// Staff grants; any one suffices.
        public var grants: [Grant]
        /// The petitioner (query code, or the citizen account that submitted the case) may take it.
        public var petitioner: Bool
        /// States the action is possible in.
        public var states: Set<CaseState>
    }

    private static func g(_ relation: Relation, _ roles: Role...) -> Grant { Grant(roles: Set(roles), relation: relation) }

    static let open: Set<CaseState> = Set(CaseState.allCases.filter { !$0.isTerminal })

    public static func rule(for action: ActionName) -> Rule {
        switch action {
        case .register:
            return Rule(grants: [g(.scope, .registrar, .dispatcher, .gridWorker)], petitioner: true, states: [])
        case .accept:
            return Rule(grants: [g(.scope, .dispatcher)], petitioner: false, states: [.registered])
        case .refuse:
            return Rule(grants: [g(.scope, .dispatcher)], petitioner: false, states: [.registered])
        case .transfer:
            return Rule(grants: [g(.scope, .dispatcher)], petitioner: false, states: [.registered, .returned])
        case .assign:
            return Rule(grants: [g(.scope, .dispatcher)], petitioner: false, states: [.registered, .accepted, .returned])
        case .classify:
            return Rule(grants: [g(.scope, .registrar, .dispatcher)], petitioner: false,
                        states: [.registered, .accepted, .returned])
        case .notify:
            return Rule(grants: [g(.scope, .registrar, .dispatcher), g(.leadUnit, .handler)], petitioner: false,
                        states: open)
        case .returnCase:
            return Rule(grants: [g(.leadUnit, .handler, .leader)], petitioner: false, states: [.assigned, .inProgress])
        case .start:
            return Rule(grants: [g(.leadUnit, .handler)], petitioner: false, states: [.assigned])
        case .reply:
            return Rule(grants: [g(.leadUnit, .handler, .leader)], petitioner: false, states: [.assigned, .inProgress])
        case .extend:
            return Rule(grants: [g(.scope, .leader), g(.leadUnit, .leader)], petitioner: false,
                        states: [.assigned, .inProgress])
        case .pause, .resume:
            return Rule(grants: [g(.handlingUnit, .handler, .leader), g(.scope, .dispatcher)], petitioner: false,
                        states: [.assigned, .inProgress, .review, .recheck])
        case .rate:
            return Rule(grants: [g(.scope, .registrar, .dispatcher)], petitioner: true,
                        states: [.replied, .unsatisfied, .reviewed])
        case .redo:
            return Rule(grants: [g(.scope, .dispatcher, .supervisor)], petitioner: false, states: [.unsatisfied])
        case .requestReview:
            return Rule(grants: [g(.scope, .registrar, .dispatcher)], petitioner: true, states: [.replied, .unsatisfied])
        case .reviewOpinion:
            return Rule(grants: [g(.reviewUnit, .handler, .leader)], petitioner: false, states: [.review])
        case .requestRecheck:
            return Rule(grants: [g(.scope, .registrar, .dispatcher)], petitioner: true, states: [.reviewed])
        case .recheckOpinion:
            return Rule(grants: [g(.recheckUnit, .handler, .leader)], petitioner: false, states: [.recheck])
        case .close:
            return Rule(grants: [g(.scope, .dispatcher)], petitioner: false, states: [.replied, .unsatisfied, .reviewed])
        case .withdraw:
            return Rule(grants: [g(.scope, .registrar, .dispatcher)], petitioner: true, states: open)
        case .comment, .attach:
            return Rule(grants: [g(.visible, .registrar, .dispatcher, .handler, .supervisor, .leader)],
                        petitioner: false, states: Set(CaseState.allCases))
        case .publish, .withhold:
            return Rule(grants: [g(.scope, .registrar, .dispatcher)], petitioner: false, states: Set(CaseState.allCases))
        case .supervise:
            return Rule(grants: [g(.scope, .supervisor, .leader)], petitioner: false, states: open)
        case .supervisionFeedback:
            return Rule(grants: [g(.supervisedUnit, .handler, .leader, .dispatcher, .registrar)], petitioner: false,
                        states: Set(CaseState.allCases))
        case .takeOwnership:
            return Rule(grants: [g(.scope, .leader)], petitioner: false, states: open)
        case .holdAccountable:
            return Rule(grants: [g(.scope, .supervisor, .leader)], petitioner: false, states: Set(CaseState.allCases))
        case .referDispute:
            return Rule(grants: [g(.scope, .dispatcher)], petitioner: false, states: [.returned])
        case .decideCompetence:
            return Rule(grants: [g(.disputeUnit, .leader, .dispatcher, .handler)], petitioner: false, states: [.returned])
        case .merge:
            return Rule(grants: [g(.scope, .registrar, .dispatcher)], petitioner: false, states: [.registered, .accepted, .returned])
        case .followAnswer, .followOriginal, .resumeMerged:
            return Rule(grants: [], petitioner: false, states: [.merged])
        }
    }

    /// Whether `actor` holds `relation` to `c`.
    public static func holds(_ relation: Relation, actor: User, case c: Case, in dir: Directory) -> Bool {
        guard let unit = actor.unitCode else { return false }
        switch relation {
        case .scope: return AccessPolicy.inScope(c, of: actor, in: dir)
        case .leadUnit: return c.leadUnitCode == unit
        case .handlingUnit: return c.handlingUnitCode == unit
        case .reviewUnit: return c.reviewUnitCode == unit
        case .recheckUnit: return c.recheckUnitCode == unit
        case .visible: return AccessPolicy.canView(c, by: .user(actor), in: dir)
        case .supervisedUnit: return c.ov.supervisions.contains { $0.feedback == nil && $0.unitCode == unit }
        case .disputeUnit: return c.ov.disputeUnitCode == unit
        }
    }

    /// Throws 403 unless `actor` may take `action` on `c` (state is not checked here).
    public static func authorize(_ action: ActionName, actor: Actor, case c: Case, in dir: Directory) throws {
        let rule = rule(for: action)
        switch actor.kind {
        case .system:
            return
        case .petitioner:
            guard rule.petitioner else {
                throw HuiyinError.forbidden("role_not_allowed", "信访人不能执行“\(action.label)”")
            }
        case .user(let user):
            if user.role == .citizen {
                guard rule.petitioner, c.submittedBy == user.id else {
                    throw HuiyinError.forbidden("role_not_allowed", "群众账号不能对该事项执行“\(action.label)”")
                }
                return
            }
            if AccessPolicy.isAccusedParty(user, of: c, in: dir) {
                throw HuiyinError.forbidden("accused_unit_excluded", "被检举控告单位的人员不得查阅或办理该检举控告事项")
            }
            let byRole = rule.grants.filter { $0.roles.contains(user.role) }
            guard !byRole.isEmpty else {
                throw HuiyinError.forbidden("role_not_allowed", "“\(user.role.label)”不能执行“\(action.label)”")
            }
            guard byRole.contains(where: { holds($0.relation, actor: user, case: c, in: dir) }) else {
                throw HuiyinError.forbidden(relationCode(byRole[0].relation), relationMessage(byRole, action))
            }
        }
    }

    private static func relationCode(_ r: Relation) -> String {
        switch r {
        case .scope, .visible: return "not_in_scope"
        case .supervisedUnit: return "not_supervised_unit"
        case .disputeUnit: return "not_dispute_unit"
        default: return "not_handling_unit"
        }
    }

    private static func relationMessage(_ grants: [Grant], _ action: ActionName) -> String {
        switch grants[0].relation {
        case .scope, .visible: return "该信访事项不在您的管辖范围内，不能执行“\(action.label)”"
        case .leadUnit, .handlingUnit: return "只有当前承办单位才能执行“\(action.label)”"
        case .reviewUnit: return "只有复查机关才能执行“\(action.label)”"
        case .recheckUnit: return "只有复核机关才能执行“\(action.label)”"
        case .supervisedUnit: return "只有被督办单位才能提交督办反馈"
        case .disputeUnit: return "只有受理管辖争议的上级机关才能裁定交办"
        }
    }
}
