import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

@Suite struct BM25Tests {
    /// Three documents in one field; expected scores computed by hand with
    /// score = idf · tf · (k1 + 1) / (tf + k1 · (1 − b + b · dl / avgdl)), idf = ln(1 + (N − n + 0.5)/(n + 0.5)),
    /// N = 3, avgdl = (3 + 2 + 4) / 3 = 3, k1 = 1.2, b = 0.75.
    @Test func scoresMatchHandComputedValues() throws {
        let dir = MemoryDirectory()
        let w = try IndexWriter(directory: dir, schema: Schema([FieldSpec("id", indexed: false), FieldSpec("body")]))
        try w.add(["id": "d0", "body": "apple banana apple"])
        try w.add(["id": "d1", "body": "banana cherry"])
        try w.add(["id": "d2", "body": "cherry date elder fig"])
        try w.commit()
        let s = try Searcher(directory: dir)
        s.queryLanguages = [] // plain BM25: no stem rung
        func scores(_ q: String) throws -> [String: Float] {
            Dictionary(uniqueKeysWithValues: try s.search(q).hits.map { ($0.fields["id"]!, $0.score) })
        }
        // k1 0.9, b 0.4, avgdl 3; length part L(dl) = 0.9 · (0.6 + 0.4 · dl / 3).
        // apple in d0: tf 2, dl 3 (L 0.9), n 1: idf = ln(1 + 2.5/1.5) = 0.98083; 0.98083 · 2 · 1.9 / (2 + 0.9) = 1.28522
        #expect(abs(try scores("apple")["d0"]! - 1.285225) < 1e-4)
        // banana: n 2, idf = ln(1 + 1.5/2.5) = 0.47000; d0: tf 1 dl 3 → 0.47000 · 1.9 / 1.9 = 0.470004;
        // d1: dl 2 (L 0.78) → 0.47 · 1.9 / 1.78 = 0.501689
        let banana = try scores("banana")
        #expect(abs(banana["d0"]! - 0.470004) < 1e-4)
        #expect(abs(banana["d1"]! - 0.501689) < 1e-4)
        // cherry in d2: dl 4 (L 1.02) → 0.47 · 1.9 / 2.02 = 0.442083
        #expect(abs(try scores("cherry")["d2"]! - 0.442083) < 1e-4)
        // OR sums: d0 = 1.285225 + 0.470004
        var bm25 = SearchOptions()
        bm25.proximity = false // d0 holds `apple banana` as typed: no pair bonus here
        let both = try s.search("apple banana", options: bm25)
        #expect(both.hits.first?.fields["id"] == "d0")
        #expect(abs(both.hits[0].score - 1.755228) < 1e-4)
        #expect(both.totalHits == 2)
    }

    @Test func topKKeepsTheBestInOrder() {
        var top = TopK(k: 3)
        for (i, s) in [0.5, 3, 1, 7, 2, 7, 0.1].enumerated() { top.insert(score: Float(s), doc: Int32(i)) }
        let got = top.sorted()
        #expect(got.map(\.doc) == [3, 5, 1])
        #expect(got.map(\.score) == [7, 7, 3])
    }
}

@Suite struct SearchTests {
    /// Every pair from the engine issue, both directions: a document holding one form is found by a
    /// query holding the other.
    @Test(arguments: [
        ("Mevlut Cavusoglu", "Mevlüt Çavuşoğlu"), ("istanbul", "İstanbul"), ("strasse", "Straße"),
        ("gross", "groß"), ("lodz", "Łódź"), ("doan", "đoán"), ("yapistir", "yapıştır"),
        ("moskva", "Москва"), ("ellada", "Ελλάδα"),
    ])
    func foldingFindsBothWays(plain: String, original: String) throws {
        let dir = MemoryDirectory()
        let s = try buildIndex([
            ("a.txt", "one", "text with \(original) inside"),
            ("b.txt", "two", "text with \(plain) inside"),
            ("c.txt", "three", "unrelated words only"),
        ], in: dir)
        let byPlain = Set(try s.search(plain).hits.compactMap(\.path))
        let byOriginal = Set(try s.search(original).hits.compactMap(\.path))
        #expect(byPlain == ["a.txt", "b.txt"])
        #expect(byOriginal == ["a.txt", "b.txt"])
    }

    @Test func hanQueryFindsCompound() throws {
        let dir = MemoryDirectory()
        let s = try buildIndex([("jp.txt", "人口", "東京都の人口は約1400万人です"), ("cn.txt", "x", "北京是中国的首都")], in: dir)
        #expect(try s.search("東京").hits.map(\.path) == ["jp.txt"])
        #expect(try s.search("人口").hits.first?.path == "jp.txt")
    }

    @Test func operatorsSelectTheRightDocuments() throws {
        let dir = MemoryDirectory()
        let s = try buildIndex([
            ("1", "", "red apple pie"), ("2", "", "green apple tart"), ("3", "", "red cherry pie"), ("4", "", "blue sky"),
        ], in: dir)
        func paths(_ q: String) throws -> Set<String> { Set(try s.search(q, limit: 100).hits.compactMap(\.path)) }
        #expect(try paths("apple cherry") == ["1", "2", "3"])
        #expect(try paths("+apple +red") == ["1"])
        #expect(try paths("apple AND pie") == ["1"])
        #expect(try paths("apple -red") == ["2"])
        #expect(try paths("pie NOT cherry") == ["1"])
        #expect(try paths("(green OR blue) -sky") == ["2"])
        #expect(try paths("(+apple -red)") == ["2"], "an operator right after a parenthesis")
        #expect(try paths("\"apple pie\"") == ["1"])
        #expect(try paths("\"pie apple\"") == [], "word order matters in a phrase")
        #expect(try paths("che*") == ["3"])
        #expect(try paths("cheery~1") == ["3"])
        #expect(try paths("path:4") == ["4"])
        #expect(try s.search("apple red^5").hits.first?.path == "1")
    }

    @Test func malformedQueriesPointAtTheColumn() throws {
        let dir = MemoryDirectory()
        let s = try buildIndex([("1", "", "x")], in: dir)
        func column(_ q: String) -> Int? {
            do { _ = try s.search(q); return nil } catch let LoupeError.badQuery(_, col) { return col } catch { return -1 }
        }
        #expect(column("\"open phrase") == 1)
        #expect(column("a (b c") == 3, "points at the unclosed parenthesis")
        #expect(column("a b)") == 4)
        #expect(column("nofield:x") == nil, "a word whose colon names no field is searched as text")
        #expect(column("a (size:[1") == 9, "points at the range that never closes")
        #expect(column("a OR") == 5)
        #expect(column("word^x") == 5)
        #expect(column("-only") == 1)
        #expect(column("") == 1)
        // Columns count characters: "é" written as e + combining acute is one; so is "🇫🇷".
        #expect(column("e\u{301}te\u{301} (b") == 5)
        #expect(column("🇫🇷 x)") == 4)
        #expect(column("\u{3000}東京 OR") == 7, "an ideographic space separates words")
    }
}

@Suite struct MaxScoreTests {
    /// MaxScore must return exactly the exhaustive top k (same docs, same scores) for OR queries.
    @Test func prunedTopKEqualsExhaustive() throws {
        let dir = MemoryDirectory()
        let w = try IndexWriter(directory: dir, schema: Schema([FieldSpec("id", indexed: false), FieldSpec("title", boost: 2), FieldSpec("body")]))
        var rng = SplitMix64(seed: 7)
        func next() -> Int { Int(rng.next() >> 33) }
        let words = (0..<60).map { "w\($0)" }
        for d in 0..<3000 {
            let body = (0..<(5 + next() % 40)).map { _ in words[min(next() % 60, next() % 60)] }.joined(separator: " ")
            let title = (0..<3).map { _ in words[next() % 60] }.joined(separator: " ")
            try w.add(["id": "\(d)", "title": title, "body": body])
            if d == 1500 { try w.flush() }
        }
        try w.commit()
        let s = try Searcher(directory: dir)
        for q in ["w0 w59", "w1 w2 w3", "w55 w57 w58 w59", "w0 w1", "w30 w0 w45", "w10 w11 w12 w13 w14 w15"] {
            for k in [1, 10, 50] {
                let pruned = try s.search(q, options: SearchOptions(limit: k))
                var opts = SearchOptions(limit: k)
                opts.pruning = false
                let full = try s.search(q, options: opts)
                // Same scores rank by rank; the same documents except where near-equal scores (summed
                // in another order) swap places at the boundary.
                #expect(pruned.hits.count == full.hits.count, "\(q) top \(k)")
                #expect(zip(pruned.hits, full.hits).allSatisfy { abs($0.score - $1.score) < 1e-4 }, "\(q) top \(k)")
                let cutoff = (full.hits.last?.score ?? 0) + 1e-4
                #expect(Set(pruned.hits.filter { $0.score > cutoff }.map(\.doc)) == Set(full.hits.filter { $0.score > cutoff }.map(\.doc)),
                        "\(q) top \(k)")
                #expect(pruned.totalHits <= full.totalHits)
                #expect(full.totalHitsIsExact)
            }
        }
    }
}

@Suite struct TotalHitsTests {
    @Test func countIsExactWhenNothingWasSkipped() throws {
        let dir = MemoryDirectory()
        let s = try buildIndex([("1", "", "red apple"), ("2", "", "green apple"), ("3", "", "red cherry")], in: dir)
        let r = try s.search("red apple")
        #expect(r.totalHits == 3 && r.totalHitsIsExact, "a heap that never fills prunes nothing")
    }
}

@Suite struct PairScorerTests {
    /// A scorer over a fixed list of (doc, score).
    final class ListScorer: Scorer {
        let docs: [Int32], scores: [Float]
        var i = -1
        init(_ pairs: [(Int32, Float)]) { docs = pairs.map(\.0); scores = pairs.map(\.1) }
        var doc: Int32 { i < 0 ? -1 : i < docs.count ? docs[i] : PostingsFormat.noMoreDocs }
        func next() throws -> Int32 { i += 1; return doc }
        func advance(to target: Int32) throws -> Int32 { while doc < target { i += 1 }; return doc }
        func score() throws -> Float { scores[i] }
        var maxScore: Float { scores.max() ?? 0 }
        var cost: Int { docs.count }
    }

    func run(_ s: Scorer, advancing rng: inout SplitMix64) throws -> [Int32: Float] {
        var out: [Int32: Float] = [:]
        var d = try s.next()
        while d != PostingsFormat.noMoreDocs {
            out[d] = try s.score()
            // Sometimes jump ahead, as a conjunction above would.
            d = rng.below(4) == 0 ? try s.advance(to: d + Int32(1 + rng.below(5))) : try s.next()
        }
        return out
    }

    /// The two-way scorers and their trees (2–4 children) match and score what the n-ary ones do,
    /// under next and advance alike.
    @Test func pairsAgreeWithNAry() throws {
        var rng = SplitMix64(seed: 99)
        for _ in 0..<200 {
            let n = 2 + rng.below(3)
            let lists: [[(Int32, Float)]] = (0..<n).map { _ in
                var docs = Set<Int32>()
                for _ in 0..<rng.below(60) { docs.insert(Int32(rng.below(120))) }
                return docs.sorted().map { ($0, Float(1 + rng.below(9))) }
            }
            let seed = rng.next()
            var r1 = SplitMix64(seed: seed), r2 = SplitMix64(seed: seed)
            let orPairs = try run(Scorers.or(lists.map(ListScorer.init)), advancing: &r1)
            let orNAry = try run(DisjunctionScorer(lists.map(ListScorer.init)), advancing: &r2)
            #expect(orPairs == orNAry)
            var r3 = SplitMix64(seed: seed), r4 = SplitMix64(seed: seed)
            let andPairs = try run(Scorers.and(lists.map(ListScorer.init)), advancing: &r3)
            let andNAry = try run(ConjunctionScorer(lists.map(ListScorer.init)), advancing: &r4)
            #expect(andPairs.keys.sorted() == andNAry.keys.sorted())
            for (d, s) in andPairs { #expect(abs(s - (andNAry[d] ?? -1)) < 1e-4) }
        }
    }
}

@Suite struct PhraseShapesTests {
    /// Two-word phrases (their own fast path), longer ones, a one-word phrase (a term) and an empty
    /// one (nothing) select the right documents.
    @Test func phrasesOfEveryLength() throws {
        let dir = MemoryDirectory()
        let s = try buildIndex([("a.txt", "", "red green blue"), ("b.txt", "", "green red blue"),
                                ("c.txt", "", "red blue green red green"), ("d.txt", "", "blue")], in: dir)
        func paths(_ q: Query) throws -> Set<String> { Set(try s.search(q, options: SearchOptions(limit: 10)).hits.compactMap(\.path)) }
        #expect(try paths(.phrase(["red", "green"], field: nil, exact: false)) == ["a.txt", "c.txt"])
        #expect(try paths(.phrase(["green", "red"], field: nil, exact: false)) == ["b.txt", "c.txt"])
        #expect(try paths(.phrase(["red", "green", "blue"], field: nil, exact: false)) == ["a.txt"])
        #expect(try paths(.phrase(["blue"], field: nil, exact: false)) == ["a.txt", "b.txt", "c.txt", "d.txt"])
        #expect(try paths(.phrase([], field: nil, exact: false)).isEmpty)
    }
}
