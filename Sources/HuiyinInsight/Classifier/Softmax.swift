/// Turns decision scores into confidences that are positive and sum to 1.
enum Softmax {
    /// `scale` sharpens (large) or flattens (small) the distribution; 0 or less gives equal shares.
    static func probabilities(_ scores: [Double], scale: Double) -> [Double] {
        guard let top = scores.max() else { return [] }
        let scale = max(scale, 0)
        let e = scores.map { exp(($0 - top) * scale) }   // shifted by the max so exp never overflows
        let total = e.reduce(0, +)
        return e.map { $0 / total }
    }
}

import Foundation
