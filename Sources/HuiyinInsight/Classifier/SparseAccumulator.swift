/// Sums values per bucket for one message with a small open-addressing table.
///
/// A dense array over all buckets would cost 2^bits of memory per call; a `Dictionary` costs hashing
/// and allocation per entry. This table is sized to the message and keeps insertion order, so the
/// same text always yields the same vector in the same order.
struct SparseAccumulator {
    private var slots: [Int32]          // bucket + 1, 0 for empty
    private var positions: [Int32]      // slot → position in `keys`
    private var keys: [Int32] = []
    private var sums: [Float] = []
    private var mask: Int

    init(expectedCount: Int) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = Array(repeating: 0, count: capacity)
        positions = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        keys.reserveCapacity(expectedCount)
        sums.reserveCapacity(expectedCount)
    }

    var count: Int { keys.count }

    @inline(__always)
    mutating func add(_ key: Int32, _ value: Float) {
        var slot = Int(UInt32(bitPattern: key) &* 0x9E37_79B1) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 {
                if (keys.count + 1) * 2 > slots.count { grow(); add(key, value); return }
                slots[slot] = key + 1
                positions[slot] = Int32(keys.count)
                keys.append(key)
                sums.append(value)
                return
            }
            if stored == key + 1 { sums[Int(positions[slot])] += value; return }
            slot = (slot + 1) & mask
        }
    }

    /// The buckets and their sums, in first-seen order.
    var vector: SparseVector { SparseVector(indices: keys, values: sums) }

    private mutating func grow() {
        let capacity = slots.count * 2
        slots = Array(repeating: 0, count: capacity)
        positions = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        for (position, key) in keys.enumerated() {
            var slot = Int(UInt32(bitPattern: key) &* 0x9E37_79B1) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = key + 1
            positions[slot] = Int32(position)
        }
    }
}
