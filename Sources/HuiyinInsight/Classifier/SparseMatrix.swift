/// Training vectors stored row after row (compressed sparse rows), so the solver walks memory in order.
struct SparseMatrix: Sendable {
    private(set) var rowStarts: [Int] = [0]
    private(set) var indices: [Int32] = []
    private(set) var values: [Float] = []

    init(rows: [SparseVector] = []) {
        let total = rows.reduce(0) { $0 + $1.count }
        indices.reserveCapacity(total)
        values.reserveCapacity(total)
        rowStarts.reserveCapacity(rows.count + 1)
        for row in rows { append(row) }
    }

    var rowCount: Int { rowStarts.count - 1 }

    mutating func append(_ row: SparseVector) {
        indices.append(contentsOf: row.indices)
        values.append(contentsOf: row.values)
        rowStarts.append(indices.count)
    }
}

extension SparseMatrix {
    /// The same rows with every column `k` multiplied by `factor[k]`.
    func scalingColumns(by factor: [Float]) -> SparseMatrix {
        var copy = self
        for k in copy.values.indices { copy.values[k] *= factor[Int(copy.indices[k])] }
        return copy
    }

    /// Sum of each column over the rows where `include` holds.
    func columnSums(dimension: Int, where include: [Bool]) -> [Double] {
        var sums = [Double](repeating: 0, count: dimension)
        for row in 0..<rowCount where include[row] {
            for k in rowStarts[row]..<rowStarts[row + 1] { sums[Int(indices[k])] += Double(values[k]) }
        }
        return sums
    }
}
