/// Turns a message into hashed character n-gram counts (`TermCounts`) and, given IDF weights, into the
/// unit-length vector the linear models score. The layout is described on `FeatureOptions`.
struct FeatureExtractor: Sendable {
    let options: FeatureOptions
    private let mask: UInt64

    static let titleSalt: UInt64 = 0x7469_746c_6500_0001   // "title"
    static let bodySalt: UInt64 = 0x626f_6479_0000_0002    // "body"

    init(options: FeatureOptions) {
        self.options = options
        self.mask = UInt64(options.dimension - 1)
    }

    func termCounts(title: String, detail: String) -> TermCounts {
        let titleSegments = TextNormalizer.segments(of: title)
        return TermCounts(
            title: counts(of: titleSegments, maxN: options.titleMaxN, limit: .max, salt: Self.titleSalt),
            body: counts(of: titleSegments + TextNormalizer.segments(of: detail), maxN: options.bodyMaxN,
                         limit: options.bodyLimit, salt: Self.bodySalt))
    }

    /// Counts of every 1…maxN-gram inside each segment (never across punctuation), reading at most
    /// `limit` characters.
    private func counts(of segments: [[Unicode.Scalar]], maxN: Int, limit: Int, salt: UInt64) -> SparseVector {
        var total = 0
        for segment in segments { total += segment.count }
        var remaining = min(total, limit)
        var accumulator = SparseAccumulator(expectedCount: remaining * max(1, maxN))
        for segment in segments where remaining > 0 {
            let length = min(segment.count, remaining)
            remaining -= length
            for n in 1...max(1, maxN) where n <= length {
                for start in 0...(length - n) {
                    let h = StableHash.hash(segment, from: start, count: n, salt: salt)
                    accumulator.add(Int32(truncatingIfNeeded: h & mask), 1)
                }
            }
        }
        return accumulator.vector
    }

    /// Sublinear tf (1 + ln tf) × IDF per block, each block L2-normalised and scaled by its weight,
    /// then the whole vector normalised to unit length.
    func vector(_ counts: TermCounts, idf: [Float]) -> SparseVector {
        var merged = SparseAccumulator(expectedCount: counts.title.count + counts.body.count)
        add(counts.title, weight: Float(options.titleWeight), idf: idf, into: &merged)
        add(counts.body, weight: 1, idf: idf, into: &merged)
        var result = merged.vector
        result.normalize()
        return result
    }

    private func add(_ block: SparseVector, weight: Float, idf: [Float], into merged: inout SparseAccumulator) {
        guard block.count > 0, weight > 0 else { return }
        var weighted = block
        for i in weighted.values.indices {
            weighted.values[i] = (1 + logf(weighted.values[i])) * idf[Int(weighted.indices[i])]
        }
        weighted.normalize(to: weight)
        for i in weighted.indices.indices { merged.add(weighted.indices[i], weighted.values[i]) }
    }
}

import Foundation
