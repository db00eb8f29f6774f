/// Agglomerative clustering with average linkage (UPGMA) over a sparse similarity graph: repeatedly
/// merge the two clusters whose *mean* pairwise similarity is highest, while it reaches the threshold.
/// Pairs without an edge count as 0.
///
/// Why average link: letters about different matters are bridged by letters that share a little with
/// each ("河道施工噪音扰民" about one river, then another). Single link (union-find over the edges ≥ the
/// threshold) chains through such bridges: at 0.12 it puts 866 of the 1,464 福州 river letters, every
/// river mixed, into one component (360 of 4,326 on the message board). Average link needs the whole
/// of two clusters to be alike, so a bridge cannot merge them: largest cluster 45, top-10 clusters 97 %
/// one river. Ties are broken by index, so the result does not depend on hashing or thread timing.
enum AverageLinkage {
    /// The cluster of each node, named by one of its members' index.
    static func clusters(nodeCount: Int, edges: [HotSimilarityGraph.Edge], threshold: Float) -> [Int32] {
        var parent = (0..<nodeCount).map { Int32($0) }
        var size = [Float](repeating: 1, count: nodeCount)
        // Per live cluster, the sum of similarities to each neighbouring cluster.
        var links = [[Int32: Float]](repeating: [:], count: nodeCount)
        var heap = CandidateHeap()
        // A node can only ever join a cluster if some edge of it reaches the threshold (a mean never
        // exceeds its largest term), so edges touching other nodes are dropped up front.
        var joinable = [Bool](repeating: false, count: nodeCount)
        for e in edges where e.similarity >= threshold {
            joinable[Int(e.a)] = true
            joinable[Int(e.b)] = true
        }
        for e in edges where joinable[Int(e.a)] && joinable[Int(e.b)] {
            links[Int(e.a)][e.b, default: 0] += e.similarity
            links[Int(e.b)][e.a, default: 0] += e.similarity
        }
        for e in edges where e.similarity >= threshold {
            heap.push(.init(mean: e.similarity, a: min(e.a, e.b), b: max(e.a, e.b)))
        }

        while let top = heap.pop(), top.mean >= threshold {
            let a = Int(top.a), b = Int(top.b)
            guard parent[a] == top.a, parent[b] == top.b, let sum = links[a][top.b],
                  sum / (size[a] * size[b]) == top.mean else { continue }    // stale entry
            // Keep the cluster with more neighbours and fold the other's links into it.
            let (keep, gone) = links[a].count >= links[b].count ? (a, b) : (b, a)
            parent[gone] = Int32(keep)
            size[keep] += size[gone]
            let goneLinks = links[gone]
            links[gone] = [:]
            links[keep][Int32(gone)] = nil
            for (c, s) in goneLinks where Int(c) != keep {
                let merged = (links[keep][c] ?? 0) + s
                links[keep][c] = merged
                links[Int(c)][Int32(gone)] = nil
                links[Int(c)][Int32(keep)] = merged
            }
            for (c, s) in links[keep] {
                let mean = s / (size[keep] * size[Int(c)])
                if mean >= threshold {
                    heap.push(.init(mean: mean, a: min(Int32(keep), c), b: max(Int32(keep), c)))
                }
            }
        }

        func root(_ i: Int) -> Int32 {
            var r = i
            while parent[r] != Int32(r) { r = Int(parent[r]) }
            return Int32(r)
        }
        return (0..<nodeCount).map { root($0) }
    }
}

/// A binary max-heap of merge candidates: highest mean first, then lowest indices (a total order, so
/// equal means always pop in the same order).
private struct CandidateHeap {
    struct Entry {
        var mean: Float
        var a: Int32
        var b: Int32

        func precedes(_ o: Entry) -> Bool {
            if mean != o.mean { return mean > o.mean }
            if a != o.a { return a < o.a }
            return b < o.b
        }
    }

    private var items: [Entry] = []

    mutating func push(_ e: Entry) {
        items.append(e)
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard items[i].precedes(items[p]) else { break }
            items.swapAt(i, p)
            i = p
        }
    }

    mutating func pop() -> Entry? {
        guard !items.isEmpty else { return nil }
        let top = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var best = i
                if l < items.count && items[l].precedes(items[best]) { best = l }
                if r < items.count && items[r].precedes(items[best]) { best = r }
                if best == i { break }
                items.swapAt(i, best)
                i = best
            }
        }
        return top
    }
}
