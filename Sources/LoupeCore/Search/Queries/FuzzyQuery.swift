/// Documents holding a term within `maxEdits` (0–2) edits of `word` (a folded form), a transposition
/// counting as one edit (see `FuzzyTermMatcher`), scored as if the matched terms were one (see
/// `ExpansionWeight`), an occurrence weighing 1 / (1 + its distance).
package struct FuzzyQuery: QueryNode {
    /// The word, as a folded form.
    package var word: String
    /// The most edits a matching term may be away (0–2).
    package var maxEdits: Int
    /// The field searched (nil: the default fields).
    package var field: String?

    /// Terms within `maxEdits` of `word` in `field` (nil: the default fields).
    package init(_ word: String, maxEdits: Int, field: String? = nil) {
        self.word = word
        self.maxEdits = maxEdits
        self.field = field
    }

    package func weight(in context: SearchContext, boost: Float) throws -> any Weight {
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
