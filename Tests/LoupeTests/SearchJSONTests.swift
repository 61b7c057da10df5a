import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// `SearchHitRecord` / `SearchSummaryRecord`: the JSON a search's hits become.
struct SearchJSONTests {
    @Test func nonFiniteNumbersBecomeNull() throws {
        let hit = SearchHit(doc: 3, score: .infinity, fields: ["path": "a.txt"])
        var explained = hit
        explained.explanation = [ScoreExplanation(field: "body", term: "x", tf: 1, length: 2, averageLength: .nan, idf: 1.5,
                                                  boost: .infinity, score: -.infinity)]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(SearchHitRecord(explained, rank: 4, explain: true)), as: UTF8.self)
        #expect(json.contains("\"score\":null"), "\(json)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(obj["rank"] as? Int == 4 && obj["path"] as? String == "a.txt" && obj["type"] as? String == "hit")
        #expect(obj["title"] as? String == "", "no title stored, none given")
        let part = try #require((obj["explanation"] as? [[String: Any]])?.first)
        #expect(part["boost"] is NSNull && part["score"] is NSNull && part["averageLength"] is NSNull)
        #expect((part["idf"] as? Double) == 1.5 && part["term"] as? String == "x")
        // Without --explain the key is absent; a finite score is a number.
        let plain = try JSONSerialization.jsonObject(with: try encoder.encode(
            SearchHitRecord(SearchHit(doc: 0, score: 2.5, fields: ["title": "T"]), rank: 1))) as? [String: Any]
        #expect(plain?["explanation"] == nil && plain?["score"] as? Double == 2.5 && plain?["title"] as? String == "T")
    }

    @Test func recordsCarryHitsSnippetsAndTheSummary() throws {
        let dir = MemoryDirectory()
        let writer = try IndexWriter(directory: dir, schema: Schema([FieldSpec("path", isPath: true), FieldSpec("title"), FieldSpec("body")]))
        try writer.add(["path": "a.txt", "title": "Moscow", "body": "Москва is big"])
        try writer.add(["path": "b.txt", "title": "Other", "body": "nothing here"])
        try writer.commit()
        let searcher = try Searcher(directory: dir)
        let results = try searcher.search("moskva", options: SearchOptions(limit: 5, snippets: 1))
        let record = SearchHitRecord(try #require(results.hits.first), rank: 1)
        #expect(record.path == "a.txt" && record.title == "Moscow")
        let passage = try #require(record.snippets.first)
        let bytes = Array(passage.text.utf8)
        let h = try #require(passage.highlights.first)
        #expect(String(decoding: bytes[h[0]..<h[1]], as: UTF8.self) == "Москва")
        let summary = SearchSummaryRecord(results, offset: 0, milliseconds: 1.5)
        #expect(summary.total == 1 && summary.returned == 1 && summary.exact && summary.type == "summary")
        let back = try JSONDecoder().decode(SearchSummaryRecord.self, from: JSONEncoder().encode(summary))
        #expect(back == summary)
    }
}
