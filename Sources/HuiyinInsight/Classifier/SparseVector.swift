/// A sparse feature vector: bucket indices with their values, in no particular order, no repeats.
struct SparseVector: Sendable {
    var indices: [Int32]
    var values: [Float]

    init(indices: [Int32] = [], values: [Float] = []) {
        self.indices = indices
        self.values = values
    }

    var count: Int { indices.count }

    /// Scales the vector to unit L2 length (a zero vector stays zero).
    mutating func normalize(to length: Float = 1) {
        var sum: Float = 0
        for v in values { sum += v * v }
        guard sum > 0 else { return }
        let scale = length / sum.squareRoot()
        for i in values.indices { values[i] *= scale }
    }
}
