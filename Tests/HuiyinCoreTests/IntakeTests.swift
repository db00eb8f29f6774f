import Foundation
import Testing
@testable import HuiyinCore

@Suite("Intake: what a new case must contain, and the errors people see")
struct IntakeTests {
    typealias F = Fixture

    func validate(_ d: CaseDraft, by actor: Actor = F.registrar, now: String = "2026-03-02") throws -> Case {
        try Intake.validate(d, by: actor, in: F.intake(now: now))
    }

    func expectError(_ code: String, field: String? = nil, _ mutate: (inout CaseDraft) -> Void) {
        var d = F.draft()
        mutate(&d)
        do {
            _ = try validate(d)
            Issue.record("expected \(code)")
        } catch let e as HuiyinError {
            #expect(e.code == code, "\(e)")
            if let field { #expect(e.field == field, "\(e)") }
            #expect(e.kind == .invalid)
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test("a complete letter: channel, kind, category by path, territory, the clock from receipt, the registering unit")
    func valid() throws {
        let c = try validate(F.draft(received: "2026-02-27"))
        #expect(c.channel == .letter && c.kind == .appeal && c.categoryCode == "010101" && c.territoryCode == "c-a-t-v")
        #expect(c.receivedOn.description == "2026-02-27" && c.stage == Stage(.dispose, from: LocalDate("2026-02-27")!))
        #expect(c.ownerUnitCode == "office" && c.state == .registered && c.ruleSetID == "xinfang-2022")
        #expect(c.persons.first?.idNumber == "11010519491231002X" && c.peopleCount == 1 && !c.isCollective)
    }

    @Test("missing or malformed fields name the field in Chinese")
    func missing() {
        expectError("missing_field", field: "title") { $0.title = "  " }
        expectError("missing_field", field: "content") { $0.content = nil }
        expectError("missing_field", field: "kind") { $0.kind = nil }
        expectError("missing_field", field: "channel") { $0.channel = nil }
        expectError("missing_field", field: "petitioners[0].name") { $0.petitioners![0].name = "" }
        expectError("invalid_kind") { $0.kind = "投诉" }
        expectError("invalid_channel") { $0.channel = "信鸽" }
        expectError("invalid_date", field: "received_at") { $0.receivedAt = "27/02/2026" }
        expectError("received_in_future") { $0.receivedAt = "2026-03-03" }
        expectError("too_long", field: "content") { $0.content = String(repeating: "字", count: 20_001) }
        expectError("too_long", field: "title") { $0.title = String(repeating: "字", count: 201) }
        expectError("invalid_characters", field: "title") { $0.title = "标题\u{0007}" }
    }

    @Test("unknown, ambiguous and retired categories and unknown territories are refused")
    func references() {
        expectError("unknown_category", field: "category") { $0.category = "外星人/飞碟" }
        expectError("ambiguous_category", field: "category") { $0.category = "其他" }
        expectError("unknown_territory", field: "territory") { $0.territory = "火星" }
        expectError("unknown_rule_set", field: "rule_set") { $0.ruleSet = "xinfang-1995" }
    }

    @Test("ID numbers need a valid birth date and check character; phones 7–15 digits")
    func identity() throws {
        expectError("invalid_id_number", field: "petitioners[0].id_number") { $0.petitioners![0].idNumber = "110105194912310021" }
        expectError("invalid_id_number") { $0.petitioners![0].idNumber = "11010519491331002X" }
        expectError("invalid_id_number") { $0.petitioners![0].idNumber = "1101051949" }
        expectError("invalid_phone", field: "petitioners[0].phone") { $0.petitioners![0].phone = "12345" }
        var d = F.draft()
        d.petitioners![0].idNumber = "11010519491231002x"
        d.petitioners![0].phone = "+86 (0791) 8888-6666"
        let c = try validate(d)
        #expect(c.persons[0].idNumber == "11010519491231002X")
    }

    @Test("collective visits: people count and at most five representatives (条例 第二十条)")
    func collective() throws {
        let reps = (1...5).map { F.person("代表\($0)", id: nil, phone: "1380000000\($0)") }
        var d = F.draft()
        d.channel = "来访"
        d.peopleCount = 40
        d.representatives = reps
        let c = try validate(d)
        #expect(c.isCollective && c.representatives.count == 5 && c.peopleCount == 40)
        expectError("too_many_representatives", field: "representatives") {
            $0.peopleCount = 40
            $0.representatives = reps + [F.person("代表6", id: nil)]
        }
        expectError("invalid_people_count", field: "people_count") { $0.peopleCount = 0 }
        expectError("representatives_need_group") { $0.peopleCount = 1; $0.representatives = [reps[0]] }
    }

    @Test("anonymity only for accusations and suggestions; appeals need a way to answer")
    func anonymity() throws {
        var accusation = F.draft(kind: "检举控告")
        accusation.petitioners = nil
        accusation.anonymous = true
        #expect(try validate(accusation).anonymous)
        expectError("anonymous_not_allowed") { $0.petitioners = nil; $0.anonymous = true }
        expectError("petitioner_required") { $0.petitioners = [] }
        expectError("contact_required") { $0.petitioners![0].phone = nil; $0.petitioners![0].address = nil }
        expectError("accused_unit_not_allowed") { $0.accusedUnit = "t-gov" }
        var withUnit = F.draft(kind: "检举控告")
        withUnit.accusedUnit = "nope"
        #expect(throws: HuiyinError.self) { try validate(withUnit) }
    }

    @Test("citizens submit themselves only through online channels; other staff roles do not register")
    func whoRegisters() throws {
        var d = F.draft()
        d.channel = nil
        let online = try validate(d, by: F.citizen)
        #expect(online.channel == .online && online.submittedBy == 900 && online.ownerUnitCode == "office")
        d.channel = "来访"
        #expect(throws: HuiyinError.self) { try validate(d, by: .petitioner) }
        do {
            _ = try validate(F.draft(), by: F.handler)
            Issue.record("handlers do not register")
        } catch let e as HuiyinError {
            #expect(e.kind == .forbidden)
        }
    }

    @Test("query codes: 8 unambiguous characters, typed forgivingly; numbers read aloud")
    func codes() {
        var rng = SystemRandomNumberGenerator()
        let codes = (0..<200).map { _ in QueryCode.generate(using: &rng) }
        #expect(Set(codes).count == 200 && codes.allSatisfy { $0.count == 8 })
        #expect(codes.allSatisfy { !$0.contains("I") && !$0.contains("L") && !$0.contains("O") && !$0.contains("U") })
        #expect(QueryCode.normalize("k7qm-3xpw") == "K7QM3XPW")
        #expect(QueryCode.normalize("O1IL 2345") == "01112345")
        #expect(QueryCode.normalize("K7QM3XP") == nil && QueryCode.normalize("K7QM3XP!") == nil)
        #expect(CaseNumber.format(year: 2026, sequence: 123) == "2026-000123")
        #expect(CaseNumber.normalize("2026000123") == "2026-000123")
        #expect(CaseNumber.normalize("２０２６－０００１２３") == "2026-000123")
        #expect(CaseNumber.normalize("2026-12") == nil && CaseNumber.normalize("abc") == nil)
    }

    @Test("CSV: quotes, commas, line breaks and a BOM")
    func csv() {
        let rows = CSV.parse("\u{FEFF}a,b\r\n\"x, y\",\"he said \"\"hi\"\"\"\n\"multi\nline\",z\n")
        #expect(rows == [["a", "b"], ["x, y", "he said \"hi\""], ["multi\nline", "z"]])
        #expect(CSV.line(["a,b", "c\"d", "e"]) == "\"a,b\",\"c\"\"d\",e")
    }
}
