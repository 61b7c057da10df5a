import Foundation
import Loupe
import LoupeTestSupport
import Testing

/// An app's records through the public API only: a few thousand seeded random products with typed
/// and multi-valued fields; keyword, range and combined queries, sorting with search-after, facets,
/// updates, deletes, get by id, a field added to an existing index, reopen and merge. Every result
/// is checked against the same computation done by brute force over the records.
@Suite struct RecordsTests {
    struct Product {
        var id: String
        var title: [String]
        var tags: [String]
        var price: Double
        var created: Int64 // ms since 1970
        var stock: Int64
    }

    static let words = ["zorb", "quix", "plen", "vark", "mundo", "trell", "gosk", "fimble"]
    static let tags = (0..<12).map { "t\($0)" }
    /// 2024-01-01T00:00:00Z.
    static let start: Int64 = 1_704_067_200_000

    static let schema = Schema([
        .keyword("id"),
        .text("title"),
        .keyword("tag", fast: true, multiValued: true),
        .value("price", .double),
        .value("created", .date),
        .value("stock", .int64, indexed: true),
    ])

    static func products(_ n: Int) -> [Product] {
        var rng = SplitMix64(seed: 42)
        // Distinct creation times: a permutation of minutes spread over 2024.
        var minutes = Array(0..<n)
        for i in stride(from: n - 1, to: 0, by: -1) { minutes.swapAt(i, rng.below(i + 1)) }
        return (0..<n).map { i in
            var title: [String] = []
            for _ in 0..<(1 + rng.below(3)) { title.append(Self.words[rng.below(Self.words.count)]) }
            var chosen = Set<String>()
            for _ in 0..<rng.below(4) { chosen.insert(Self.tags[rng.below(Self.tags.count)]) }
            return Product(id: "p-\(i)", title: title, tags: chosen.sorted(), price: Double(rng.below(10_000)) / 100,
                           created: start + Int64(minutes[i]) * 150_000 * 60, stock: Int64(rng.below(50)))
        }
    }

    static func document(_ p: Product) -> Document {
        var d = Document()
        d[values: "id"] = [.string(p.id)]
        d[values: "title"] = [.string(p.title.joined(separator: " "))]
        d[values: "tag"] = p.tags.map { .string($0) }
        d[values: "price"] = [.double(p.price)]
        d[values: "created"] = [.date(Date(timeIntervalSince1970: Double(p.created) / 1000))]
        d[values: "stock"] = [.int(p.stock)]
        d.language = .english
        return d
    }

    static func ms(_ iso: String) -> Int64 {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withFullDate]
        return Int64(f.date(from: iso)!.timeIntervalSince1970 * 1000)
    }

    func ids(_ results: SearchResults) -> [String] { results.hits.compactMap { $0[field: "id"] } }

    @Test func recordsMatchBruteForce() throws {
        let dir = TempDir()
        var products = Self.products(3000)
        // Two commits, so that there are several segments (and their columns are merged later).
        do {
            let w = try IndexWriter(path: dir.path, schema: Self.schema)
            for p in products[..<1800] { try w.add(Self.document(p)) }
            try w.commit()
            for p in products[1800...] { try w.add(Self.document(p)) }
            try w.commit()
            try w.close()
        }
        var searcher = try Searcher(path: dir.path)
        let all = products.count

        // Keyword and id queries.
        for tag in ["t3", "t11"] {
            #expect(try searcher.count("tag:\(tag)") == products.filter { $0.tags.contains(tag) }.count)
            #expect(try searcher.count("tag:\(tag.uppercased())") == products.filter { $0.tags.contains(tag) }.count, "keywords fold case")
        }
        #expect(ids(try searcher.search("id:p-17", options: SearchOptions(limit: 5))) == ["p-17"])
        #expect(try searcher.count("* -tag:*") == products.filter { $0.tags.isEmpty }.count)
        #expect(try searcher.count("*") == all)

        // A price range and a date range, alone and filtering words.
        #expect(try searcher.count("price:[10 TO 50]") == products.filter { $0.price >= 10 && $0.price <= 50 }.count)
        #expect(try searcher.count("price:{10 TO 50}") == products.filter { $0.price > 10 && $0.price < 50 }.count)
        let q1 = Self.ms("2024-01-01"), q2 = Self.ms("2024-04-01")
        #expect(try searcher.count("created:2024-01..2024-03") == products.filter { $0.created >= q1 && $0.created < q2 }.count)
        #expect(try searcher.count("created:>=2024-06-01") == products.filter { $0.created >= Self.ms("2024-06-01") }.count)
        #expect(try searcher.count("stock:<10") == products.filter { $0.stock < 10 }.count)
        let filtered = try searcher.search("quix price:[10 TO 50]", options: SearchOptions(limit: all))
        let expected = products.filter { $0.title.contains("quix") && $0.price >= 10 && $0.price <= 50 }
        #expect(Set(ids(filtered)) == Set(expected.map(\.id)))
        // The filter does not score: the hits rank as the word alone ranks them.
        let alone = try searcher.search("quix", options: SearchOptions(limit: all))
        let scoreOf = Dictionary(alone.hits.map { ($0[field: "id"]!, $0.score) }, uniquingKeysWith: { a, _ in a })
        #expect(filtered.hits.allSatisfy { abs($0.score - scoreOf[$0[field: "id"]!]!) < 1e-5 })

        // Sorted by date, newest first, page by page with search-after.
        var options = SearchOptions(limit: 70)
        options.sort = [.field("created", descending: true)]
        var paged: [String] = []
        while true {
            let page = try searcher.search("tag:t1", options: options)
            #expect(page.totalHits == products.filter { $0.tags.contains("t1") }.count)
            if page.hits.isEmpty { break }
            paged += ids(page)
            options.searchAfter = page.hits.last!.sortKey
        }
        #expect(paged == products.filter { $0.tags.contains("t1") }.sorted { $0.created > $1.created }.map(\.id))
        // Two keys: stock ascending, then price descending; snippets as for scored hits.
        var two = SearchOptions(limit: 25, snippets: 1)
        two.sort = [.field("stock"), .field("price", descending: true)]
        let sorted = try searcher.search("zorb", options: two)
        let bruteTwo = products.filter { $0.title.contains("zorb") }.sorted {
            $0.stock != $1.stock ? $0.stock < $1.stock : $0.price > $1.price
        }
        #expect(sorted.hits.map { Double($0[field: "price"]!)! } == bruteTwo.prefix(25).map(\.price))
        #expect(sorted.hits.map { Int64($0[field: "stock"]!)! } == bruteTwo.prefix(25).map(\.stock))
        #expect(sorted.hits.allSatisfy { $0.snippets.first?.marked(open: "[", close: "]").contains("[zorb]") == true })

        // Facets by tag (top 5 and the rest) and by price range, over the whole match set.
        var faceted = SearchOptions(limit: 3)
        faceted.facets = [.terms("tag", top: 5),
                          .ranges("price", [FacetRange("cheap", to: 10.0), FacetRange("mid", from: 10.0, to: 50.0), FacetRange("dear", from: 50.0)])]
        let f = try searcher.search("plen", options: faceted)
        let plen = products.filter { $0.title.contains("plen") }
        #expect(f.totalHits == plen.count && f.totalHitsIsExact)
        var tagCounts: [String: Int] = [:]
        for p in plen { for t in p.tags { tagCounts[t, default: 0] += 1 } }
        let top = tagCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(5)
        #expect(f.facets[0].buckets.map(\.value) == top.map(\.key))
        #expect(f.facets[0].buckets.map(\.count) == top.map(\.value))
        let topSet = Set(top.map(\.key))
        #expect(f.facets[0].others == plen.filter { !$0.tags.isEmpty && $0.tags.allSatisfy { !topSet.contains($0) } }.count)
        #expect(f.facets[0].missing == plen.filter { $0.tags.isEmpty }.count)
        let cheap = plen.filter { $0.price < 10 }.count, mid = plen.filter { $0.price >= 10 && $0.price < 50 }.count
        let dear = plen.filter { $0.price >= 50 }.count
        #expect(f.facets[1].buckets.map(\.count) == [cheap, mid, dear])
        #expect(try searcher.reader.terms(field: "tag", prefix: "t1").map(\.value) == ["t1", "t10", "t11"])
        #expect(try searcher.reader.terms(field: "tag", prefix: "t1").map(\.count)
            == ["t1", "t10", "t11"].map { t in products.filter { $0.tags.contains(t) }.count })

        // Update, delete by id and by query, get by id.
        do {
            let w = try IndexWriter(path: dir.path, schema: Self.schema)
            products[5].title = ["vark", "renamed"]
            products[5].price = 7
            try w.updateDocument(term: ("id", "p-5"), with: Self.document(products[5]))
            try w.deleteDocuments(field: "id", value: "P-6")
            let cheap = products.filter { $0.price < 5 && $0.id != "p-6" }.count
            #expect(try w.deleteDocuments(matching: QueryParser(schema: Self.schema).parse("price:<5")) == cheap)
            products.remove(at: 6)
            products.removeAll { $0.price < 5 }
            try w.commit()
            try w.close()
        }
        searcher = try Searcher(path: dir.path)
        #expect(try searcher.reader.document(field: "id", value: "p-5")?["title"] == ["vark renamed"])
        #expect(try searcher.reader.document(field: "id", value: "p-6") == nil)
        #expect(try searcher.count("id:p-5") == 1)
        #expect(try searcher.count("price:<5") == 0)
        #expect(try searcher.count("*") == products.count)
        #expect(try searcher.count("renamed") == 1)

        // A field added to the existing index: no rebuild; old documents miss it.
        var extended = Self.schema
        extended.fields.append(.value("rating", .int64))
        do {
            #expect(throws: LoupeError.self) { try IndexWriter(path: dir.path, schema: Schema(Array(extended.fields.reversed()))) }
            let w = try IndexWriter(path: dir.path, schema: extended)
            for i in 0..<40 {
                var p = Self.products(1)[0]
                p.id = "new-\(i)"
                p.price = 20
                var d = Self.document(p)
                d[values: "rating"] = [.int(Int64(i % 5))]
                try w.add(d)
                products.append(p)
            }
            try w.commit()
            try w.forceMerge()
            try w.close()
        }
        searcher = try Searcher(path: dir.path)
        #expect(try searcher.count("rating:>=3") == 16)
        #expect(try searcher.count("rating:*") == 40)
        #expect(try searcher.count("*") == products.count)
        // Reopened and merged: the columns say the same as before.
        #expect(try searcher.count("price:[10 TO 50]") == products.filter { $0.price >= 10 && $0.price <= 50 }.count)
        #expect(try searcher.count("created:2024-01..2024-03") == products.filter { $0.created >= q1 && $0.created < q2 }.count)
        var newest = SearchOptions(limit: 10)
        newest.sort = [.field("created", descending: true)]
        #expect(try searcher.search("*", options: newest).hits.map { FieldValueDate.ms($0[field: "created"]!) }
            == products.map(\.created).sorted(by: >).prefix(10).map { $0 })
        #expect(throws: LoupeError.self) { try searcher.search("created:2024-13") }
    }

    /// Parses the stored form of a date (ISO 8601 with milliseconds).
    enum FieldValueDate {
        static func ms(_ s: String) -> Int64 {
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return Int64((f.date(from: s)?.timeIntervalSince1970 ?? 0) * 1000)
        }
    }

    /// `SharedSearcher` takes what `Searcher` takes: query values (validated), collectors, async
    /// searches of query values, sorting and facets.
    @Test func aSharedSearcherOffersWhatASearcherDoes() async throws {
        let dir = TempDir()
        let products = Self.products(300)
        let w = try IndexWriter(path: dir.path, schema: Self.schema)
        for p in products { try w.add(Self.document(p)) }
        try w.commit()
        let shared = try SharedSearcher(path: dir.path)
        #expect(throws: LoupeError.self) { try shared.search(Query.boosted(.text("zorb"), 1e30)) }
        let cheap = Query.boolean([.init(.must, .text("zorb")), .init(.filter, .range("price", lower: nil, upper: .init(.double(20))))])
        let expected = products.filter { $0.title.contains("zorb") && $0.price <= 20 }.count
        #expect(try shared.count(cheap) == expected)
        let counter = CountCollector()
        try shared.collect(cheap, into: counter)
        #expect(counter.count == expected)
        var options = SearchOptions(limit: 5)
        options.sort = [.field("price")]
        options.facets = [.terms("tag", top: 3)]
        let results = try await shared.search(cheap, options: options)
        #expect(results.hits.map { Double($0[field: "price"]!)! } == products.filter { $0.title.contains("zorb") && $0.price <= 20 }
            .map(\.price).sorted().prefix(5).map { $0 })
        #expect(results.facets.first?.buckets.count == 3)
    }

    @Test func wordsWithAColonThatNamesNoFieldAreText() throws {
        let dir = TempDir()
        let w = try IndexWriter(path: dir.path, schema: Schema([.keyword("author", fast: true), .text("body")]))
        try w.add(Document(["author": "alice", "body": "TODO: read http://www.debian.org today"]))
        try w.add(Document(["author": "Bob", "body": "sale"]))
        try w.commit()
        let searcher = try Searcher(path: dir.path)
        let r = try searcher.search("TODO: http://www.debian.org")
        #expect(r.hits.count == 1)
        #expect(r.warnings.count == 2)
        #expect(try searcher.count("author:alice") == 1)
        #expect(try searcher.count("author:bob") == 1)
        // The keyword field is not searched by bare words.
        #expect(try searcher.count("alice") == 0)
        #expect(try searcher.count("author:[a TO b]") == 1, "keyword ranges compare bytes: Bob folds to bob")
    }
}
