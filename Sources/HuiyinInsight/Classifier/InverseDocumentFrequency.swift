/// IDF weights per bucket, learned from the training messages: n-grams found in nearly every letter
/// ("您好", "请问") carry little evidence, rare ones much.
enum InverseDocumentFrequency {
    /// In how many documents each bucket occurs (a bucket in both blocks of one message counts twice).
    static func documentFrequencies(of documents: [TermCounts], dimension: Int) -> [UInt32] {
        var df = [UInt32](repeating: 0, count: dimension)
        for document in documents {
            for k in document.title.indices { df[Int(k)] += 1 }
            for k in document.body.indices { df[Int(k)] += 1 }
        }
        return df
    }

    /// Smoothed IDF, `ln((1 + N) / (1 + df)) + 1` (as scikit-learn): unseen buckets get the largest
    /// weight but never infinity. A decoded model recomputes it from the stored frequencies.
    static func weights(documentFrequencies df: [UInt32], documentCount: Int) -> [Float] {
        let n = Double(documentCount)
        return df.map { Float(log((1 + n) / (1 + Double($0))) + 1) }
    }
}

import Foundation
