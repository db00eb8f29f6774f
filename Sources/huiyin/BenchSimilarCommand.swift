import ArgumentParser
import Foundation
import HuiyinCore
import HuiyinInsight
import HuiyinStore

/// `huiyin bench-similar`: similar-case lookup latency on a database holding N generated matters.
///
/// The matters are real messages from the shared data (messages-labelled, messages-hot, the 福州 rivers)
/// made distinct the way real petitions differ: another address, a few characters changed, a sentence
/// dropped. Their MinHash signatures and LSH bands go in through the store's own bulk path; then each
/// probe is timed exactly as intake runs it (signature of the text, band lookup, signature comparison).
/// A bare primary-key read on the same database is timed as the ceiling.
struct BenchSimilarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench-similar", abstract: "测量相似事项检索耗时（基准测试用）",
                                                    shouldDisplay: false)

    @OptionGroup var storage: StorageOptions
    @Option(help: "生成的事项数") var cases = 100_000
    @Option(help: "计时的检索次数") var queries = 2_000
    @Option(help: "共享数据目录") var corpus = "../shared/data"

    func run() async throws {
        try await runReportingErrors {
            let texts = try Self.corpus(corpus)
            guard !texts.isEmpty else { throw HuiyinError.invalid("no_corpus", "\(corpus) 中没有可用的留言文本") }
            let huiyin = try await storage.open()
            var rng = SeededRandom(seed: 42)
            let start = DispatchTime.now().uptimeNanoseconds
            var batch: [(caseID: Int64, signature: Data, bands: [Int64])] = []
            for i in 0..<cases {
                let text = Self.variant(texts[i % texts.count], i, &rng)
                if let sig = MinHash.signature(of: text) {
                    batch.append((Int64(i + 1), Data(MinHash.encode(sig)), MinHash.bands(of: sig)))
                }
                if batch.count == 5_000 || i == cases - 1 {
                    try await huiyin.store.indexSimilarity(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            try await huiyin.store.analyze()
            let loadSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            say(String(format: "generated %d matters in %.1f s", cases, loadSeconds))

            // Probes: half near-duplicates of stored matters (must be found), half fresh variants.
            var times: [Double] = [], ceiling: [Double] = []
            var found = 0, dupProbes = 0
            for q in 0..<(queries + 50) {
                let i = Int(rng.next() % UInt64(cases))
                let duplicate = q % 2 == 0
                let text = duplicate ? Self.variant(texts[i % texts.count], i, &rng) + "请尽快处理" : Self.variant(texts[(i * 7 + 3) % texts.count], cases + q, &rng)
                let t0 = DispatchTime.now().uptimeNanoseconds
                var hit = false
                if let sig = MinHash.signature(of: text) {
                    for c in try await huiyin.store.similarityCandidates(bands: MinHash.bands(of: sig), limit: 200) {
                        if let other = MinHash.decode(Array(c.signature)), MinHash.similarity(sig, other) >= 0.3, c.caseID == Int64(i + 1) { hit = true }
                    }
                }
                let t1 = DispatchTime.now().uptimeNanoseconds
                _ = try await huiyin.store.setting("bench-probe")
                let t2 = DispatchTime.now().uptimeNanoseconds
                if q >= 50 {
                    times.append(Double(t1 - t0) / 1e6); ceiling.append(Double(t2 - t1) / 1e6)
                    if duplicate { dupProbes += 1; if hit { found += 1 } }
                }
            }
            times.sort(); ceiling.sort()
            func pct(_ a: [Double], _ p: Double) -> Double { a[min(a.count - 1, Int(Double(a.count) * p))] }
            say(String(format: "similar-case lookup at %d: p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms",
                       cases, pct(times, 0.5), pct(times, 0.95), pct(times, 0.99), times.last ?? 0))
            say(String(format: "ceiling (one key read): p50 %.3f ms  p99 %.3f ms;  lookup p99 / ceiling p99 = %.1f",
                       pct(ceiling, 0.5), pct(ceiling, 0.99), pct(times, 0.99) / max(pct(ceiling, 0.99), 1e-6)))
            say(String(format: "near-duplicate probes found: %d / %d (%.1f%%)", found, dupProbes, 100 * Double(found) / Double(max(dupProbes, 1))))
            await huiyin.close()
        }
    }

    /// Message texts of the shared data (title + detail / content).
    static func corpus(_ dir: String) throws -> [String] {
        var out: [String] = []
        for (file, body) in [("messages-labelled.csv", "detail"), ("messages-hot.csv", "detail"), ("fuzhou-12345-rivers.csv", "content")] {
            guard let text = try? String(contentsOfFile: dir + "/" + file, encoding: .utf8) else { continue }
            for r in CSV.records(text) { out.append((r["title"] ?? "") + "\n" + (r[body] ?? "")) }
        }
        return out
    }

    /// The same kind of matter from someone else: another address, a few characters changed, maybe a
    /// sentence less.
    static func variant(_ text: String, _ n: Int, _ rng: inout SeededRandom) -> String {
        var chars = Array(text)
        let roads = ["人民路", "解放路", "建设路", "中山路", "滨江路", "新华路", "和平路", "光明路"]
        let prefix = "\(roads[n % roads.count])\(n % 997)号\(n / 997 % 50)栋："
        for _ in 0..<max(1, chars.count / 40) where !chars.isEmpty {
            chars[Int(rng.next() % UInt64(chars.count))] = Character(Unicode.Scalar(0x4E00 + UInt32(rng.next() % 2000))!)
        }
        if chars.count > 200, rng.next() % 2 == 0 { chars.removeLast(chars.count / 5) }
        return prefix + String(chars)
    }
}
