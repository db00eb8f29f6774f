/// A seeded generator (SplitMix64): the same seed gives the same demo data on every machine.
struct DemoRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// Picks by weight: `[(value, weight)]`.
    mutating func weighted<T>(_ items: [(T, Int)]) -> T {
        var r = int(0...(items.map(\.1).reduce(0, +) - 1))
        for (v, w) in items {
            if r < w { return v }
            r -= w
        }
        return items[0].0
    }
}
