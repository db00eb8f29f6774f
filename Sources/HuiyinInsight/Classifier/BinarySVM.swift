import HuiyinCore

/// One linear "this label or not" scorer, trained as an L2-regularised, L2-loss (squared hinge) SVM by
/// dual coordinate descent with shrinking — the LIBLINEAR solver (Hsieh et al., ICML 2008).
///
/// Why this solver: on sparse text it reaches a good optimum in a few passes over the data, needs no
/// learning rate, and is deterministic given the visiting order, which a seeded shuffle fixes.
struct BinarySVM: Sendable {
    var weights: [Float]
    var bias: Float

    struct Parameters: Sendable {
        /// Cost C of a margin violation by a positive / a negative example.
        var costPositive: Double
        var costNegative: Double
        /// Value of the constant feature; its weight is the (regularised) bias, as LIBLINEAR's `-B 1`.
        var biasFeature: Double = 1
        var maxIterations: Int = 100
        /// Stop when the spread of projected gradients falls below this (LIBLINEAR's ε, default 0.1).
        var tolerance: Double = 0.1
        var seed: UInt64 = 1
    }

    /// `positive[i]` says whether row `i` carries the label.
    static func train(_ x: SparseMatrix, positive: [Bool], dimension: Int, parameters p: Parameters) -> BinarySVM {
        let l = x.rowCount
        var w = [Double](repeating: 0, count: dimension)
        var b = 0.0
        var alpha = [Double](repeating: 0, count: l)
        var order = Array(0..<l)
        let y = positive.map { $0 ? 1.0 : -1.0 }
        // The L2 loss appears in the dual as a diagonal term 1/(2C) and no upper bound on α.
        let diagonal = positive.map { 0.5 / ($0 ? p.costPositive : p.costNegative) }
        var curvature = [Double](repeating: 0, count: l)
        x.rowStarts.withUnsafeBufferPointer { starts in
        x.indices.withUnsafeBufferPointer { index in
        x.values.withUnsafeBufferPointer { value in
        w.withUnsafeMutableBufferPointer { w in
            for i in 0..<l {
                var squared = p.biasFeature * p.biasFeature
                for k in starts[i]..<starts[i + 1] { squared += Double(value[k]) * Double(value[k]) }
                curvature[i] = squared + diagonal[i]
            }
            var random = SeededRandom(seed: p.seed)
            var active = l
            var shrinkAbove = Double.infinity   // gradient beyond which an α stuck at 0 is set aside
            var iteration = 0
            while iteration < p.maxIterations {
                var pgMax = -Double.infinity, pgMin = Double.infinity
                for s in 0..<active { order.swapAt(s, s + Int(random.next() % UInt64(active - s))) }
                var s = 0
                while s < active {
                    let i = order[s]
                    var dot = b * p.biasFeature
                    for k in starts[i]..<starts[i + 1] { dot += w[Int(index[k])] * Double(value[k]) }
                    let g = y[i] * dot - 1 + alpha[i] * diagonal[i]
                    var pg = g
                    if alpha[i] == 0 {
                        if g > shrinkAbove {
                            active -= 1
                            order.swapAt(s, active)
                            continue
                        }
                        pg = min(g, 0)
                    }
                    pgMax = max(pgMax, pg)
                    pgMin = min(pgMin, pg)
                    if abs(pg) > 1e-12 {
                        let old = alpha[i]
                        alpha[i] = max(old - g / curvature[i], 0)
                        let d = (alpha[i] - old) * y[i]
                        for k in starts[i]..<starts[i + 1] { w[Int(index[k])] += d * Double(value[k]) }
                        b += d * p.biasFeature
                    }
                    s += 1
                }
                iteration += 1
                if pgMax - pgMin <= p.tolerance {
                    if active == l { break }
                    active = l            // converged on the active set: check everything once more
                    shrinkAbove = .infinity
                    continue
                }
                shrinkAbove = pgMax <= 0 ? .infinity : pgMax
            }
        }}}}
        return BinarySVM(weights: w.map { Float($0) }, bias: Float(b * p.biasFeature))
    }
}
