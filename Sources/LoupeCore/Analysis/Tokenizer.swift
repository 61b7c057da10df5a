/// Cuts text into words: the first step of an `Analyzer`. `ICUTokenizer` (Unicode word boundaries
/// with ICU's dictionaries) is Loupe's; an app may bring its own (whitespace, a morphological
/// analyzer, a code tokenizer).
///
/// A tokenizer reports byte ranges of the text's UTF-8, so that the analyzer can give each token
/// its offsets in the original text; what a word *becomes* is the filters' business
/// (`TermFilter`, `TokenFilter`). Words come in text order and do not overlap.
///
/// A tokenizer need not be thread-safe: each thread that analyzes has its own `Analyzer` (see
/// `AnalyzerRegistry.register`).
public protocol Tokenizer: AnyObject {
    /// Calls `body(start, end)` for each word of `text` (UTF-8), in order: the word is
    /// `text[start..<end]`, with `0 <= start < end <= text.count`, each `start` at or after the
    /// previous `end`. Throws when the text cannot be split; the analyzer passes the error on.
    func forEachWord(inUTF8 text: UnsafeBufferPointer<UInt8>, _ body: (_ start: Int, _ end: Int) -> Void) throws
}
