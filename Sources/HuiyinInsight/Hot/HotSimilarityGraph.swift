/// The pairs of documents similar enough to matter, found through the inverted index instead of
/// comparing every pair: a document only meets the documents it shares a (non-stop) term with.
///
/// The sums are exact cosines over the non-stop terms. Only pairs that involve a window document are
/// computed; baseline documents are never compared with each other, so a long baseline costs little.
struct HotSimilarityGraph {
    struct Edge: Sendable {
        var a: Int32
        var b: Int32
        var similarity: Float
    }

    /// Pairs of window documents, `a < b`.
    private(set) var windowEdges: [Edge] = []
    /// Pairs of a baseline document `a` and a window document `b`.
    private(set) var baselineEdges: [Edge] = []

    /// - Parameters:
    ///   - windowStart: documents `0..<windowStart` are the baseline, the rest the window (they are
    ///     sorted by day, so the baseline comes first).
    ///   - groups: per document, its territory/category group; documents of different groups never pair.
    ///   - floor: pairs below this similarity are dropped (they count as 0 in the average link).
    init(vectors: HotVectors, windowStart: Int, groups: [Int32], floor: Float) {
        let n = vectors.documentCount
        let grouped = groups.contains { $0 != groups.first }
        var sums = [Float](repeating: 0, count: n)
        var touched: [Int32] = []
        // Per term, the first posting past the current document: window pairs are taken once, from
        // their smaller index, and documents advance in order, so the cursors only move forward.
        var cursor = vectors.postingStarts
        // Unsafe buffers: this loop runs a few hundred million times for 5,000 letters, and bounds
        // and uniqueness checks would double its cost. All indices come from the postings themselves.
        vectors.postingDocuments.withUnsafeBufferPointer { postings in
        vectors.postingWeights.withUnsafeBufferPointer { postingWeights in
        groups.withUnsafeBufferPointer { groups in
        sums.withUnsafeMutableBufferPointer { sums in
            for i in windowStart..<n {
                let group = groups[i]
                for k in vectors.rowStarts[i]..<vectors.rowStarts[i + 1] {
                    let t = Int(vectors.terms[k])
                    let w = vectors.weights[k]
                    let start = vectors.postingStarts[t], end = vectors.postingStarts[t + 1]
                    var c = cursor[t]
                    while c < end && Int(postings[c]) <= i { c += 1 }
                    cursor[t] = c
                    var p = start
                    while p < end {
                        let j = Int(postings[p])
                        if j >= windowStart && p < c { p = c; continue }        // earlier window documents
                        if !grouped || groups[j] == group {
                            if sums[j] == 0 { touched.append(Int32(j)) }
                            sums[j] += w * postingWeights[p]
                        }
                        p += 1
                    }
                }
                for j32 in touched {
                    let j = Int(j32)
                    if sums[j] >= floor {
                        if j >= windowStart {
                            windowEdges.append(Edge(a: Int32(i), b: j32, similarity: sums[j]))
                        } else {
                            baselineEdges.append(Edge(a: j32, b: Int32(i), similarity: sums[j]))
                        }
                    }
                    sums[j] = 0
                }
                touched.removeAll(keepingCapacity: true)
            }
        }
        }
        }
        }
    }
}
