/// Names a cluster by its most characteristic words, grown from bigrams into phrases of 2–6 characters.
///
/// A bigram is characteristic when many members use it, in the title above all, and the other documents
/// rarely do: (members containing it + members with it in the title) × IDF. Bigrams are fragments
/// ("发新"), so each seed grows one character at a time while (1) most of its occurrences in the cluster
/// agree on the next character and (2) across all documents, those with the phrase's edge bigram mostly
/// also have the new one ("发新" → "新城", but not "楼前" → "前有"): the phrase becomes a word, not the
/// sentence a few copied letters share. A seed edge the rest of the phrase does not predict is trimmed
/// ("路魅力之城" → "魅力之城"). Phrases that overlap a chosen one are skipped.
struct HotLabeler {
    let corpus: HotCorpus
    let vectors: HotVectors
    var maxLength = 6
    /// Share of occurrences (and of documents) that must agree on a character to grow a phrase by it.
    var agreement = 0.6
    /// Least share of the documents with one bigram of a phrase that must also have its neighbour.
    var cohesion = 0.5

    func terms(of members: [Int], count: Int) -> [String] {
        guard count > 0 else { return [] }
        var containing: [Int32: (documents: Int, titles: Int)] = [:]
        for d in members {
            for k in vectors.rowStarts[d]..<vectors.rowStarts[d + 1] { containing[vectors.terms[k], default: (0, 0)].documents += 1 }
            for t in corpus.titleTerms[d] where containing[t] != nil { containing[t]!.titles += 1 }
        }
        let minDocuments = members.count < 2 ? 1 : max(2, (members.count + 4) / 5)
        let seeds = containing
            .filter { $0.value.documents >= minDocuments }
            .map { (term: $0.key, score: Float($0.value.documents + $0.value.titles) * vectors.idf[Int($0.key)]) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.term < $1.term }

        var phrases: [[Unicode.Scalar]] = []
        for seed in seeds.prefix(60) where phrases.count < count {
            let fragment = Array(corpus.text(of: seed.term).unicodeScalars)
            if phrases.contains(where: { Self.overlaps(fragment, $0) }) { continue }
            guard let phrase = trimmed(grown(fragment, in: members)),
                  !phrases.contains(where: { Self.overlaps(phrase, $0) }) else { continue }
            phrases.append(phrase)
        }
        return phrases.map { String(String.UnicodeScalarView($0)) }
    }

    /// The fragment extended left or right while it stays one word (see the type's comment). Only
    /// Chinese characters are added; a run of Latin letters or digits is one unit, as in `HotCorpus`.
    private func grown(_ fragment: [Unicode.Scalar], in members: [Int]) -> [Unicode.Scalar] {
        var phrase = fragment
        var hits = occurrences(of: fragment, in: members)     // (document, start)
        while phrase.count < maxLength, !hits.isEmpty {
            let documents = Set(hits.map(\.document)).count
            let units = Self.units(phrase)
            var left = agreeing(hits, documents: documents) { $0.start - 1 }
            var right = agreeing(hits, documents: documents) { $0.start + phrase.count }
            if let l = left, !predicts(phrase[units[0].lowerBound..<units[1].upperBound],
                                       [l.character] + phrase[units[0]]) { left = nil }
            let last = units[units.count - 1], previous = units[units.count - 2]
            if let r = right, !predicts(phrase[previous.lowerBound..<last.upperBound],
                                        phrase[last] + [r.character]) { right = nil }
            if let l = left, l.support >= (right?.support ?? 0) {
                phrase.insert(l.character, at: 0)
                hits = hits.filter { corpus.scalars[$0.start - 1] == l.character }.map { ($0.document, $0.start - 1) }
            } else if let r = right {
                let end = phrase.count - 1
                phrase.append(r.character)
                hits = hits.filter { corpus.scalars[$0.start + end + 1] == r.character }
            } else {
                break
            }
        }
        return phrase
    }

    /// The phrase without edge units its inside does not predict, nil if less than two units remain.
    private func trimmed(_ phrase: [Unicode.Scalar]) -> [Unicode.Scalar]? {
        var units = Self.units(phrase)
        while units.count >= 3, !predicts(phrase[units[1].lowerBound..<units[2].upperBound],
                                          phrase[units[0].lowerBound..<units[1].upperBound]) {
            units.removeFirst()
        }
        while units.count >= 3, !predicts(phrase[units[units.count - 3].lowerBound..<units[units.count - 2].upperBound],
                                          phrase[units[units.count - 2].lowerBound..<units[units.count - 1].upperBound]) {
            units.removeLast()
        }
        let p = phrase[units[0].lowerBound..<units[units.count - 1].upperBound]
        guard units.count >= 2, !Self.isFunctionCharacter(p.first!), !Self.isFunctionCharacter(p.last!) else { return nil }
        return Array(p)
    }

    /// Whether most documents with the bigram `given` also have the bigram `next` (neither a stop term).
    private func predicts(_ given: ArraySlice<Unicode.Scalar>, _ next: ArraySlice<Unicode.Scalar>) -> Bool {
        if next.contains(where: Self.isFunctionCharacter) { return false }
        guard let g = corpus.term(Array(given)), let n = corpus.term(Array(next)) else { return false }
        let a = vectors.postings(of: g), b = vectors.postings(of: n)
        guard !a.isEmpty, !b.isEmpty else { return false }
        var i = a.startIndex, j = b.startIndex, both = 0
        while i < a.endIndex && j < b.endIndex {
            if a[i] == b[j] { both += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return Double(both) >= cohesion * Double(a.count)
    }

    /// The phrase's units: each Chinese character alone, each run of Latin letters or digits whole.
    private static func units(_ phrase: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for i in phrase.indices {
            if i > 0, phrase[i].value < 0x80, phrase[i - 1].value < 0x80 {
                out[out.count - 1] = out[out.count - 1].lowerBound..<(i + 1)
            } else {
                out.append(i..<(i + 1))
            }
        }
        return out
    }

    /// The character most occurrences have at `position`, if enough of them (and of the documents) agree.
    private func agreeing(_ hits: [(document: Int, start: Int)], documents: Int,
                          position: ((document: Int, start: Int)) -> Int) -> (character: Unicode.Scalar, support: Int)? {
        var counts: [UInt32: (occurrences: Int, documents: Set<Int>)] = [:]
        for hit in hits {
            let p = position(hit)
            guard corpus.ranges[hit.document].contains(p) else { continue }
            let c = corpus.scalars[p]
            if c.value < 0x80 { continue }                  // spaces, Latin letters, digits
            counts[c.value, default: (0, [])].occurrences += 1
            counts[c.value, default: (0, [])].documents.insert(hit.document)
        }
        guard let best = counts.max(by: { $0.value.occurrences != $1.value.occurrences
            ? $0.value.occurrences < $1.value.occurrences : $0.key > $1.key }) else { return nil }
        guard Double(best.value.occurrences) >= agreement * Double(hits.count),
              Double(best.value.documents.count) >= agreement * Double(documents),
              best.value.documents.count >= min(2, documents) else { return nil }
        return (Unicode.Scalar(best.key)!, best.value.occurrences)
    }

    private func occurrences(of phrase: [Unicode.Scalar], in members: [Int]) -> [(document: Int, start: Int)] {
        var out: [(document: Int, start: Int)] = []
        let s = corpus.scalars
        for d in members {
            let range = corpus.ranges[d]
            guard range.count >= phrase.count else { continue }
            var i = range.lowerBound
            let last = range.upperBound - phrase.count
            while i <= last {
                if s[i] == phrase[0] {
                    var k = 1
                    while k < phrase.count && s[i + k] == phrase[k] { k += 1 }
                    if k == phrase.count { out.append((d, i)) }
                }
                i += 1
            }
        }
        return out
    }

    /// Grammatical characters a label neither starts nor ends with ("这是龙津河" → "龙津河").
    private static let functionCharacters = Set("的了是在有和与及或也都就这那个一我你他她它们吗呢吧啊着过把被让给对从向于为以而但很已还再又".unicodeScalars)

    private static func isFunctionCharacter(_ c: Unicode.Scalar) -> Bool { functionCharacters.contains(c) }

    /// Whether two phrases share two adjacent characters, or one ends where the other starts (they
    /// name the same thing, or are two halves of one name: "丽发新城" and "城小").
    private static func overlaps(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
        guard a.count >= 2, b.count >= 2 else { return false }
        if a.first == b.last || a.last == b.first { return true }
        for i in 0..<(a.count - 1) {
            for j in 0..<(b.count - 1) where a[i] == b[j] && a[i + 1] == b[j + 1] { return true }
        }
        return false
    }
}
