/// Matches nothing (an empty query, or words that analysis drops entirely).
package struct MatchNoneQuery: QueryNode {
    /// No document.
    package init() {}
    package func weight(in context: SearchContext, boost: Float) throws -> any Weight { MatchNoneWeight() }
}

final class MatchNoneWeight: CountingWeight {
    func scorer(for segment: SegmentReader) throws -> (any Scorer)? { nil }
    func count(in segment: SegmentReader) throws -> Int { 0 }
}
