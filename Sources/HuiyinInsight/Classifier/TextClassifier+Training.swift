extension TextClassifier {
    /// Fits a model; deterministic: the same examples (in the same order) and options give the same
    /// model, byte for byte. Labels are the distinct `label`s of the examples, sorted.
    public static func train(_ examples: [TrainingExample], options: TrainingOptions = .init()) -> TextClassifier {
        let extractor = FeatureExtractor(options: options.features)
        let counts = examples.map { extractor.termCounts(title: $0.title, detail: $0.detail) }
        return train(counts: counts, labels: examples.map(\.label), options: options)
    }

    /// Training from already counted n-grams, so cross-validation can count each message once.
    static func train(counts: [TermCounts], labels exampleLabels: [String], options: TrainingOptions) -> TextClassifier {
        let dimension = options.features.dimension
        let extractor = FeatureExtractor(options: options.features)
        let labels = Array(Set(exampleLabels)).sorted()
        let df = InverseDocumentFrequency.documentFrequencies(of: counts, dimension: dimension)
        let idf = InverseDocumentFrequency.weights(documentFrequencies: df, documentCount: counts.count)
        let matrix = SparseMatrix(rows: counts.map { extractor.vector($0, idf: idf) })
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let models = OneVsRest.train(matrix, target: exampleLabels.map { labelIndex[$0]! },
                                     labelCount: labels.count, dimension: dimension, options: options)
        var weights = [Float](repeating: 0, count: dimension * labels.count)
        for (j, model) in models.enumerated() {
            for b in 0..<dimension { weights[b * labels.count + j] = model.weights[b] }
        }
        let (rounded, scales) = WeightQuantization.rounded(weights, labelCount: labels.count)
        return TextClassifier(labels: labels, trainedOn: counts.count, options: options, documentFrequencies: df,
                              weights: rounded, weightScales: scales, biases: models.map(\.bias))
    }
}
