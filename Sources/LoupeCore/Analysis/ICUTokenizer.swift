/// Splits text into words with ICU's word break iterator (UAX #29 plus ICU's dictionaries for
/// Chinese, Japanese, Thai, Khmer, Lao and Myanmar). Only segments whose rule status marks them as
/// words (letters, numbers, kana, ideographs) come out; spaces and punctuation are skipped.
///
/// ICU reads the text's own UTF-8 bytes (a UTF-8 UText), so no UTF-16 copy is made. Not
/// thread-safe (it owns an ICU iterator): keep one per thread.
public final class ICUTokenizer: Tokenizer {
    private let breaker: ICUWordBreaker

    /// A tokenizer using the word break rules of `locale` (an ICU locale ID; "": the root rules).
    /// Throws when ICU cannot open the iterator.
    public init(locale: String = "") throws { breaker = try ICUWordBreaker(locale: locale) }

    /// Calls `body(start, end)` for each word of `text` (UTF-8), in order.
    ///
    /// Pure-ASCII text (most English, code, logs) is split by `ASCIIWordBreaker`, which gives ICU's
    /// words without calling ICU: the break iterator was a fifth of indexing time on English text.
    /// Text in alphabets (every scalar below U+2070, no Hebrew, no dictionary script) is split by
    /// `AlphabetWordBreaker` the same way; other text by ICU.
    /// - Throws: `ICUError` when ICU refuses the text (more than `Int32.max` UTF-16 units).
    /// - Complexity: O(n) in the length of `text`.
    public func forEachWord(inUTF8 bytes: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) throws {
        if ASCIIWordBreaker.isASCII(bytes) { return ASCIIWordBreaker.forEachWord(in: bytes, body) }
        if AlphabetWordBreaker.forEachWord(in: bytes, body) { return }
        try breaker.forEachWord(inUTF8: bytes, body)
    }

    /// `forEachWord` through ICU's break iterator always (what `ASCIIWordBreaker` is checked against).
    func forEachICUWord(in text: String, _ body: (Int, Int) -> Void) throws {
        var text = text
        try text.withUTF8 { try breaker.forEachWord(inUTF8: $0, body) }
    }
}
