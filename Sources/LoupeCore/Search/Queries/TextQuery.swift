/// Text as typed (`Query.text`), analyzed when it is bound: once per analyzer among the fields it
/// searches, so a field analyzed by `simple` and one by `standard` each get their own terms. In the
/// analysis of a field, one token is a word in its forms (`TermQuery.word`), several tokens a phrase
/// (`e-mail`, `東京都`), and none matches nothing there.
///
/// When every field searched has the same analyzer (the usual case), the node binds exactly as the
/// analyzed query would; otherwise it is a disjunction of one such query per analyzer, each bound
/// to that analyzer's fields only (with their schema boosts). A path field sees the text as its
/// values are indexed, cut at `/ \ . _ -` (`FieldSpec.analyzable`): `README.Debian` is the phrase
/// `readme debian` there (a file's name finds the file) and stays one word in the other fields;
/// such a path field is a group of its own.
package struct TextQuery: QueryNode {
    /// The words as typed.
    package var text: String
    /// The field searched (nil: the default fields, each with its boost).
    package var field: String?
    /// How the analyzed words match.
    package var match: Query.TextMatch

    /// `text` to search in `field` (nil: the default fields), matched as `match` says.
    package init(_ text: String, field: String? = nil, match: Query.TextMatch = .words) {
        self.text = text
        self.field = field
        self.match = match
    }

    package func weight(in context: SearchContext, boost: Float) throws -> any Weight {
        // A keyword, number, date or bool field matches values, not words.
        if let field, let f = context.reader.schema.number(of: field), context.reader.schema.fields[f].type != .text {
            return try ValueQuery(text: text, field: f, match: match).weight(in: context, boost: boost)
        }
        // The fields searched, grouped by analyzer name, in field order.
        var groups: [(analyzer: String, fields: [Int])] = []
        for (f, _) in try context.fields(field) {
            let name = context.analyzers.names[f] + (text(in: f, context) == text ? "" : "\u{0}path")
            if let i = groups.firstIndex(where: { $0.analyzer == name }) { groups[i].fields.append(f) } else { groups.append((name, [f])) }
        }
        guard groups.count > 1 else {
            return try node(groups.first?.fields[0], context).weight(in: context, boost: boost)
        }
        let parts: [(occur: Query.Occur, query: any QueryNode)] = try groups.map { group in
            (.should, FieldGroupQuery(inner: try node(group.fields[0], context), fields: group.fields))
        }
        return try BooleanQuery(parts).weight(in: context, boost: boost)
    }

    /// What the text is in the fields analyzed as field number `f` is (nil: by the fallback
    /// analyzer): `analyzed`, but a word in its forms is a `WordQuery`, stemmed when bound in the
    /// languages it keeps stems in (the same forms).
    private func node(_ f: Int?, _ context: SearchContext) throws -> any QueryNode {
        let analyzer = f.map(context.analyzer) ?? context.analyzers.fallback
        let text = f.map { self.text(in: $0, context) } ?? text
        guard match == .words else { return try Self.analyzed(text, field: field, match: match, analyzer: analyzer).node }
        let tokens = try analyzer.tokens(text)
        if tokens.count == 1 {
            let word = WordQuery(token: tokens[0], field: field, analyzedBy: f)
            // A Katakana word is also looked for in Hiragana, which the word breaker may cut in
            // characters (`ヒラガナ` finds `ひらがな`, split into four words): then as their phrase.
            // The phrase weighs as one folded form of the word, not as the sum of its characters.
            if analyzer.spellsQueries, let kana = Analyzer.hiragana(of: tokens[0].exact ?? tokens[0].term) {
                let parts = try analyzer.tokens(kana)
                if parts.count > 1 {
                    let phrase = Self.analyzed(parts, field: field, exact: false, analyzer: analyzer).node
                    return BooleanQuery([(.should, word), (.should, BoostQuery(phrase, boost: TermQuery.foldedWeight / Float(parts.count)))])
                }
            }
            return word
        }
        // A word typed in Hiragana is also looked for in Katakana (`ひらがな` finds `ヒラガナ`), as a
        // folded form.
        if analyzer.spellsQueries, let kana = Analyzer.katakana(ofHiragana: text) {
            let katakana = try analyzer.tokens(kana)
            if katakana.count == 1 {
                let phrase = Self.analyzed(tokens, field: field, exact: false, analyzer: analyzer).node
                let word = WordQuery(token: katakana[0], field: field, analyzedBy: f)
                return BooleanQuery([(.should, phrase), (.should, BoostQuery(word, boost: TermQuery.foldedWeight))])
            }
        }
        let phrase = Self.analyzed(tokens, field: field, exact: false, analyzer: analyzer).node
        // Hyphenated words (`e-mail`): their parts written together are indexed as a form of the
        // last part (`WordJoins`), so the query finds `email` too, as `email` finds `e-mail`.
        if tokens.count > 1, let last = tokens.last, last.alternates.contains(tokens.map(\.term).joined()) {
            let joined = try analyzer.tokens(tokens.map { $0.exact ?? $0.term }.joined())
            if joined.count == 1 {
                return BooleanQuery([(.should, phrase), (.should, WordQuery(token: joined[0], field: field, analyzedBy: f))])
            }
        }
        return phrase
    }

    /// The text as field `f` analyzes it: a path field's words (matched in their forms or exactly)
    /// cut where its values are.
    private func text(in f: Int, _ context: SearchContext) -> String {
        switch match {
        case .words, .exact:
            let spec = context.reader.schema.fields[f]
            return spec.isPath ? spec.analyzable(text) : text
        default: return text
        }
    }

    /// Whether the text is one word (as typed) that is a stop word (`StopWords`) in the languages
    /// queries are read in, for the analyzer of every field it searches. Only words matched in their
    /// forms (`.words`): an exact, prefix or fuzzy word is meant as typed.
    func isStopWord(in context: SearchContext) throws -> Bool {
        guard match == .words, let word = StopWords.candidate(text) else { return false }
        let fields = try context.fields(field)
        return !fields.isEmpty && fields.allSatisfy { StopWords.contains(word, languages: context.analyzer($0.number).stopWordLanguages) }
    }

    /// `text` analyzed by `analyzer`: the query it is in the fields that analyzer analyzes.
    /// Words: one token in all its forms (its stems in `analyzer.queryLanguages`, of which it keeps,
    /// once bound, those of the languages it is written in: see `WordQuery`); several, a
    /// phrase of the folded terms, plus (when the exact forms differ) the exact phrase as an optional
    /// clause, so exact spellings rank first. Exact: the exact forms only. Prefix and fuzzy: the
    /// folded form of the word.
    package static func analyzed(_ text: String, field: String?, match: Query.TextMatch, analyzer: Analyzer) throws -> Query {
        switch match {
        case .prefix:
            guard let t = analyzer.fold(text) else { return .none }
            return .prefix(t.term, field: field)
        case let .fuzzy(edits):
            guard let t = analyzer.fold(text) else { return .none }
            return .fuzzy(t.term, maxEdits: edits, field: field)
        case .words, .exact:
            return analyzed(try analyzer.tokens(text), field: field, exact: match == .exact, analyzer: analyzer)
        }
    }

    /// `analyzed` of the text's tokens, matched in their forms or `exact`ly.
    static func analyzed(_ tokens: [Token], field: String?, exact exactMode: Bool, analyzer: Analyzer) -> Query {
        if tokens.isEmpty { return .none }
        let exacts = tokens.map { $0.exact ?? $0.term }
        if tokens.count == 1 {
            if exactMode { return .exact(exacts[0], field: field) }
            // The word's stems in every language the index holds (`Analyzer.stemTerms`): its last rung.
            return .word(WordQuery.word(tokens[0], analyzer: analyzer, languages: analyzer.queryLanguages), field: field)
        }
        if exactMode { return .phrase(exacts, field: field, exact: true) }
        let folded = Query.phrase(tokens.map(\.term), field: field)
        guard tokens.contains(where: { $0.exact != nil }) else { return folded }
        return .boolean([Query.Clause(.must, folded), Query.Clause(.should, .phrase(exacts, field: field, exact: true))])
    }
}

/// A query naming no field bound to some fields only (one analyzer's, for `TextQuery`): the terms
/// it highlights in every field are highlighted in those fields only.
struct FieldGroupQuery: QueryNode {
    let inner: any QueryNode
    let fields: [Int]

    func weight(in context: SearchContext, boost: Float) throws -> any Weight {
        let weight = try context.restricted(to: fields) { try inner.weight(in: context, boost: boost) }
        return FieldGroupWeight(inner: weight, fieldNames: fields.map(context.fieldName))
    }
}

final class FieldGroupWeight: CountingWeight {
    private let inner: any Weight
    private let fieldNames: [String]

    init(inner: any Weight, fieldNames: [String]) {
        self.inner = inner
        self.fieldNames = fieldNames
    }

    func scorer(for segment: SegmentReader) throws -> (any Scorer)? { try inner.scorer(for: segment) }

    func count(in segment: SegmentReader) throws -> Int { try inner.matchCount(in: segment) }

    func visitTerms(_ visit: (HighlightTerm) -> Void) {
        inner.visitTerms { t in
            guard t.field == nil else { return visit(t) }
            for name in fieldNames { visit(HighlightTerm(field: name, term: t.term, exact: t.exact)) }
        }
    }
}
