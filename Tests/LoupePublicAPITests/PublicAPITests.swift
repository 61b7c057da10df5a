import Foundation
import Loupe
import LoupeTestSupport
import Testing

/// What an app embedding Loupe does, through the public API only (no `@testable`): its own schema
/// (a text field not called `body`), snippets, explanations, counts, a shared searcher refreshed
/// after commits and searched by many tasks while a writer commits.
@Suite struct PublicAPITests {
    static let schema = Schema([.keyword("name", caseSensitive: true), FieldSpec("year", type: .text, indexed: false), .text("heading", boost: 2),
                                .text("text")])

    func build(_ dir: TempDir) throws {
        let w = try IndexWriter(path: dir.path, schema: Self.schema)
        try w.add(["name": "moscow", "year": "1147", "heading": "Moscow", "text": "Москва — столица России. Зимой в Москве холодно."])
        try w.add(["name": "ankara", "heading": "Ankara", "text": "Mevlüt Çavuşoğlu spoke in Ankara about Incirlik."])
        try w.add(["name": "notes", "heading": "Notes", "text": "Cavusoglu visited Incirlik; Incirlik again."])
        try w.commit()
    }

    @Test func aFieldAnalyzedByItsOwnAnalyzer() throws {
        let dir = TempDir()
        let schema = Schema([.keyword("name", caseSensitive: true), .text("text"), .text("tag", analyzer: "simple")])
        let w = try IndexWriter(path: dir.path, schema: schema)
        try w.add(["name": "a", "text": "Çavuşoğlu", "tag": "other"])
        try w.add(["name": "b", "text": "other", "tag": "Çavuşoğlu"])
        try w.commit()
        let searcher = try SharedSearcher(path: dir.path)
        #expect(searcher.reader.schema == schema, "the commit keeps each field's analyzer")
        // `simple` does not transliterate: the ASCII spelling finds the standard field only.
        #expect(try searcher.search("cavusoglu").hits.map { $0[field: "name"] } == ["a"])
        #expect(try searcher.search("çavuşoğlu").hits.compactMap { $0[field: "name"] }.sorted() == ["a", "b"])
        #expect(throws: LoupeError.self) { try IndexWriter(path: dir.path + "-x", schema: Schema([.text("t", analyzer: "none")])) }
    }

    @Test func searchWithSnippetsExplanationsAndCounts() throws {
        let dir = TempDir()
        try build(dir)
        let searcher = try SharedSearcher(path: dir.path)
        let results = try searcher.search("moskva", options: SearchOptions(limit: 5, snippets: 1, explain: true))
        let hit = try #require(results.hits.first)
        #expect(hit[field: "name"] == "moscow")
        #expect(hit[field: "year"] == "1147" && hit[field: "heading"] == "Moscow")
        #expect(hit.snippets.first?.marked(open: "[", close: "]").contains("[Москва]") == true)
        #expect(!hit.explanation.isEmpty)
        #expect(abs(hit.explanation.map(\.score).reduce(0, +) - hit.score) < 1e-3)
        #expect(try searcher.count("incirlik") == 2)
        #expect(try searcher.search(Query.exact("ankara", field: "name"), options: SearchOptions(limit: 0)).totalHits == 1)
        // Query objects: everything but one name.
        let others = BooleanQuery([(.must, Query.all), (.mustNot, Query.term("moscow", field: "name"))])
        #expect(try searcher.search(others, options: SearchOptions(limit: 10)).totalHits == 2)
    }

    @Test func refreshSeesANewCommitAndOldSnapshotsStayValid() throws {
        let dir = TempDir()
        try build(dir)
        let searcher = try SharedSearcher(path: dir.path)
        let old = searcher.reader
        let w = try IndexWriter(path: dir.path, schema: Self.schema)
        try w.add(["name": "tokyo", "heading": "Tokyo", "text": "Tokyo in winter"])
        try w.commit()
        #expect(try searcher.count("tokyo") == 0, "the handle stays on its snapshot until refreshed")
        #expect(try searcher.reopenIfChanged())
        #expect(try searcher.count("tokyo") == 1)
        #expect(try !searcher.reopenIfChanged())
        #expect(old.documentCount == 3, "an older snapshot stays readable")
    }

    @Test func timeLimitAndCancellation() async throws {
        let dir = TempDir()
        try build(dir)
        let searcher = try SharedSearcher(path: dir.path)
        var options = SearchOptions()
        options.timeLimit = 0
        #expect(throws: SearchInterrupted.timeLimit) { try searcher.search("incirlik", options: options) }
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await searcher.search("incirlik")
        }
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    /// Eight tasks search while a writer commits: no search fails, each sees a whole commit.
    @Test func eightTasksSearchWhileAWriterCommits() async throws {
        let dir = TempDir()
        try build(dir)
        let searcher = try SharedSearcher(path: dir.path)
        let path = dir.path
        let writer = Task.detached {
            let w = try IndexWriter(path: path, schema: Self.schema)
            for i in 0..<15 {
                for j in 0..<4 { try w.add(["name": "n\(i)-\(j)", "heading": "batch \(i)", "text": "common words of batch \(i)"]) }
                try w.commit()
            }
        }
        try await withThrowingTaskGroup(of: Int.self) { group in
            for t in 0..<8 {
                group.addTask {
                    var searches = 0
                    var options = SearchOptions(limit: 3)
                    options.pruning = false // exact totals
                    for i in 0..<25 {
                        if i % 5 == t % 5 { try searcher.reopenIfChanged() }
                        let r = try await searcher.search("common", options: options)
                        // A snapshot holds whole batches of 4 documents.
                        #expect(r.totalHits % 4 == 0)
                        searches += 1
                    }
                    return searches
                }
            }
            var total = 0
            for try await n in group { total += n }
            #expect(total == 8 * 25)
        }
        try await writer.value
        try searcher.reopenIfChanged()
        #expect(try searcher.count("common") == 60)
    }

    /// An index an app keeps in memory: written, searched, refreshed after a second commit, locked
    /// to one writer, and gone with its directory.
    @Test func anIndexInMemory() throws {
        let memory = MemoryDirectory()
        let w = try IndexWriter(directory: memory, schema: Self.schema)
        try w.add(["name": "moscow", "heading": "Moscow", "text": "Москва — столица России."])
        try w.commit()
        let shared = try SharedSearcher(directory: memory)
        #expect(try shared.search("москва").hits.map { $0.fields["name"] } == ["moscow"])
        #expect(throws: LoupeError.self) { _ = try IndexWriter(directory: memory, schema: Self.schema) }
        try w.add(["name": "ankara", "heading": "Ankara", "text": "Ankara is the capital of Türkiye."])
        try w.commit()
        #expect(try shared.reopenIfChanged())
        #expect(try shared.count("capital") == 1)
        #expect(try Searcher(directory: memory).count("ankara OR moscow") == 2)
        #expect(try IndexReader(directory: memory).documentCount == 2)
        try w.close()
        let w2 = try IndexWriter(directory: memory, schema: Self.schema) // the lock is released by close
        #expect(try w2.deleteDocuments(field: "name", value: "moscow") == 1)
        try w2.commit()
        #expect(try Searcher(directory: memory).count("ankara OR moscow") == 1)
        #expect {
            _ = try Searcher(directory: MemoryDirectory())
        } throws: { error in
            guard case LoupeError.noIndex = error else { return false }
            return true
        }
    }
}
