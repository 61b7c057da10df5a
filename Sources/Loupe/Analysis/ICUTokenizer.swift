/// Splits text into words with ICU's word break iterator (UAX #29 plus ICU's dictionaries for
/// Chinese, Japanese, Thai, Khmer, Lao and Myanmar). Only segments whose rule status marks them as
/// words (letters, numbers, kana, ideographs) come out; spaces and punctuation are skipped.
///
/// Offsets are UTF-8 byte offsets into the original string, computed while walking the UTF-16 copy
/// ICU needs, so they stay exact for any script.
/// Not thread-safe (it owns an ICU iterator): keep one per thread.
public final class ICUTokenizer {
    private let breaker: ICUWordBreaker
    private var units: [UInt16] = []

    public init(locale: String = "") throws { breaker = try ICUWordBreaker(locale: locale) }

    /// Calls `body(word, startOffset, endOffset)` for each word of `text`, in order.
    /// - Complexity: O(n) in the length of `text`.
    public func forEachWord(in text: String, _ body: (String, Int, Int) -> Void) throws {
        units.removeAll(keepingCapacity: true)
        units.append(contentsOf: text.utf16)
        var utf16Index = 0
        var byteOffset = 0
        try units.withUnsafeBufferPointer { buf in
            // Advances the UTF-8 offset from utf16Index to `target` (both UTF-16 indexes).
            func advance(to target: Int) -> Int {
                while utf16Index < target {
                    let u = buf[utf16Index]
                    if u < 0x80 { byteOffset += 1 } else if u < 0x800 { byteOffset += 2 } else if u & 0xFC00 == 0xD800 {
                        byteOffset += 4; utf16Index += 1 // high surrogate + its low surrogate: one 4-byte scalar
                    } else { byteOffset += 3 }
                    utf16Index += 1
                }
                return byteOffset
            }
            try breaker.forEachWord(in: buf) { start, end, _ in
                let s = advance(to: start)
                let e = advance(to: end)
                body(String(decoding: UnsafeBufferPointer(rebasing: buf[start..<end]), as: UTF16.self), s, e)
            }
        }
    }
}
