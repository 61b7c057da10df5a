/// Clauses combined Lucene-style: every `must` and `filter` clause matches (a filter adds nothing to
/// the score), no `mustNot` clause matches, and
/// `should` clauses add to the score (and, when there is no `must`, at least one of them matches).
public struct BooleanQuery: QueryNode {
    /// The clauses, each with how it takes part.
    package var clauses: [(occur: Query.Occur, query: any QueryNode)]

    /// A query of `clauses`.
    public init(_ clauses: [(occur: Query.Occur, query: any QueryNode)]) { self.clauses = clauses }

    public func weight(in context: SearchContext, boost: Float) throws -> any Weight {
        let kept = try withoutStopWords(in: context)
        return try context.nested {
            BooleanWeight(clauses: try kept.map { ($0.occur, try $0.query.weight(in: context, boost: boost)) })
        }
    }

    /// The clauses less the optional words that are stop words (`TextQuery.isStopWord`), when a
    /// required or optional clause of another kind remains: `the design of filters` is searched as
    /// `design filters`, `to be or not to be` as it is. A filter does not count: `before ext:pdf`
    /// searches `before` among the PDFs, not every PDF.
    func withoutStopWords(in context: SearchContext) throws -> [(occur: Query.Occur, query: any QueryNode)] {
        guard clauses.count > 1 else { return clauses }
        var stop = [Bool](repeating: false, count: clauses.count)
        var others = false
        for (i, c) in clauses.enumerated() where c.occur != .mustNot && c.occur != .filter {
            if c.occur == .should, let t = c.query as? TextQuery, try t.isStopWord(in: context) { stop[i] = true } else { others = true }
        }
        guard others, stop.contains(true) else { return clauses }
        return clauses.indices.filter { !stop[$0] }.map { clauses[$0] }
    }
}

final class BooleanWeight: Weight {
    private let clauses: [(occur: Query.Occur, weight: any Weight)]

    init(clauses: [(occur: Query.Occur, weight: any Weight)]) { self.clauses = clauses }

    func scorer(for segment: SegmentReader) throws -> (any Scorer)? {
        var must: [Scorer] = [], should: [Scorer] = [], mustNot: [Scorer] = [], filters: [Scorer] = []
        // Filters read from a column: checked on the other clauses' candidates (`FilteredScorer`).
        var checks: [CheckingScorer] = []
        for c in clauses {
            let s = try c.weight.scorer(for: segment)
            switch c.occur {
            case .must:
                guard let s else { return nil } // a required clause with no match: nothing matches
                must.append(s)
            case .should: if let s { should.append(s) }
            case .mustNot: if let s { mustNot.append(s) }
            case .filter:
                guard let s else { return nil }
                if let check = s as? CheckingScorer { checks.append(check) } else { filters.append(ConstantScorer(s, score: 0)) }
            }
        }
        let hasMust = clauses.contains { $0.occur == .must }
        var main: Scorer
        if !must.isEmpty {
            main = Scorers.and(must)
            if !should.isEmpty { main = ReqOptScorer(required: main, optional: Scorers.or(should)) }
        } else if !hasMust && !should.isEmpty {
            main = Scorers.or(should)
        } else if !(filters.isEmpty && checks.isEmpty) && !clauses.contains(where: { $0.occur == .should }) {
            // Only checks: the first one runs through the segment.
            if filters.isEmpty { filters = [ConstantScorer(checks.removeFirst(), score: 0)] }
            main = Scorers.and(filters)
            filters = []
        } else {
            return nil
        }
        // Filters restrict what the rest matches; unlike `must`, they leave `should` clauses required
        // when there is no `must` (`budget ext:pdf` needs budget).
        if !filters.isEmpty { main = Scorers.and([main] + filters) }
        if !checks.isEmpty { main = FilteredScorer(main, checks: checks) }
        if !mustNot.isEmpty {
            main = ExclusionScorer(required: main, excluded: Scorers.or(mustNot))
        }
        return main
    }

    func visitTerms(_ visit: (HighlightTerm) -> Void) {
        for c in clauses where c.occur != .mustNot && c.occur != .filter { c.weight.visitTerms(visit) }
    }
}
