import Foundation

/// TF-IDF vectors of the documents (sublinear tf, IDF over the documents given), unit length, stored
/// row by row in flat arrays, plus the inverted index the similarity search walks.
///
/// Boilerplate is handled by the IDF and by dropping *stop terms*: bigrams in more than `stopShare` of
/// the documents ("尊敬", "领导", "您好", "a市") say nothing about the topic and would make the inverted
/// index quadratic. They are removed from the vectors entirely, norms included. A term counts as a stop
/// term only if it is that common in the baseline too: a burst can fill a large part of a small window,
/// and its own words ("丽发", "搅拌") must not be dropped as boilerplate precisely when it matters.
struct HotVectors {
    let documentCount: Int
    /// Row `d` is `terms[rowStarts[d]..<rowStarts[d + 1]]`, ascending, with `weights` alongside.
    private(set) var rowStarts: [Int] = [0]
    private(set) var terms: [Int32] = []
    private(set) var weights: [Float] = []
    /// Documents containing each term (terms in at least two documents), with the term's weight in
    /// each (0 for stop terms).
    private(set) var postingStarts: [Int]
    private(set) var postingDocuments: [Int32]
    private(set) var postingWeights: [Float]
    let documentFrequency: [Int32]
    /// `ln((N + 1) / (df + 1))`: a term in every document weighs (almost) nothing.
    let idf: [Float]

    /// - Parameter baselineCount: the first `baselineCount` documents are the baseline.
    init(corpus: HotCorpus, stopShare: Double, baselineCount: Int) {
        let n = corpus.counts.count
        documentCount = n
        var df = [Int32](repeating: 0, count: corpus.termCount)
        var baselineDF = [Int32](repeating: 0, count: baselineCount > 0 ? corpus.termCount : 0)
        for (d, row) in corpus.counts.enumerated() {
            for entry in row { df[Int(entry.term)] += 1 }
            if d < baselineCount { for entry in row { baselineDF[Int(entry.term)] += 1 } }
        }
        documentFrequency = df
        let limit = Int32(max(2, (stopShare * Double(n)).rounded(.down)))
        let baselineLimit = Int32((stopShare * Double(baselineCount)).rounded(.down))
        let isStop = df.indices.map { t in df[t] > limit && (baselineCount == 0 || baselineDF[t] > baselineLimit) }
        idf = df.map { Float(log(Double(n + 1) / Double($0 + 1))) }

        terms.reserveCapacity(corpus.counts.reduce(0) { $0 + $1.count })
        weights.reserveCapacity(terms.capacity)
        for row in corpus.counts {
            let start = terms.count
            var norm: Float = 0
            for entry in row where !isStop[Int(entry.term)] {
                let w = (1 + logf(entry.count)) * idf[Int(entry.term)]
                guard w > 0 else { continue }
                terms.append(entry.term)
                weights.append(w)
                norm += w * w
            }
            if norm > 0 {
                let scale = 1 / norm.squareRoot()
                for i in start..<weights.count { weights[i] *= scale }
            }
            rowStarts.append(terms.count)
        }

        // Counting sort of (term, document) pairs into postings, documents ascending within a term.
        // Stop terms get postings too (weight 0): the similarity never walks them, the labeler asks
        // which documents contain them.
        var starts = [Int](repeating: 0, count: corpus.termCount + 1)
        for row in corpus.counts { for entry in row where df[Int(entry.term)] >= 2 { starts[Int(entry.term) + 1] += 1 } }
        for i in 0..<corpus.termCount { starts[i + 1] += starts[i] }
        var fill = starts
        var docs = [Int32](repeating: 0, count: starts[corpus.termCount])
        var values = [Float](repeating: 0, count: docs.count)
        for d in 0..<n {
            for entry in corpus.counts[d] where df[Int(entry.term)] >= 2 {
                let t = Int(entry.term)
                docs[fill[t]] = Int32(d)
                fill[t] += 1
            }
            for i in rowStarts[d]..<rowStarts[d + 1] where df[Int(terms[i])] >= 2 {
                values[fill[Int(terms[i])] - 1] = weights[i]
            }
        }
        postingStarts = starts
        postingDocuments = docs
        postingWeights = values
    }

    /// The documents containing `term`, ascending (empty for terms of one document).
    func postings(of term: Int32) -> ArraySlice<Int32> {
        postingDocuments[postingStarts[Int(term)]..<postingStarts[Int(term) + 1]]
    }
}
