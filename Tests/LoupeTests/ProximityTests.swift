import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore

/// Hits holding a query's words next to each other, as typed, rank above hits that only hold the
/// words (`ProximityRescorer`).
@Suite struct ProximityTests {
    /// A short page holding the words apart, a longer one holding the sentence, and pages about
    /// other things (so the words are rare).
    func searcher(_ dir: TempDir) throws -> Searcher {
        let w = try IndexWriter(path: dir.path, schema: Schema([.keyword("id"), .text("body")]))
        try w.add(["id": "apart", "body": "lights harbor quiet dawn"])
        try w.add(["id": "sentence", "body": "we watched the quiet harbor lights at dawn from the old pier"])
        for i in 0..<30 { try w.add(["id": "other\(i)", "body": "a page about trains number \(i) and the timetable of the station"]) }
        try w.commit()
        let s = try Searcher(path: dir.path)
        s.queryLanguages = [.english]
        return s
    }

    func ranking(_ s: Searcher, _ q: String, proximity: Bool, explain: Bool = false) throws -> [SearchHit] {
        var o = SearchOptions(limit: 10, explain: explain)
        o.proximity = proximity
        return try s.search(q, options: o).hits
    }

    @Test func aSentenceFindsThePageHoldingItFirst() throws {
        let dir = TempDir()
        let s = try searcher(dir)
        let q = "quiet harbor lights at dawn"
        // By BM25 alone the shorter page wins; the three pairs as typed (`at` between `lights`
        // and `dawn` included) lift the sentence's page above it.
        #expect(try ranking(s, q, proximity: false).map { $0[field: "id"] } == ["apart", "sentence"])
        let hits = try ranking(s, q, proximity: true, explain: true)
        #expect(hits.map { $0[field: "id"] } == ["sentence", "apart"])
        // The pairs are in the explanation of the page holding them, and only there.
        let labels = hits[0].explanation.map(\.term)
        #expect(labels.contains { $0.contains("quiet harbor") })
        #expect(labels.contains { $0.contains("lights at dawn") })
        #expect(!hits[1].explanation.contains { $0.term.contains(" ") })
        #expect(abs(hits[0].explanation.map(\.score).reduce(0, +) - hits[0].score) < 1e-3)
    }

    @Test func phrasesPrefixesAndSingleWordsAreNotRescored() throws {
        let dir = TempDir()
        let s = try searcher(dir)
        for q in ["harbor", "\"quiet harbor\" dawn", "harb* lights", "quiet OR (harbor AND lights)"] {
            let plain = try ranking(s, q, proximity: false).map(\.score)
            let rescored = try ranking(s, q, proximity: true).map(\.score)
            if q.hasPrefix("quiet OR") {
                // `harbor AND lights` is a run of its own: the pair is found in both pages.
                #expect(plain != rescored, "\(q)")
            } else {
                #expect(plain == rescored, "\(q)")
            }
        }
    }

    /// Only the first `window` hits are rescored; the hits after them keep the BM25 order, below.
    @Test func onlyTheTopWindowIsRescored() throws {
        let dir = TempDir()
        let w = try IndexWriter(path: dir.path, schema: Schema([.keyword("id"), .text("body")]))
        for i in 0..<60 { try w.add(["id": "d\(i)", "body": (i % 2 == 0 ? "red apple" : "apple red") + String(repeating: " filler", count: i)]) }
        try w.commit()
        let s = try Searcher(path: dir.path)
        var o = SearchOptions(limit: 60)
        o.proximity = false
        let plain = try s.search("red apple", options: o).hits
        o.proximity = true
        let rescored = try s.search("red apple", options: o).hits
        let window = ProximityRescorer.window
        #expect(Array(rescored[window...].map(\.doc)) == Array(plain[window...].map(\.doc)))
        #expect(Set(rescored[..<window].map(\.doc)) == Set(plain[..<window].map(\.doc)))
        // Within the window, the pages holding `red apple` come first.
        let holding = rescored[..<window].map { $0.doc % 2 == 0 }
        #expect(holding == holding.sorted { $0 && !$1 })
    }
}

@Suite struct ProximityCLITests {
    @Test func noProximityRanksByTheWordsAlone() throws {
        let tmp = TempDir()
        tmp.write("docs/apart.txt", "lights harbor quiet dawn")
        tmp.write("docs/sentence.txt", "we watched the quiet harbor lights at dawn from the old pier")
        for i in 0..<30 { tmp.write("docs/other\(i).txt", "a page about trains number \(i) and the timetable of the station") }
        #expect(try CLI.run(["index", "docs"], cwd: tmp.path).status == 0)
        func first(_ extra: [String]) throws -> String? {
            let r = try CLI.run(["search", "quiet harbor lights at dawn", "--color", "never", "--limit", "2"] + extra, cwd: tmp.path)
            return r.stdout.split(separator: "\n").first.map(String.init)
        }
        #expect(try first([])?.contains("sentence.txt") == true)
        #expect(try first(["--no-proximity"])?.contains("apart.txt") == true)
        #expect(try first(["--no-proximity", "--language", "en"])?.contains("apart.txt") == true)
    }
}
