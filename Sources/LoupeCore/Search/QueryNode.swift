/// A kind of query: the extension point of search. `Query` (what the parser makes) lowers into
/// these; a new kind of query is a new type conforming to this protocol, with its `Weight` and
/// `Scorer`, and nothing else to change (`MatchAllQuery` is one).
///
/// The shape is tantivy's `Query → Weight → Scorer`: a node binds itself to a snapshot once per
/// search (`weight(in:boost:)`: statistics, expansions), the weight builds a scorer per segment, and
/// the scorer iterates matches in doc order and scores them.
public protocol QueryNode: Sendable {
    /// Binds the query to `context`'s snapshot; `boost` multiplies every score it gives.
    func weight(in context: SearchContext, boost: Float) throws -> any Weight
}

/// A query bound to one snapshot: its statistics are gathered, its terms expanded.
public protocol Weight: AnyObject {
    /// The matches in `segment` (deleted documents included: the caller skips them), nil when it
    /// can match nothing there.
    func scorer(for segment: SegmentReader) throws -> (any Scorer)?
    /// Reports the terms a hit's text is highlighted with.
    func visitTerms(_ visit: (HighlightTerm) -> Void)
}

/// A weight of Loupe's own that counts its matches in a segment without iterating its scorer
/// (every live document, one term's postings with no deletion).
package protocol CountingWeight: Weight {
    /// Live documents of `segment` it matches.
    func count(in segment: SegmentReader) throws -> Int
}

extension Weight {
    /// Live documents of `segment` it matches: the weight's own count when it has one
    /// (`CountingWeight`), else its scorer's live matches.
    package func matchCount(in segment: SegmentReader) throws -> Int {
        if let counting = self as? any CountingWeight { return try counting.count(in: segment) }
        guard let s = try scorer(for: segment) else { return 0 }
        return try Matching.count(s, in: segment)
    }

    public func visitTerms(_ visit: (HighlightTerm) -> Void) {}

    /// The parts of `doc`'s score in `segment`, from the scorer that scores it.
    package func explain(doc: Int32, in segment: SegmentReader) throws -> [ScoreExplanation] {
        guard let s = try scorer(for: segment), try s.advance(to: doc) == doc else { return [] }
        var out: [ScoreExplanation] = []
        try s.explain(into: &out)
        return out
    }
}

/// A term a hit's text is highlighted with.
public struct HighlightTerm: Hashable, Sendable {
    /// The field it was searched in (nil: every field).
    public var field: String?
    /// The analyzed form: folded (matching every spelling), or exact.
    public var term: String
    /// Whether `term` is an exact form (matches only that spelling).
    public var exact: Bool

    /// A term of `field` (nil: every field) to highlight; `exact`: `term` is an exact form.
    public init(field: String?, term: String, exact: Bool) {
        self.field = field
        self.term = term
        self.exact = exact
    }
}

/// A document-at-a-time iterator over the matches of one query node in one segment, in increasing
/// doc order, with the score of the current document.
public protocol Scorer: AnyObject {
    /// Current doc, -1 before the first `next()`, `PostingsFormat.noMoreDocs` when exhausted.
    var doc: Int32 { get }
    /// Moves to the next doc and returns it (`PostingsFormat.noMoreDocs` when exhausted).
    @discardableResult func next() throws -> Int32
    /// Moves to the first doc ≥ target (never backwards).
    @discardableResult func advance(to target: Int32) throws -> Int32
    /// Score of the current doc.
    func score() throws -> Float
    /// An upper bound of `score()` over every document (for MaxScore pruning); throws when the
    /// postings it is read from are damaged.
    var maxScore: Float { get throws }
    /// About how many documents it matches (doc freqs): a conjunction is driven by its cheapest part.
    var cost: Int { get }
    /// Appends the parts of the current document's score (the default: one opaque part).
    func explain(into parts: inout [ScoreExplanation]) throws
}

extension Scorer {
    public func explain(into parts: inout [ScoreExplanation]) throws {
        parts.append(ScoreExplanation(field: "", term: "\(type(of: self))", tf: 0, length: 0, averageLength: 0, idf: 0,
                                      boost: 1, score: try score()))
    }
}
