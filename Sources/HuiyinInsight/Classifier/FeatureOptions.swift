/// How a message becomes a feature vector: which character n-grams, how many hash buckets, how much
/// the title counts against the body.
///
/// Chinese is written without spaces, so instead of a word segmenter (a dictionary we would have to
/// ship) the classifier uses overlapping runs of 1…n characters, which catch most words and
/// compounds ("物业", "停车费", "公积金"). They are hashed into a fixed number of buckets so the model
/// has a fixed size and needs no vocabulary file.
///
/// Two blocks of features, each L2-normalised on its own so a short title is not drowned out by a
/// long letter:
/// - the **title** block: n-grams of the title in a namespace of their own (a title is the
///   petitioner's own summary, so "噪音" in a title is stronger evidence than in sentence nine);
/// - the **body** block: n-grams of the title followed by the detail, so what the model learns
///   from letters also applies to titles, and to messages whose detail is empty (about one in eight).
///
/// Stored inside every encoded model: a model always extracts features the way it was trained.
public struct FeatureOptions: Sendable, Hashable, Codable {
    /// log2 of the number of hash buckets (18 → 262,144). Fewer buckets mean more collisions; more
    /// mean a bigger model (cross-validation: 16 bits −0.4 points macro-F1, 20 bits no gain).
    public var bucketBits: Int
    /// Longest character n-gram of the title block (n-grams of 1…this length).
    public var titleMaxN: Int
    /// Longest character n-gram of the body block. Bigrams beat trigrams here: in a long letter the
    /// many rare trigrams mostly add noise (cross-validation, −0.4 points).
    public var bodyMaxN: Int
    /// Weight of the title block against the body block (whose weight is 1). The title already
    /// counts in the body too; 0.7 beat 1.0 (+0.15 points) and 1.3 (−0.2) in cross-validation.
    public var titleWeight: Double
    /// The body block reads only the first this many characters: the opening states the matter, and
    /// very long letters (up to 12,000 characters) would otherwise dominate the time spent.
    public var bodyLimit: Int

    public init(bucketBits: Int = 18, titleMaxN: Int = 3, bodyMaxN: Int = 2,
                titleWeight: Double = 0.7, bodyLimit: Int = 2_000) {
        self.bucketBits = bucketBits
        self.titleMaxN = titleMaxN
        self.bodyMaxN = bodyMaxN
        self.titleWeight = titleWeight
        self.bodyLimit = bodyLimit
    }

    /// Number of hash buckets (the dimension of the feature space).
    public var dimension: Int { 1 << bucketBits }
}
