/// Splits text into words with ICU's word break iterator (UAX #29 plus ICU's dictionaries for
/// Chinese, Japanese, Thai, Khmer, Lao and Myanmar). Only segments whose rule status marks them as
/// words (letters, numbers, kana, ideographs) come out; spaces and punctuation are skipped.
///
/// ICU reads the string's own UTF-8 bytes (a UTF-8 UText), so offsets are UTF-8 byte offsets into
/// the original text and no UTF-16 copy is made. Not thread-safe (it owns an ICU iterator): keep one
/// per thread.
public final class ICUTokenizer {
    private let breaker: ICUWordBreaker

    /// A tokenizer using the word break rules of `locale` (an ICU locale ID; "": the root rules).
    /// Throws when ICU cannot open the iterator.
    public init(locale: String = "") throws { breaker = try ICUWordBreaker(locale: locale) }

    /// Calls `body(wordBytes, startOffset, endOffset)` for each word of `text`, in order. `wordBytes`
    /// is the word's UTF-8 and must not escape `body`.
    ///
    /// Pure-ASCII text (most English, code, logs) is split by `ASCIIWordBreaker`, which gives ICU's
    /// words without calling ICU: the break iterator was a fifth of indexing time on English text.
    /// Text in alphabets (every scalar below U+2070, no Hebrew, no dictionary script) is split by
    /// `AlphabetWordBreaker` the same way; other text by ICU.
    /// - Complexity: O(n) in the length of `text`.
    public func forEachWord(in text: String, _ body: (UnsafeBufferPointer<UInt8>, Int, Int) -> Void) throws {
        var text = text
        try text.withUTF8 { bytes in
            if ASCIIWordBreaker.isASCII(bytes) {
                ASCIIWordBreaker.forEachWord(in: bytes) { start, end in
                    body(UnsafeBufferPointer(rebasing: bytes[start..<end]), start, end)
                }
                return
            }
            if AlphabetWordBreaker.forEachWord(in: bytes, { start, end in
                body(UnsafeBufferPointer(rebasing: bytes[start..<end]), start, end)
            }) { return }
            try breaker.forEachWord(inUTF8: bytes) { start, end in
                body(UnsafeBufferPointer(rebasing: bytes[start..<end]), start, end)
            }
        }
    }

    /// `forEachWord` through ICU's break iterator always (what `ASCIIWordBreaker` is checked against).
    func forEachICUWord(in text: String, _ body: (Int, Int) -> Void) throws {
        var text = text
        try text.withUTF8 { try breaker.forEachWord(inUTF8: $0, body) }
    }
}
