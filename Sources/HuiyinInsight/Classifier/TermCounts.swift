/// The raw n-gram counts of one message, per block (see `FeatureOptions`): what IDF is learned from
/// and what a vector is weighted from.
struct TermCounts: Sendable {
    var title: SparseVector
    var body: SparseVector
}
