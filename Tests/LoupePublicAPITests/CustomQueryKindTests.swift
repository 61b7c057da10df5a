import Foundation
import Loupe
import LoupeTestSupport
import Testing

/// A kind of query the library does not have, written outside it with the public protocols only
/// (`QueryNode` → `Weight` → `Scorer`): every match of an inner query scores a constant (Lucene's
/// `ConstantScoreQuery`, what a filter needs). That it binds, searches, counts, explains and
/// highlights without touching the library is the point of the test.
struct ConstantScoreQuery: QueryNode {
    let inner: any QueryNode
    let score: Float

    func weight(in context: SearchContext, boost: Float) throws -> any Weight {
        ConstantScoreWeight(inner: try inner.weight(in: context, boost: 1), score: score * boost)
    }
}

final class ConstantScoreWeight: Weight {
    let inner: any Weight
    let score: Float

    init(inner: any Weight, score: Float) {
        self.inner = inner
        self.score = score
    }

    func scorer(for segment: SegmentReader) throws -> (any Scorer)? {
        try inner.scorer(for: segment).map { ConstantScorer(inner: $0, constant: score) }
    }

    func visitTerms(_ visit: (HighlightTerm) -> Void) { inner.visitTerms(visit) }
}

final class ConstantScorer: Scorer {
    let inner: any Scorer
    let constant: Float

    init(inner: any Scorer, constant: Float) {
        self.inner = inner
        self.constant = constant
    }

    var doc: Int32 { inner.doc }
    func next() throws -> Int32 { try inner.next() }
    func advance(to target: Int32) throws -> Int32 { try inner.advance(to: target) }
    func score() throws -> Float { constant }
    var maxScore: Float { constant }
    var cost: Int { inner.cost }

    func explain(into parts: inout [ScoreExplanation]) throws {
        parts.append(ScoreExplanation(field: "", term: "constant", score: constant))
    }
}

@Suite struct CustomQueryKindTests {
    @Test func aQueryKindWrittenOutsideTheLibrarySearchesCountsExplainsAndHighlights() throws {
        let dir = TempDir()
        let schema = Schema([.keyword("name", caseSensitive: true), .text("notes")])
        let w = try IndexWriter(path: dir.path, schema: schema)
        try w.add(["name": "one", "notes": "incirlik"])
        try w.add(["name": "many", "notes": "Incirlik, Incirlik and Incirlik again near Adana"])
        try w.add(["name": "none", "notes": "Adana only"])
        try w.commit()
        let searcher = try SharedSearcher(path: dir.path)
        let inner = Query.text("incirlik")
        let plain = try searcher.search(inner, options: SearchOptions(limit: 10))
        // BM25 tells the two matches apart; the constant query must not.
        #expect(Set(plain.hits.map(\.score)).count == 2)

        let query = BoostQuery(ConstantScoreQuery(inner: inner, score: 2), boost: 1.5)
        let results = try searcher.search(query, options: SearchOptions(limit: 10, snippets: 1, explain: true))
        #expect(results.totalHits == 2)
        #expect(Set(results.hits.compactMap { $0[field: "name"] }) == ["one", "many"])
        #expect(results.hits.allSatisfy { $0.score == 3 })
        #expect(results.hits.allSatisfy { $0.explanation.map(\.score) == [3] })
        // Highlights come from the inner query's terms, through the weight's visitor.
        let many = try #require(results.hits.first { $0[field: "name"] == "many" })
        #expect(many.snippets.first?.marked(open: "[", close: "]").contains("[Incirlik]") == true)
        #expect(try searcher.count(ConstantScoreQuery(inner: inner, score: 1)) == 2)
        // Composes with the library's own kinds.
        let notMany = BooleanQuery([(.must, ConstantScoreQuery(inner: Query.all, score: 1)),
                                    (.mustNot, Query.term("many", field: "name"))])
        #expect(Set(try searcher.search(notMany, options: SearchOptions(limit: 10)).hits.compactMap { $0[field: "name"] }) == ["one", "none"])
    }
}
