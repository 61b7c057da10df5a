/// One query word as `TextQuery` binds it (text analyzed to one token, matched in its forms): the
/// `TermQuery.word` that `TextQuery.analyzed` would give, but stemmed when it is bound, only in the
/// languages whose stems it keeps.
///
/// A query is stemmed in every language the index holds, and then a word stemmed in several keeps
/// only the stems of the languages it is written in (`TermQuery.wordLanguages`, from the documents
/// holding it as typed or folded). Binding first learns those languages from the closer rungs, then
/// stems the word in them alone: nothing to drop afterwards, and no stemmer runs for a language
/// whose stem would be dropped. The rule is `TermQuery.weight`'s, so the word binds to the same
/// forms either way:
/// - the word is narrowed only when it would be stemmed in several languages: when the query names
///   its language (`--language`: one query language) or the index holds one stemmed language, no
///   stemmer is chosen among others and its stem stays whatever documents hold the word;
/// - narrowed, it keeps the stems of the query languages it is written in, none when they are all
///   languages without a stemmer (or not query languages): a word written only in German documents
///   gets no English stem;
/// - a word no document of known language holds keeps its stems in every query language.
struct WordQuery: QueryNode {
    /// The word, analyzed.
    let token: Token
    /// The field searched (nil: the default fields).
    let field: String?
    /// A field whose analyzer analyzed the word (that of every field searched; nil: the fallback):
    /// its stemmers and query languages.
    let analyzedBy: Int?

    func weight(in context: SearchContext, boost: Float) throws -> any Weight {
        let analyzer = analyzedBy.map(context.analyzer) ?? context.analyzers.fallback
        var languages = analyzer.queryLanguages
        var stemmed = 0 // query languages with a stemmer, up to 2
        for l in languages where analyzer.stems(l) {
            stemmed += 1
            if stemmed > 1 { break }
        }
        if stemmed > 1 {
            // The closer rungs' terms (`TermQuery.word`): the exact spelling, the folded one plain and marked.
            var closer = [token.term, IndexedTerm.folded(token.term)]
            if let exact = token.exact, exact != token.term { closer.insert(exact, at: 0) }
            let written = try TermQuery.languages(of: closer, field: field, in: context)
            if !written.isEmpty { languages = languages.filter { written.contains($0.code) } }
        }
        return try TermWeight(TermQuery.word(Self.word(token, analyzer: analyzer, languages: languages), field: field),
                              context: context, boost: boost)
    }

    /// The word's forms with its stems in `languages`.
    static func word(_ token: Token, analyzer: Analyzer, languages: [Language]) -> Query.Word {
        let stems = languages.isEmpty ? [] : analyzer.stemForms(of: token, languages: languages)
        var unspelled = Set<String>()
        for s in stems where !s.ownStem { unspelled.insert(s.term) }
        var spellings: [String] = []
        if analyzer.spellsQueries {
            for s in Analyzer.spellings(of: token.exact ?? token.term) {
                if let f = analyzer.foldOnlyCached(s), f != token.term, !spellings.contains(f) { spellings.append(f) }
            }
        }
        return Query.Word(folded: token.term, exact: token.exact, stems: stems.map(\.term), unspelledStems: unspelled,
                          spellings: spellings)
    }
}
