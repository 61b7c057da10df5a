/// Documents holding a term within `maxEdits` (0–2) edits of `word` (a folded form), a transposition
/// counting as one edit (see `FuzzyTermMatcher`), scored as if the matched terms were one (see
/// `ExpansionWeight`), an occurrence weighing 1 / (1 + its distance).
public struct FuzzyQuery: QueryNode {
    /// The word, as a folded form.
    public var word: String
    /// The most edits a matching term may be away (0–2).
    public var maxEdits: Int
    /// The field searched (nil: the default fields).
    public var field: String?

    /// Terms within `maxEdits` of `word` in `field` (nil: the default fields).
    public init(_ word: String, maxEdits: Int, field: String? = nil) {
        self.word = word
        self.maxEdits = maxEdits
        self.field = field
    }

    public func weight(in context: SearchContext, boost: Float) throws -> any Weight {
        guard (0...2).contains(maxEdits) else { throw LoupeError.invalidArgument("a fuzzy query allows 0 to 2 edits, not \(maxEdits)") }
        let matcher = FuzzyTermMatcher(word, maxEdits: maxEdits)
        return try ExpansionWeight(context: context, boost: boost, field: field, label: "\(word)~\(maxEdits)") { seg, f in
            try ExpansionWeight.foldedVocabulary(seg, field: f, analyzer: context.analyzer(f)) { base, start, found in
                try matcher.matches(in: seg.terms, base: base, from: start) { term, info, distance in
                    found(term, info, 1 / Float(1 + distance))
                }
            }
        }
    }
}
