/// Trains one `BinarySVM` per label ("this label against all others"), the labels spread over the
/// available cores. Each label's model depends only on the data and its own seed, so the result
/// does not depend on scheduling.
enum OneVsRest {
    static func train(_ x: SparseMatrix, target: [Int], labelCount: Int, dimension: Int,
                      options: TrainingOptions) -> [BinarySVM] {
        let n = Double(target.count)
        let results = ResultSlots<BinarySVM>(count: labelCount)
        DispatchQueue.concurrentPerform(iterations: labelCount) { j in
            let positive = target.map { $0 == j }
            let positives = Double(positive.lazy.filter { $0 }.count)
            let balanced = positives > 0 ? n / (Double(labelCount) * positives) : 1
            let parameters = BinarySVM.Parameters(
                costPositive: options.cost * pow(balanced, options.classBalance), costNegative: options.cost,
                maxIterations: options.maxIterations, tolerance: options.tolerance,
                seed: options.seed &+ UInt64(j))
            guard options.logCountRatioWeight > 0 else {
                results[j] = BinarySVM.train(x, positive: positive, dimension: dimension, parameters: parameters)
                return
            }
            let scales = LogCountRatio.scales(x, positive: positive, dimension: dimension,
                                              smoothing: options.logCountRatioSmoothing,
                                              weight: options.logCountRatioWeight)
            var model = BinarySVM.train(x.scalingColumns(by: scales), positive: positive,
                                        dimension: dimension, parameters: parameters)
            // w·(x∘s) = (w∘s)·x: fold the scales into the weights so prediction needs no scaling.
            for k in 0..<dimension { model.weights[k] *= scales[k] }
            results[j] = model
        }
        return results.values
    }
}

import Foundation
