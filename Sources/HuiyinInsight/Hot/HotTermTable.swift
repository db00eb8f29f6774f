/// Term ids by n-gram hash: an open-addressing table that uses the (already well mixed) `StableHash`
/// value as its own bucket index. A `Dictionary` would hash every key again with SipHash; this is the
/// hottest loop of the clustering (a few million n-grams for 5,000 letters), and key and id share a
/// slot so a lookup costs one cache miss, not two.
struct HotTermTable {
    private struct Slot {
        var key: UInt64
        var id: Int32           // -1: empty
    }

    private var slots: [Slot]
    private var mask: Int
    private(set) var count = 0

    init(expectedCount: Int) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = Array(repeating: Slot(key: 0, id: -1), count: capacity)
        mask = capacity - 1
    }

    /// The id of `key`, or `next` after recording it as the id of the new key.
    @inline(__always)
    mutating func id(of key: UInt64, next: Int32) -> Int32 {
        if (count + 1) * 2 > slots.count { grow() }
        return slots.withUnsafeMutableBufferPointer { table in
            var slot = Int(truncatingIfNeeded: key) & mask
            while table[slot].id >= 0 {
                if table[slot].key == key { return table[slot].id }
                slot = (slot + 1) & mask
            }
            table[slot] = Slot(key: key, id: next)
            count += 1
            return next
        }
    }

    func find(_ key: UInt64) -> Int32? {
        var slot = Int(truncatingIfNeeded: key) & mask
        while slots[slot].id >= 0 {
            if slots[slot].key == key { return slots[slot].id }
            slot = (slot + 1) & mask
        }
        return nil
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(key: 0, id: -1), count: old.count * 2)
        mask = slots.count - 1
        for s in old where s.id >= 0 {
            var slot = Int(truncatingIfNeeded: s.key) & mask
            while slots[slot].id >= 0 { slot = (slot + 1) & mask }
            slots[slot] = s
        }
    }
}
