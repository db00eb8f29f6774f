import Foundation
import HuiyinCore
import HuiyinInsight
import HuiyinStore

/// A case like another, as a staff member may see it (the 相似件 list, 并案 candidates).
public struct SimilarCase: Sendable, Hashable {
    public var id: Int64
    public var number: String
    public var title: String
    public var state: CaseState
    public var receivedOn: LocalDate
    /// Estimated Jaccard similarity of the two matters' trigram sets, 0…1.
    public var similarity: Double
    /// Filed by the same person (keyed hash of ID number or phone).
    public var samePerson: Bool
}

/// Similar-case lookup: the MinHash signature of the matter, its LSH bands probed in the store, and
/// the candidates' signatures compared. A handful of index probes whatever the number of cases.
extension CaseService {
    /// Minimum estimated similarity for "the same problem".
    static let similarThreshold = 0.3

    /// Stored cases whose matter resembles `title + content` (most similar first), with their similarity,
    /// among the `candidates` sharing the most LSH bands with it (intake, wanting only the nearest few,
    /// reads fewer).
    func similarMatters(title: String, content: String, excluding id: Int64?, limit: Int = 20,
                        candidates pool: Int = 200) async throws -> [(id: Int64, similarity: Double)] {
        guard let sig = MinHash.signature(of: title + "\n" + content) else { return [] }
        return try await similarMatters(signature: sig, excluding: id, limit: limit, candidates: pool)
    }

    /// The same, from a signature already computed (intake has one).
    func similarMatters(signature sig: [UInt32], excluding id: Int64?, limit: Int,
                        candidates pool: Int) async throws -> [(id: Int64, similarity: Double)] {
        let candidates = try await store.similarityCandidates(bands: MinHash.bands(of: sig), limit: pool)
        return candidates.compactMap { cand -> (Int64, Double)? in
            guard cand.caseID != id, let other = MinHash.decode(Array(cand.signature)) else { return nil }
            let s = MinHash.similarity(sig, other)
            return s >= Self.similarThreshold ? (cand.caseID, s) : nil
        }
        .sorted { ($0.1, $0.0) > ($1.1, $1.0) }
        .prefix(limit).map { (id: $0.0, similarity: $0.1) }
    }

    /// Cases like case `id` that `user` may see (not merged ones, which already follow another).
    public func similar(to id: Int64, by user: User, now: Date, limit: Int = 10) async throws -> [SimilarCase] {
        let c = try await view(id: id, by: .user(user), now: now).case
        let dir = reference.snapshot.directory
        let people = personKeys(c)
        var out: [SimilarCase] = []
        let matches = try await similarMatters(title: c.title, content: c.content, excluding: c.id, limit: limit + 5)
        let similarity = Dictionary(matches.map { ($0.id, $0.similarity) }, uniquingKeysWith: max)
        for o in try await store.loadCases(ids: matches.map(\.id), withPersons: true) {
            guard let s = similarity[o.id], o.state != .merged,
                  AccessPolicy.canView(o, by: .user(user), in: dir), !AccessPolicy.isAccusedParty(user, of: o, in: dir) else { continue }
            out.append(SimilarCase(id: o.id, number: o.number, title: o.title, state: o.state, receivedOn: o.receivedOn,
                                   similarity: s, samePerson: !people.isDisjoint(with: personKeys(o))))
            if out.count == limit { break }
        }
        return out
    }

    /// Keyed hashes of the ID numbers and phones of a case's petitioners and representatives.
    func personHashes(_ c: Case) -> (ids: [Data], phones: [Data]) {
        let people = c.petitioners + c.representatives
        return (people.compactMap(\.idNumber).map(vault.idNumberHash), people.compactMap(\.phone).map(vault.phoneHash))
    }

    /// The same hashes as one set (ID-number and phone hashes are keyed differently, so they never collide).
    func personKeys(_ c: Case) -> Set<Data> {
        let h = personHashes(c)
        return Set(h.ids + h.phones)
    }
}
