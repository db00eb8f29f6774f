import Foundation
import HuiyinCore
import HuiyinInsight
import HuiyinStore

/// What one training run produced.
public struct TrainingReport: Sendable {
    public struct Model: Sendable {
        public var kind: String
        public var version: Int64
        public var examples: Int
        public var labels: Int
        /// Scores on the fixed held-out fifth (`DataSplit`) of this run's examples.
        public var macroF1: Double
        public var accuracy: Double
        public var seconds: Double
    }
    public var models: [Model]
    public var csvExamples: Int
    public var caseExamples: Int
    /// CSV rows whose label names no first-level category of the tree.
    public var skippedLabels: [String: Int]
}

/// Trains the text models from the deployment's own handled cases (their final category and the unit
/// that answered: the staff's decisions, accepted suggestions or corrected ones) and, optionally, a
/// labelled CSV (`title, detail, label`, labels naming first-level categories), then stores each model
/// as a new version. Every node picks the new version up within its poll interval.
public struct ModelTrainer: Sendable {
    let store: any HuiyinStore
    let reference: ReferenceData
    let registry: ModelRegistry

    /// Settings key of the labelled CSV scheduled retraining reads too.
    public static let csvSettingKey = "insight_training_csv"

    /// The examples of the registered CSV, or none when unset or unreadable.
    public static func registeredCSV(_ store: any HuiyinStore) async throws -> [TrainingExample] {
        guard let path = try await store.setting(csvSettingKey), !path.isEmpty else { return [] }
        return (try? LabelledCSV.examples(contentsOf: URL(fileURLWithPath: path))) ?? []
    }

    /// Fewest examples (and labels) worth a model.
    static let minExamples = 20

    public func train(csv: [TrainingExample] = [], by actor: Actor, now: Date) async throws -> TrainingReport {
        let tree = reference.snapshot.directory.categories
        var skipped: [String: Int] = [:]
        var categoryExamples: [TrainingExample] = []
        var levelOne: [String: String] = [:]
        for e in csv {
            let code = levelOne[e.label] ?? (try? tree.resolve(e.label)).map { String($0.code.prefix(2)) }
            guard let code else { skipped[e.label, default: 0] += 1; continue }
            levelOne[e.label] = code
            categoryExamples.append(TrainingExample(title: e.title, detail: e.detail, label: code))
        }
        let cases = try await store.trainingCases(limit: 50_000)
        var unitExamples: [TrainingExample] = []
        for c in cases {
            if let cat = c.categoryCode { categoryExamples.append(TrainingExample(title: c.title, detail: c.content, label: String(cat.prefix(2)))) }
            if let unit = c.leadUnit { unitExamples.append(TrainingExample(title: c.title, detail: c.content, label: unit)) }
        }
        var report = TrainingReport(models: [], csvExamples: csv.count - skipped.values.reduce(0, +), caseExamples: cases.count, skippedLabels: skipped)
        guard let category = try await trainOne(ModelRegistry.categoryKind, categoryExamples, by: actor, now: now) else {
            throw HuiyinError.conflict("not_enough_training_data",
                "训练数据不足：至少需要\(Self.minExamples)条已办结事项或带分类标注的留言，且至少两个分类")
        }
        report.models.append(category)
        if let unit = try await trainOne(ModelRegistry.unitKind, unitExamples, by: actor, now: now) { report.models.append(unit) }
        await registry.refresh()
        return report
    }

    private func trainOne(_ kind: String, _ examples: [TrainingExample], by actor: Actor, now: Date) async throws -> TrainingReport.Model? {
        let labels = Set(examples.map(\.label))
        guard examples.count >= Self.minExamples, labels.count >= 2 else { return nil }
        let start = DispatchTime.now().uptimeNanoseconds
        let (training, test) = DataSplit.split(examples)
        let probe = TextClassifier.train(training)
        let eval = ClassifierEvaluation(gold: test.map(\.label), predicted: test.map { probe.predict(title: $0.title, detail: $0.detail).first?.label ?? "" })
        let model = TextClassifier.train(examples)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let metrics = ["examples": String(examples.count), "labels": String(labels.count),
                       "macro_f1": String(format: "%.4f", eval.macroF1), "accuracy": String(format: "%.4f", eval.accuracy),
                       "seconds": String(format: "%.2f", seconds)]
        let version = try await store.saveModel(
            StoredModel(kind: kind, createdAt: now, trainedOn: examples.count, metrics: metrics, blob: Data(model.encoded())),
            audit: AuditEntry(at: now, actor: actor.reference, action: "train_model", target: kind, details: metrics))
        return TrainingReport.Model(kind: kind, version: version, examples: examples.count, labels: labels.count,
                                    macroF1: eval.macroF1, accuracy: eval.accuracy, seconds: seconds)
    }
}
