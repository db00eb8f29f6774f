/// A person who logs in: staff with a role and a home unit, or a registered citizen.
public struct User: Codable, Sendable, Hashable {
    public var id: Int64
    public var username: String
    public var displayName: String
    public var role: Role
    /// Home unit; required for staff, absent for citizens. Scope = the unit's territory subtree.
    public var unitCode: String?
    public var active: Bool
    /// Grid territory codes a 网格员 is assigned to (filled in at login from the grid register, not
    /// stored with the user): their whole scope.
    public var grids: [String]

    public init(id: Int64, username: String, displayName: String, role: Role, unitCode: String?, active: Bool = true,
                grids: [String] = []) {
        self.id = id; self.username = username; self.displayName = displayName; self.role = role
        self.unitCode = unitCode; self.active = active; self.grids = grids
    }

    private enum CodingKeys: String, CodingKey { case id, username, displayName, role, unitCode, active }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(Int64.self, forKey: .id), username: try c.decode(String.self, forKey: .username),
                  displayName: try c.decode(String.self, forKey: .displayName), role: try c.decode(Role.self, forKey: .role),
                  unitCode: try c.decodeIfPresent(String.self, forKey: .unitCode), active: try c.decode(Bool.self, forKey: .active))
    }

    /// Checks a new or edited user against the directory.
    public static func validate(username: String, displayName: String, role: Role, unitCode: String?,
                                in directory: Directory) throws {
        guard isValid(username: username) else {
            throw HuiyinError.invalid("invalid_username", "用户名须为3–32位字母、数字或 - _ .", field: "username")
        }
        guard !displayName.trimmed.isEmpty, displayName.count <= 50, !displayName.containsControlCharacters() else {
            throw HuiyinError.invalid("invalid_display_name", "姓名不能为空且不超过50字", field: "name")
        }
        if role.isStaff {
            guard let unitCode else {
                throw HuiyinError.invalid("unit_required", "工作人员必须属于一个单位", field: "unit")
            }
            guard directory.unit(unitCode) != nil else {
                throw HuiyinError.invalid("unknown_unit", "单位“\(unitCode)”不存在", field: "unit")
            }
        } else if unitCode != nil {
            throw HuiyinError.invalid("citizen_has_no_unit", "群众账号不属于任何单位", field: "unit")
        }
    }

    /// Minimum password rule for staff and citizens alike.
    /// 3–32 ASCII letters, digits or `- _ .`: no other username can exist.
    public static func isValid(username: String) -> Bool {
        (3...32).contains(username.count) && username.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0))
        }
    }

    public static func validate(password: String) throws {
        guard password.count >= 8, password.count <= 128 else {
            throw HuiyinError.invalid("weak_password", "密码长度须为8–128位", field: "password")
        }
    }
}

/// Who performs an action: a logged-in user, the petitioner proving the query code, or the system.
public struct Actor: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case user(User)
        /// The petitioner, authenticated by case number + query code (no account).
        case petitioner
        /// Background jobs and migrations.
        case system
    }

    public var kind: Kind
    public init(_ kind: Kind) { self.kind = kind }

    public static func user(_ u: User) -> Actor { Actor(.user(u)) }
    public static let petitioner = Actor(.petitioner)
    public static let system = Actor(.system)

    public var user: User? { if case .user(let u) = kind { return u } else { return nil } }
    public var role: Role? { user?.role }
    public var unitCode: String? { user?.unitCode }

    /// How the actor appears in a case history.
    public var reference: ActorRef {
        switch kind {
        case .user(let u) where u.role == .citizen:
            // A citizen's name never enters the history: staff see who acted as 信访人, as for anonymous cases.
            return ActorRef(userID: u.id, name: "信访人", role: "petitioner", unitCode: nil)
        case .user(let u): return ActorRef(userID: u.id, name: u.displayName, role: u.role.rawValue, unitCode: u.unitCode)
        case .petitioner: return ActorRef(userID: nil, name: "信访人", role: "petitioner", unitCode: nil)
        case .system: return ActorRef(userID: nil, name: "系统", role: "system", unitCode: nil)
        }
    }
}

/// The actor as recorded in history: enough to say who did it even after the user is renamed.
public struct ActorRef: Codable, Sendable, Hashable {
    public var userID: Int64?
    public var name: String
    public var role: String
    public var unitCode: String?

    public init(userID: Int64?, name: String, role: String, unitCode: String?) {
        self.userID = userID; self.name = name; self.role = role; self.unitCode = unitCode
    }
}

import Foundation
