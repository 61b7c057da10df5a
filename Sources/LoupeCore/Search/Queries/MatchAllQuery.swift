/// Every live document, each scoring `boost` (1 unless boosted): with `BooleanQuery`, "everything
/// except", or a filter's base.
package struct MatchAllQuery: QueryNode {
    /// Every live document.
    package init() {}
    package func weight(in context: SearchContext, boost: Float) throws -> any Weight { MatchAllWeight(boost: boost) }
}

final class MatchAllWeight: CountingWeight {
    let boost: Float
    init(boost: Float) { self.boost = boost }

    func scorer(for segment: SegmentReader) throws -> (any Scorer)? {
        segment.docCount == 0 ? nil : MatchAllScorer(docCount: Int32(segment.docCount), score: boost)
    }

    /// The live documents: no iteration.
    func count(in segment: SegmentReader) throws -> Int { segment.liveCount }
}

/// Every doc id of a segment in order (the collector skips deleted ones), at a constant score.
final class MatchAllScorer: MatchMarking {
    var canMarkMatches: Bool { true }
    func markMatches(into bits: MatchBits) throws { bits.insertAll() }

    private let docCount: Int32
    private let constant: Float
    @exclusivity(unchecked) private(set) var doc: Int32 = -1

    init(docCount: Int32, score: Float) {
        self.docCount = docCount
        constant = score
    }

    func next() throws -> Int32 { doc == PostingsFormat.noMoreDocs ? doc : try advance(to: doc + 1) }
    func advance(to target: Int32) throws -> Int32 {
        doc = target < docCount ? max(target, doc) : PostingsFormat.noMoreDocs
        return doc
    }
    func score() throws -> Float { constant }
    var maxScore: Float { constant }
    var cost: Int { Int(docCount) }

    func explain(into parts: inout [ScoreExplanation]) throws {
        parts.append(ScoreExplanation(field: "", term: "*", tf: 0, length: 0, averageLength: 0, idf: 0, boost: constant, score: constant))
    }
}
