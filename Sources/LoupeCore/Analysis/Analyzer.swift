/// Turns text into tokens, in three public steps: a `Tokenizer` cuts the text into words (after
/// compatibility characters are normalized, `CompatibilityCharFilter`); a chain of `TermFilter`s
/// makes each word's term; then `TokenFilter`s add forms of the word at its position (stems,
/// words inside it, other spellings). The same pipeline analyzes documents and queries.
///
/// `standard()` is built from these parts: `ICUTokenizer → CaseFoldFilter (NFKC_Casefold) →
/// ScriptFoldFilter (Arabic, Persian, Hebrew, Devanagari, native digits) → HanFoldFilter
/// (traditional → simplified) → TransliterateFilter (to ASCII Latin for Latin/Cyrillic/Greek/…) →
/// LengthFilter (≤ 255 bytes)`, then `ApostropheFilter`, `WordPartsFilter`, `SpellingFilter`,
/// `ReadingFilter`, `BigramFilter` and `StemFilter`.
///
/// Each token is indexed in up to three rungs at its position (see `IndexedTerm`): its exact form
/// (the term filters without the folding ones), its folded form and the forms the token filters
/// add, and its stems in the text's language.
///
/// With an `AnalysisCache`, the pipeline's result is remembered per distinct word and language
/// (filters are pure functions of the word). When every filter declares it harmless on ASCII
/// (`ASCIIAwareTermFilter`, `ASCIIAwareTokenFilter`), a word of ASCII letters and digits
/// skips the filters: it is lowercased, and stemmed by the `StemFilter` (through a cache of its own
/// when the analyzer has a cache).
///
/// Not thread-safe: it owns ICU objects and stemmers. Use one `Analyzer` per thread
/// (`Analyzer.standard()` is cheap once the process has compiled its transforms).
public final class Analyzer {
    let tokenizer: any Tokenizer
    let filters: [any TermFilter]
    let tokenFilters: [any TokenFilter]
    /// The last `StemFilter` of `tokenFilters`: what query words are stemmed with.
    let stemFilter: StemFilter?
    /// What remembers the pipeline's results (nil: nothing is remembered).
    let cache: AnalysisCache?
    /// What tells the language of a text indexed without one (nil: such text has no language).
    let detector: (any LanguageDetector)?
    private let compatibility: CompatibilityCharFilter
    /// The languages a query word is stemmed in (`queryForms`, a query bound to a field): a searcher
    /// sets the languages its index holds; empty turns the stem rung off for queries (`--no-stem`).
    package var queryLanguages: [Language] = []
    /// The languages whose stop words a query may drop (`BooleanQuery`): a searcher sets those of a
    /// real share of its index, so that a few documents of another language do not make its stop
    /// words (`die`, `also`) vanish from queries.
    var stopWordLanguages: [Language] = []
    /// Whether query words are also looked for in their other spellings (`SpellingFilter`).
    let spellsQueries: Bool
    /// Whether an ASCII word of letters and digits skips the filters (see the type's comment).
    let asciiFastPath: Bool
    /// Whether the term filters lowercase such a word (else they keep it as it is).
    let lowercasesASCII: Bool

    /// A pipeline: `tokenizer`, then the term `filters` in order, then the `tokenFilters` in order;
    /// `cache` remembers the result per word (share one between the analyzers of one pipeline on
    /// several threads; nil: no memory); `detector` tells the language of a text indexed without
    /// one (nil: none is detected). Throws when ICU cannot open the normalizer.
    public init(tokenizer: any Tokenizer, filters: [any TermFilter], tokenFilters: [any TokenFilter] = [],
                cache: AnalysisCache? = nil, detector: (any LanguageDetector)? = Analyzer.defaultDetector) throws {
        self.tokenizer = tokenizer
        self.detector = detector
        self.filters = filters
        self.tokenFilters = tokenFilters
        self.cache = cache
        let stemFilter = tokenFilters.last { $0 is StemFilter } as? StemFilter
        self.stemFilter = stemFilter
        spellsQueries = tokenFilters.contains { $0 is SpellingFilter }
        // A filter that does not say (an app's own) may do anything to an ASCII word.
        let effects = filters.map { ($0 as? any ASCIIAwareTermFilter)?.asciiWords ?? .other }
        let foldsKeepASCII = zip(filters, effects).allSatisfy { !$0.isFolding || $1 == .unchanged }
        // The shortcut stems through `stemFilter`; every other filter must add nothing.
        asciiFastPath = effects.allSatisfy { $0 != .other } && foldsKeepASCII
            && tokenFilters.allSatisfy { ($0 as? any ASCIIAwareTokenFilter)?.ignoresPlainASCII == true || $0 === stemFilter }
        lowercasesASCII = effects.contains(.lowercased)
        compatibility = try CompatibilityCharFilter()
    }

    /// The detector an analyzer has unless given another: CLD2, after the English signal, for a
    /// text of 200 bytes or more (a shorter field takes its document's language).
    public static var defaultDetector: any LanguageDetector { CLD2Detector() }

    /// The standard pipeline: ICU words, NFKC_Casefold, script foldings, transliteration of
    /// Latin/Cyrillic/Greek/Armenian/Georgian to ASCII, terms of at most 255 bytes; words inside
    /// apostrophes and identifiers, other spellings, readings, CJK bigrams, stems. `cache`: a private
    /// one by default (`AnalyzerRegistry` shares one between its threads). Throws when ICU cannot
    /// open one of them.
    public static func standard(cache: AnalysisCache? = AnalysisCache()) throws -> Analyzer {
        try Analyzer(tokenizer: ICUTokenizer(),
                     filters: [CaseFoldFilter(), ScriptFoldFilter(), HanFoldFilter(), TransliterateFilter(), LengthFilter()],
                     tokenFilters: [ApostropheFilter(), WordPartsFilter(), SpellingFilter(), ReadingFilter(), BigramFilter(),
                                    StemFilter()],
                     cache: cache)
    }

    /// The simple pipeline (Lucene's `SimpleAnalyzer`, tantivy's `default`, with ICU words): ICU
    /// words, NFKC_Casefold, terms of at most 255 bytes; no script folding, no transliteration, no
    /// stems or other forms. `Mevlüt` is found by `mevlüt` only, `running` by `running` only.
    public static func simple(cache: AnalysisCache? = AnalysisCache()) throws -> Analyzer {
        try Analyzer(tokenizer: ICUTokenizer(), filters: [CaseFoldFilter(), LengthFilter()], cache: cache)
    }

    /// The language of a field's `text` when the detector tells it alone: nil without a detector,
    /// for a text under its `minimumBytes`, or when it cannot tell.
    func detectLanguage(ofField text: String) -> Language? {
        guard let detector, text.utf8.count >= detector.minimumBytes else { return nil }
        return detector.language(of: text)
    }

    /// The stemmers query words are stemmed with (nil without a `StemFilter`).
    var stemmers: Stemmers? { stemFilter?.stemmers }

    /// Whether query words are stemmed in `language`.
    func stems(_ language: Language) -> Bool { stemFilter?.stemmers.stems(language) ?? false }

    /// The chain's output for one word: its folded term and, when different, its exact form (the
    /// chain without folding filters); nil when the word is dropped.
    /// - Complexity: amortized O(length) with the cache; the first sight of a non-ASCII word costs the
    ///   ICU calls (~1–3 µs).
    package func fold(_ word: String) -> (term: String, exact: String?)? {
        let e = entry(word, nil)
        guard let term = e.term else { return nil }
        return (term, e.exact)
    }

    /// Calls `body` for each token of `text`, with positions counted from 0 over the kept tokens.
    /// `language` selects the stemmer and the apostrophe rules (nil: no stem; every apostrophe rule).
    /// - Throws: the tokenizer's error (ICU refuses text of more than `Int32.max` UTF-16 units), or
    ///   `LoupeError.invalidArgument` when the tokenizer reports a word outside the text.
    @_spi(Benchmarks) public func analyze(_ text: String, language: Language? = nil, _ body: (Token) -> Void) throws {
        var position = 0
        let slot = languageSlot(language)
        let normalized = compatibility.normalize(text)
        var source = normalized?.text ?? text
        var joins = WordJoins()
        try source.withUTF8 { text in
            var outside = false
            try tokenizer.forEachWord(inUTF8: text) { start, end in
                guard start >= 0, start < end, end <= text.count else { outside = true; return }
                let end = WordJoins.symbolEnd(text, start: start, end: end)
                let e = entry(for: UnsafeBufferPointer(rebasing: text[start..<end]), language, slot: slot)
                guard let term = e.term else { return joins.reset() }
                var alternates = e.alternates
                if joins.next(text, start: start, end: end, joined: &joinScratch), let j = joinForm(e) {
                    alternates.append(j)
                }
                var s = start, t = end
                if let n = normalized { s = n.starts[start]; t = n.ends[end - 1] }
                body(Token(term: term, exact: e.exact, stems: e.stems, alternates: alternates, language: language,
                           position: position, startOffset: s, endOffset: t))
                position += 1
            }
            if outside { throw Self.outsideText }
        }
    }

    /// What a tokenizer reporting a word outside its text gets (its other words are analyzed).
    static let outsideText = LoupeError.invalidArgument("the tokenizer reported a word outside the text")

    /// Calls `body(marker, term, position)` for each dictionary term of each token of `text` (see
    /// `IndexedTerm`: marker 0 plain, `IndexedTerm.markerByte` folded, `IndexedTerm.stemMarkerByte`
    /// stemmed), the token's plain term first, without making a `String` per token: what indexing
    /// runs. The same tokens as `analyze`; the buffers must not escape `body`. Returns the number of
    /// tokens (the field's length).
    /// - Complexity: O(n); an ASCII word is passed as it stands in `text`, or lowercased into one
    ///   reused buffer, its stem from a cache; other words cost a cache lookup (ICU on first sight).
    @discardableResult
    func forEachTerm(in text: String, language: Language? = nil,
                     _ body: (UInt8, UnsafeBufferPointer<UInt8>, Int) -> Void) throws -> Int {
        var position = 0
        let fast = asciiFastPath, lowercases = lowercasesASCII
        let lower = lowered
        let stemmers = language.flatMap { l in stemFilter.flatMap { $0.stemmers.stems(l) ? $0.stemmers : nil } }
        let stems = cache == nil ? nil : stemmers.map { _ in asciiStems(for: language!) }
        let slot = languageSlot(language)
        var source = compatibility.normalizedText(text) ?? text
        var joins = WordJoins()
        let plain = Self.plainASCII
        try source.withUTF8 { text in
            var outside = false
            try tokenizer.forEachWord(inUTF8: text) { start, end in
                guard start >= 0, start < end, end <= text.count else { outside = true; return }
                let end = WordJoins.symbolEnd(text, start: start, end: end)
                let word = UnsafeBufferPointer(rebasing: text[start..<end])
                if fast, word.count <= 255 {
                    // ASCII letters and digits only (apostrophes, delimiters, `+`: the slow path).
                    var upper = false, inner = false, ascii = true
                    for i in 0..<word.count {
                        let b = word[i]
                        if plain[Int(b)] == 0 { ascii = false; break }
                        if b &- 65 < 26 { upper = true; inner = inner || i > 0 }
                    }
                    // A word with parts (`camelCase`): the slow path too.
                    if ascii, inner, Self.hasCamelBoundary(ascii: word) { ascii = false }
                    if ascii {
                        var w = word
                        if upper, lowercases {
                            for i in 0..<word.count { let b = word[i]; lower[i] = b &- 65 < 26 ? b | 0x20 : b }
                            w = UnsafeBufferPointer(rebasing: lower[0..<word.count])
                        }
                        body(0, w, position)
                        if joins.next(text, start: start, end: end, joined: &joinScratch) {
                            emitJoin(position, body)
                        }
                        if let stems {
                            stems.withStem(of: w, stem: { stemmers!.stem($0, in: stems.language) }) {
                                body(IndexedTerm.stemMarkerByte, $0, position)
                            }
                        } else if let stemmers, let language {
                            let word = String(decoding: w, as: UTF8.self)
                            if let s = stemmers.stem(word, in: language), s != word, !s.isEmpty {
                                emit(language.code + ":" + s, IndexedTerm.stemMarkerByte, position, body)
                            }
                        }
                        position += 1
                        return
                    }
                }
                let e = entry(for: word, language, slot: slot)
                // No term, or none short enough for a key (a chain without `LengthFilter`): the token
                // is dropped and takes no position, so the field's length counts only indexed words.
                guard e.term != nil, !e.keys.isEmpty else { return joins.reset() }
                let join = joins.next(text, start: start, end: end, joined: &joinScratch) ? joinForm(e) : nil
                e.keys.withUnsafeBufferPointer { keys in
                    var i = 0
                    var joined = join == nil
                    while i + 2 <= keys.count {
                        let marker = keys[i], n = Int(keys[i + 1])
                        if !joined, marker == IndexedTerm.stemMarkerByte {
                            emit(join!, IndexedTerm.markerByte, position, body)
                            joined = true
                        }
                        body(marker, UnsafeBufferPointer(rebasing: keys[(i + 2)..<(i + 2 + n)]), position)
                        i += 2 + n
                    }
                    if !joined { emit(join!, IndexedTerm.markerByte, position, body) }
                }
                position += 1
            }
            if outside { throw Self.outsideText }
        }
        return position
    }

    /// 1 for the bytes of ASCII letters and digits, 0 for every other byte.
    private static let plainASCII: [UInt8] = (0..<256).map { b in
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) ? 1 : 0
    }

    /// The text of the chain of words `WordJoins.next` last joined.
    private var joinScratch: [UInt8] = []

    /// The folded form of the chain in `joinScratch`, as an extra form of the word whose entry is
    /// `e`: nil when it is dropped or already one of its forms.
    private func joinForm(_ e: Entry) -> String? {
        let j = joinScratch.withUnsafeBufferPointer { entry(for: $0, nil, slot: 0) }
        guard let t = j.term, t != e.term, !e.alternates.contains(t) else { return nil }
        return t
    }

    /// `joinForm` for a word of the ASCII shortcut (no forms but its own spelling), passed to `body`.
    private func emitJoin(_ position: Int, _ body: (UInt8, UnsafeBufferPointer<UInt8>, Int) -> Void) {
        let j = joinScratch.withUnsafeBufferPointer { entry(for: $0, nil, slot: 0) }
        guard let t = j.term else { return }
        emit(t, IndexedTerm.markerByte, position, body)
    }

    private func emit(_ term: String, _ marker: UInt8, _ position: Int, _ body: (UInt8, UnsafeBufferPointer<UInt8>, Int) -> Void) {
        var t = term
        t.withUTF8 { body(marker, $0, position) }
    }

    /// The buffer `forEachTerm` lowercases ASCII words into (terms are at most 255 bytes).
    private let lowered = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256)

    deinit { lowered.deallocate() }

    /// All tokens of `text` (analyzed in `language`; nil: no stems).
    public func tokens(_ text: String, language: Language? = nil) throws -> [Token] {
        var out: [Token] = []
        try analyze(text, language: language) { out.append($0) }
        return out
    }

    /// The terms of `text`, in order.
    package func terms(_ text: String) throws -> [String] { try tokens(text).map(\.term) }

    // MARK: The cache

    /// What the pipeline makes of one word in one language.
    struct Entry {
        /// Folded form; nil: the word is dropped.
        var term: String?
        /// Exact form when it differs from `term`.
        var exact: String?
        /// Folded stems (the word's, then those of the words inside it) that differ from `term`.
        var stems: [String] = []
        /// More folded-rung forms: what the token filters added.
        var alternates: [String] = []
        /// Every dictionary term, deduplicated, as `marker, length, UTF-8` records, plain term first.
        var keys: [UInt8] = []
    }

    /// This analyzer's entries when it has a cache, by `language slot (2 bytes) ++ word UTF-8`.
    private var entries = BoundedMemo<Entry>()
    /// A number per language the cache has seen (0: none), the first 2 bytes of its keys.
    private var languageSlots: [Language: UInt16] = [:]
    /// Storage for a key being looked up.
    private var keyScratch: [UInt8] = []

    /// `foldOnlyCached`'s memory, by term UTF-8 (nil: dropped).
    private var folds = BoundedMemo<String?>()

    /// The stems of ASCII words, per language, when the analyzer has a cache.
    private var asciiStemCaches: [Language: ASCIIStemCache] = [:]

    private func asciiStems(for language: Language) -> ASCIIStemCache {
        if let c = asciiStemCaches[language] { return c }
        let c = ASCIIStemCache(language: language)
        asciiStemCaches[language] = c
        return c
    }

    /// The cache's number for `language` (one dictionary lookup: callers take it once per text).
    func languageSlot(_ language: Language?) -> UInt16 {
        guard let language else { return 0 }
        if let s = languageSlots[language] { return s }
        let s = UInt16(truncatingIfNeeded: languageSlots.count + 1)
        languageSlots[language] = s
        return s
    }

    /// The entry of `word` (UTF-8) in `language`, whose slot is `slot`: from the cache, or made.
    func entry(for word: UnsafeBufferPointer<UInt8>, _ language: Language?, slot: UInt16) -> Entry {
        guard let cache else { return makeEntry(String(decoding: word, as: UTF8.self), language) }
        let n = word.count + 2
        if keyScratch.count < n { keyScratch = [UInt8](repeating: 0, count: max(n, 2 * keyScratch.count, 64)) }
        return keyScratch.withUnsafeMutableBytes { k in
            k[0] = UInt8(truncatingIfNeeded: slot)
            k[1] = UInt8(truncatingIfNeeded: slot >> 8)
            if let src = word.baseAddress { (k.baseAddress! + 2).copyMemory(from: src, byteCount: word.count) }
            return entries.value(UnsafeRawBufferPointer(rebasing: k[..<n]), limit: cache.limit) {
                sharedEntry(word, language, cache)
            }
        }
    }

    /// The entry of `word` from the cache the analyzers of other threads share, or made (and shared).
    private func sharedEntry(_ word: UnsafeBufferPointer<UInt8>, _ language: Language?, _ shared: AnalysisCache) -> Entry {
        var key = [UInt8]()
        if let code = language?.code.utf8 {
            key.append(UInt8(truncatingIfNeeded: code.count))
            key.append(contentsOf: code)
        } else {
            key.append(0)
        }
        key.append(contentsOf: word)
        if let hit = key.withUnsafeBytes({ shared.entry($0) }) { return hit }
        let e = makeEntry(String(decoding: word, as: UTF8.self), language)
        key.withUnsafeBytes { shared.add($0, e) }
        return e
    }

    func entry(_ word: String, _ language: Language?) -> Entry {
        var w = word
        let slot = languageSlot(language)
        return w.withUTF8 { entry(for: $0, language, slot: slot) }
    }

    /// The chain over `word`: `folding` false runs only the filters that keep the exact form.
    func chain(_ word: String, folding: Bool) -> String? {
        var t: String? = word
        for f in filters where folding || !f.isFolding {
            guard let x = t else { return nil }
            t = f.filter(x)
        }
        return t
    }

    /// `foldOnly`, remembered per distinct term: words of one stem share their stem's folding, and
    /// a word seen in several languages is folded once.
    func foldOnlyCached(_ term: String) -> String? {
        guard let cache else { return foldOnly(term) }
        var t = term
        return t.withUTF8 { folds.value(UnsafeRawBufferPointer($0), limit: cache.limit) { foldOnly(term) } }
    }

    /// The chain's folding filters only, over a term already case-folded.
    func foldOnly(_ term: String) -> String? {
        var t: String? = term
        for f in filters where f.isFolding || f is LengthFilter {
            guard let x = t else { return nil }
            t = f.filter(x)
        }
        return t
    }
}
