import Foundation
import HuiyinCore
import HuiyinStore

extension CaseService {
    /// 民情回音墙 as the public sees it: published messages, newest first, with no names, contacts or
    /// staff details; the reply and the 7-working-day clock are shown.
    public func publicWall(page: Int, perPage: Int = 20, now: Date) async throws -> (total: Int, views: [CaseView]) {
        try await publicList(.publicWall, sort: .received, page: page, perPage: perPage, now: now)
    }

    /// 挂牌督办 as the public sees it: open cases listed for supervision, oldest first, no people.
    public func publicListed(page: Int, perPage: Int = 20, now: Date) async throws -> (total: Int, views: [CaseView]) {
        try await publicList(.publicListed, sort: .receivedAsc, page: page, perPage: perPage, now: now)
    }

    /// 附议 on a published wall message, counted once per visitor (the random id of their browser; kept
    /// only as a keyed hash). A visitor's second 附议 changes nothing and says so.
    public func like(caseID: Int64, visitor: String, now: Date) async throws -> (likes: Int, counted: Bool) {
        let voter = vault.visitorHash(visitor).hex
        do {
            return try await store.like(caseID: caseID, voter: voter, now: now)
        } catch StoreError.notFound {
            throw HuiyinError.notFound("not_found", "公开留言不存在")
        }
    }

    /// The 附议 count of each of these wall messages.
    public func likes(of ids: [Int64]) async throws -> [Int64: Int] { try await store.likes(caseIDs: ids) }

    /// Highest page number a public list serves (larger numbers would overflow the offset).
    public static let maxPublicPage = 100_000

    /// A public list: a page of cases stripped of every person, seen as the public sees them.
    func publicList(_ scope: ListScope, sort: CaseQuery.Sort, page: Int, perPage: Int, now: Date) async throws -> (total: Int, views: [CaseView]) {
        var q = CaseQuery(scope: scope)
        q.sort = sort
        q.limit = min(max(perPage, 1), 50)
        q.offset = (min(max(page, 1), Self.maxPublicPage) - 1) * q.limit
        let result = try await store.listCases(q)
        let snap = reference.snapshot
        let views = result.cases.map { c -> CaseView in
            var anonymised = c
            anonymised.persons = []
            return makeView(anonymised, history: nil, for: .petitioner, now: now, snap: snap)
        }
        return (result.total, views)
    }

    /// 两倒查 from the unit side: the 责任追究 records against `unit` in cases `user` may see.
    public func accountability(ofUnit unit: String, by user: User, now: Date) async throws -> [(record: AccountabilityRecord, case: Case)] {
        let snap = reference.snapshot
        guard snap.directory.unit(unit) != nil else { throw HuiyinError.notFound("unit_not_found", "单位“\(unit)”不存在") }
        var q = try listQuery(CaseFilter(parameters: ["accountable_unit": unit, "sort": "updated"]), user, snap, now: now)
        q.limit = 100
        var out: [(AccountabilityRecord, Case)] = []
        for page in 0..<10 {
            q.offset = page * q.limit
            let result = try await store.listCases(q)
            for c in result.cases { out += c.ov.accountability.filter { $0.unitCode == unit }.map { ($0, c) } }
            if result.cases.count < q.limit { break }
        }
        return out.sorted { $0.0.on > $1.0.on }
    }

    /// The 工作台 counts of a user: what waits for them, each the total of a list they can open.
    public func workCounts(for user: User, now: Date) async throws -> [WorkCount] {
        var counts: [WorkCount] = []
        for item in WorkCount.Item.allCases where item.roles.contains(user.role) {
            let parameters = item.parameters(for: user)
            let result = try await count(CaseFilter(parameters: parameters), by: user, now: now)
            counts.append(WorkCount(item: item, parameters: parameters, count: result.total, capped: result.capped))
        }
        return counts
    }
}

/// One figure of the 工作台 and the list it links to.
public struct WorkCount: Sendable {
    public enum Item: String, Sendable, CaseIterable {
        case toAccept, toAssign, toHandle, dueSoon, overdue, toVisit, toModerate, supervised, owned

        public var label: String {
            switch self {
            case .toAccept: return "待受理"
            case .toAssign: return "待交办"
            case .toHandle: return "待办理"
            case .dueSoon: return "临期"
            case .overdue: return "超期"
            case .toVisit: return "待回访"
            case .toModerate: return "回音墙待审核"
            case .supervised: return "督办中"
            case .owned: return "我的包案"
            }
        }

        static let open = CaseState.allCases.filter { !$0.isTerminal }.map(\.rawValue).joined(separator: ",")

        /// The list filter behind the figure (URL query parameters of the case list).
        public func parameters(for user: User) -> [String: String] {
            switch self {
            case .supervised: return ["supervised": "1", "state": Self.open, "sort": "due"]
            case .owned: return ["owner_leader": String(user.id), "state": Self.open, "sort": "due"]
            case .toAccept: return ["state": "registered"]
            case .toAssign: return ["state": "accepted,returned"]
            case .toHandle: return ["state": "assigned,in_progress,review,recheck", "sort": "due"]
            case .dueSoon: return ["due_soon": "true", "sort": "due"]
            case .overdue: return ["overdue": "true", "sort": "due"]
            case .toVisit: return ["state": "replied,reviewed"]
            case .toModerate: return ["channel": Channel.echoWall.rawValue, "wall": "pending"]
            }
        }

        /// Who sees the figure on their 工作台.
        var roles: Set<Role> {
            let all: Set<Role> = [.registrar, .dispatcher, .handler, .supervisor, .leader, .admin]
            switch self {
            case .toAccept, .toAssign: return [.registrar, .dispatcher, .supervisor, .leader, .admin]
            case .toHandle: return all
            case .dueSoon, .overdue: return all
            case .toVisit: return [.registrar, .dispatcher, .supervisor, .leader, .admin]
            case .toModerate: return [.registrar, .dispatcher, .admin]
            case .supervised: return [.dispatcher, .handler, .supervisor, .leader, .admin]
            case .owned: return [.leader]
            }
        }
    }

    public var item: Item
    public var parameters: [String: String]
    public var count: Int
    public var capped: Bool
}
