/// Suggests the category (一级分类) of a petition message from its title and detail: hashed character
/// n-grams, TF-IDF, and one linear SVM per label.
///
/// Trains in well under a second on 6,000 labelled messages, scores tens of thousands of messages per
/// second on one core, needs no dictionary or model file, and is an immutable value safe to share
/// across tasks. `encoded()` / `init(encoded:)` store and restore it (about 3 MB).
///
/// On the held-out part of the 7,363 labelled messages (`DataSplit`) it reaches macro-F1 0.917,
/// accuracy 0.918 over 7 categories (0.925 in cross-validation on the training part).
///
/// ```swift
/// let model = TextClassifier.train(examples)
/// let best = model.predict(title: "小区停车收费不合理", detail: "物业擅自上调停车费")[0]
/// print(best.label, best.confidence)   // 城乡建设 0.87
/// ```
public struct TextClassifier: Sendable {
    /// The categories the model can return, sorted.
    public let labels: [String]
    /// How many examples it was trained on.
    public let trainedOn: Int
    /// The options it was trained with (its features are extracted the same way at prediction time).
    public let options: TrainingOptions

    let documentFrequencies: [UInt32]
    let idf: [Float]
    /// Weights laid out bucket-major (`bucket * labels.count + label`): a message touches a few
    /// hundred buckets, and this way each touch reads all labels' weights from one cache line.
    /// Every weight is a multiple of its label's `weightScales` entry (see `WeightQuantization`).
    let weights: [Float]
    let weightScales: [Float]
    let biases: [Float]
    let extractor: FeatureExtractor

    init(labels: [String], trainedOn: Int, options: TrainingOptions, documentFrequencies: [UInt32],
         weights: [Float], weightScales: [Float], biases: [Float]) {
        self.labels = labels
        self.trainedOn = trainedOn
        self.options = options
        self.documentFrequencies = documentFrequencies
        self.idf = InverseDocumentFrequency.weights(documentFrequencies: documentFrequencies, documentCount: trainedOn)
        self.weights = weights
        self.weightScales = weightScales
        self.biases = biases
        self.extractor = FeatureExtractor(options: options.features)
    }

    /// Every label with a confidence, best first (ties by label); confidences sum to 1. A model
    /// trained on no examples returns an empty array.
    public func predict(title: String, detail: String) -> [Prediction] {
        let scores = decisionScores(title: title, detail: detail)
        let confidences = Softmax.probabilities(scores, scale: options.confidenceScale)
        return zip(labels, confidences)
            .map { Prediction(label: $0, confidence: $1) }
            .sorted { $0.confidence != $1.confidence ? $0.confidence > $1.confidence : $0.label < $1.label }
    }

    /// The raw SVM margin of each label, in `labels` order (positive: "this label").
    public func decisionScores(title: String, detail: String) -> [Double] {
        decisionScores(extractor.vector(extractor.termCounts(title: title, detail: detail), idf: idf))
    }

    func decisionScores(_ x: SparseVector) -> [Double] {
        let c = labels.count
        var scores = [Double](repeating: 0, count: c)
        guard c > 0 else { return scores }
        weights.withUnsafeBufferPointer { w in
            scores.withUnsafeMutableBufferPointer { s in
                for k in 0..<x.count {
                    let base = Int(x.indices[k]) * c
                    let v = Double(x.values[k])
                    for j in 0..<c { s[j] += v * Double(w[base + j]) }
                }
                for j in 0..<c { s[j] += Double(biases[j]) }
            }
        }
        return scores
    }
}
