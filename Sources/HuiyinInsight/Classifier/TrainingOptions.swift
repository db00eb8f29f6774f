/// Everything that decides how `TextClassifier.train` fits a model. The defaults were chosen by 5-fold
/// cross-validation on the training part of the labelled messages (see `DataSplit`), never on its
/// held-out test part.
public struct TrainingOptions: Sendable, Hashable, Codable {
    public var features: FeatureOptions
    /// SVM regularisation C: larger fits the training messages more closely (1.5…6 all within 0.1
    /// points in cross-validation).
    public var cost: Double
    /// 0 gives every message the same cost; 1 raises the cost of a label's own messages by
    /// `messages / (labels × messages of that label)` so small categories are not neglected
    /// (+0.2…0.5 points macro-F1).
    public var classBalance: Double
    /// NB-SVM feature scaling (see `LogCountRatio`): β, 0 turns it off.
    public var logCountRatioWeight: Double
    /// NB-SVM smoothing added to every feature's summed TF-IDF value.
    public var logCountRatioSmoothing: Double
    /// Upper bound on solver passes over the data.
    public var maxIterations: Int
    /// Solver stopping tolerance (LIBLINEAR's ε).
    public var tolerance: Double
    /// Multiplies the decision scores before the softmax that turns them into confidences; fitted to
    /// cross-validated scores (lowest log-loss). Confidences are then roughly calibrated: in
    /// cross-validation a top label given ≥ 0.9 was right 98 % of the time, 0.7–0.9 about 80 %;
    /// below 0.5 the model is too modest (right about half the time).
    public var confidenceScale: Double
    /// Seeds the solver's visiting order; the same seed and examples give the same model.
    public var seed: UInt64

    public init(features: FeatureOptions = .init(), cost: Double = 2, classBalance: Double = 1,
                logCountRatioWeight: Double = 0.7, logCountRatioSmoothing: Double = 0.1,
                maxIterations: Int = 100, tolerance: Double = 0.1, confidenceScale: Double = 4.5,
                seed: UInt64 = 20_240_601) {
        self.features = features
        self.cost = cost
        self.classBalance = classBalance
        self.logCountRatioWeight = logCountRatioWeight
        self.logCountRatioSmoothing = logCountRatioSmoothing
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.confidenceScale = confidenceScale
        self.seed = seed
    }
}
