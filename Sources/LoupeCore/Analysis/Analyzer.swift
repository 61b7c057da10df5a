/// Turns text into tokens: compatibility characters normalized (`CompatibilityCharFilter`), one
/// `ICUTokenizer`, then a chain of `TermFilter`s, the same chain for documents and queries. The
/// standard chain is `ICUTokenizer → CaseFoldFilter (NFKC_Casefold) → ScriptFoldFilter (Arabic,
/// Persian, Hebrew, Devanagari, native digits) → HanFoldFilter (traditional → simplified) →
/// TransliterateFilter (to ASCII Latin for Latin/Cyrillic/Greek/…) → LengthFilter (≤ 255 bytes)`.
///
/// Each token is indexed in up to three rungs at its position (see `IndexedTerm`): its exact form
/// (the chain without folding filters), its folded form, and its stem in the text's language
/// (`Analyzer+Forms.swift`); plus, in the folded rung, the words inside it (`l'homme` → `homme`,
/// `Çavuşoğlu'nun` → `cavusoglu`), the German `ue/oe/ae` spelling of `ü/ö/ä`, and the character
/// bigrams of a Han, kana or Hangul word of three characters or more.
///
/// The chain's result is cached per distinct word and language (filters are pure functions of the
/// term), because a transliteration costs 1–2 µs while a dictionary lookup costs ~50 ns; pure-ASCII
/// words skip ICU altogether (they only need lowercasing, and their stem from a cache).
///
/// Not thread-safe: it owns ICU objects and Snowball stemmers. Use one `Analyzer` per thread
/// (`Analyzer.standard()` is cheap once the process has compiled its transforms).
public final class Analyzer {
    let tokenizer: ICUTokenizer
    let filters: [TermFilter]
    let stemmers = Stemmers()
    private let compatibility: CompatibilityCharFilter
    /// Entries the cache may hold before it is emptied (bounds memory on huge vocabularies).
    public var cacheLimit = 500_000
    /// The languages a query word is stemmed in (`queryForms`, a query bound to a field): a searcher
    /// sets the languages its index holds; empty turns the stem rung off for queries (`--no-stem`).
    public var queryLanguages: [Language] = []
    /// The languages whose stop words a query may drop (`BooleanQuery`): a searcher sets those of a
    /// real share of its index, so that a few documents of another language do not make its stop
    /// words (`die`, `also`) vanish from queries.
    var stopWordLanguages: [Language] = []
    /// Whether tokens also get the forms of `Analyzer+Forms` (Snowball stems, words inside
    /// apostrophes, German spellings, CJK bigrams); false: each token is its chain's output only.
    public let addsForms: Bool

    /// A chain of `filters` after `tokenizer`; `addsForms` false indexes and searches each token in
    /// its chain's output only. Throws when ICU cannot open the normalizer.
    public init(tokenizer: ICUTokenizer, filters: [TermFilter], addsForms: Bool = true) throws {
        self.tokenizer = tokenizer
        self.filters = filters
        self.addsForms = addsForms
        compatibility = try CompatibilityCharFilter()
    }

    /// The standard chain: ICU words, NFKC_Casefold, script foldings, transliteration of
    /// Latin/Cyrillic/Greek/Armenian/Georgian to ASCII, terms of at most 255 bytes. Throws when ICU
    /// cannot open one of them.
    public static func standard() throws -> Analyzer {
        let a = try Analyzer(tokenizer: ICUTokenizer(), filters: [
            CaseFoldFilter(), ScriptFoldFilter(), HanFoldFilter(), TransliterateFilter(), LengthFilter(),
        ])
        a.shared = .standard
        return a
    }

    /// The transform of Han readings (`readings(of:)`), made on the first Han word; nil when ICU
    /// cannot open it (the readings are then not indexed).
    lazy var hanLatin: ICUTransliterator? = try? CompiledTransforms.make(Self.hanLatinID)

    /// Where analyzers of the same chain on other threads leave the words they analyzed (the
    /// standard chain's; nil for other chains, whose filters the cache cannot tell apart).
    private var shared: SharedEntryCache?

    /// The simple chain (Lucene's `SimpleAnalyzer`, tantivy's `default`, with ICU words): ICU words,
    /// NFKC_Casefold, terms of at most 255 bytes; no script folding, no transliteration, no stems or
    /// other forms. `Mevlüt` is found by `mevlüt` only, `running` by `running` only.
    public static func simple() throws -> Analyzer {
        try Analyzer(tokenizer: ICUTokenizer(), filters: [CaseFoldFilter(), LengthFilter()], addsForms: false)
    }

    /// Whether the chain's output for an ASCII word is just its lowercase (true for the standard
    /// filters; a custom chain with other filters goes through them even for ASCII).
    lazy var asciiFastPath: Bool = filters.allSatisfy {
        $0 is CaseFoldFilter || $0 is TransliterateFilter || $0 is LengthFilter || $0 is ScriptFoldFilter
            || $0 is HanFoldFilter
    }

    /// The chain's output for one word: its folded term and, when different, its exact form (the
    /// chain without folding filters); nil when the word is dropped.
    /// - Complexity: amortized O(length) with the cache; the first sight of a non-ASCII word costs the
    ///   ICU calls (~1–3 µs).
    public func fold(_ word: String) -> (term: String, exact: String?)? {
        let e = entry(word, nil)
        guard let term = e.term else { return nil }
        return (term, e.exact)
    }

    /// Calls `body` for each token of `text`, with positions counted from 0 over the kept tokens.
    /// `language` selects the stemmer and the apostrophe rules (nil: no stem; every apostrophe rule).
    /// - Throws: the tokenizer's error (ICU refuses text of more than `Int32.max` UTF-16 units).
    public func analyze(_ text: String, language: Language? = nil, _ body: (Token) -> Void) throws {
        var position = 0
        let slot = languageSlot(language)
        let normalized = compatibility.normalize(text)
        let source = normalized?.text ?? text
        var joins = WordJoins()
        let total = source.utf8.count
        try tokenizer.forEachWord(in: source) { word, start, end in
            let text = UnsafeBufferPointer(start: word.baseAddress! - start, count: total)
            let end = WordJoins.symbolEnd(text, start: start, end: end)
            let e = entry(for: UnsafeBufferPointer(rebasing: text[start..<end]), language, slot: slot)
            guard let term = e.term else { return joins.reset() }
            var alternates = e.alternates
            if joins.next(text, start: start, end: end, joined: &joinScratch), let j = joinForm(e) {
                alternates.append(j)
            }
            var s = start, t = end
            if let n = normalized, start < end { s = n.starts[start]; t = n.ends[end - 1] }
            body(Token(term: term, exact: e.exact, stems: e.stems, alternates: alternates, language: language,
                       position: position, startOffset: s, endOffset: t))
            position += 1
        }
    }

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
        let fast = asciiFastPath
        let lower = lowered
        let stems = addsForms ? language.flatMap { Stemmers.stems($0) ? asciiStems(for: $0) : nil } : nil
        let slot = languageSlot(language)
        let source = compatibility.normalizedText(text) ?? text
        var joins = WordJoins()
        let total = source.utf8.count
        let plain = Self.plainASCII
        try tokenizer.forEachWord(in: source) { word, start, end in
            let text = UnsafeBufferPointer(start: word.baseAddress! - start, count: total)
            let end = WordJoins.symbolEnd(text, start: start, end: end)
            let word = UnsafeBufferPointer(rebasing: text[start..<end])
            if fast, word.count <= 255, !word.isEmpty {
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
                    if upper {
                        for i in 0..<word.count { let b = word[i]; lower[i] = b &- 65 < 26 ? b | 0x20 : b }
                        w = UnsafeBufferPointer(rebasing: lower[0..<word.count])
                    }
                    body(0, w, position)
                    if joins.next(text, start: start, end: end, joined: &joinScratch) {
                        emitJoin(position, body)
                    }
                    if let stems {
                        stems.withStem(of: w, stem: { self.stemmers.stem($0, in: stems.language) }) {
                            body(IndexedTerm.stemMarkerByte, $0, position)
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
    public func terms(_ text: String) throws -> [String] { try tokens(text).map(\.term) }

    // MARK: The cache

    /// What the chain makes of one word in one language.
    struct Entry {
        /// Folded form; nil: the word is dropped.
        var term: String?
        /// Exact form when it differs from `term`.
        var exact: String?
        /// Folded stems (the word's, then those of the words inside it) that differ from `term`.
        var stems: [String] = []
        /// More folded-rung forms: words inside the token, German spellings, CJK bigrams.
        var alternates: [String] = []
        /// Every dictionary term, deduplicated, as `marker, length, UTF-8` records, plain term first.
        var keys: [UInt8] = []
    }

    /// The cache of entries, by `language slot (2 bytes) ++ word UTF-8` (the chain begins with
    /// NFKC_Casefold, so canonically equivalent spellings get equal entries).
    private var entries = BoundedMemo<Entry>()
    /// A number per language the cache has seen (0: none), the first 2 bytes of its keys.
    private var languageSlots: [Language: UInt16] = [:]
    /// Storage for a key being looked up.
    private var keyScratch: [UInt8] = []

    /// `foldOnlyCached`'s memory, by term UTF-8 (nil: dropped).
    private var folds = BoundedMemo<String?>()

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
        let n = word.count + 2
        if keyScratch.count < n { keyScratch = [UInt8](repeating: 0, count: max(n, 2 * keyScratch.count, 64)) }
        return keyScratch.withUnsafeMutableBytes { k in
            k[0] = UInt8(truncatingIfNeeded: slot)
            k[1] = UInt8(truncatingIfNeeded: slot >> 8)
            if let src = word.baseAddress { (k.baseAddress! + 2).copyMemory(from: src, byteCount: word.count) }
            return entries.value(UnsafeRawBufferPointer(rebasing: k[..<n]), limit: cacheLimit) { sharedEntry(word, language) }
        }
    }

    /// The entry of `word` from the shared cache, or made (and shared).
    private func sharedEntry(_ word: UnsafeBufferPointer<UInt8>, _ language: Language?) -> Entry {
        guard let shared else { return makeEntry(String(decoding: word, as: UTF8.self), language) }
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
        var t = term
        return t.withUTF8 { folds.value(UnsafeRawBufferPointer($0), limit: cacheLimit) { foldOnly(term) } }
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
