import Foundation
@testable import HuiyinCore

/// A small world for core tests: the shipped 2025/2026 calendars and rule sets (read from the source
/// tree, so the tests check the data we ship), two districts, a handful of units and a user per role.
enum Fixture {
    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/HuiyinStore/Resources").standardizedFileURL

    static func json<T: Decodable>(_ type: T.Type, _ path: String) -> T {
        let data = try! Data(contentsOf: resources.appendingPathComponent(path))
        return try! JSONDecoder().decode(type, from: data)
    }

    static let calendar = WorkCalendar(years: [json(CalendarYear.self, "calendars/2025.json"), json(CalendarYear.self, "calendars/2026.json")])
    static let rules2022 = json(RuleSet.self, "rule-sets/xinfang-2022.json")
    static let rules12345 = json(RuleSet.self, "rule-sets/hotline-12345.json")

    static let categories = try! CategoryTree(rows: [
        ["城乡建设", "城市建设和市政管理", "环境卫生"],
        ["城乡建设", "住房保障", "其他"],
        ["环境保护", "水污染", "其他"],
        ["纪检监察", "违纪违法", "其他"],
    ])

    static let directory = try! Directory(
        territories: [
            Territory(code: "c", name: "云溪市", level: .city),
            Territory(code: "c-a", name: "东湖区", level: .county, parentCode: "c"),
            Territory(code: "c-b", name: "西山区", level: .county, parentCode: "c"),
            Territory(code: "c-a-t", name: "青石镇", level: .township, parentCode: "c-a"),
            Territory(code: "c-a-t-v", name: "石桥村", level: .village, parentCode: "c-a-t"),
            Territory(code: "c-b-t", name: "西山镇", level: .township, parentCode: "c-b"),
        ],
        units: [
            OrgUnit(code: "gov", name: "市政府", territoryCode: "c", level: .city, kind: .government),
            OrgUnit(code: "office", name: "市信访局", territoryCode: "c", level: .city, kind: .petitionOffice, parentCode: "gov"),
            OrgUnit(code: "dept", name: "市住建局", territoryCode: "c", level: .city, kind: .department, parentCode: "gov", competence: ["01"]),
            OrgUnit(code: "dept2", name: "市生态环境局", territoryCode: "c", level: .city, kind: .department, parentCode: "gov", competence: ["02"]),
            OrgUnit(code: "jw", name: "市纪委监委", territoryCode: "c", level: .city, kind: .discipline, competence: ["03"]),
            OrgUnit(code: "a-gov", name: "东湖区政府", territoryCode: "c-a", level: .county, kind: .government, parentCode: "gov"),
            OrgUnit(code: "a-office", name: "东湖区信访局", territoryCode: "c-a", level: .county, kind: .petitionOffice, parentCode: "a-gov"),
            OrgUnit(code: "t-gov", name: "青石镇政府", territoryCode: "c-a-t", level: .township, kind: .government, parentCode: "a-gov"),
            OrgUnit(code: "t-office", name: "青石镇信访办", territoryCode: "c-a-t", level: .township, kind: .petitionOffice, parentCode: "t-gov"),
            OrgUnit(code: "b-gov", name: "西山区政府", territoryCode: "c-b", level: .county, kind: .government, parentCode: "gov"),
            OrgUnit(code: "b-office", name: "西山区信访局", territoryCode: "c-b", level: .county, kind: .petitionOffice, parentCode: "b-gov"),
        ],
        categories: categories)

    static func user(_ name: String, _ role: Role, _ unit: String?) -> Actor {
        let id = name.unicodeScalars.reduce(Int64(7)) { ($0 &* 31 &+ Int64($1.value)) % 1_000_000 } + 1000
        return .user(User(id: id, username: name, displayName: name, role: role, unitCode: unit))
    }

    static let dispatcher = user("dispatcher", .dispatcher, "office")
    static let registrar = user("registrar", .registrar, "office")
    static let handler = user("handler", .handler, "dept")
    static let otherHandler = user("handler2", .handler, "dept2")
    static let leader = user("leader", .leader, "gov")
    static let supervisor = user("supervisor", .supervisor, "office")
    static let admin = user("admin", .admin, "office")
    static let districtBDispatcher = user("b-dispatcher", .dispatcher, "b-office")
    static let townHandler = user("town", .handler, "t-gov")
    static let townDispatcher = user("town-dispatcher", .dispatcher, "t-office")
    static let govHandler = user("gov-handler", .handler, "gov")
    static let districtGovHandler = user("a-gov-handler", .handler, "a-gov")
    static let citizen = Actor.user(User(id: 900, username: "citizen", displayName: "张三", role: .citizen, unitCode: nil))

    static func at(_ day: String, hour: Int = 10) -> Date {
        ChinaTime.startOfDay(LocalDate(day)!).addingTimeInterval(Double(hour * 3600))
    }

    static func intake(now: String, rules: [RuleSet] = [rules2022]) -> IntakeContext {
        IntakeContext(directory: directory, ruleSets: Dictionary(uniqueKeysWithValues: rules.map { ($0.id, $0) }),
                      defaultRuleSetID: rules[0].id, publicIntakeUnit: "office", now: at(now))
    }

    static func person(_ name: String = "张三", id: String? = "11010519491231002X", phone: String? = "13800138000") -> CaseDraft.PersonDraft {
        CaseDraft.PersonDraft(name: name, idNumber: id, phone: phone, address: "东湖区青石镇石桥村1号")
    }

    static func draft(kind: String = "申诉求决", territory: String? = "c-a-t-v", received: String? = nil) -> CaseDraft {
        CaseDraft(channel: "来信", kind: kind, category: "城乡建设/城市建设和市政管理/环境卫生", territory: territory,
                  title: "小区垃圾长期无人清运", content: "青石镇石桥村垃圾站半个月无人清运，气味很大。", receivedAt: received,
                  petitioners: [person()])
    }

    /// A registered case (id 1) received and registered on `day`.
    static func registered(_ day: String = "2026-03-02", draft d: CaseDraft? = nil, rules: RuleSet = rules2022) throws -> Case {
        var c = try Intake.validate(d ?? draft(), by: registrar, in: intake(now: day, rules: [rules]))
        c.id = 1
        c.number = "2026-000001"
        return Lifecycle.register(c, by: registrar, now: at(day)).0
    }

    static func context(_ day: String, rules: RuleSet = rules2022, hour: Int = 10) -> LifecycleContext {
        LifecycleContext(directory: directory, calendar: calendar, rules: rules, now: at(day, hour: hour))
    }

    /// Applies an action given as API fields.
    static func act(_ c: Case, _ request: ActionRequest, by actor: Actor, on day: String, rules: RuleSet = rules2022) throws -> Case {
        try Lifecycle.apply(CaseAction(parsing: request), to: c, by: actor, in: context(day, rules: rules)).0
    }
}
