/// Normalizes compatibility characters to NFKC before the text is split into words (as Elasticsearch's
/// `icu_normalizer` char filter does), so that the word breaker sees what they stand for: `H₂O` → `H2O`,
/// `m²` → `m2`, `①` → `1`, `℃` → `°C`, `ﬁle` → `file`, `ﷺ` → its four words. Offsets of the words found
/// in the normalized text are mapped back to the original text, so snippets still cut the original.
///
/// Only compatibility characters change (NFKC differs from NFC only there); each is normalized alone.
struct CompatibilityCharFilter {
    private let nfkc: ICUNFKCCasefold

    init() throws { nfkc = try ICUNFKCCasefold.nfkc() }

    /// The normalized text and, per UTF-8 byte of it, the range in `text` of the character it comes
    /// from (a word `start..<end` of the normalized text cuts `starts[start] ..< ends[end - 1]` of
    /// `text`); nil when `text` has no compatibility character (the common case).
    /// - Complexity: O(n); one ICU property lookup per non-ASCII scalar.
    func normalize(_ text: String) -> (text: String, starts: [Int], ends: [Int])? {
        var t = text
        if t.withUTF8({ ASCIIWordBreaker.isASCII($0) }) { return nil }
        var first: String.Index?
        for i in text.unicodeScalars.indices {
            let s = text.unicodeScalars[i]
            if s.value >= 0xA0, ICUNFKCCasefold.isCompatibilityCharacter(s) { first = i; break }
        }
        guard let first else { return nil }
        var out = String(text.unicodeScalars[..<first])
        var starts = Array(0..<out.utf8.count)
        var ends = Array(1..<(out.utf8.count + 1))
        var at = text.utf8.distance(from: text.utf8.startIndex, to: first)
        for s in text.unicodeScalars[first...] {
            let width = UTF8.width(s)
            var piece = String(s)
            if s.value >= 0xA0, ICUNFKCCasefold.isCompatibilityCharacter(s),
               let n = try? nfkc.normalize(Array(piece.utf16)) {
                piece = String(decoding: n, as: UTF16.self)
            }
            out += piece
            starts.append(contentsOf: repeatElement(at, count: piece.utf8.count))
            ends.append(contentsOf: repeatElement(at + width, count: piece.utf8.count))
            at += width
        }
        return (out, starts, ends)
    }
}
