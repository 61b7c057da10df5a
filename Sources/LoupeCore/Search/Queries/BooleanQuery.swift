/// Clauses combined Lucene-style: every `must` clause matches, no `mustNot` clause matches, and
/// `should` clauses add to the score (and, when there is no `must`, at least one of them matches).
public struct BooleanQuery: QueryNode {
    /// The clauses, each with how it takes part.
    public var clauses: [(occur: Query.Occur, query: any QueryNode)]

    /// A query of `clauses`.
    public init(_ clauses: [(occur: Query.Occur, query: any QueryNode)]) { self.clauses = clauses }

    public func weight(in context: SearchContext, boost: Float) throws -> any Weight {
        try context.nested {
            BooleanWeight(clauses: try clauses.map { ($0.occur, try $0.query.weight(in: context, boost: boost)) })
        }
    }
}

final class BooleanWeight: Weight {
    private let clauses: [(occur: Query.Occur, weight: any Weight)]

    init(clauses: [(occur: Query.Occur, weight: any Weight)]) { self.clauses = clauses }

    func scorer(for segment: SegmentReader) throws -> (any Scorer)? {
        var must: [Scorer] = [], should: [Scorer] = [], mustNot: [Scorer] = []
        for c in clauses {
            let s = try c.weight.scorer(for: segment)
            switch c.occur {
            case .must:
                guard let s else { return nil } // a required clause with no match: nothing matches
                must.append(s)
            case .should: if let s { should.append(s) }
            case .mustNot: if let s { mustNot.append(s) }
            }
        }
        let hasMust = clauses.contains { $0.occur == .must }
        var main: Scorer
        if !must.isEmpty {
            main = Scorers.and(must)
            if !should.isEmpty { main = ReqOptScorer(required: main, optional: Scorers.or(should)) }
        } else if !hasMust && !should.isEmpty {
            main = Scorers.or(should)
        } else {
            return nil
        }
        if !mustNot.isEmpty {
            main = ExclusionScorer(required: main, excluded: Scorers.or(mustNot))
        }
        return main
    }

    func visitTerms(_ visit: (HighlightTerm) -> Void) {
        for c in clauses where c.occur != .mustNot { c.weight.visitTerms(visit) }
    }
}
