extension Query: QueryNode {
    /// Binds the query's node (`node`) to `context`'s snapshot.
    public func weight(in context: SearchContext, boost: Float) throws -> any Weight {
        try node.weight(in: context, boost: boost)
    }

    /// The query as the objects that run it: the one place the parser's language meets the
    /// `QueryNode`s. A kind of query the language does not have needs no case here: it is searched
    /// as a node (`Searcher.search(_:options:)` takes any `QueryNode`).
    /// - Complexity: O(nodes); recursion bounded by `maxDepth` (checked by the searcher first).
    package var node: any QueryNode {
        switch self {
        case .none:
            return MatchNoneQuery()
        case let .text(text, field, match):
            return TextQuery(text, field: field, match: match)
        case let .word(w, field):
            return TermQuery.word(w, field: field)
        case let .term(t, field):
            return TermQuery(forms: [.init(terms: [t, IndexedTerm.folded(t)], weight: 1, label: t)], field: field, label: t,
                             highlights: [HighlightTerm(field: field, term: t, exact: false)])
        case let .exact(t, field):
            return TermQuery(forms: [.init(terms: [t], weight: 1, label: "=" + t)], field: field, label: "=" + t,
                             highlights: [HighlightTerm(field: field, term: t, exact: true)])
        case let .phrase(terms, field, exact):
            if terms.isEmpty { return MatchNoneQuery() }
            if terms.count == 1 { return (exact ? Query.exact(terms[0], field: field) : .term(terms[0], field: field)).node }
            return PhraseQuery(positions: terms.map { exact ? [$0] : [$0, IndexedTerm.folded($0)] }, field: field,
                               label: (exact ? "=" : "") + "\"" + terms.joined(separator: " ") + "\"",
                               highlights: terms.map { HighlightTerm(field: field, term: $0, exact: exact) })
        case let .prefix(p, field):
            return PrefixQuery(p, field: field)
        case let .fuzzy(t, edits, field):
            return FuzzyQuery(t, maxEdits: edits, field: field)
        case let .boolean(clauses):
            return BooleanQuery(clauses.map { ($0.occur, $0.query.node) })
        case let .boosted(inner, boost):
            return BoostQuery(inner.node, boost: boost)
        case let .range(field, lower, upper):
            return RangeQuery(field: field, lower: lower, upper: upper)
        case let .exists(field):
            return ExistsQuery(field: field)
        case .all:
            return MatchAllQuery()
        }
    }
}
