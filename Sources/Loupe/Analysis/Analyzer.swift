/// Turns text into tokens: one `ICUTokenizer` followed by a chain of `TermFilter`s, the same chain for
/// documents and queries. The standard chain is
/// `ICUTokenizer → CaseFoldFilter (NFKC_Casefold) → TransliterateFilter (to ASCII Latin for
/// Latin/Cyrillic/Greek/…) → LengthFilter (≤ 255 bytes)`.
///
/// The chain's result is cached per distinct word (filters are pure functions of the term), because a
/// transliteration costs 1–2 µs while a dictionary lookup costs ~50 ns; pure-ASCII words skip the cache
/// and ICU altogether (they only need lowercasing).
///
/// Not thread-safe: it owns ICU objects. Use one `Analyzer` per thread (`Analyzer.standard()` is cheap).
public final class Analyzer {
    private let tokenizer: ICUTokenizer
    private let filters: [TermFilter]
    /// Entries the cache may hold before it is emptied (bounds memory on huge vocabularies).
    public var cacheLimit = 500_000

    public init(tokenizer: ICUTokenizer, filters: [TermFilter]) {
        self.tokenizer = tokenizer
        self.filters = filters
    }

    /// The standard chain: ICU words, NFKC_Casefold, transliteration of Latin/Cyrillic/Greek/Armenian/
    /// Georgian to ASCII, terms of at most 255 bytes.
    public static func standard() throws -> Analyzer {
        try Analyzer(tokenizer: ICUTokenizer(), filters: [CaseFoldFilter(), TransliterateFilter(), LengthFilter()])
    }

    /// Whether the standard chain's output for an ASCII word is just its lowercase (true for the
    /// standard filters; a custom chain with other filters goes through them even for ASCII).
    private lazy var asciiFastPath: Bool = filters.allSatisfy {
        $0 is CaseFoldFilter || $0 is TransliterateFilter || $0 is LengthFilter
    }

    /// The chain's output for one word: its folded term and, when different, its exact form (the
    /// chain without folding filters); nil when the word is dropped.
    /// - Complexity: amortized O(length) with the cache; the first sight of a non-ASCII word costs the
    ///   ICU calls (~1–3 µs).
    public func fold(_ word: String) -> (term: String, exact: String?)? {
        var w = word
        return w.withUTF8 { fold(utf8: $0) }
    }

    /// `fold` of a word given as UTF-8 bytes: ASCII words are lowercased straight from the bytes.
    @inline(__always) func fold(utf8 bytes: UnsafeBufferPointer<UInt8>) -> (term: String, exact: String?)? {
        if asciiFastPath {
            var upper = false, ascii = true
            for b in bytes {
                if b >= 0x80 { ascii = false; break }
                if b &- 65 < 26 { upper = true }
            }
            if ascii {
                if bytes.count > 255 || bytes.isEmpty { return nil }
                if !upper { return (String(decoding: bytes, as: UTF8.self), nil) }
                return (String(unsafeUninitializedCapacity: bytes.count) { out in
                    for i in 0..<bytes.count {
                        let b = bytes[i]
                        out[i] = b &- 65 < 26 ? b | 0x20 : b
                    }
                    return bytes.count
                }, nil)
            }
        }
        return foldSlow(String(decoding: bytes, as: UTF8.self))
    }

    private struct Folded {
        var term: String?
        var exact: String?
    }

    private var cache: [String: Folded] = [:]

    private func foldSlow(_ word: String) -> (term: String, exact: String?)? {
        let folded: Folded
        if let hit = cache[word] {
            folded = hit
        } else {
            var term: String? = word, exact: String? = word
            for f in filters {
                if let t = term { term = f.filter(t) }
                if !f.isFolding, let e = exact { exact = f.filter(e) }
            }
            folded = Folded(term: term, exact: exact == term ? nil : exact)
            if cache.count >= cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[word] = folded
        }
        guard let term = folded.term else { return nil }
        return (term, folded.exact)
    }

    /// Calls `body` for each token of `text`, with positions counted from 0 over the kept tokens.
    public func analyze(_ text: String, _ body: (Token) -> Void) {
        var position = 0
        do {
            try tokenizer.forEachWord(in: text) { word, start, end in
                guard let (term, exact) = fold(utf8: word) else { return }
                body(Token(term: term, exact: exact, position: position, startOffset: start, endOffset: end))
                position += 1
            }
        } catch {
            // ubrk_setText only fails for text longer than Int32.max UTF-16 units; callers cap sizes.
        }
    }

    /// Calls `body(term, exact, position)` for each token of `text` with the UTF-8 of its term and
    /// (when it differs) its exact form, without making a `String` per token: what indexing runs.
    /// The same tokens as `analyze`; the buffers must not escape `body`.
    /// - Complexity: O(n); an ASCII word is passed as it stands in `text`, or lowercased into one
    ///   reused buffer; other words cost a cache lookup (ICU on first sight).
    func forEachTerm(in text: String, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>?, Int) -> Void) {
        var position = 0
        let fast = asciiFastPath
        let lower = lowered
        do {
            try tokenizer.forEachWord(in: text) { word, _, _ in
                if fast, word.count <= 255, !word.isEmpty {
                    var upper = false, ascii = true
                    for b in word {
                        if b >= 0x80 { ascii = false; break }
                        if b &- 65 < 26 { upper = true }
                    }
                    if ascii {
                        if upper {
                            for i in 0..<word.count { let b = word[i]; lower[i] = b &- 65 < 26 ? b | 0x20 : b }
                            body(UnsafeBufferPointer(rebasing: lower[0..<word.count]), nil, position)
                        } else {
                            body(word, nil, position)
                        }
                        position += 1
                        return
                    }
                }
                guard let (term, exact) = fold(utf8: word) else { return }
                var t = term
                t.withUTF8 { t in
                    if var e = exact {
                        e.withUTF8 { body(t, $0, position) }
                    } else {
                        body(t, nil, position)
                    }
                }
                position += 1
            }
        } catch {
            // As in `analyze`.
        }
    }

    /// The buffer `forEachTerm` lowercases ASCII words into (terms are at most 255 bytes).
    private let lowered = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256)

    deinit { lowered.deallocate() }

    /// All tokens of `text`.
    public func tokens(_ text: String) -> [Token] {
        var out: [Token] = []
        analyze(text) { out.append($0) }
        return out
    }

    /// The terms of `text`, in order.
    public func terms(_ text: String) -> [String] { tokens(text).map(\.term) }
}
