import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

@Suite struct ExactFirstTests {
    func index(_ dir: MemoryDirectory) throws -> Searcher {
        try buildIndex([
            ("ascii.txt", "", "minister Cavusoglu spoke today"),
            ("exact.txt", "", "minister Çavuşoğlu spoke today"),
            ("cyr-exact.txt", "", "город Москва зимой"),
            ("cyr-latin.txt", "", "city Moskva in winter"),
        ], in: dir)
    }

    @Test func exactSpellingRanksFirstAndAsciiFindsBoth() throws {
        let dir = MemoryDirectory()
        let s = try index(dir)
        let accented = try s.search("Çavuşoğlu").hits
        #expect(accented.map(\.path) == ["exact.txt", "ascii.txt"])
        #expect(accented[0].score > accented[1].score)
        let plain = try s.search("cavusoglu").hits
        #expect(Set(plain.compactMap(\.path)) == ["exact.txt", "ascii.txt"])
        #expect(abs(plain[0].score - plain[1].score) < 1e-4, "an ASCII query does not prefer either spelling")
        #expect(try s.search("Москва").hits.map(\.path) == ["cyr-exact.txt", "cyr-latin.txt"])
        #expect(try s.search("moskva").hits.count == 2)
    }

    @Test func exactModeTurnsFoldingOff() throws {
        let dir = MemoryDirectory()
        let s = try index(dir)
        func paths(_ q: String) throws -> [String] { try s.search(q, options: SearchOptions(exact: true)).hits.compactMap(\.path) }
        #expect(try paths("Çavuşoğlu") == ["exact.txt"])
        #expect(try paths("ÇAVUŞOĞLU") == ["exact.txt"], "case still folds")
        #expect(try paths("cavusoglu") == ["ascii.txt"])
        #expect(try paths("Москва") == ["cyr-exact.txt"])
        #expect(try paths("\"minister Çavuşoğlu\"") == ["exact.txt"])
        #expect(Set(try s.search("\"minister cavusoglu\"").hits.compactMap(\.path)) == ["exact.txt", "ascii.txt"])
    }

    @Test func prefixAndFuzzyReachFoldedForms() throws {
        let dir = MemoryDirectory()
        let s = try index(dir)
        #expect(Set(try s.search("cavus*").hits.compactMap(\.path)) == ["exact.txt", "ascii.txt"])
        #expect(Set(try s.search("moskwa~1").hits.compactMap(\.path)) == ["cyr-exact.txt", "cyr-latin.txt"])
    }

    @Test func explanationAddsUpToTheScore() throws {
        let dir = MemoryDirectory()
        let s = try index(dir)
        let hit = try #require(try s.search("Çavuşoğlu minister", options: SearchOptions(explain: true)).hits.first)
        // One part per word: Çavuşoğlu's shows the rung its occurrence matched.
        #expect(hit.explanation.count == 2)
        #expect(abs(hit.explanation.map(\.score).reduce(0, +) - hit.score) < 1e-3)
        #expect(hit.explanation.contains {
            $0.term == "çavuşoğlu" && $0.field == "body" && $0.tf == 1
                && $0.forms == [ScoreExplanation.Form(form: "=çavuşoğlu", count: 1, weight: TermQuery.exactWeight)]
        })
    }
}

@Suite struct SnippetTests {
    let analyzer = try! Analyzer.standard()

    /// Checks that every highlight cuts exactly `words` out of the snippet and out of the document.
    func check(_ text: String, query: Query, words: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let snippets = try SnippetBuilder(query: query).passages(of: text, count: 1, analyzer: analyzer)
        let s = try #require(snippets.first, sourceLocation: sourceLocation)
        let bytes = Array(s.text.utf8), doc = Array(text.utf8)
        #expect(s.highlights.map { String(decoding: bytes[$0], as: UTF8.self) } == words, sourceLocation: sourceLocation)
        #expect(s.documentHighlights.map { String(decoding: doc[$0], as: UTF8.self) } == words, sourceLocation: sourceLocation)
    }

    @Test func latinFoldedMatchLightsUpTheOriginal() throws {
        try check("Yesterday Mevlüt Çavuşoğlu, the minister, spoke.", query: .boolean([.init(.should, .term("mevlut")), .init(.should, .term("cavusoglu"))]),
                  words: ["Mevlüt", "Çavuşoğlu"])
    }

    @Test func cyrillic() throws {
        try check("Столица России — Москва. Moskva is the Latin spelling.", query: .term("moskva"), words: ["Москва", "Moskva"])
    }

    @Test func cjk() throws {
        try check("人口について。東京都の人口は多い。", query: .term("人口"), words: ["人口", "人口"])
    }

    @Test func bestPassageHoldsTheMostDistinctTerms() throws {
        let filler = String(repeating: "lorem ipsum dolor sit amet ", count: 40)
        let text = "alpha at the start. " + filler + " here alpha and beta together. " + filler + " beta at the end."
        let q = Query.boolean([.init(.should, .term("alpha")), .init(.should, .term("beta"))])
        let s = try #require(try SnippetBuilder(query: q).passages(of: text, count: 1, analyzer: analyzer).first)
        #expect(s.text.contains("alpha and beta together"))
        #expect(s.marked(open: "<", close: ">").contains("<alpha> and <beta>"))
        let two = try SnippetBuilder(query: q).passages(of: text, count: 2, analyzer: analyzer)
        #expect(two.count == 2)
        #expect(two[0].start < two[1].start, "passages come in document order")
    }

    @Test func whiteSpaceRunsCollapseAndOffsetsFollow() throws {
        try check("one\n\n   two\t\tMoskva   three", query: .term("moskva"), words: ["Moskva"])
        let s = try #require(try SnippetBuilder(query: .term("moskva")).passages(of: "one\n\n   two\t\tMoskva   three", count: 1, analyzer: analyzer).first)
        #expect(s.text == "one two Moskva three")
    }

    @Test func noMatchGivesTheStart() throws {
        let s = try #require(try SnippetBuilder(query: .term("zzz")).passages(of: "First words here. More.", count: 1, analyzer: analyzer).first)
        #expect(s.text.hasPrefix("First words here"))
        #expect(s.highlights.isEmpty)
    }

    @Test func storedBodyGivesSnippetsThroughSearch() throws {
        let dir = MemoryDirectory()
        let w = try IndexWriter(directory: dir, schema: Schema([FieldSpec("body")]))
        try w.add(["body": "Погода: в Москва снег"])
        try w.commit()
        let hit = try #require(try Searcher(directory: dir).search("moskva", options: SearchOptions(snippets: 1)).hits.first)
        #expect(hit.snippets.first?.marked(open: "[", close: "]") == "Погода: в [Москва] снег")
    }
}

extension SnippetBuilder {
    /// The builder for a query of folded terms (what these tests highlight with).
    init(query: Query) {
        var terms: [HighlightTerm] = []
        func walk(_ q: Query) {
            switch q {
            case let .term(t, f): terms.append(HighlightTerm(field: f, term: t, exact: false))
            case let .boolean(cs): cs.forEach { walk($0.query) }
            default: break
            }
        }
        walk(query)
        self.init(terms: terms, field: "body")
    }
}
