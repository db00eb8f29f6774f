/// Stores each label's weights as 16-bit integers times one scale per label: half the size of
/// Float32 (a 2^18-bucket, 7-label model is 3.7 MB instead of 7.3 MB), with a rounding error below
/// 1/32767 of the largest weight, far below anything that changes a prediction.
///
/// Training already rounds the weights this way, so a model and its decoded copy predict identically.
enum WeightQuantization {
    static let levels: Float = 32_767

    /// Weights (bucket-major, `labelCount` per bucket) rounded to the grid, and each label's scale.
    static func rounded(_ weights: [Float], labelCount: Int) -> (weights: [Float], scales: [Float]) {
        guard labelCount > 0 else { return (weights, []) }
        var largest = [Float](repeating: 0, count: labelCount)
        for (i, w) in weights.enumerated() { largest[i % labelCount] = max(largest[i % labelCount], abs(w)) }
        let scales = largest.map { $0 > 0 ? $0 / levels : 1 }
        var rounded = weights
        for i in rounded.indices {
            let scale = scales[i % labelCount]
            rounded[i] = Float(quantize(weights[i], scale: scale)) * scale
        }
        return (rounded, scales)
    }

    @inline(__always)
    static func quantize(_ weight: Float, scale: Float) -> Int16 {
        Int16(max(-levels, min(levels, (weight / scale).rounded())))
    }
}
