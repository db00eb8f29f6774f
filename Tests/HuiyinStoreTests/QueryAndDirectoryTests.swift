import Foundation
import HuiyinCore
import HuiyinService
import HuiyinStore
import HuiyinTestSupport
import Testing

@Suite("Lists, scopes and directory changes")
struct QueryAndDirectoryTests {
    /// Three cases: 石桥村 (东湖区), 松林村 (西山区), and an old one in 石桥村 that is overdue.
    func world() async throws -> (TestWorld, [Int64]) {
        let world = try await TestWorld.make(now: "2026-06-01 09:00")
        let registrar = try await world.actor("registrar")
        let a = try await world.huiyin.cases.register(TestWorld.draft(), by: registrar, now: world.clock.now)
        var west = TestWorld.draft(territory: "yx-xs-xs-sl")
        west.title = "松林村道路破损"
        west.category = "交通运输/建设管理/设施维护"
        let b = try await world.huiyin.cases.register(west, by: registrar, now: world.clock.now)
        let old = try await world.huiyin.cases.register(TestWorld.draft(received: "2026-05-01"), by: registrar, now: world.clock.now)
        return (world, [a.view.case.id, b.view.case.id, old.view.case.id])
    }

    func list(_ world: TestWorld, _ user: String, _ params: [String: String] = [:]) async throws -> [Int64] {
        try await world.huiyin.cases.list(CaseFilter(parameters: params), by: try await world.user(user), now: world.clock.now)
            .views.map(\.case.id)
    }

    @Test("a district dispatcher sees only cases in the district; the city sees all; a handler only assigned ones")
    func scopes() async throws {
        let (world, ids) = try await world()
        #expect(Set(try await list(world, "dispatcher")) == Set(ids))
        #expect(Set(try await list(world, "dispatcher-dh")) == [ids[0], ids[2]])
        #expect(try await list(world, "dispatcher-xs") == [ids[1]])
        #expect(try await list(world, "handler").isEmpty)
        _ = try await world.huiyin.cases.perform(ActionRequest(action: "assign", leadUnit: "yx-zjj"), onCase: ids[0],
                                                 by: try await world.actor("dispatcher"), now: world.clock.now)
        #expect(try await list(world, "handler") == [ids[0]])
        #expect(try await list(world, "handler-sthjj").isEmpty)
    }

    @Test("filters: territory subtree, category subtree, state, overdue, text, dates, pagination")
    func filters() async throws {
        let (world, ids) = try await world()
        #expect(Set(try await list(world, "dispatcher", ["territory": "yx-dh"])) == [ids[0], ids[2]])
        #expect(Set(try await list(world, "dispatcher", ["territory": "青石镇"])) == [ids[0], ids[2]])
        #expect(try await list(world, "dispatcher", ["category": "交通运输"]) == [ids[1]])
        #expect(try await list(world, "dispatcher", ["overdue": "true"]) == [ids[2]])
        #expect(try await list(world, "dispatcher", ["q": "松林村"]) == [ids[1]])
        #expect(try await list(world, "dispatcher", ["from": "2026-05-15"]).count == 2)
        #expect(try await list(world, "dispatcher", ["state": "registered,accepted"]).count == 3)
        #expect(try await list(world, "dispatcher", ["state": "已受理"]).isEmpty)
        let page = try await world.huiyin.cases.list(CaseFilter(parameters: ["per_page": "2", "page": "2"]),
                                                     by: try await world.user("dispatcher"), now: world.clock.now)
        #expect(page.total == 3 && page.views.count == 1 && page.page == 2)
        await #expect(throws: HuiyinError.self) { _ = try await list(world, "dispatcher", ["state": "nonsense"]) }
        await #expect(throws: HuiyinError.self) { _ = try await list(world, "dispatcher", ["per_page": "1000"]) }
    }

    @Test("moving a town to the other district moves its cases into that district's scope")
    func territoryMove() async throws {
        let (world, ids) = try await world()
        let moved = Territory(code: "yx-dh-qs", name: "青石镇", level: .township, parentCode: "yx-xs")
        try await world.huiyin.admin.saveTerritories([moved], by: .system, now: world.clock.now)
        #expect(Set(try await list(world, "dispatcher-xs")) == Set(ids))
        #expect(try await list(world, "dispatcher-dh").isEmpty)
        #expect(world.huiyin.reference.snapshot.directory.territoryPath("yx-dh-qs-sq-g1") == "/yx/yx-xs/yx-dh-qs/yx-dh-qs-sq/yx-dh-qs-sq-g1/")
    }

    @Test("an inconsistent directory change is refused whole")
    func invalidDirectory() async throws {
        let (world, _) = try await world()
        let orphan = Territory(code: "x1", name: "孤村", level: .village, parentCode: "nowhere")
        let fine = Territory(code: "x2", name: "新村", level: .village, parentCode: "yx-dh-qs")
        await #expect(throws: HuiyinError.self) { try await world.huiyin.admin.saveTerritories([fine, orphan], by: .system, now: world.clock.now) }
        #expect(world.huiyin.reference.snapshot.directory.territory("x2") == nil)
        let upside = Territory(code: "x3", name: "倒挂区", level: .county, parentCode: "yx-dh-qs")
        await #expect(throws: HuiyinError.self) { try await world.huiyin.admin.saveTerritories([upside], by: .system, now: world.clock.now) }
        let loop = OrgUnit(code: "yx-zf", name: "云溪市人民政府", territoryCode: "yx", level: .city, kind: .government, parentCode: "yx-xfj")
        await #expect(throws: HuiyinError.self) { try await world.huiyin.admin.saveUnits([loop], by: .system, now: world.clock.now) }
    }

    @Test("replacing the category tree keeps surviving codes and retires vanished ones")
    func categoryReplacement() async throws {
        let (world, ids) = try await world()
        let before = world.huiyin.reference.snapshot.directory.categories
        let code = try before.resolve("城乡建设/城市建设和市政管理/环境卫生").code
        let csv = "level1,level2,level3\n城乡建设,城市建设和市政管理,环境卫生\n城乡建设,城市建设和市政管理,共享单车\n党务政务,党的建设,制度建设\n国土资源,海洋气象地震,气象\n环境保护,环保管理,生态示范和模范城区创建\n纪检监察,党政处分,党纪处分\n交通运输,出租车管理,其他\n经济管理,安全生产,安全生产管理\n科技与信息产业,电信,其他\n民政,福利慈善,其他\n农村农业,草原草场,退牧还草\n商贸旅游,旅游管理,其他\n卫生计生,公共卫生,突发公共卫生事件处理\n政法,法律服务,律师\n教育文体,教师队伍和待遇,企业教师\n劳动和社会保障,城镇居民社会保险,其他"
        await #expect(throws: HuiyinError.self, "units' competence must stay valid") {
            _ = try await world.huiyin.admin.replaceCategories(csv: "level1,level2,level3\n城乡建设,道路,其他", by: .system, now: world.clock.now)
        }
        let tree = try await world.huiyin.admin.replaceCategories(csv: csv, by: .system, now: world.clock.now)
        #expect(try tree.resolve("城乡建设/城市建设和市政管理/环境卫生").code == code)
        let bike = try tree.resolve("共享单车")
        #expect(bike.code.hasPrefix(String(code.prefix(4))) && before.node(code: bike.code) == nil)
        #expect(tree.node(code: try before.resolve("交通运输/建设管理").code)?.active == false)
        #expect(throws: HuiyinError.self) { _ = try tree.resolve("交通运输/建设管理/设施维护") }
        #expect(try tree.resolve("交通运输").active)
        let west = try await world.huiyin.cases.view(id: ids[1], by: try await world.actor("dispatcher"), now: world.clock.now)
        #expect(west.directory.categories.pathNames(west.case.categoryCode!) == ["交通运输", "建设管理", "设施维护"])
    }

    @Test("adding next year's calendar recomputes the stored deadlines of open cases")
    func calendarRecomputesDue() async throws {
        let world = try await TestWorld.make(now: "2026-12-21 09:00")
        let reg = try await world.huiyin.cases.register(TestWorld.draft(received: "2026-12-17"), by: try await world.actor("registrar"),
                                                        now: world.clock.now)
        #expect(reg.view.clock.due?.description == "2027-01-01")
        #expect(reg.view.clock.missingCalendarYears == [2027])
        let y2027 = CalendarYear(year: 2027, holidays: [.init(name: "元旦", from: LocalDate("2027-01-01")!, to: LocalDate("2027-01-03")!)],
                                 workdays: [])
        let n = try await world.huiyin.admin.saveCalendarYear(y2027, by: .system, now: world.clock.now)
        #expect(n == 1)
        #expect(try await world.strings("SELECT due_on FROM cases") == ["2027-01-04"])
        let view = try await world.huiyin.cases.view(id: reg.view.case.id, by: try await world.actor("dispatcher"), now: world.clock.now)
        #expect(view.clock.due?.description == "2027-01-04" && view.clock.missingCalendarYears.isEmpty)
        let audit = try await world.huiyin.store.auditLog(limit: 5)
        #expect(audit.first?.action == "calendar.save" && audit.first?.target == "2027")
    }

    @Test("shipped data: 517-leaf category tree, 2025–2026 calendars, four rule sets")
    func shippedData() throws {
        let tree = try DefaultData.categoryTree()
        #expect(tree.leafCount == 517)
        #expect(tree.nodes.filter { $0.parentCode == nil }.count == 15)
        #expect(try DefaultData.calendarYears().map(\.year) == [2025, 2026])
        let rules = Dictionary(uniqueKeysWithValues: try DefaultData.ruleSets().map { ($0.id, $0) })
        #expect(Set(rules.keys) == ["xinfang-2022", "xinfang-2005", "hotline-12345", "echo-wall"])
        let r = try #require(rules["xinfang-2022"])
        #expect(r.dispose == .calendar(15) && r.handle == .calendar(60) && r.returnWindow == .working(5))
        #expect(r.maxExtensionDays == 30 && r.review == .calendar(30) && r.recheck == .calendar(30))
        #expect(rules["hotline-12345"]?.handle == .working(5))
    }
}

@Suite("Staff scope as two index-friendly branches; capped counts")
struct ScopeBranchTests {
    @Test("my territory or my unit's cases: each case once, in order, counted exactly below the cap and '1000+'-style above")
    func branches() async throws {
        let world = try await TestWorld.make()
        let registrar = try await world.actor("registrar"), dispatcher = try await world.actor("dispatcher")
        var ids: [Int64] = []
        for (i, territory) in ["yx-dh-qs-sq", "yx-xs-xs-sl", "yx-dh-qs-sq", "yx-xs-xs-sl"].enumerated() {
            let r = try await world.huiyin.cases.register(TestWorld.draft(received: "2026-02-0\(i + 1)", territory: territory),
                                                          by: registrar, now: world.clock.now)
            ids.append(r.view.case.id)
        }
        // yx-zjj leads one case in 东湖区 (inside the scope anyway) and one in 西山区 (outside it).
        for id in [ids[0], ids[1]] {
            _ = try await world.huiyin.cases.perform(ActionRequest(action: "assign", leadUnit: "yx-zjj"), onCase: id, by: dispatcher,
                                                     now: world.clock.now)
        }
        let path = try #require(world.huiyin.reference.snapshot.directory.territoryPath("yx-dh"))
        var q = CaseQuery(scope: .territoryOrUnit(path: path, unit: "yx-zjj"))
        let page = try await world.huiyin.store.listCases(q)
        #expect(page.cases.map(\.id) == [ids[2], ids[1], ids[0]], "newest receipt first, each once")
        #expect(page.total == 3 && !page.totalCapped)
        q.countCap = 2
        q.limit = 1
        q.offset = 1
        let capped = try await world.huiyin.store.listCases(q)
        #expect(capped.total == 2 && capped.totalCapped)
        #expect(capped.cases.map(\.id) == [ids[1]], "second page of the merged branches")
        q.countCap = 1000
        q.limit = 20
        q.offset = 0
        q.states = [.registered]
        #expect(try await world.huiyin.store.listCases(q).cases.map(\.id) == [ids[2]])
    }
}
