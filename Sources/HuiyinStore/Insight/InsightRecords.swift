import Foundation
import HuiyinCore

/// A trained model as stored: versioned, with what it was trained on and how it scored.
public struct StoredModel: Sendable, Hashable {
    /// Increasing version (the row id).
    public var version: Int64
    /// `category` or `unit`.
    public var kind: String
    public var createdAt: Date
    public var trainedOn: Int
    public var metrics: [String: String]
    /// The encoded model; empty in lists.
    public var blob: Data
    public init(version: Int64 = 0, kind: String, createdAt: Date, trainedOn: Int, metrics: [String: String], blob: Data) {
        self.version = version; self.kind = kind; self.createdAt = createdAt; self.trainedOn = trainedOn
        self.metrics = metrics; self.blob = blob
    }
}

/// A handled case as training data: its text and where it ended (final category, the unit that answered).
public struct TrainingCase: Sendable, Hashable {
    public var title: String
    public var content: String
    public var categoryCode: String?
    public var leadUnit: String?
    public init(title: String, content: String, categoryCode: String?, leadUnit: String?) {
        self.title = title; self.content = content; self.categoryCode = categoryCode; self.leadUnit = leadUnit
    }
}

/// A case as the hot-issue clustering sees it.
public struct HotRow: Sendable, Hashable {
    public var id: Int64
    public var number: String
    public var title: String
    public var content: String
    public var receivedOn: LocalDate
    public var territoryCode: String?
    public var scopePath: String
    public var categoryCode: String?
    public var peopleCount: Int
    /// Keyed hash of the first petitioner's ID number or phone, so one person filing ten times counts once.
    public var personKey: Data?
    public var likes: Int
    /// 检举控告: the accused unit (its people must not see the case).
    public var accusedUnit: String?
    public init(id: Int64, number: String, title: String, content: String, receivedOn: LocalDate, territoryCode: String?,
                scopePath: String, categoryCode: String?, peopleCount: Int, personKey: Data?, likes: Int, accusedUnit: String?) {
        self.id = id; self.number = number; self.title = title; self.content = content; self.receivedOn = receivedOn
        self.territoryCode = territoryCode; self.scopePath = scopePath; self.categoryCode = categoryCode
        self.peopleCount = peopleCount; self.personKey = personKey; self.likes = likes; self.accusedUnit = accusedUnit
    }
}

/// An early warning (预警): a burst of similar cases, a collective complaint, or either during a sensitive period.
public struct InsightAlert: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case burst
        case collective

        public var label: String {
            switch self {
            case .burst: return "热点激增"
            case .collective: return "集体访"
            }
        }
    }

    public var id: Int64 = 0
    /// Unique per warning: the same cluster or case never warns twice.
    public var dedupeKey: String
    public var kind: Kind
    public var createdAt: Date
    /// The territory path the warning concerns (who sees it).
    public var scopePath: String
    public var title: String
    /// Facts for people: volume, growth, 热度, the sensitive period …
    public var details: [String: String]
    public var heat: Double?
    public var caseIDs: [Int64]
    /// Units told through the outbox (topic 热点预警), in the same transaction as the warning; not stored
    /// with it.
    public var notify: [String] = []

    public init(id: Int64 = 0, dedupeKey: String, kind: Kind, createdAt: Date, scopePath: String, title: String,
                details: [String: String], heat: Double?, caseIDs: [Int64], notify: [String] = []) {
        self.id = id; self.dedupeKey = dedupeKey; self.kind = kind; self.createdAt = createdAt; self.scopePath = scopePath
        self.title = title; self.details = details; self.heat = heat; self.caseIDs = caseIDs; self.notify = notify
    }

    /// The outbox entries telling `notify` of the warning stored as `id`.
    public func outboxEntries(id: Int64) -> [OutboxEntry] {
        guard let caseID = caseIDs.first else { return [] }
        return notify.map { OutboxEntry(id: 0, dedupeKey: "alert:\(id):\($0)", caseID: caseID, kind: .warning, recipientUnit: $0,
                                        text: title, createdAt: createdAt) }
    }
}

/// A case sharing LSH bands with a probe, with its stored signature.
public struct SimilarityCandidate: Sendable, Hashable {
    public var caseID: Int64
    public var signature: Data
    public init(caseID: Int64, signature: Data) { self.caseID = caseID; self.signature = signature }
}
