import Foundation
import HuiyinCore
import HuiyinInsight
import HuiyinService
import HuiyinStore

/// A case's insight record: the suggestion at intake, the 越级 and 复查/复核 flags, the 并案 link.
/// Keys are spelled out: the receipt of a registration encodes it without key conversion.
struct InsightJSON: Encodable, Sendable {
    struct SuggestionJSON: Encodable, Sendable {
        var category: NamedJSON?
        var categoryConfidence: Double?
        var unit: NamedJSON?
        var unitConfidence: Double?
        var modelVersion: Int?
        enum CodingKeys: String, CodingKey {
            case category, unit
            case categoryConfidence = "category_confidence", unitConfidence = "unit_confidence", modelVersion = "model_version"
        }
    }
    struct LeapfrogJSON: Encodable, Sendable {
        var caseID: Int64
        var number: String
        var unit: NamedJSON?
        var dueOn: String?
        var reason: String
        enum CodingKeys: String, CodingKey { case number, unit, reason, caseID = "case_id", dueOn = "due_on" }
    }
    struct ProcedureJSON: Encodable, Sendable {
        var caseID: Int64
        var number: String
        var step: String
        var stepLabel: String
        var dueOn: String?
        var reason: String
        enum CodingKeys: String, CodingKey {
            case number, step, reason, caseID = "case_id", stepLabel = "step_label", dueOn = "due_on"
        }
    }
    var suggestion: SuggestionJSON?
    var leapfrog: LeapfrogJSON?
    var procedure: ProcedureJSON?
    var mergedInto: Int64?
    var mergedNumber: String?
    enum CodingKeys: String, CodingKey {
        case suggestion, leapfrog, procedure, mergedInto = "merged_into", mergedNumber = "merged_number"
    }

    init(_ i: CaseInsight, _ dir: Directory) {
        suggestion = i.suggestion.map { Self.suggestion($0, dir) }
        leapfrog = i.leapfrog.map {
            LeapfrogJSON(caseID: $0.caseID, number: $0.number, unit: NamedJSON.unit($0.unitCode, dir), dueOn: $0.dueOn?.description, reason: $0.reason)
        }
        procedure = i.procedure.map {
            ProcedureJSON(caseID: $0.caseID, number: $0.number, step: $0.step.rawValue, stepLabel: $0.step.label,
                          dueOn: $0.dueOn?.description, reason: $0.reason)
        }
        mergedInto = i.mergedInto
        mergedNumber = i.mergedNumber
    }

    static func suggestion(_ s: IntakeSuggestion, _ dir: Directory) -> SuggestionJSON {
        SuggestionJSON(category: NamedJSON.category(s.categoryCode, dir), categoryConfidence: s.categoryConfidence,
                       unit: NamedJSON.unit(s.unitCode, dir), unitConfidence: s.unitConfidence, modelVersion: s.modelVersion)
    }
}

struct SimilarJSON: Encodable, Sendable {
    var id: Int64
    var number: String
    var title: String
    var state: String
    var stateLabel: String
    var receivedAt: String
    var similarity: Double
    var samePerson: Bool

    init(_ s: SimilarCase) {
        id = s.id; number = s.number; title = s.title; state = s.state.rawValue; stateLabel = s.state.label
        receivedAt = s.receivedOn.description; similarity = (s.similarity * 100).rounded() / 100; samePerson = s.samePerson
    }
}

/// A highlighted piece of text: `hit` marks a match.
struct PieceJSON: Encodable, Sendable {
    var text: String
    var hit: Bool
}

struct SearchHitJSON: Encodable, Sendable {
    var id: Int64
    var number: String
    var state: String
    var stateLabel: String
    var receivedAt: String
    var title: String
    var titleHighlighted: [PieceJSON]
    var field: String?
    var snippet: [PieceJSON]

    init(_ h: SearchHit) {
        let c = h.view.case
        id = c.id; number = c.number; state = c.state.rawValue; stateLabel = c.state.label; receivedAt = c.receivedOn.description
        title = c.title
        titleHighlighted = h.title.map { PieceJSON(text: $0.text, hit: $0.hit) }
        field = h.field
        snippet = h.snippet.map { PieceJSON(text: $0.text, hit: $0.hit) }
    }
}

struct HotIssueJSON: Encodable, Sendable {
    struct CaseRef: Encodable, Sendable { var id: Int64; var number: String; var title: String; var receivedAt: String }
    var label: String
    var terms: [String]
    var representativeTitle: String
    var territory: String?
    var category: String?
    var volume: Int
    var people: Int
    var likes: Int
    var expected: Double
    var growth: Double
    var heat: Double
    var burst: Bool
    var alertID: Int64?
    var cases: [CaseRef]

    init(_ i: HotIssue, _ dir: Directory) {
        let c = i.cluster
        label = c.label; terms = c.terms; representativeTitle = c.representativeTitle
        territory = c.territory.map { dir.territory($0)?.name ?? $0 }
        category = c.category.map { dir.categories.node(code: $0)?.name ?? $0 }
        volume = c.volume; people = c.people; likes = c.likes
        expected = (c.expected * 10).rounded() / 10; growth = (c.growth * 10).rounded() / 10; heat = (c.heat * 10).rounded() / 10
        burst = c.isBurst; alertID = i.alertID
        cases = i.cases.map { CaseRef(id: $0.id, number: $0.number, title: $0.title, receivedAt: $0.receivedOn.description) }
    }
}

struct AlertJSON: Encodable, Sendable {
    var id: Int64
    var kind: String
    var kindLabel: String
    var createdAt: String
    var title: String
    var heat: Double?
    var details: [String: String]
    var caseIds: [Int64]  // "case_ids" (caseIDs would encode as case_i_ds)

    init(_ a: InsightAlert) {
        id = a.id; kind = a.kind.rawValue; kindLabel = a.kind.label; createdAt = ChinaTime.timestamp(a.createdAt)
        title = a.title; heat = a.heat.map { ($0 * 10).rounded() / 10 }; details = a.details.filter { $0.key != "accused_unit" }
        caseIds = a.caseIDs
    }
}

struct PeriodJSON: Codable, Sendable {
    var name: String
    var from: String
    var to: String
    var factor: Double?

    init(_ p: SensitivePeriod) { name = p.name; from = p.from.description; to = p.to.description; factor = p.factor }

    func period(_ index: Int) throws -> SensitivePeriod {
        guard let f = LocalDate(from), let t = LocalDate(to) else {
            throw HuiyinError.invalid("invalid_period", "第\(index + 1)个敏感期：日期应为 YYYY-MM-DD", field: "periods")
        }
        return SensitivePeriod(name: name, from: f, to: t, factor: factor ?? 1.5)
    }
}

struct ModelJSON: Encodable, Sendable {
    var kind: String
    var version: Int64
    var createdAt: String
    var trainedOn: Int
    var metrics: [String: String]
    var inUse: Bool
}
