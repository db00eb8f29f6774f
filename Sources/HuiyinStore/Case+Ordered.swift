import HuiyinCore

extension Array where Element == Case {
    /// These cases in the order of `ids` (a batch read returns them in the database's order).
    public func ordered(like ids: [Int64]) -> [Case] {
        let byID = Dictionary(map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return ids.compactMap { byID[$0] }
    }
}
