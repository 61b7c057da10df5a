import Testing
@_spi(Benchmarks) @testable import LoupeCore

/// Stop words (`StopWords`) left out of a query of several words.
@Suite struct StopWordTests {
    static let docs: [(path: String, title: String, body: String)] = [
        ("a.txt", "", "the design of band pass filters"),
        ("b.txt", "", "filters for water"),
        ("c.txt", "", "to be or not to be"),
        ("d.txt", "", "die casting of metal parts"),
        ("e.txt", "", "the cat sat on the mat"),
    ]

    /// Paths and scores of every hit, best first.
    private func ranked(_ s: Searcher, _ q: String) throws -> [String: Float] {
        Dictionary(uniqueKeysWithValues: try s.search(q, limit: 100).hits.map { ($0.fields["path"]!, $0.score) })
    }

    @Test func aQueryWithStopWordsRanksAsWithout() throws {
        let dir = MemoryDirectory()
        let s = try buildIndex(Self.docs, in: dir)
        s.queryLanguages = [.english]
        let with = try ranked(s, "the design of filters")
        // e.txt holds only `the`: it matched only through the stop word.
        #expect(Set(with.keys) == ["a.txt", "b.txt"])
        #expect(with == (try ranked(s, "design filters")))
        // Case does not matter; a boosted or required stop word is meant and stays.
        #expect(try ranked(s, "The design OF filters") == with)
        #expect(try ranked(s, "+the filters").keys.sorted() == ["a.txt", "e.txt"])
        #expect(try ranked(s, "the^2 filters").keys.sorted() == ["a.txt", "b.txt", "e.txt"])
    }

    @Test func aQueryOfStopWordsOnlyOrAPhraseKeepsThem() throws {
        let dir = MemoryDirectory()
        let s = try buildIndex(Self.docs, in: dir)
        s.queryLanguages = [.english]
        #expect(try ranked(s, "to be or not to be").keys.sorted() == ["c.txt"])
        #expect(try ranked(s, "the").keys.sorted() == ["a.txt", "e.txt"])
        #expect(try ranked(s, "\"the cat\" filters").keys.sorted() == ["a.txt", "b.txt", "e.txt"])
    }

    @Test func aWordIsAStopWordOnlyInTheLanguagesQueriesAreReadIn() throws {
        let dir = MemoryDirectory()
        let s = try buildIndex(Self.docs, in: dir)
        s.queryLanguages = [.english]
        // `die` is an English word: it counts.
        #expect(try ranked(s, "die metal").keys.sorted() == ["d.txt"])
        #expect(try ranked(s, "the metal").keys.sorted() == ["d.txt"])
        s.queryLanguages = [Language(code: "de")!]
        // In German `die` is an article and `the` a word like any other.
        #expect(try ranked(s, "die water").keys.sorted() == ["b.txt"])
        #expect(try ranked(s, "the water").keys.sorted() == ["a.txt", "b.txt", "e.txt"])
        // No language (`--no-stem`): no stop words.
        s.queryLanguages = []
        #expect(try ranked(s, "the water").keys.sorted() == ["a.txt", "b.txt", "e.txt"])
    }
}
