import Foundation
import HuiyinCore
import HuiyinInsight
import HuiyinService
import HuiyinStore
import HuiyinTestSupport
import Testing

/// Search, repeat and 越级 flags, 并案, hot-issue warnings and model fallback on the engine under test.
@Suite("Insight: full-text search, 重复访 and 越级 flags, 并案, warnings, model fallback")
struct InsightTests {
    static let rubbish = "石桥村垃圾站半个月无人清运，气味很大，蚊蝇滋生，附近居民出行困难，请尽快处理。"

    func register(_ world: TestWorld, by who: String = "registrar", title: String = "石桥村垃圾长期无人清运",
                  content: String = InsightTests.rubbish, person: Int = 1, phone: String = "13912345678",
                  people: Int? = nil, category: String = "城乡建设/城市建设和市政管理/环境卫生") async throws -> Case {
        var d = TestWorld.draft(person: person, phone: phone, category: category)
        d.title = title
        d.content = content
        d.peopleCount = people
        return try await world.huiyin.cases.register(d, by: try await world.actor(who), now: world.clock.now).view.case
    }

    func act(_ world: TestWorld, _ id: Int64, _ who: String, _ r: ActionRequest) async throws -> CaseView {
        try await world.huiyin.cases.perform(r, onCase: id, by: try await world.actor(who), now: world.clock.now)
    }

    @Test("search finds 1-, 2- and 3+-character Chinese queries in titles, contents and answers, best match first, with marks")
    func search() async throws {
        let world = try await TestWorld.make()
        let lamp = try await register(world, title: "幸福路路灯不亮", content: "幸福路三段的路灯坏了一个月，晚上行人看不见路。", person: 1)
        let noise = try await register(world, title: "工地夜间施工噪音扰民", content: "东湖工地每晚施工到凌晨，噪音很大，附近也没有路灯。", person: 2)
        _ = try await register(world, title: "石桥村垃圾长期无人清运", person: 3)
        let dispatcher = try await world.user("dispatcher")
        func numbers(_ q: String) async throws -> [String] {
            try await world.huiyin.cases.search(q, by: dispatcher, now: world.clock.now).hits.map(\.view.case.number)
        }
        #expect(try await numbers("路灯") == [lamp.number, noise.number], "title match ranks first")
        #expect(try await numbers("噪") == [noise.number], "one character")
        #expect(try await numbers("蚊蝇滋生").count == 1, "four characters")
        #expect(try await numbers("路灯坏了") == [lamp.number], "a phrase, not scattered characters")
        #expect(try await numbers("垃圾 蚊蝇").count == 1, "every term must match")
        #expect(try await numbers("地铁").isEmpty)
        #expect(try await numbers(lamp.number) == [lamp.number], "a case number finds the case")

        // Answers are searchable once written.
        _ = try await act(world, lamp.id, "dispatcher", ActionRequest(action: "assign", leadUnit: "yx-zjj"))
        _ = try await act(world, lamp.id, "handler", ActionRequest(action: "reply", text: "已更换全部钠灯灯泡并加装感应装置。", opinion: "支持"))
        let hits = try await world.huiyin.cases.search("钠灯", by: dispatcher, now: world.clock.now).hits
        #expect(hits.map(\.view.case.number) == [lamp.number])
        #expect(hits.first?.field == "答复" && hits.first?.snippet.contains { $0.hit && $0.text == "钠灯" } == true)

        // Scope: a unit handler finds only cases their unit works on.
        let handler = try await world.user("handler")
        #expect(try await world.huiyin.cases.search("路灯", by: handler, now: world.clock.now).hits.map(\.view.case.number) == [lamp.number])
    }

    @Test("the same petitioner with a similar matter is a 重复访 linked to the earlier case; another matter is not")
    func repeats() async throws {
        let world = try await TestWorld.make()
        let first = try await register(world, person: 7)
        world.clock.advance(days: 20)
        let again = try await register(world, title: "石桥村垃圾还是没人清运", content: "上次反映的石桥村垃圾站半个月无人清运问题仍未解决，气味很大，蚊蝇滋生。", person: 7)
        #expect(again.repeatOf == first.id)
        let other = try await register(world, title: "孩子入学积分如何计算", content: "想咨询今年小学入学积分的计算办法和材料清单。", person: 7,
                                       category: "教育文体")
        #expect(other.repeatOf == nil, "same person, different matter")
        let stranger = try await register(world, title: "石桥村垃圾没人清运", content: InsightTests.rubbish, person: 8, phone: "13800000008")
        #expect(stranger.repeatOf == nil, "a different person is not a repeat")
    }

    @Test("a repeat is found from the stored signature, or from the text of an earlier case not yet in the similarity index")
    func repeatsBeforeIndexing() async throws {
        let world = try await TestWorld.make()
        let first = try await register(world, person: 7)
        // As just after an upgrade, before the text index caught up: the earlier case has no signature.
        try await world.execute("DELETE FROM case_bands WHERE case_id = \(first.id)")
        try await world.execute("DELETE FROM case_minhash WHERE case_id = \(first.id)")
        world.clock.advance(days: 20)
        // Another category, so only the similar text can make it a repeat.
        let again = try await register(world, title: "石桥村垃圾还是没人清运", content: InsightTests.rubbish, person: 7, category: "教育文体")
        #expect(again.repeatOf == first.id)
        let indexed = try await register(world, title: "石桥村垃圾依旧无人清运", content: InsightTests.rubbish, person: 7, category: "教育文体")
        #expect(indexed.repeatOf == again.id, "the newest similar case, from its stored signature")

        // The person indexes carry the case id (a person's newest cases are read without sorting all of them).
        let definitions = try await world.strings(world.postgres == nil
            ? "SELECT sql FROM sqlite_master WHERE name IN ('case_persons_id', 'case_persons_phone')"
            : "SELECT indexdef FROM pg_indexes WHERE indexname IN ('case_persons_id', 'case_persons_phone')")
        #expect(definitions.count == 2 && definitions.allSatisfy { $0?.contains("case_id") == true })
    }

    @Test("a matter in progress at the district, filed again at the city within its time limit, is flagged 越级 (第十九条)")
    func leapfrog() async throws {
        let world = try await TestWorld.make()
        let district = try await register(world, by: "registrar-dh", person: 9)
        _ = try await act(world, district.id, "dispatcher-dh", ActionRequest(action: "assign", leadUnit: "yx-dh-qs-zf"))
        world.clock.advance(days: 10)
        let city = try await register(world, by: "registrar", title: "石桥村垃圾问题向市里反映", person: 9)
        let flag = try #require(city.ins.leapfrog)
        #expect(flag.caseID == district.id && flag.number == district.number)
        #expect(flag.reason.contains("第十九条") && flag.dueOn != nil)

        // Filed again at the district itself: not 越级 (a repeat).
        let sameLevel = try await register(world, by: "registrar-dh", person: 9)
        #expect(sameLevel.ins.leapfrog == nil && sameLevel.repeatOf != nil)

        // Past the time limit, going higher is the petitioner's right: no flag.
        let due = try #require(flag.dueOn)
        world.clock.set(due.adding(days: 3).description + " 09:00")
        let late = try await register(world, by: "registrar", title: "石桥村垃圾问题逾期未办", person: 9)
        #expect(late.ins.leapfrog == nil && late.repeatOf != nil)
    }

    @Test("the same matter filed again while answered, in 复查/复核, or concluded by 复核 is flagged with the right road (第三十五、三十六条)")
    func procedure() async throws {
        let world = try await TestWorld.make()
        let earlier = try await register(world, by: "registrar-dh", person: 13)
        _ = try await act(world, earlier.id, "dispatcher-dh", ActionRequest(action: "assign", leadUnit: "yx-dh-qs-zf"))
        #expect(try await register(world, by: "registrar-dh", person: 13).ins.procedure == nil, "still being handled: no 复查 road yet")
        world.clock.advance(days: 5)
        _ = try await act(world, earlier.id, "handler-dh-qs-zf", ActionRequest(action: "reply", text: "已安排清运。", opinion: "support"))

        func filedAgain(_ title: String) async throws -> ProcedureFlag? {
            world.clock.advance(days: 2)
            let again = try await register(world, by: "registrar-dh", title: title, person: 13)
            #expect(again.repeatOf != nil)
            return again.ins.procedure
        }
        let window = try #require(try await filedAgain("石桥村垃圾清运不彻底"))
        #expect(window.step == .reviewWindow && window.caseID == earlier.id && window.number == earlier.number)
        #expect(window.reason.contains("请求复查") && window.reason.contains("第三十五条") && window.dueOn != nil)
        let other = try await register(world, by: "registrar-dh", title: "孩子入学积分如何计算",
                                       content: "想咨询今年小学入学积分的计算办法和材料清单。", person: 13, category: "教育文体")
        #expect(other.ins.procedure == nil, "another matter of the same person")

        _ = try await act(world, earlier.id, "registrar-dh", ActionRequest(action: "request_review", reason: "清运后又堆积"))
        #expect(try await filedAgain("石桥村垃圾又堆起来了")?.step == .review)
        _ = try await act(world, earlier.id, "handler-dh-zf", ActionRequest(action: "review_opinion", text: "维持原意见。", opinion: "uphold"))
        #expect(try await filedAgain("石桥村垃圾问题复查不服")?.step == .recheckWindow)
        _ = try await act(world, earlier.id, "registrar-dh", ActionRequest(action: "request_recheck", reason: "仍不服"))
        #expect(try await filedAgain("石桥村垃圾问题等待复核")?.step == .recheck)
        _ = try await act(world, earlier.id, "handler-zf", ActionRequest(action: "recheck_opinion", text: "维持复查意见。", opinion: "uphold"))
        let concluded = try #require(try await filedAgain("石桥村垃圾问题再次反映"))
        #expect(concluded.step == .concluded && concluded.dueOn == nil)
        #expect(concluded.reason.contains("第三十六条") && concluded.reason.contains("不再受理"))
        let stored = try #require(try await world.huiyin.store.loadCase(id: concluded.caseID))
        #expect(stored.state == .final)

        // Past the 复查 window without a request, the answer stands; nothing to redirect to.
        let answered = try await register(world, by: "registrar-dh", title: "幸福路路灯不亮", content: "幸福路三段的路灯坏了一个月，晚上行人看不见路。",
                                          person: 14, phone: "13800000014")
        _ = try await act(world, answered.id, "dispatcher-dh", ActionRequest(action: "assign", leadUnit: "yx-dh-qs-zf"))
        _ = try await act(world, answered.id, "handler-dh-qs-zf", ActionRequest(action: "reply", text: "已修复。", opinion: "support"))
        world.clock.advance(days: 45)
        let late = try await register(world, by: "registrar-dh", title: "幸福路路灯又不亮了", content: "幸福路三段的路灯坏了一个月，晚上行人看不见路。",
                                      person: 14, phone: "13800000014")
        #expect(late.repeatOf == answered.id && late.ins.procedure == nil)
    }

    @Test("similar cases from different people are listed; a merged duplicate follows the original and receives its answer")
    func merge() async throws {
        let world = try await TestWorld.make()
        let original = try await register(world, person: 11)
        let duplicate = try await register(world, title: "石桥村垃圾站没人管", content: "石桥村垃圾站半个月无人清运，气味很大，蚊蝇滋生，附近居民出行困难，希望尽快处理！",
                                           person: 12, phone: "13800000012")
        let dispatcher = try await world.user("dispatcher")
        let similar = try await world.huiyin.cases.similar(to: duplicate.id, by: dispatcher, now: world.clock.now)
        #expect(similar.first?.number == original.number && similar.first?.samePerson == false)
        #expect(similar.first.map { $0.similarity >= 0.5 } == true)

        await #expect(throws: HuiyinError.self) {
            _ = try await act(world, duplicate.id, "dispatcher", ActionRequest(action: "merge", into: duplicate.number))
        }
        let merged = try await act(world, duplicate.id, "dispatcher", ActionRequest(action: "merge", into: original.number))
        #expect(merged.case.state == .merged && merged.case.ins.mergedInto == original.id)
        #expect(merged.clock.due == nil, "a merged case runs no clock of its own")

        _ = try await act(world, original.id, "dispatcher", ActionRequest(action: "assign", leadUnit: "yx-zjj"))
        _ = try await act(world, original.id, "handler", ActionRequest(action: "reply", text: "已安排每日清运并追责承包单位。", opinion: "支持"))
        let followed = try await world.huiyin.cases.view(id: duplicate.id, by: .user(dispatcher), now: world.clock.now)
        #expect(followed.case.state == .replied && followed.case.reply?.text == "已安排每日清运并追责承包单位。")
        #expect(followed.history.last?.action == .followAnswer)
        // The duplicate's petitioner can rate it like any answered case.
        _ = try await act(world, duplicate.id, "registrar", ActionRequest(action: "rate", rating: "满意"))
    }

    @Test("when the original is merged itself its duplicates follow the new original; when it is withdrawn or refused they are handled again")
    func mergeChains() async throws {
        let world = try await TestWorld.make()
        let first = try await register(world, person: 31, phone: "13800000031")
        let second = try await register(world, title: "石桥村垃圾站没人管", person: 32, phone: "13800000032")
        let third = try await register(world, title: "石桥村垃圾站臭气熏天", person: 33, phone: "13800000033")
        _ = try await act(world, second.id, "dispatcher", ActionRequest(action: "accept"))
        _ = try await act(world, second.id, "dispatcher", ActionRequest(action: "merge", into: first.number))
        _ = try await act(world, third.id, "dispatcher", ActionRequest(action: "merge", into: first.number))

        // The original turns out to duplicate a fourth case: both duplicates now follow that one.
        let fourth = try await register(world, title: "石桥村垃圾清运问题", person: 34, phone: "13800000034")
        _ = try await act(world, first.id, "dispatcher", ActionRequest(action: "merge", into: fourth.number))
        let dispatcher = try await world.user("dispatcher")
        func load(_ id: Int64) async throws -> CaseView { try await world.huiyin.cases.view(id: id, by: .user(dispatcher), now: world.clock.now) }
        for id in [second.id, third.id] {
            let v = try await load(id)
            #expect(v.case.state == .merged && v.case.ins.mergedInto == fourth.id && v.case.ins.mergedNumber == fourth.number)
            #expect(v.history.last?.action == .followOriginal)
        }

        // Its petitioner withdraws the new original: the three others' demands still stand.
        world.clock.advance(days: 3)
        _ = try await act(world, fourth.id, "registrar", ActionRequest(action: "withdraw", reason: "问题已自行解决"))
        let resumedAccepted = try await load(second.id), resumedRegistered = try await load(third.id), resumedFirst = try await load(first.id)
        #expect(resumedAccepted.case.state == .accepted, "back to the state it was merged from")
        #expect(resumedRegistered.case.state == .registered && resumedFirst.case.state == .registered)
        for v in [resumedAccepted, resumedRegistered, resumedFirst] {
            #expect(v.case.ins.mergedInto == nil && v.history.last?.action == .resumeMerged)
            #expect(v.history.last?.note?.contains("\(fourth.number)已撤回") == true)
            #expect(v.case.stage?.startedOn == ChinaTime.localDate(world.clock.now) && v.clock.due != nil, "its own clock again, from today")
        }
        let queue = try await world.huiyin.cases.search("石桥村垃圾", by: dispatcher, now: world.clock.now).hits.map(\.view.case.state)
        #expect(!queue.contains(.merged))

        // An answer after that goes to the case answered only; a refusal of a fresh original resumes its duplicate.
        _ = try await act(world, third.id, "dispatcher", ActionRequest(action: "merge", into: first.number))
        _ = try await act(world, first.id, "dispatcher", ActionRequest(action: "refuse", reason: "已通过诉讼途径解决"))
        let afterRefusal = try await load(third.id)
        #expect(afterRefusal.case.state == .registered && afterRefusal.history.last?.note?.contains("不予受理") == true)
        #expect(try await load(second.id).history.last?.action == .resumeMerged, "untouched by a case it no longer follows")
    }

    @Test("a burst of similar cases raises exactly one warning, however often the scan runs; a collective complaint raises one at once")
    func burst() async throws {
        let world = try await TestWorld.make(now: "2026-02-02 09:00")
        // The usual level: a few other matters in the weeks before, none about this.
        for (i, t) in ["幸福路路灯不亮", "工地夜间施工噪音扰民", "小学入学划片不合理"].enumerated() {
            _ = try await register(world, title: t, content: t + "，请有关部门处理。", person: 90 + i, phone: "1380000\(String(format: "%04d", 90 + i))")
        }
        world.clock.set("2026-03-02 09:00")
        let places = ["一组", "二组", "三组", "四组", "五组", "六组", "七组", "八组"]
        for (i, p) in places.prefix(6).enumerated() {
            _ = try await register(world, title: "石桥村\(p)垃圾站无人清运", content: "石桥村\(p)垃圾站半个月无人清运，气味很大，蚊蝇滋生，请尽快处理。",
                                   person: 20 + i, phone: "1380000\(String(format: "%04d", 20 + i))")
        }
        #expect(try await world.huiyin.warnings.scan(now: world.clock.now) == 1)
        #expect(try await world.huiyin.warnings.scan(now: world.clock.now) == 0)
        for (i, p) in places.suffix(2).enumerated() {
            _ = try await register(world, title: "石桥村\(p)垃圾站无人清运", content: "石桥村\(p)垃圾站半个月无人清运，气味很大，蚊蝇滋生，请尽快处理。",
                                   person: 40 + i, phone: "1380000\(String(format: "%04d", 40 + i))")
        }
        world.clock.advance(days: 1)
        #expect(try await world.huiyin.warnings.scan(now: world.clock.now) == 0, "the growing burst is the same warning")
        let supervisor = try await world.user("supervisor")
        var alerts = try await world.huiyin.warnings.alerts(for: supervisor)
        #expect(alerts.filter { $0.kind == .burst }.count == 1)

        let hot = try await world.huiyin.warnings.hot(for: supervisor, territory: nil, days: 7, now: world.clock.now)
        let top = try #require(hot.issues.first)
        #expect(top.cluster.volume == 8 && top.alertID != nil && top.cases.allSatisfy { $0.title.contains("垃圾站") })

        _ = try await register(world, title: "村民集体反映征地补偿", content: "二十多户村民的征地补偿款至今未发放。", person: 60, phone: "13800000060", people: 23,
                               category: "国土资源")
        alerts = try await world.huiyin.warnings.alerts(for: supervisor)
        #expect(alerts.filter { $0.kind == .collective }.count == 1)
        #expect(alerts.first { $0.kind == .collective }?.title.contains("23人") == true)

        // Each warning is queued once for the offices of its territory (石桥村 has none, so 青石镇's government)
        // and for the petition office one level up (第二十五条: 东湖区信访局).
        func warnings() async throws -> [OutboxEntry] {
            try await world.huiyin.store.outbox(afterID: 0, limit: 1000).filter { $0.kind == .warning }
        }
        var queued = try await warnings()
        #expect(queued.map(\.recipientUnit) == ["yx-dh-qs-zf", "yx-dh-xfj", "yx-dh-qs-zf", "yx-dh-xfj"])
        #expect(queued.contains { $0.text.hasPrefix("热点激增") } && queued.contains { $0.text.contains("23人") })

        // A collective 检举控告 against the town government never reaches it, nor the district government
        // above it: the district petition office hears of it instead, and the city's reports up from there.
        var accusation = TestWorld.draft(kind: "检举控告", person: 61, phone: "13800000061")
        accusation.title = "青石镇政府违规收取费用"
        accusation.content = "青石镇政府向十余户村民违规收取土地流转手续费。"
        accusation.peopleCount = 12
        accusation.accusedUnit = "yx-dh-qs-zf"
        _ = try await world.huiyin.cases.register(accusation, by: try await world.actor("registrar"), now: world.clock.now)
        queued = try await warnings()
        #expect(queued.count == 6 && queued.suffix(2).map(\.recipientUnit) == ["yx-dh-xfj", "yx-xfj"])
    }

    @Test("a sensitive period named by the admin marks warnings; bad periods are refused in Chinese")
    func sensitivePeriods() async throws {
        let world = try await TestWorld.make(now: "2026-03-02 09:00")
        let admin = try await world.user("admin")
        await #expect(throws: HuiyinError.self) {
            _ = try await world.huiyin.warnings.savePeriods([SensitivePeriod(name: "两会", from: LocalDate("2026-03-10")!, to: LocalDate("2026-03-01")!)],
                                                            by: admin, now: world.clock.now)
        }
        await #expect(throws: HuiyinError.self) {
            _ = try await world.huiyin.warnings.savePeriods([], by: try await world.user("dispatcher"), now: world.clock.now)
        }
        _ = try await world.huiyin.warnings.savePeriods([SensitivePeriod(name: "全国两会", from: LocalDate("2026-03-01")!, to: LocalDate("2026-03-15")!)],
                                                        by: admin, now: world.clock.now)
        _ = try await register(world, title: "集体反映拖欠工资", content: "三十名农民工工资被拖欠半年。", people: 30, category: "劳动和社会保障")
        let alert = try #require(try await world.huiyin.warnings.alerts(for: admin).first)
        #expect(alert.details["period"] == "全国两会" && alert.title.contains("全国两会"))
        #expect(try await world.huiyin.warnings.hot(for: admin, territory: nil, days: 7, now: world.clock.now).period?.name == "全国两会")
    }

    @Test("a corrupt model never blocks intake: registration goes on without a suggestion")
    func corruptModel() async throws {
        let world = try await TestWorld.make()
        _ = try await world.huiyin.store.saveModel(
            StoredModel(kind: ModelRegistry.categoryKind, createdAt: world.clock.now, trainedOn: 1, metrics: [:], blob: Data("not a model".utf8)),
            audit: AuditEntry(at: world.clock.now, actor: Actor.system.reference, action: "train_model", target: "category"))
        await world.huiyin.models.refresh()
        let c = try await register(world)
        #expect(c.ins.suggestion == nil && c.number.count > 0)
        #expect(await world.huiyin.models.versions().isEmpty)
    }

    @Test("models trained from a labelled CSV and handled cases suggest the category at intake; staff decisions are recorded")
    func trainedSuggestion() async throws {
        let world = try await TestWorld.make()
        let csv = try LabelledCSV.examples(contentsOf: SharedTestData.url("messages-labelled.csv"))
        let report = try await world.huiyin.trainer.train(csv: Array(csv.prefix(3000)), by: .system, now: world.clock.now)
        #expect(report.models.first?.kind == "category" && report.models.first.map { $0.macroF1 > 0.8 } == true)
        #expect(await world.huiyin.models.versions()["category"] == report.models.first?.version)

        var d = TestWorld.draft(category: "")
        d.category = nil
        d.title = "小学入学划片不合理"
        d.content = "我家小孩今年上小学，学区划片把我们小区划到了很远的学校，希望教育局调整学区。"
        let c = try await world.huiyin.cases.register(d, by: try await world.actor("registrar"), now: world.clock.now).view.case
        let s = try #require(c.ins.suggestion)
        let education = try world.huiyin.reference.snapshot.directory.categories.resolve("教育文体").code
        #expect(s.categoryCode == education && (s.categoryConfidence ?? 0) > 0.4)

        let classified = try await act(world, c.id, "registrar", ActionRequest(action: "classify", category: "教育文体"))
        #expect(classified.history.last?.details["suggestion"] == "accepted")
    }
}
