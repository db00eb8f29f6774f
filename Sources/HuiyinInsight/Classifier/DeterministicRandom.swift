/// A seeded splitmix64 generator: training shuffles with it so the same examples always give the same
/// model (the system generator would make every training run, and every test, different).
struct DeterministicRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        return StableHash.mix(state &- 0x9e37_79b9_7f4a_7c15)
    }
}
