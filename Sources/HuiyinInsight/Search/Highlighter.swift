/// Marks where a search query occurs in a text: the ranges are found on folded characters
/// (全角/半角, upper/lower case), so "ＡＢ" finds "ab", and the snippet keeps the original text.
///
/// ```swift
/// Highlighter.snippet("小区路灯坏了很久", needles: ["路灯"], width: 20)
/// // [("小区", false), ("路灯", true), ("坏了很久", false)]
/// ```
public enum Highlighter {
    public struct Piece: Sendable, Hashable {
        public var text: String
        public var hit: Bool
        public init(_ text: String, hit: Bool) { self.text = text; self.hit = hit }
    }

    /// The text around the first match (about `width` characters), split into plain and matched pieces;
    /// nil when nothing matches.
    public static func snippet(_ text: String, needles: [String], width: Int = 80) -> [Piece]? {
        let scalars = Array(text.unicodeScalars)
        let folded = scalars.map { TextNormalizer.fold($0) }
        var hits = [Bool](repeating: false, count: scalars.count)
        var first: Int?
        for needle in needles {
            let n = needle.unicodeScalars.compactMap { TextNormalizer.fold($0) }
            guard !n.isEmpty, n.count <= scalars.count else { continue }
            var i = 0
            while i + n.count <= scalars.count {
                var j = 0
                while j < n.count, folded[i + j] == n[j] { j += 1 }
                if j == n.count {
                    for k in i..<(i + n.count) { hits[k] = true }
                    first = min(first ?? i, i)
                    i += n.count
                } else {
                    i += 1
                }
            }
        }
        guard let start = first else { return nil }
        let from = max(0, start - width / 4)
        let to = min(scalars.count, from + width)
        var pieces: [Piece] = []
        var run = String.UnicodeScalarView()
        var runHit = hits[from]
        for k in from..<to {
            if hits[k] != runHit, !run.isEmpty {
                pieces.append(Piece(String(run), hit: runHit)); run = String.UnicodeScalarView()
            }
            runHit = hits[k]
            run.append(scalars[k] == "\n" ? " " : scalars[k])
        }
        if !run.isEmpty { pieces.append(Piece(String(run), hit: runHit)) }
        if from > 0 { pieces.insert(Piece("…", hit: false), at: 0) }
        if to < scalars.count { pieces.append(Piece("…", hit: false)) }
        return pieces
    }
}
