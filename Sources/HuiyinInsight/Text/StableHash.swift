/// FNV-1a over Unicode scalars: the same value in every process and on every machine (Swift's `Hasher`
/// is seeded per process, so it cannot key anything stored in a model or a database).
public enum StableHash {
    public static let seed: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// Hash of `count` scalars starting at `start`, mixed with `salt` (e.g. a feature namespace).
    @inline(__always)
    public static func hash(_ scalars: [Unicode.Scalar], from start: Int, count: Int, salt: UInt64 = 0) -> UInt64 {
        var h = seed ^ salt
        for i in start..<(start + count) {
            var v = scalars[i].value
            for _ in 0..<3 { h = (h ^ UInt64(v & 0xFF)) &* prime; v >>= 8 }
        }
        return mix(h)
    }

    /// Hash of a string's scalars.
    public static func hash(_ text: String, salt: UInt64 = 0) -> UInt64 {
        let scalars = Array(text.unicodeScalars)
        return hash(scalars, from: 0, count: scalars.count, salt: salt)
    }

    /// A finaliser (splitmix64) so nearby inputs spread over all bits.
    @inline(__always)
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
