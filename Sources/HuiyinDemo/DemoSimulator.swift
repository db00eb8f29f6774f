import Foundation
import HuiyinCore
import HuiyinService

/// Where the simulator registers cases and plays their steps: the live services (one transaction per
/// step, outbox and all) or ``BulkCaseWriter`` (in memory, stored in bulk) for large histories.
protocol DemoDriver: Sendable {
    func register(_ draft: CaseDraft, by actor: Actor, now: Date) async throws -> Int64
    func perform(_ request: ActionRequest, onCase id: Int64, by actor: Actor, now: Date) async throws
}

struct LiveDriver: DemoDriver {
    let huiyin: Huiyin
    func register(_ draft: CaseDraft, by actor: Actor, now: Date) async throws -> Int64 {
        try await huiyin.cases.register(draft, by: actor, now: now).view.case.id
    }
    func perform(_ request: ActionRequest, onCase id: Int64, by actor: Actor, now: Date) async throws {
        _ = try await huiyin.cases.perform(request, onCase: id, by: actor, now: now)
    }
}

extension BulkCaseWriter: DemoDriver {}

/// Registers demo cases and plays their planned histories at simulated times, stopping at `now`:
/// recent cases are still early in their lifecycle, old ones finished.
struct DemoSimulator {
    let driver: any DemoDriver
    let users: [String: User]
    let now: Date
    var rng: DemoRandom
    var refused: [String] = []
    var progress: (@Sendable (Int) -> Void)?

    init(driver: any DemoDriver, users: [String: User], now: Date, rng: DemoRandom) {
        self.driver = driver; self.users = users; self.now = now; self.rng = rng
    }

    var today: LocalDate { ChinaTime.localDate(now) }
    static let places = DemoCity.territories.filter { $0.level == .village || $0.level == .grid }.map(\.code)

    mutating func run(count: Int) async throws {
        let showcase = count >= 100 ? DemoPlan.showcase(lead: "yx-dh-qs-zf", wrongUnit: "yx-sthjj") : []
        let refiled = showcase.isEmpty ? 0 : 1
        let randomCount = max(0, count - showcase.count - refiled)
        for i in 0..<randomCount {
            let matter = rng.pick(DemoTexts.matters)
            let territory = rng.pick(Self.places)
            let top = String(matter.category.split(separator: "/")[0])
            let lead: String
            if matter.kind == "检举控告" {
                lead = "yx-jw"
            } else if ["城乡建设", "农村农业", "民政"].contains(top), rng.chance(0.35) {
                lead = DemoCity.townGovernment(of: territory)
            } else {
                lead = DemoCity.department(for: top)
            }
            let wrong = lead == "yx-sthjj" ? "yx-zjj" : "yx-sthjj"
            let assisting = rng.chance(0.15) ? [rng.pick(["yx-sthjj", "yx-zjj", "yx-mzj", "yx-jtj"].filter { $0 != lead })] : []
            let plan = DemoPlan.random(lead: lead, wrongUnit: wrong, assisting: assisting,
                                       canReview: matter.kind == "申诉求决" && parent(lead) != nil,
                                       canRecheck: parent(parent(lead)) != nil, rng: &rng)
            let received = today.adding(days: -rng.int(0...180))
            let byCitizen = i % 30 == 7
            try await play(matter: matter, territory: territory, received: received, plan: plan, byCitizen: byCitizen)
            if (i + 1) % 50_000 == 0 { progress?(i + 1) }
        }
        var concluded: (matter: DemoTexts.Matter, person: CaseDraft.PersonDraft)?
        for (i, plan) in showcase.enumerated() {
            let matter = DemoTexts.matters[(i * 7) % DemoTexts.matters.count]
            let back = i == 5 ? 75 : (plan.last?.offset ?? 0) + 1
            let person = try await play(matter: matter, territory: "yx-dh-qs-sq", received: today.adding(days: -back), plan: plan,
                                        byCitizen: false, forceAppeal: true)
            if case .recheckOpinion = plan.last?.act, let person { concluded = (matter, person) }
        }
        // The petitioner of the matter concluded by 复核 comes again today with the same facts: intake
        // flags it 不再受理 (信访工作条例 第三十六条) for the registrar to decide.
        if let (matter, person) = concluded {
            var draft = CaseDraft(channel: Channel.visit.rawValue, kind: "申诉求决", category: matter.category,
                                  territory: "yx-dh-qs-sq", title: "再次反映：" + matter.title, content: matter.content,
                                  receivedAt: today.description)
            draft.petitioners = [person]
            _ = try await driver.register(draft, by: staff("registrar-dh"), now: min(at(today, hour: 9), now.addingTimeInterval(-60)))
        }
    }

    private mutating func person() -> CaseDraft.PersonDraft {
        let name = rng.pick(DemoTexts.surnames) + rng.pick(DemoTexts.givenNames)
        let birth = LocalDate(dayNumber: rng.int(LocalDate("1950-01-01")!.dayNumber...LocalDate("2004-12-31")!.dayNumber))
        let first17 = "360981" + String(format: "%04d%02d%02d", birth.year, birth.month, birth.day) + String(format: "%03d", rng.int(0...999))
        let id = first17 + String(IdentityCheck.checkCharacter(for: first17))
        let phone = rng.pick(["138", "139", "150", "186", "133", "177"]) + String(format: "%08d", rng.int(0...99_999_999))
        return CaseDraft.PersonDraft(name: name, idNumber: id, phone: phone, address: rng.pick(DemoTexts.addresses))
    }

    private func at(_ day: LocalDate, hour: Int) -> Date { ChinaTime.startOfDay(day).addingTimeInterval(Double(hour * 3600 + 600)) }

    /// Registers the matter and plays its plan; returns its petitioner (nil when anonymous).
    @discardableResult
    private mutating func play(matter: DemoTexts.Matter, territory: String, received: LocalDate, plan: [PlannedStep],
                               byCitizen: Bool, forceAppeal: Bool = false) async throws -> CaseDraft.PersonDraft? {
        let kind = forceAppeal ? "申诉求决" : matter.kind
        let channel: Channel = byCitizen ? .online : rng.weighted([(.letter, 20), (.visit, 15), (.phone, 25), (.online, 15),
                                                                   (.mayorMailbox, 10), (.gridReport, 6), (.receptionDay, 4),
                                                                   (.outreach, 3), (.fax, 1), (.other, 1)])
        var draft = CaseDraft(channel: channel.rawValue, kind: kind, category: matter.category, territory: territory,
                              title: matter.title, content: matter.content, receivedAt: received.description)
        let anonymous = kind == "检举控告" && rng.chance(0.3)
        if anonymous {
            draft.anonymous = true
        } else {
            draft.petitioners = [person()]
            if channel == .visit, rng.chance(0.25) {
                draft.peopleCount = rng.int(6...40)
                draft.representatives = (0..<rng.int(2...5)).map { _ in person() }
            }
        }
        if kind == "检举控告" { draft.accusedUnit = DemoCity.townGovernment(of: territory) }
        let delay = min(channel == .letter ? rng.int(1...3) : 0, today.days(since: received))
        let registeredAt = min(at(received.adding(days: delay), hour: rng.int(9...16)), now.addingTimeInterval(-60))
        let registrar = byCitizen ? users["citizen"]! : (territory.hasPrefix("yx-dh") && rng.chance(0.3) ? users["registrar-dh"]! : users["registrar"]!)
        let id = try await driver.register(draft, by: .user(registrar), now: registeredAt)
        var lead: String? = nil
        var review: String? = nil
        var recheck: String? = nil
        for step in plan {
            let when = at(received.adding(days: max(step.offset, delay)), hour: rng.int(9...17))
            guard when <= now else { return draft.petitioners?.first }
            let (actor, request) = action(step.act, lead: &lead, review: &review, recheck: &recheck, matter: matter)
            do {
                try await driver.perform(request, onCase: id, by: actor, now: max(when, registeredAt.addingTimeInterval(60)))
            } catch let e as HuiyinError {
                refused.append("#\(id) \(request.action): \(e.message)")
                return draft.petitioners?.first
            }
        }
        return draft.petitioners?.first
    }

    private func staff(_ name: String) -> Actor { .user(users[name]!) }
    private func parent(_ unit: String?) -> String? { DemoCity.unitRows.first { $0.0 == unit }?.4 }

    private mutating func action(_ act: PlannedStep.Act, lead: inout String?, review: inout String?, recheck: inout String?,
                                 matter: DemoTexts.Matter) -> (Actor, ActionRequest) {
        let dispatcher = staff("dispatcher")
        func handler(_ unit: String?) -> Actor { staff(DemoCity.handler(of: unit ?? "yx-zjj")) }
        switch act {
        case .accept: return (dispatcher, ActionRequest(action: "accept", note: "符合受理条件，予以受理"))
        case .notify: return (staff("registrar"), ActionRequest(action: "notify", note: "已书面告知信访人受理情况"))
        case .refuse: return (dispatcher, ActionRequest(action: "refuse", reason: "该事项已进入诉讼程序，依法不予受理，已告知通过司法途径解决"))
        case .transfer:
            return (dispatcher, ActionRequest(action: "transfer", reason: "不属于本市职权范围，依法转送有权处理机关",
                                              receivingBody: rng.pick(["云溪市中级人民法院", "东江省电力公司云溪供电分公司", "国家税务总局云溪市税务局"])))
        case .withdraw: return (.petitioner, ActionRequest(action: "withdraw", reason: "问题已自行协商解决，申请撤回"))
        case .assign(let unit, let assisting):
            lead = unit
            return (dispatcher, ActionRequest(action: "assign", note: "请按期办理并答复信访人", leadUnit: unit, assistingUnits: assisting))
        case .returnCase:
            let actor = handler(lead)
            lead = nil
            return (actor, ActionRequest(action: "return", reason: "该事项不属于本单位职责范围，建议交由属地政府或主管部门办理"))
        case .start: return (handler(lead), ActionRequest(action: "start", note: "已签收，安排专人调查核实"))
        case .extend(let days):
            return (staff("leader"), ActionRequest(action: "extend", reason: "案情复杂，需多部门联合调查核实", days: days))
        case .reply(let verdict): return (handler(lead), ActionRequest(action: "reply", text: matter.reply, opinion: verdict.rawValue))
        case .rate(let value, let byPetitioner):
            let actor = byPetitioner ? Actor.petitioner : staff("registrar")
            return (actor, ActionRequest(action: "rate", note: byPetitioner ? nil : "电话回访", rating: value.rawValue))
        case .redo: return (dispatcher, ActionRequest(action: "redo", reason: "信访人对答复不满意，责成承办单位重新办理"))
        case .requestReview:
            review = parent(lead)
            return (.petitioner, ActionRequest(action: "request_review", reason: "对处理意见不服，请求上一级机关复查"))
        case .reviewOpinion(let v):
            return (handler(review), ActionRequest(action: "review_opinion", text: "经复查，原处理意见认定事实清楚、适用依据正确，予以维持。", opinion: v.rawValue))
        case .requestRecheck:
            recheck = parent(review)
            return (.petitioner, ActionRequest(action: "request_recheck", reason: "对复查意见仍不服，请求复核"))
        case .recheckOpinion(let v):
            return (handler(recheck), ActionRequest(action: "recheck_opinion", text: "经复核，维持复查意见。本复核意见为终结意见，同一事项不再受理。", opinion: v.rawValue))
        case .close: return (dispatcher, ActionRequest(action: "close", note: "答复后信访人在规定期限内未申请复查，依规办结"))
        }
    }
}
