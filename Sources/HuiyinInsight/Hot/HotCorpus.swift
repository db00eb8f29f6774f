/// The folded text of the documents and their character bigrams as exact terms with counts.
///
/// Chinese has no spaces, so a petition's topic shows in its character bigrams: "龙津" "津河",
/// "搅拌" "拌站". Unlike the classifier's hashed buckets, every distinct bigram gets its own term id
/// here, because the label of a hot cluster must be printable words. A run of Latin letters or digits
/// counts as one character ("58车贷" → "58车", "车贷"), so numbers do not explode into digit pairs.
///
/// Bigrams only, no trigrams: on the 福州 rivers data trigrams made clusters *less* pure at the same
/// coverage (they add a tail of rare terms that dilutes every vector) and cost twice the time.
struct HotCorpus {
    /// Folded characters of all documents, each segment followed by a space (n-grams never cross one).
    private(set) var scalars: [Unicode.Scalar] = []
    /// Per document, its characters in `scalars`.
    private(set) var ranges: [Range<Int>] = []
    /// Per term, its first occurrence in `scalars` (how the term is printed).
    private var origins: [(start: Int32, length: Int32)] = []
    /// Per document, its terms ascending with their weighted counts (title occurrences count `titleWeight`).
    private(set) var counts: [[(term: Int32, count: Float)]] = []
    /// Per document, the terms of its title, ascending (titles name the issue; labels prefer them).
    private(set) var titleTerms: [[Int32]] = []
    private var vocabulary = HotTermTable(expectedCount: 0)

    var termCount: Int { origins.count }

    init(documents: [HotDocument], titleWeight: Float) {
        var vocabulary = HotTermTable(expectedCount: documents.count * 160)
        defer { self.vocabulary = vocabulary }
        counts.reserveCapacity(documents.count)
        ranges.reserveCapacity(documents.count)
        var row = TermRow()
        for (index, document) in documents.enumerated() {
            let start = scalars.count
            row.begin(document: Int32(index))
            addField(document.title, weight: titleWeight, vocabulary: &vocabulary, into: &row)
            titleTerms.append(row.entries.map(\.term).sorted())
            addField(document.text, weight: 1, vocabulary: &vocabulary, into: &row)
            ranges.append(start..<scalars.count)
            counts.append(row.entries.sorted { $0.term < $1.term })
        }
    }

    /// The printable text of a term (folded: half-width, lower-case Latin).
    func text(of term: Int32) -> String {
        let origin = origins[Int(term)]
        let slice = scalars[Int(origin.start)..<Int(origin.start + origin.length)]
        return String(String.UnicodeScalarView(slice))
    }

    /// The term with exactly these characters, if some document has it.
    func term(_ characters: [Unicode.Scalar]) -> Int32? {
        vocabulary.find(StableHash.hash(characters, from: 0, count: characters.count, salt: 0))
    }

    private mutating func addField(_ text: String, weight: Float, vocabulary: inout HotTermTable,
                                   into row: inout TermRow) {
        var unitStarts: [Int] = []
        for segment in TextNormalizer.segments(of: text) {
            let base = scalars.count
            scalars.append(contentsOf: segment)
            unitStarts.removeAll(keepingCapacity: true)
            for i in segment.indices where i == 0 || !(Self.isLatin(segment[i]) && Self.isLatin(segment[i - 1])) {
                unitStarts.append(base + i)
            }
            unitStarts.append(base + segment.count)          // sentinel: end of the last unit
            let units = unitStarts.count - 1
            for u in 0..<max(0, units - 1) {
                let from = unitStarts[u], length = unitStarts[u + 2] - from
                let key = StableHash.hash(scalars, from: from, count: length, salt: 0)
                let term = vocabulary.id(of: key, next: Int32(origins.count))
                if Int(term) == origins.count { origins.append((Int32(from), Int32(length))) }
                row.add(term, weight)
            }
            scalars.append(" ")
        }
    }

    @inline(__always)
    private static func isLatin(_ s: Unicode.Scalar) -> Bool { s.value < 0x80 }
}

/// Sums the counts of one document's terms: a slot per term id, stamped with the document that last
/// used it, so no per-document hash table or sort of all occurrences is needed.
private struct TermRow {
    private var owner: [Int32] = []
    private var slot: [Int32] = []
    private var document: Int32 = -1
    private(set) var entries: [(term: Int32, count: Float)] = []

    mutating func begin(document: Int32) {
        self.document = document
        entries.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    mutating func add(_ term: Int32, _ count: Float) {
        let t = Int(term)
        if t >= owner.count {
            owner.append(contentsOf: repeatElement(-1, count: t + 1 - owner.count + owner.count / 2))
            slot.append(contentsOf: repeatElement(0, count: owner.count - slot.count))
        }
        if owner[t] == document {
            entries[Int(slot[t])].count += count
        } else {
            owner[t] = document
            slot[t] = Int32(entries.count)
            entries.append((term, count))
        }
    }
}
