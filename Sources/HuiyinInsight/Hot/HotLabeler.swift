/// Names a cluster by its most characteristic words, grown from bigrams into phrases of 2–6 characters.
///
/// A bigram is characteristic when many members use it, in the title above all, and the other documents
/// rarely do: (members containing it + members with it in the title) × IDF. Bigrams are fragments
/// ("发新"), so each seed grows one character at a time while (1) most of its occurrences in the cluster
/// agree on the next character and (2) across all documents, those with the phrase's edge bigram mostly
/// also have the new one ("发新" → "新城", but not "楼前" → "前有"): the phrase becomes a word, not the
/// sentence a few copied letters share. A seed edge the rest of the phrase does not predict is trimmed
/// ("路魅力之城" → "魅力之城"). A place name also grows to its head when the head mostly comes with it,
/// though its tail does not predict the head (凉塘路, not 塘路: many roads end in 塘路); see `joins`.
/// Phrases that overlap a chosen one are skipped.
struct HotLabeler {
    let corpus: HotCorpus
    let vectors: HotVectors
    var maxLength = 6
    /// Share of occurrences (and of documents) that must agree on a character to grow a phrase by it.
    var agreement = 0.6
    /// Least share of the documents with one bigram of a phrase that must also have its neighbour.
    var cohesion = 0.5
    /// At the head of a place name, the least share of the documents with the name's tail bigram that
    /// must have the new head bigram too ("小塘" is in 18 % of those with "塘路"); below it the head
    /// is a chance companion.
    var rareEdge = 0.1

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
            if let l = left, !joins(edge: [l.character] + phrase[units[0]],
                                    inner: phrase[units[0].lowerBound..<units[1].upperBound],
                                    headOfName: Self.canHead(l.character, name: phrase)) {
                left = nil
            }
            let last = units[units.count - 1], previous = units[units.count - 2]
            if let r = right, !joins(edge: phrase[last] + [r.character],
                                     inner: phrase[previous.lowerBound..<last.upperBound], headOfName: false) {
                right = nil
            }
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
        while units.count >= 3, !joins(edge: phrase[units[0].lowerBound..<units[1].upperBound],
                                       inner: phrase[units[1].lowerBound..<units[2].upperBound],
                                       headOfName: Self.canHead(phrase[units[0].lowerBound],
                                                                name: phrase[units[1].lowerBound...])) {
            units.removeFirst()
        }
        while units.count >= 3, !joins(edge: phrase[units[units.count - 2].lowerBound..<units[units.count - 1].upperBound],
                                       inner: phrase[units[units.count - 3].lowerBound..<units[units.count - 2].upperBound],
                                       headOfName: false) {
            units.removeLast()
        }
        var p = phrase[units[0].lowerBound..<units[units.count - 1].upperBound]
        if let last = p.last, Self.nameSuffixes.contains(last), p.count >= 4,
           Self.placeWords.contains(String(String.UnicodeScalarView(p.prefix(2)))) {
            p = p.dropFirst(2)                                  // 旁边跃进河 → 跃进河
        }
        guard units.count >= 2, !Self.isFunctionCharacter(p.first!), !Self.isFunctionCharacter(p.last!) else { return nil }
        return Array(p)
    }

    /// Whether the edge bigram belongs to the same word as the inner one next to it: the inner bigram
    /// mostly comes with the edge ("发新" → "新城").
    ///
    /// At the head of a place name (`headOfName`: the phrase ends in 路, 河, 园 … and the new edge
    /// character does not) it is enough that the edge mostly comes with the inner one: many roads end
    /// in "塘路" and many rivers in "洋河", so the tail never predicts its head, but "凉塘" does predict
    /// "塘路" — the label becomes 凉塘路 instead of 塘路. Elsewhere that rule would glue chance
    /// neighbours on (步优化, 坚决反, 外滩二), and across a name's end (福州市|仓山区) never applies.
    private func joins(edge: ArraySlice<Unicode.Scalar>, inner: ArraySlice<Unicode.Scalar>,
                       headOfName: Bool) -> Bool {
        if edge.contains(where: Self.isFunctionCharacter) { return false }
        if predicts(inner, edge) { return true }
        guard headOfName, let shares = cooccurrence(edge, inner) else { return false }
        return shares.given >= cohesion && shares.reverse >= rareEdge
    }

    /// Whether most documents with the bigram `given` also have the bigram `next` (neither a stop term).
    private func predicts(_ given: ArraySlice<Unicode.Scalar>, _ next: ArraySlice<Unicode.Scalar>) -> Bool {
        if next.contains(where: Self.isFunctionCharacter) { return false }
        return cooccurrence(given, next).map { $0.given >= cohesion } ?? false
    }

    /// Of the documents with `a`, the share that also have `b` (`given`), and of those with `b`, the
    /// share that also have `a` (`reverse`); nil when either bigram is unknown.
    private func cooccurrence(_ a: ArraySlice<Unicode.Scalar>, _ b: ArraySlice<Unicode.Scalar>)
        -> (given: Double, reverse: Double)? {
        guard let g = corpus.term(Array(a)), let n = corpus.term(Array(b)) else { return nil }
        let x = vectors.postings(of: g), y = vectors.postings(of: n)
        guard !x.isEmpty, !y.isEmpty else { return nil }
        var i = x.startIndex, j = y.startIndex, both = 0
        while i < x.endIndex && j < y.endIndex {
            if x[i] == y[j] { both += 1; i += 1; j += 1 } else if x[i] < y[j] { i += 1 } else { j += 1 }
        }
        return (Double(both) / Double(x.count), Double(both) / Double(y.count))
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

    /// Characters that end place and organisation names (凉塘路, 泮洋河, 丽发新城, 福州市|仓山区).
    private static let nameSuffixes = Set("省市县区镇乡村街路巷道号楼栋园苑城河溪江湖港桥局厅委院所站厂店馆场".unicodeScalars)

    /// Characters that say where a place is (后面瀛洲河): never the head of its name.
    private static let locatives = Set("前后左右上下里外内旁边侧面附近".unicodeScalars)

    /// Words that say where a place is, dropped from the head of a name (旁边跃进河 → 跃进河).
    private static let placeWords: Set<String> = ["旁边", "后面", "前面", "附近", "对面", "里面", "周边", "边上", "隔壁", "门口"]

    /// Whether `head` may begin the place name `name` (which must end like one): not when it ends a
    /// name itself or says where the place is.
    private static func canHead<C: BidirectionalCollection<Unicode.Scalar>>(_ head: Unicode.Scalar, name: C) -> Bool {
        guard let last = name.last, nameSuffixes.contains(last) else { return false }
        return !nameSuffixes.contains(head) && !locatives.contains(head)
    }

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
