/// One candidate category for a message, with the model's confidence in it.
///
/// `TextClassifier.predict` returns one per label, best first, and the confidences sum to 1 so a caller
/// can show "城乡建设 82%" or decide to ask a person when the best one is below a threshold.
public struct Prediction: Sendable, Hashable, Codable {
    public var label: String
    /// In 0…1; over all labels of one prediction they sum to 1.
    public var confidence: Double

    public init(label: String, confidence: Double) {
        self.label = label
        self.confidence = confidence
    }
}
