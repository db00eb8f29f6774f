import Foundation
import HuiyinCore
import HuiyinStore

/// 重复访: the same petitioner (keyed hash of the ID number, or of the phone) raising the same matter
/// again. "Same matter" here is the same second-level category; issue #6 refines it with text
/// similarity. Refused and transferred cases do not count (they were never handled here).
extension CaseService {
    func earlierCase(of c: Case) async throws -> PriorCase? {
        guard let cat = c.categoryCode, cat.count >= 4 else { return nil }
        let people = c.petitioners + c.representatives
        let ids = people.compactMap(\.idNumber).map(vault.idNumberHash)
        let phones = people.compactMap(\.phone).map(vault.phoneHash)
        guard !ids.isEmpty || !phones.isEmpty else { return nil }
        let prior = try await store.casesOfPeople(idHashes: ids, phoneHashes: phones, limit: 50)
        return prior.first { p in
            p.categoryCode?.hasPrefix(String(cat.prefix(4))) == true && p.receivedOn <= c.receivedOn
                && ![.refused, .transferred].contains(p.state)
        }
    }
}
