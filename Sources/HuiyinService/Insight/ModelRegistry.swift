import Foundation
import HuiyinCore
import HuiyinInsight
import HuiyinStore
import Logging

/// The text models a node uses for intake suggestions: the newest stored version of the category model
/// and of the unit model, loaded lazily and refreshed when another node (or the CLI) trains a newer one.
///
/// A model that cannot be read (missing, corrupt, from an unknown format) is logged and skipped:
/// intake goes on without a suggestion. The category model predicts first-level category codes; the
/// unit model the unit that finally handled similar cases.
public actor ModelRegistry {
    public static let categoryKind = "category"
    public static let unitKind = "unit"

    private let store: any HuiyinStore
    private let pollSeconds: TimeInterval
    private var loaded: [String: (version: Int64, model: TextClassifier)] = [:]
    /// Versions that failed to load, so a corrupt blob is not re-read on every intake.
    private var unreadable: Set<Int64> = []
    private var checkedAt: Date?
    private let logger: Logger

    init(store: any HuiyinStore, pollSeconds: TimeInterval) {
        self.store = store
        self.pollSeconds = pollSeconds
        var log = Logger(label: "huiyin.insight")
        log.logLevel = .notice
        logger = log
    }

    /// The suggestion for a new matter, or nil without a usable model.
    public func suggest(title: String, content: String, directory dir: Directory) async -> IntakeSuggestion? {
        await refreshIfDue()
        guard let cat = loaded[Self.categoryKind] else { return nil }
        var s = IntakeSuggestion(modelVersion: Int(cat.version))
        if let top = cat.model.predict(title: title, detail: content).first, dir.categories.node(code: top.label) != nil {
            s.categoryCode = top.label
            s.categoryConfidence = (top.confidence * 1000).rounded() / 1000
        }
        if let unit = loaded[Self.unitKind], let top = unit.model.predict(title: title, detail: content).first,
           top.confidence >= 0.5, dir.unit(top.label)?.active == true {
            s.unitCode = top.label
            s.unitConfidence = (top.confidence * 1000).rounded() / 1000
            s.unitSource = "model"
        }
        return s.categoryCode == nil && s.unitCode == nil ? nil : s
    }

    /// Loads newer versions now (after training, or when the poll interval passed).
    public func refresh() async {
        checkedAt = Date()
        for kind in [Self.categoryKind, Self.unitKind] {
            do {
                guard let latest = try await store.modelVersions(kind: kind, limit: 1).first,
                      latest.version != loaded[kind]?.version, !unreadable.contains(latest.version),
                      let stored = try await store.latestModel(kind: kind) else { continue }
                do {
                    loaded[kind] = (stored.version, try TextClassifier(encoded: Array(stored.blob)))
                } catch {
                    unreadable.insert(stored.version)
                    logger.error("text model \(kind) v\(stored.version) is unreadable, intake continues without it: \(error)")
                }
            } catch {
                logger.warning("could not check text models: \(error)")
            }
        }
    }

    private func refreshIfDue() async {
        if let at = checkedAt, Date().timeIntervalSince(at) < pollSeconds { return }
        await refresh()
    }

    /// The versions in use on this node.
    public func versions() -> [String: Int64] { loaded.mapValues(\.version) }
}
