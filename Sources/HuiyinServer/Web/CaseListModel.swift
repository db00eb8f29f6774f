import Foundation
import HuiyinCore
import HuiyinService

/// One row of a case list: number, matter, where it stands and its clock (正常/临期/超期).
struct CaseRowModel {
    var number: String
    var title: String
    var state: String
    var channel: String
    var kind: String
    var category: String
    var territory: String
    var leadUnit: String
    var receivedOn: String
    var due: String
    var clockStatus: String
    var clockClass: String

    init(_ v: CaseView) {
        let c = v.case, dir = v.directory
        number = c.number; title = c.title; state = c.state.label; channel = c.channel.rawValue; kind = c.kind.rawValue
        category = c.categoryCode.flatMap { dir.categories.pathNames($0).last } ?? "—"
        territory = c.territoryCode.flatMap { dir.territory($0)?.name } ?? "—"
        leadUnit = c.leadUnitCode.flatMap { dir.unit($0)?.name } ?? "—"
        receivedOn = c.receivedOn.description
        due = v.clock.due?.description ?? "—"
        clockStatus = v.clock.status.label
        clockClass = CasePageModel.clockClass(v.clock.status)
    }
}

/// The case list page: the filter form (with what was chosen), the rows and the paging links.
struct CaseListModel {
    var csrf: String
    var rows: [CaseRowModel]
    var total: String
    var page: Int
    var prev: String?
    var next: String?
    var states: [Option]
    var channels: [Option]
    var kinds: [Option]
    var categories: [Option]
    var territories: [Option]
    var units: [Option]
    var sorts: [Option]
    var from: String
    var to: String
    var q: String
    var overdue: Bool
    var dueSoon: Bool
    var wall: String
    var error: String?

    static let filterKeys = ["state", "channel", "kind", "category", "territory", "unit", "from", "to", "q", "overdue", "due_soon", "sort", "wall"]

    init(params p: [String: String], user: User, dir: Directory, csrf: String) {
        self.csrf = csrf
        rows = []; total = "0"; page = Int(p["page"] ?? "") ?? 1
        let home = user.unitCode.flatMap { dir.unit($0)?.territoryCode }
        let blank = Option(value: "", label: "全部", selected: false)
        states = [blank] + WebOptions.values(CaseState.self, selected: p["state"]) { $0.label }
        channels = [blank] + WebOptions.values(Channel.self, selected: p["channel"]) { $0.rawValue }
        kinds = [blank] + WebOptions.values(LegalKind.self, selected: p["kind"]) { $0.rawValue }
        categories = [blank] + WebOptions.topCategories(dir, selected: p["category"])
        territories = [blank] + WebOptions.territories(dir, within: home, selected: p["territory"])
        units = [blank] + WebOptions.units(dir, within: home, selected: [p["unit"] ?? ""])
        sorts = WebOptions.list([("received", "收到日期（新→旧）"), ("received_asc", "收到日期（旧→新）"), ("due", "期限（近→远）"), ("updated", "最近更新")],
                                selected: p["sort"] ?? "received")
        from = p["from"] ?? ""; to = p["to"] ?? ""; q = p["q"] ?? ""; wall = p["wall"] ?? ""
        overdue = p["overdue"] == "true"; dueSoon = p["due_soon"] == "true"
    }

    /// Links to the neighbouring pages, keeping the filters.
    mutating func paging(params p: [String: String], total n: Int, capped: Bool, perPage: Int) {
        total = capped ? "\(n)+" : String(n)
        func link(_ page: Int) -> String {
            var items = Self.filterKeys.compactMap { k in p[k].flatMap { $0.isEmpty ? nil : URLQueryItem(name: k, value: $0) } }
            items.append(URLQueryItem(name: "page", value: String(page)))
            var c = URLComponents()
            c.queryItems = items
            return "/staff/cases" + (c.string ?? "")
        }
        prev = page > 1 ? link(page - 1) : nil
        next = page * perPage < n ? link(page + 1) : nil
    }
}
