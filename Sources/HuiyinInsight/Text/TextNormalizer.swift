/// Folds what a person typed into the characters the text models compare: full-width ASCII to
/// half-width, Latin letters to lower case, and every run of whitespace or punctuation to one boundary.
///
/// Chinese has no spaces, so the models work on characters: `units(of:)` returns the meaningful
/// characters of each segment between punctuation, and n-grams never cross a boundary.
///
/// ```swift
/// TextNormalizer.segments(of: "路灯坏了！ＡＢ区")   // [["路","灯","坏","了"], ["a","b","区"]]
/// ```
public enum TextNormalizer {
    /// The folded character of a scalar, or nil for whitespace and punctuation (a segment boundary).
    @inline(__always)
    public static func fold(_ s: Unicode.Scalar) -> Unicode.Scalar? {
        var v = s.value
        if v >= 0x4E00 && v <= 0x9FFF { return s }             // CJK ideographs: most of every text
        if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 }          // full-width ASCII
        if v == 0x3000 { return nil }                           // ideographic space
        if v < 0x80 {
            if v >= 0x41 && v <= 0x5A { v += 0x20 }             // A-Z
            let isWord = (v >= 0x30 && v <= 0x39) || (v >= 0x61 && v <= 0x7A)
            return isWord ? Unicode.Scalar(v) : nil
        }
        let folded = Unicode.Scalar(v)!
        let p = folded.properties
        if p.isWhitespace { return nil }
        switch p.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol,
             .modifierSymbol, .otherSymbol, .control, .format, .spaceSeparator, .lineSeparator,
             .paragraphSeparator, .unassigned, .surrogate, .privateUse:
            return nil
        default:
            return folded
        }
    }

    /// The text as runs of folded characters split at whitespace and punctuation.
    public static func segments(of text: String) -> [[Unicode.Scalar]] {
        var out: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for s in text.unicodeScalars {
            if let f = fold(s) {
                current.append(f)
            } else if !current.isEmpty {
                out.append(current); current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
