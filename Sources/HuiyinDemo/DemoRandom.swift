import HuiyinCore

/// The demo's generator: the same seed gives the same demo data on every machine.
typealias DemoRandom = SeededRandom

extension SeededRandom {
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
