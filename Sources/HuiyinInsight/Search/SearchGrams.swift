/// Chinese full-text search on word-based engines: the text is indexed as overlapping character
/// bigrams (路灯坏了 → 路灯 灯坏 坏了, plus the last character of each segment alone), and a query
/// becomes the phrase of its bigrams. That finds any substring of two or more characters; one
/// character is a prefix query over the bigrams it starts (and the lone last characters).
///
/// SQLite FTS5 (`unicode61`) and PostgreSQL (`to_tsvector('simple', …)`) both index the same string.
/// (FTS5's `trigram` tokenizer cannot match one- or two-character queries.)
///
/// ```swift
/// SearchGrams.document("路灯坏了")      // "路灯 灯坏 坏了 了"
/// SearchGrams.query("路灯")?.fts5        // "\"路灯\""
/// SearchGrams.query("路")?.fts5          // "路*"
/// ```
public enum SearchGrams {
    /// The indexed form of a text.
    public static func document(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for seg in TextNormalizer.segments(of: text) {
            for i in 0..<seg.count {
                if !out.isEmpty { out.append(" ") }
                out.append(seg[i])
                if i + 1 < seg.count { out.append(seg[i + 1]) }
            }
        }
        return String(out)
    }

    /// A parsed query: the bigram phrases of each whitespace-separated term (all must match).
    public struct Query: Sendable, Hashable {
        /// Terms as folded characters; each is one phrase.
        public var terms: [[Unicode.Scalar]]

        /// FTS5 MATCH expression.
        public var fts5: String {
            terms.map { t in
                t.count == 1 ? "\"\(String(t[0]))\"*" : "\"" + bigrams(t).joined(separator: " ") + "\""
            }.joined(separator: " AND ")
        }

        /// PostgreSQL tsquery text for `to_tsquery('simple', …)`.
        public var tsquery: String {
            terms.map { t in
                t.count == 1 ? "'\(String(t[0]))':*" : "(" + bigrams(t).map { "'\($0)'" }.joined(separator: " <-> ") + ")"
            }.joined(separator: " & ")
        }

        /// The query's characters, for highlighting.
        public var needles: [String] { terms.map { String(String.UnicodeScalarView($0)) } }

        private func bigrams(_ t: [Unicode.Scalar]) -> [String] {
            (0..<(t.count - 1)).map { String(String.UnicodeScalarView([t[$0], t[$0 + 1]])) }
        }
    }

    /// The query a person typed, or nil when it has no searchable character. Punctuation splits terms
    /// (as it splits the indexed text); at most 8 terms of 64 characters count.
    public static func query(_ text: String) -> Query? {
        let terms = TextNormalizer.segments(of: text).prefix(8).map { Array($0.prefix(64)) }
        return terms.isEmpty ? nil : Query(terms: Array(terms))
    }
}
