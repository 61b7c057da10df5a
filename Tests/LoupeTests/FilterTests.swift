import Foundation
import LoupeTestSupport
import Testing
@_spi(Benchmarks) @testable import LoupeCore

/// Filter clauses read from a column are checked on the word's candidates only, and a word
/// searched in several fields keeps its MaxScore pruning under a filter: the top k must still be
/// exactly the word's own ranking with the filtered-out documents removed, scores unchanged.
@Suite struct FilterTests {
    static let words = ["zorb", "quix", "plen", "vark", "mundo", "trell"]

    /// The same scores, but for the order of a float sum's terms.
    static func same(_ a: [Float], _ b: [Float]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) }
    }

    @Test func aFilteredTopKIsTheWordsRankingFiltered() throws {
        let dir = MemoryDirectory()
        let schema = Schema([.keyword("id"), .text("title", boost: 2), .text("body"), .value("n", .int64),
                             FieldSpec("tag", type: .keyword, indexed: false, fast: true, multiValued: true)]) // tag: read from its column
        var rng = SplitMix64(seed: 11)
        var n: [String: Int64] = [:], tags: [String: [String]] = [:], texts: [String: String] = [:]
        let w = try IndexWriter(directory: dir, schema: schema)
        for i in 0..<1500 {
            func text(_ count: Int) -> String { (0..<count).map { _ in Self.words[rng.below(Self.words.count)] }.joined(separator: " ") }
            let id = "d\(i)"
            let title = text(1 + rng.below(3)), body = text(rng.below(30))
            texts[id] = title + " " + body
            var d: Document = ["id": id, "title": title, "body": body]
            n[id] = Int64(rng.below(100))
            d[values: "n"] = [.int(n[id]!)]
            tags[id] = rng.below(3) == 0 ? [] : ["t\(rng.below(4))"]
            d[values: "tag"] = tags[id]!.map { .string($0) }
            d.language = .english
            try w.add(d)
            if i == 900 { try w.commit() } // two segments
        }
        try w.commit()
        let s = try Searcher(directory: dir)
        // The BM25 ranking: proximity rescores a top window, which a filter changes.
        var bm25 = SearchOptions(limit: 1500)
        bm25.proximity = false
        for word in ["zorb", "quix plen"] {
            bm25.limit = 1500
            let all = try s.search(word, options: bm25).hits
            for (lo, hi): (Int64, Int64) in [(0, 9), (40, 59), (95, 97)] {
                let kept = all.filter { (lo...hi).contains(n[$0[field: "id"]!]!) }
                for k in [1, 10, 50] {
                    bm25.limit = k
                    let r = try s.search("\(word) n:[\(lo) TO \(hi)]", options: bm25)
                    #expect(r.hits.allSatisfy { (lo...hi).contains(n[$0[field: "id"]!]!) })
                    #expect(Self.same(r.hits.map(\.score), kept.prefix(k).map(\.score)), "\(word) n:[\(lo) TO \(hi)] top \(k)")
                }
                #expect(try s.count("\(word) n:[\(lo) TO \(hi)]") == kept.count)
                // Two column filters, one of them a keyword, and an excluded word.
                let both = all.filter { (lo...hi).contains(n[$0[field: "id"]!]!) && tags[$0[field: "id"]!]!.contains("t1") }
                bm25.limit = 10
                let r = try s.search("\(word) n:[\(lo) TO \(hi)] tag:t1", options: bm25)
                #expect(Self.same(r.hits.map(\.score), both.prefix(10).map(\.score)))
                let filtered = "\(word) n:[\(lo) TO \(hi)] tag:t1"
                #expect(try s.count(filtered) == both.count)
                #expect(try s.count(filtered + " -vark") == both.filter { !texts[$0[field: "id"]!]!.contains("vark") }.count)
            }
        }
        // A stop word with a filter is still searched: no document holds "the".
        #expect(try s.count("the n:[0 TO 99]") == 0)
        // Filters alone: the first one runs through the segments, the others are checked.
        #expect(try s.count("n:[10 TO 19] tag:t2") == n.keys.filter { (10...19).contains(n[$0]!) && tags[$0]!.contains("t2") }.count)
        #expect(try s.count("n:[10 TO 19]") == n.values.filter { (10...19).contains($0) }.count)
    }
}
