import Foundation
import LoupeTestSupport
import Testing
@_spi(Benchmarks) @testable import LoupeCore

/// Keyword and other typed fields keep neither norms nor positions (a fast one) yet match, score
/// and merge as before; and the unscored path (matches marked a block at a time, collectors fed in
/// batches, facets counted by global ordinal) gives what a brute force over the same seeded records
/// gives, over several segments with deletions.
@Suite struct UnscoredCollectionTests {
    static let words = ["zorb", "quix", "plen", "vark"]
    static let tags = (0..<9).map { "t\($0)" }

    struct Record {
        var id: String
        var body: String
        var kind: String
        var tags: [String]
        var n: Int64?
    }

    static let schema = Schema([.keyword("id"), .text("body"), .keyword("kind", fast: true), .keyword("tag", fast: true, multiValued: true),
                                .value("n", .int64, indexed: true)])

    /// `count` seeded records in several segments (a commit every 700), every 11th deleted: the
    /// live ones.
    static func build(_ dir: TempDir, count: Int = 2600) throws -> [Record] { try buildAll(dir, count: count).live }

    /// The records written and those left live.
    static func buildAll(_ dir: TempDir, count: Int = 2600) throws -> (all: [Record], live: [Record]) {
        var rng = SplitMix64(seed: 2024)
        let w = try IndexWriter(path: dir.path, schema: schema)
        var records: [Record] = []
        for i in 0..<count {
            let body = (0..<(1 + rng.below(6))).map { _ in words[rng.below(words.count)] }.joined(separator: " ")
            var tags = Set<String>()
            for _ in 0..<rng.below(4) { tags.insert(Self.tags[rng.below(rng.below(2) == 0 ? 3 : Self.tags.count)]) }
            let r = Record(id: "r\(i)", body: body, kind: "k\(rng.below(5))", tags: tags.sorted(),
                           n: rng.below(6) == 0 ? nil : Int64(rng.below(400)) - 200)
            var d: Document = ["id": r.id, "body": r.body, "kind": r.kind]
            d[values: "tag"] = r.tags.map { .string($0) }
            if let n = r.n { d[values: "n"] = [.int(n)] }
            d.language = .english
            try w.add(d)
            records.append(r)
            if i % 700 == 699 { try w.commit() }
        }
        try w.commit()
        for i in stride(from: 0, to: count, by: 11) { try w.deleteDocuments(field: "id", value: "r\(i)") }
        try w.commit()
        try w.close()
        return (records, records.enumerated().filter { $0.offset % 11 != 0 }.map(\.element))
    }

    @Test func typedFieldsKeepNoNormsNorPositionsAndStillMatch() throws {
        let dir = TempDir(), plain = TempDir()
        let (all, records) = try Self.buildAll(dir)
        let reader = try IndexReader(path: dir.path)
        #expect(reader.segments.count >= 3)
        let kind = reader.schema.number(of: "kind")!, tag = reader.schema.number(of: "tag")!, id = reader.schema.number(of: "id")!
        let n = reader.schema.number(of: "n")!, body = reader.schema.number(of: "body")!
        for s in reader.segments {
            #expect(s.norms.column(of: kind) < 0 && s.norms.column(of: tag) < 0 && s.norms.column(of: n) < 0, "fast typed fields: no norms")
            #expect(s.norms.column(of: id) >= 0, "a keyword field without a column keeps its norms: exists reads them")
            #expect(s.norms.column(of: body) >= 0)
            #expect(!s.hasPositions(kind) && !s.hasPositions(tag) && !s.hasPositions(id) && s.hasPositions(body))
        }
        // The positions file holds the text's alone: the same bodies without the typed fields give
        // the same `.pos` bytes.
        let w = try IndexWriter(path: plain.path, schema: Schema([.text("body")]))
        let one = Record(id: "x", body: "zorb quix zorb", kind: "k1", tags: ["t1", "t2"], n: 3)
        var d: Document = ["body": one.body]
        d.language = .english
        try w.add(d)
        try w.commit()
        try w.close()
        let typed = TempDir()
        let w2 = try IndexWriter(path: typed.path, schema: Self.schema)
        var d2: Document = ["id": one.id, "body": one.body, "kind": one.kind]
        d2[values: "tag"] = one.tags.map { .string($0) }
        d2[values: "n"] = [.int(3)]
        d2.language = .english
        try w2.add(d2)
        try w2.commit()
        try w2.close()
        func posBytes(_ path: String) throws -> Int {
            let r = try IndexReader(path: path)
            return r.segments[0].positions.count
        }
        #expect(try posBytes(typed.path) == posBytes(plain.path))

        #expect(try reader.verifyDeep { _ in }.columns > 0)
        let s = try Searcher(reader: reader)
        // Keyword queries: exact matches, one score for every match of the same frequency.
        let t1 = try s.search("tag:t1", options: SearchOptions(limit: 5000))
        #expect(t1.totalHits == records.filter { $0.tags.contains("t1") }.count)
        #expect(Set(t1.hits.map(\.score)).count == 1)
        #expect(try s.count("kind:k3") == records.filter { $0.kind == "k3" }.count)
        #expect(try s.count(Query.exists("id").node) == records.count)
        // Statistics of a field without norms: deleted documents count until a merge drops them.
        #expect(reader.fieldStatistics(tag).docCount == all.filter { !$0.tags.isEmpty }.count)
        // A phrase needs a text field's positions.
        #expect(throws: LoupeError.self) { _ = try s.search(Query.phrase(["t1", "t2"], field: "tag")) }
        #expect(try s.search(Query.phrase(["zorb", "quix"], field: "body")).totalHits > 0)

        // Merged into one segment (statistics then counted from the postings), the same answers.
        let w3 = try IndexWriter(path: dir.path, schema: Self.schema)
        try w3.forceMerge()
        try w3.close()
        let merged = try IndexReader(path: dir.path)
        #expect(merged.segments.count == 1)
        #expect(try merged.verifyDeep { _ in }.columns == 3)
        #expect(merged.fieldStatistics(tag).docCount == records.filter { !$0.tags.isEmpty }.count)
        #expect(merged.fieldStatistics(kind).docCount == records.count)
        let ms = try Searcher(reader: merged)
        #expect(try ms.count("tag:t1") == t1.totalHits)
        #expect(Set(try ms.search("kind:k3", options: SearchOptions(limit: 100)).hits.map(\.score)).count == 1)
    }

    @Test func sortsAndFacetsOverManyMatchesAreTheBruteForces() throws {
        let dir = TempDir()
        let records = try Self.build(dir)
        let s = try Searcher(path: dir.path)
        // `*` and a common word match enough documents to be marked into bit sets; `vark` with a
        // range filter is stepped (and filtered) instead.
        let queries: [(String, (Record) -> Bool)] = [
            ("*", { _ in true }),
            ("zorb", { $0.body.split(separator: " ").contains("zorb") }),
            ("+vark +n:[-50 TO 120]", { r in r.body.split(separator: " ").contains("vark") && (r.n.map { $0 >= -50 && $0 <= 120 } ?? false) }),
            ("n:[0 TO 100]", { r in r.n.map { $0 >= 0 && $0 <= 100 } ?? false }),
        ]
        for (query, matches) in queries {
            let expected = records.filter(matches)
            #expect(try s.count(query) == expected.count, "\(query)")
            for descending in [false, true] {
                var options = SearchOptions(limit: 40)
                options.sort = [.field("n", descending: descending)]
                options.storedFields = ["id"]
                let hits = try s.search(query, options: options).hits
                // Missing last either way; ties by doc id, which is the records' order.
                let order = expected.enumerated().sorted { a, b in
                    switch (a.element.n, b.element.n) {
                    case (nil, nil): return a.offset < b.offset
                    case (nil, _): return false
                    case (_, nil): return true
                    case let (x?, y?): return x != y ? (descending ? x > y : x < y) : a.offset < b.offset
                    }
                }.map(\.element.id)
                #expect(hits.map { $0[field: "id"] ?? "" } == Array(order.prefix(40)), "\(query) by n, descending \(descending)")
            }
            var options = SearchOptions(limit: 0)
            options.facets = [.terms("tag", top: 4), .terms("kind", top: 10), .terms("tag", top: 0)]
            let facets = try s.search(query, options: options).facets
            var tagCounts: [String: Int] = [:], kindCounts: [String: Int] = [:]
            for r in expected {
                for t in r.tags { tagCounts[t, default: 0] += 1 }
                kindCounts[r.kind, default: 0] += 1
            }
            func top(_ counts: [String: Int], _ n: Int) -> [(String, Int)] {
                Array(counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                    .prefix(n).map { ($0.key, $0.value) })
            }
            let topTags = top(tagCounts, 4)
            #expect(facets[0].buckets.map(\.value) == topTags.map(\.0), "\(query)")
            #expect(facets[0].buckets.map(\.count) == topTags.map(\.1), "\(query)")
            let inTop = Set(topTags.map(\.0))
            #expect(facets[0].others == expected.filter { !$0.tags.isEmpty && !$0.tags.contains(where: inTop.contains) }.count)
            #expect(facets[0].missing == expected.filter { $0.tags.isEmpty }.count)
            #expect(facets[1].buckets.map(\.value) == top(kindCounts, 10).map(\.0))
            #expect(facets[1].buckets.map(\.count) == top(kindCounts, 10).map(\.1))
            #expect(facets[1].others == 0 && facets[1].missing == 0)
            #expect(facets[2].buckets.isEmpty && facets[2].others == expected.filter { !$0.tags.isEmpty }.count)
            // With hits in the same pass (sorted, facets fed as batches beside the sort).
            var both = SearchOptions(limit: 5)
            both.sort = [.field("n")]
            both.facets = [.terms("kind", top: 10)]
            let r = try s.search(query, options: both)
            #expect(r.totalHits == expected.count)
            #expect(r.facets[0].buckets.map(\.count) == top(kindCounts, 10).map(\.1))
            // Ranked by score beside facets (counted in a pass of their own; a constant-score
            // query's ranking stops after its first hits): the plain search's hits, every match
            // counted.
            var ranked = SearchOptions(limit: 7)
            ranked.facets = [.terms("kind", top: 10)]
            let withFacets = try s.search(query, options: ranked), plain = try s.search(query, options: SearchOptions(limit: 7))
            #expect(withFacets.hits.map(\.doc) == plain.hits.map(\.doc) && withFacets.hits.map(\.score) == plain.hits.map(\.score))
            #expect(withFacets.totalHits == expected.count && withFacets.totalHitsIsExact)
            #expect(withFacets.facets[0].buckets.map(\.count) == top(kindCounts, 10).map(\.1))
        }
    }
}
