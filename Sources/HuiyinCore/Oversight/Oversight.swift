/// Everything about a case beyond its handling: 督办 orders, 责任追究 records, the leader who owns it
/// (领导包案), and the competence dispute trail (退回 → 争议报请 → 裁定).
public struct Oversight: Codable, Sendable, Hashable {
    public var supervisions: [Supervision] = []
    public var accountability: [AccountabilityRecord] = []
    /// 领导包案: the leader who took ownership.
    public var ownerLeader: LeaderRef?
    /// Units that returned the case (退回), in order.
    public var returnedBy: [String] = []
    /// 争议报请: the nearest common superior unit asked to decide competence.
    public var disputeUnitCode: String?
    /// The competence was decided by the superior unit: the lead unit may no longer return it.
    public var competenceDecided = false

    public init() {}

    /// The highest rung reached so far (0 when never supervised).
    public var level: Int { supervisions.map(\.level.rawValue).max() ?? 0 }

    /// Whether the case is publicly listed (挂牌督办 or higher) and still open.
    public var isListed: Bool { level >= SupervisionLevel.listed.rawValue }

    /// Units held to account, for finding records from the unit side.
    public var accountableUnits: [String] {
        var seen = Set<String>()
        return accountability.map(\.unitCode).filter { seen.insert($0).inserted }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        supervisions = try c.decodeIfPresent([Supervision].self, forKey: .supervisions) ?? []
        accountability = try c.decodeIfPresent([AccountabilityRecord].self, forKey: .accountability) ?? []
        ownerLeader = try c.decodeIfPresent(LeaderRef.self, forKey: .ownerLeader)
        returnedBy = try c.decodeIfPresent([String].self, forKey: .returnedBy) ?? []
        disputeUnitCode = try c.decodeIfPresent(String.self, forKey: .disputeUnitCode)
        competenceDecided = try c.decodeIfPresent(Bool.self, forKey: .competenceDecided) ?? false
    }

    private enum CodingKeys: String, CodingKey {
        case supervisions, accountability
        case ownerLeader = "owner_leader", returnedBy = "returned_by", disputeUnitCode = "dispute_unit"
        case competenceDecided = "competence_decided"
    }
}

/// A leader who took a case (领导包案).
public struct LeaderRef: Codable, Sendable, Hashable {
    public var userID: Int64
    public var name: String
    public var unitCode: String?
    public var since: LocalDate

    public init(userID: Int64, name: String, unitCode: String?, since: LocalDate) {
        self.userID = userID; self.name = name; self.unitCode = unitCode; self.since = since
    }

    private enum CodingKeys: String, CodingKey {
        case name, since
        case userID = "user_id", unitCode = "unit"
    }
}

extension Case {
    /// The case's oversight record (empty when nothing happened yet).
    public var ov: Oversight {
        get { oversight ?? Oversight() }
        set { oversight = newValue }
    }
}
