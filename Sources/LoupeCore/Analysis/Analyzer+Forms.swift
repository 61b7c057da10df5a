/// The forms a word is indexed and searched in, beyond its exact and folded spellings.
///
/// - **Stem** (Snowball, or Loupe's own Polish, Czech, Ukrainian stemmer; in the text's language):
///   the stem of the exact form, then folded, kept when it differs from the folded form: `Москве`
///   → `moskv`, `running` → `run`. Stem terms name their language (`IndexedTerm.stemmed`), so each
///   language's stem has its own document frequency: a Catalan query word stemmed by the French
///   stemmer too does not weigh like the Catalan stem.
/// - **Words inside an apostrophe** (the whole token stays findable too):
///   - Turkish and Azerbaijani (as Lucene's `ApostropheFilter`): the suffix after the apostrophe
///     belongs to the word before it: `Çavuşoğlu'nun` → `cavusoglu`, `İstanbul'da` → `istanbul`;
///   - French, Italian, Catalan (as `ElisionFilter`): an elided article or pronoun belongs to the word
///     after it: `l'homme` → `homme`, `s'avérera` → `averera`, `dell'arte` → `arte`;
///   - English: a possessive `'s` goes (`O'Neil's` → `o'neil`), and the word is also spelled without
///     its apostrophes (`oneil`, `dont`).
///   Text in one of these languages gets its rules, then the others' (a passage in another language
///   than the page's keeps its words: `s'avérera` → `averera` in a page detected as English); text
///   whose language is unknown (and every query) gets all three.
/// - **German spellings**: a word with `ä ö ü` also gets the `ae oe ue` spelling (`Müller` →
///   `mueller`, `Köln` → `koeln`) whatever the language: it is how German is typed without umlauts,
///   and an extra folded form costs other languages nothing but a term.
/// - **CJK bigrams** (as Lucene's `CJKBigramFilter`): a Han, kana or Hangul word of three characters or
///   more also gets its character bigrams, so `中国` finds `中国人` and `서울` finds `서울에서`.
///
/// Query words get the same forms, and `queryForms` adds their stems in every language asked for.
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
        guard addsForms else { return [] }
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

    /// Analyzes one word in `language` (uncached: `entry` caches it).
    func makeEntry(_ word: String, _ language: Language?) -> Entry {
        var e = Entry()
        guard let exact = chain(word, folding: false), let term = foldOnlyCached(exact) else { return e }
        e.term = term
        e.exact = exact == term ? nil : exact
        var stems: [String] = []
        var alternates: [String] = []
        func addStem(_ w: String, folded: String) {
            // A stem equal to its word folds to `folded`: no stem (and no transliteration to learn so).
            guard let language, let s = stemmers.stem(w, in: language), !s.isEmpty, s != w, let f = foldOnlyCached(s),
                  f != folded else { return }
            stems.append(f)
        }
        func addAlternate(_ w: String) {
            guard let f = foldOnlyCached(w), f != term else { return }
            alternates.append(f)
            addStem(w, folded: f)
        }
        if addsForms {
            if exact.unicodeScalars.contains(where: { $0 == "'" || $0 == "\u{2019}" }) {
                // The language's rules first, then every language's: a French phrase in a page
                // detected as English still has its elisions (`s'avérera` → `averera`).
                var words = Self.apostropheWords(exact, language)
                if language != nil {
                    for w in Self.apostropheWords(exact, nil) where !words.contains(w) { words.append(w) }
                }
                for w in words { addAlternate(w) }
            } else {
                addStem(exact, folded: term)
            }
            for p in Self.wordParts(word) {
                if let x = chain(p, folding: false) { addAlternate(x) }
            }
            for g in Self.spellings(of: exact) + readings(of: exact) {
                if let f = foldOnlyCached(g), f != term { alternates.append(f) }
            }
            alternates += Self.bigrams(term)
        }
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

    /// Elided articles and pronouns, per language (lowercase, without the apostrophe).
    static let elisions: [String: Set<String>] = [
        "fr": ["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"],
        "it": ["l", "d", "c", "m", "s", "t", "v", "un", "dell", "all", "dall", "nell", "sull", "coll", "pell", "quell", "quest", "nessun"],
        "ca": ["l", "d", "m", "n", "s", "t"],
    ]

    /// The words inside a case-folded token with apostrophes, by the rules of `language` (nil: all).
    static func apostropheWords(_ exact: String, _ language: Language?) -> [String] {
        let parts = exact.split(whereSeparator: { $0 == "'" || $0 == "\u{2019}" }).map(String.init)
        guard parts.count >= 2 else { return [] }
        let code = language?.code
        var out: [String] = []
        // Elision: the article before the first apostrophe.
        let elisionLanguages = code.map { elisions[$0] != nil ? [$0] : [] } ?? ["fr", "it", "ca"]
        if elisionLanguages.contains(where: { elisions[$0]!.contains(parts[0]) }) {
            out.append(parts.dropFirst().joined(separator: "'"))
        }
        // Turkish: the suffix after the apostrophe belongs to the word before it.
        if code == "tr" || code == "az" || (code == nil && parts[0].unicodeScalars.count >= 2 && out.isEmpty) {
            out.append(parts[0])
        }
        // English: the possessive 's; the word without its apostrophes (not for an elision when the
        // language is unknown: `l'homme` is not `lhomme`).
        if code == "en" || (code == nil && out.isEmpty) {
            var w = exact
            if parts.count >= 2, parts.last == "s" { w = parts.dropLast().joined(separator: "'") }
            if w != exact { out.append(w) }
            let joined = (w == exact ? parts : Array(parts.dropLast())).joined()
            if !joined.isEmpty { out.append(joined) }
        }
        return out
    }

    /// The character bigrams of a word of three or more Han, kana or Hangul characters; none otherwise.
    static func bigrams(_ term: String) -> [String] {
        // Most words start with no CJK scalar: no array of scalars for them.
        guard let first = term.unicodeScalars.first, isCJK(first) else { return [] }
        let scalars = Array(term.unicodeScalars)
        guard scalars.count >= 3, scalars.allSatisfy(isCJK) else { return [] }
        return (0..<(scalars.count - 1)).map { i in
            var s = String.UnicodeScalarView()
            s.append(scalars[i])
            s.append(scalars[i + 1])
            return String(s)
        }
    }

    /// Han, Hiragana, Katakana (and the prolonged sound mark) or Hangul.
    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x1100 { return false }
        if s.value == 0x30FC { return true }
        let script = ICUScript.of(s)
        return script == ICUScript.han || script == ICUScript.hiragana || script == ICUScript.katakana
            || script == ICUScript.hangul
    }
}
