/// How well predicted labels match the gold ones: accuracy, macro-F1 and a per-label breakdown.
///
/// Macro-F1 (the unweighted mean of the labels' F1) is the headline number: with 1,600 城乡建设 but
/// 490 交通运输 messages, accuracy alone would hide a model that neglects the small categories.
///
/// ```swift
/// let evaluation = ClassifierEvaluation(gold: ["教育文体", "卫生计生"], predicted: ["教育文体", "教育文体"])
/// print(evaluation.report())
/// ```
public struct ClassifierEvaluation: Sendable, Hashable {
    /// Precision, recall and F1 of one label; 0 where undefined (nothing predicted, or no gold rows).
    public struct ClassScore: Sendable, Hashable {
        public var label: String
        public var precision: Double
        public var recall: Double
        public var f1: Double
        /// Gold rows with this label.
        public var support: Int
    }

    /// One score per label that occurs in gold or predictions, largest support first.
    public let classes: [ClassScore]
    public let accuracy: Double
    public let macroF1: Double
    public let count: Int

    /// `gold` and `predicted` are paired by position; extra elements of the longer one are ignored.
    public init(gold: [String], predicted: [String]) {
        let pairs = Array(zip(gold, predicted))
        var truePositives: [String: Int] = [:], goldCount: [String: Int] = [:], predictedCount: [String: Int] = [:]
        for (g, p) in pairs {
            goldCount[g, default: 0] += 1
            predictedCount[p, default: 0] += 1
            if g == p { truePositives[g, default: 0] += 1 }
        }
        let labels = Set(goldCount.keys).union(predictedCount.keys)
        classes = labels.map { label in
            let tp = Double(truePositives[label] ?? 0)
            let support = goldCount[label] ?? 0
            let predicted = predictedCount[label] ?? 0
            let precision = predicted > 0 ? tp / Double(predicted) : 0
            let recall = support > 0 ? tp / Double(support) : 0
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            return ClassScore(label: label, precision: precision, recall: recall, f1: f1, support: support)
        }.sorted { $0.support != $1.support ? $0.support > $1.support : $0.label < $1.label }
        count = pairs.count
        accuracy = pairs.isEmpty ? 0 : Double(truePositives.values.reduce(0, +)) / Double(pairs.count)
        macroF1 = classes.isEmpty ? 0 : classes.map(\.f1).reduce(0, +) / Double(classes.count)
    }

    /// `macro-F1: 0.xxxx` and `accuracy: 0.xxxx` on their own lines, then one line per label.
    public func report() -> String {
        var lines = [
            "macro-F1: \(Self.fixed(macroF1))",
            "accuracy: \(Self.fixed(accuracy))",
            ["label", "precision", "recall", "F1", "support"].joined(separator: "\t"),
        ]
        for c in classes {
            lines.append([c.label, Self.fixed(c.precision), Self.fixed(c.recall), Self.fixed(c.f1), String(c.support)]
                .joined(separator: "\t"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Four decimals without `String(format:)`, which differs across platforms' locales.
    static func fixed(_ value: Double) -> String {
        let scaled = Int((abs(value) * 10_000).rounded())
        let digits = String(scaled % 10_000)
        return (value < 0 && scaled > 0 ? "-" : "") + "\(scaled / 10_000)."
            + String(repeating: "0", count: 4 - digits.count) + digits
    }
}
