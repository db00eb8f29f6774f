import Foundation
import HuiyinInsight
import Testing

@Suite("Search bigrams, highlighting and MinHash similarity")
struct TextIndexTests {
    @Test("a text is indexed as overlapping bigrams plus each segment's last character; queries become phrases")
    func grams() {
        #expect(SearchGrams.document("路灯坏了") == "路灯 灯坏 坏了 了")
        #expect(SearchGrams.document("ＡＢ区，路灯") == "ab b区 区 路灯 灯")
        #expect(SearchGrams.query("路")?.fts5 == "\"路\"*")
        #expect(SearchGrams.query("路灯")?.fts5 == "\"路灯\"")
        #expect(SearchGrams.query("路灯坏了")?.fts5 == "\"路灯 灯坏 坏了\"")
        #expect(SearchGrams.query("路灯 噪音")?.tsquery == "('路灯') & ('噪音')")
        #expect(SearchGrams.query("路")?.tsquery == "'路':*")
        #expect(SearchGrams.query("，。！") == nil, "punctuation alone is no query")
    }

    @Test("highlighting marks every occurrence on folded characters and keeps the original text")
    func highlight() throws {
        let pieces = try #require(Highlighter.snippet("小区路灯坏了，ＡＢ栋路灯也坏了", needles: ["路灯", "ab"], width: 100))
        #expect(pieces.filter(\.hit).map(\.text) == ["路灯", "ＡＢ", "路灯"])
        #expect(pieces.map(\.text).joined() == "小区路灯坏了，ＡＢ栋路灯也坏了")
        #expect(Highlighter.snippet("小区路灯坏了", needles: ["噪音"]) == nil)
        let long = String(repeating: "甲", count: 300) + "路灯" + String(repeating: "乙", count: 300)
        let cut = try #require(Highlighter.snippet(long, needles: ["路灯"], width: 40))
        #expect(cut.first?.text == "…" && cut.last?.text == "…" && cut.contains { $0.hit && $0.text == "路灯" })
    }

    @Test("MinHash: the same matter scores high, boilerplate does not make letters similar, bands match for equal text")
    func minhash() throws {
        let a = "尊敬的领导您好！东湖区青石镇石桥村垃圾站半个月无人清运，气味很大，蚊蝇滋生，请尽快处理。"
        let b = "领导你好，石桥村垃圾站半个月无人清运了，气味很大，蚊蝇滋生，希望尽快处理！谢谢"
        let c = "尊敬的领导您好！西山区幸福小区物业擅自提高停车费，业主多次反映无果，请相关部门查处。"
        let sa = try #require(MinHash.signature(of: a)), sb = try #require(MinHash.signature(of: b)), sc = try #require(MinHash.signature(of: c))
        #expect(MinHash.similarity(sa, sa) == 1)
        #expect(MinHash.similarity(sa, sb) >= 0.5)
        #expect(MinHash.similarity(sa, sc) < 0.15)
        #expect(MinHash.bands(of: sa) == MinHash.bands(of: try #require(MinHash.signature(of: a))))
        #expect(MinHash.decode(MinHash.encode(sa)) == sa)
        #expect(MinHash.signature(of: "尊敬的领导您好！谢谢") == nil, "boilerplate only: nothing to compare")
    }
}
