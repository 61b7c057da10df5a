import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// What every search of a snapshot computes alike is made once per snapshot (`IndexReader.memo`),
/// not once per `Searcher`: a `SharedSearcher` makes a searcher per search.
@Suite struct SnapshotMemoTests {
    @Test func searchersOfOneSnapshotShareItsLanguagesAndLengthTables() throws {
        let dir = MemoryDirectory()
        let searcher = try buildLanguageIndex([("a.txt", "der Hund läuft schnell", "de"), ("b.txt", "the dog runs fast", "en")], in: dir)
        let reader = searcher.reader
        #expect(searcher.queryLanguages.map(\.code) == ["de", "en"])
        // Made by the first searcher: a second one, and the memo itself, do not make them again.
        let again = try Searcher(reader: reader)
        #expect(again.queryLanguages == searcher.queryLanguages)
        let kept = reader.memo.languages(minimumShare: 0) {
            Issue.record("the languages were made again")
            return []
        }
        #expect(kept.map(\.code) == ["de", "en"])
        _ = again.context(SearchOptions())
        let tables = reader.memo.lengthTables(k1: again.bm25.k1, b: again.bm25.b) {
            Issue.record("the length tables were made again")
            return [:]
        }
        #expect(tables.keys.sorted() == reader.schema.indexedFields.sorted())
        // Other BM25 parameters get their own tables.
        var other = BM25()
        other.b = 0.75
        var made = 0
        _ = reader.memo.lengthTables(k1: other.k1, b: other.b) { made += 1; return [:] }
        _ = reader.memo.lengthTables(k1: other.k1, b: other.b) { made += 1; return [:] }
        #expect(made == 1)
        // A new snapshot has its own memo.
        #expect(try IndexReader(directory: dir).memo !== reader.memo)
    }
}
