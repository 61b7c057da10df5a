/// The forms a word is indexed and searched in, beyond its exact and folded spellings: what the
/// token filters add (`TokenFilter`; the standard ones are `ApostropheFilter`, `WordPartsFilter`,
/// `SpellingFilter`, `ReadingFilter`, `BigramFilter`, `StemFilter`), and the query side of them:
/// `queryForms` adds a query word's stems in every language asked for.
extension Analyzer {
    /// A step of the ranking ladder: how a dictionary term relates to the word typed.
    package enum Rung: Int, Sendable, Comparable {
        /// The exact (case-folded) spelling.
        case exact
        /// A folded spelling (transliterated, without diacritics) or a word inside the token.
        case folded
        /// A Snowball stem.
        case stemmed

        package static func < (a: Rung, b: Rung) -> Bool { a.rawValue < b.rawValue }
    }

    /// The dictionary terms (as `IndexedTerm` keys) a query word matches, each with its rung: the
    /// exact form; the folded form (plain and marked); the stems of the word in each of `languages`
    /// (marked, and the plain and folded terms equal to a stem, since a stem equal to its word is not
    /// indexed separately). Deduplicated, best rung first. Empty when analysis drops the word.
    /// `word` is one token's text (the first token is taken when it splits).
    package func queryForms(_ word: String, languages: [Language]) throws -> [(term: String, rung: Rung)] {
        guard let token = try tokens(word).first else { return [] }
        return queryForms(of: token, languages: languages)
    }

    /// `queryForms` of an analyzed query token.
    package func queryForms(of token: Token, languages: [Language]) -> [(term: String, rung: Rung)] {
        var out: [(term: String, rung: Rung)] = []
        var seen = Set<String>()
        func add(_ t: String, _ r: Rung) { if seen.insert(t).inserted { out.append((t, r)) } }
        add(token.exact ?? token.term, .exact)
        add(token.term, .folded)
        add(IndexedTerm.folded(token.term), .folded)
        for s in stemTerms(of: token, languages: languages) {
            for v in IndexedTerm.variants(of: s) { add(v, .stemmed) }
        }
        return out
    }

    /// The stem terms (`IndexedTerm.stemmed`) of a query token in each of `languages` that is
    /// stemmed, in their order. A stem equal to the folded form is one too: documents holding other
    /// forms of the word hold it behind the stem marker.
    package func stemTerms(of token: Token, languages: [Language]) -> [String] {
        stemForms(of: token, languages: languages).map(\.term)
    }

    /// `stemTerms`, each with whether a word spelled as the stem is its own stem in that language:
    /// a document indexes such a word with no stem term, so its bare spelling stands for the stem;
    /// otherwise a word spelled so has a stem of its own and is another word (French `corrigee`,
    /// typed without accents, stems to `corrige`; the word `corrige` to `corrig`). A stem several
    /// languages share (most leave a foreign word as it is) is folded once (`foldOnlyCached`: a
    /// Cyrillic stem's transliteration costs microseconds, and query words recur).
    func stemForms(of token: Token, languages: [Language]) -> [(term: String, ownStem: Bool)] {
        guard let stemmers else { return [] }
        let exact = token.exact ?? token.term
        let fold = foldOnlyCached
        return languages.compactMap { l in
            guard let s = stemmers.stem(exact, in: l), !s.isEmpty, let f = fold(s) else { return nil }
            // A word the stemmer left as it was, folding to itself, is its own stem (the usual case
            // for a word in a language not its own): no second call.
            if s == exact && f == s { return (IndexedTerm.stemmed(f, language: l), true) }
            let again = stemmers.stem(f, in: l).flatMap(fold)
            return (IndexedTerm.stemmed(f, language: l), again == nil || again == f)
        }
    }

    /// Analyzes one word in `language` (uncached: `entry` caches it): the term filters, then the
    /// token filters.
    func makeEntry(_ word: String, _ language: Language?) -> Entry {
        var e = Entry()
        guard let exact = chain(word, folding: false), let term = foldOnlyCached(exact) else { return e }
        e.term = term
        e.exact = exact == term ? nil : exact
        var forms = WordForms(word: word, exact: exact, term: term, language: language, analyzer: self)
        for f in tokenFilters { f.addForms(to: &forms) }
        let alternates = forms.alternates, stems = forms.stems
        // Deduplicate, keeping order.
        // (A word has a handful of forms: arrays searched, not sets hashed.)
        func unique(_ forms: [String]) -> [String] {
            var seen = [term]
            return forms.filter { f in
                if seen.contains(f) { return false }
                seen.append(f)
                return true
            }
        }
        e.alternates = unique(alternates)
        e.stems = unique(stems)
        // The dictionary keys, plain first.
        var keys: [UInt8] = []
        var seenKeys: [(marker: UInt8, term: String)] = []
        func key(_ marker: UInt8, _ t: String) {
            guard t.utf8.count <= 255, !seenKeys.contains(where: { $0.marker == marker && $0.term == t }) else { return }
            seenKeys.append((marker, t))
            keys.append(marker)
            keys.append(UInt8(t.utf8.count))
            keys.append(contentsOf: t.utf8)
        }
        key(0, exact)
        if exact != term { key(IndexedTerm.markerByte, term) }
        for a in e.alternates { key(IndexedTerm.markerByte, a) }
        if let language {
            for s in e.stems { key(IndexedTerm.stemMarkerByte, String(IndexedTerm.stemmed(s, language: language).dropFirst())) }
        }
        e.keys = keys
        return e
    }
}
