/// A cheap test that decides "English" before CLD2 is asked: in the bytes CLD2 would read, the ASCII
/// words that are common English function words (`the`, `of`, `and`, `which`, …). Text where they
/// are many, and almost every byte is ASCII, is English to CLD2 too; the test only ever answers
/// "English" or "ask CLD2", so every other language is still CLD2's to tell.
///
/// Why: CLD2 costs about ten times as many instructions a byte, and was a quarter of English
/// indexing CPU. The thresholds keep the decision CLD2's for all but a tenth of a percent of
/// debdocs-100k's documents and all of the inflection probes'.
enum EnglishSignal {
    /// What the test counts in a text.
    struct Counts: Equatable {
        /// Runs of ASCII letters.
        var words = 0
        /// Of them, English function words (`functionWords`).
        var function = 0
        /// Bytes of 0x80 and above (parts of non-ASCII characters).
        var nonASCII = 0
        /// All bytes read.
        var bytes = 0
    }

    /// At least this many function words decide (fewer: a Latin name's `type genus of the …`).
    static let minimumFunctionWords = 3
    /// Function words must be at least this share of the words, in percent.
    static let minimumFunctionPercent = 12
    /// Non-ASCII bytes may be at most this share of the bytes, in per mille.
    static let maximumNonASCIIPerMille = 1

    /// Whether `counts` decides English.
    static func decides(_ c: Counts) -> Bool {
        c.function >= minimumFunctionWords && c.function * 100 >= c.words * minimumFunctionPercent
            && c.nonASCII * 1000 <= c.bytes * maximumNonASCIIPerMille
    }

    /// Whether `text` is English by this test.
    static func isEnglish(_ text: UnsafeBufferPointer<UInt8>) -> Bool { decides(count(text)) }

    /// The counts of `text` (UTF-8).
    /// - Complexity: O(n), one pass, no allocation.
    static func count(_ text: UnsafeBufferPointer<UInt8>) -> Counts {
        var c = Counts()
        c.bytes = text.count
        var packed: UInt64 = 0, length = 0
        func endWord() {
            if length > 0 {
                c.words += 1
                if length <= 8, isFunctionWord(packed) { c.function += 1 }
            }
            packed = 0
            length = 0
        }
        for b in text {
            let lower = b | 0x20
            if lower &- 0x61 < 26 {
                if length < 8 { packed |= UInt64(lower) << (8 * UInt64(length)) }
                length += 1
            } else {
                if b >= 0x80 { c.nonASCII += 1 }
                endWord()
            }
        }
        endWord()
        return c
    }

    /// The function words: frequent in English prose and rare as words of the other languages CLD2
    /// tells apart in Latin script (`in`, `is`, `a`, `to`, `at`, `on`, `an`, `or`, `die` are left out).
    static let functionWords = [
        "the", "of", "and", "that", "for", "with", "which", "this", "from", "are", "was", "were", "by",
        "be", "has", "have", "had", "it", "its", "not", "you", "your", "can", "will", "would", "used",
        "into", "when", "than", "other", "such", "these", "there", "been", "also", "more", "any",
        "who", "what", "their", "they", "them", "but", "all", "one", "some", "only", "may", "should",
        "how", "if", "use", "using", "each", "does", "do", "about",
    ]

    /// Open-addressed table of the packed function words (0: empty), 256 slots.
    private static let table: [UInt64] = {
        var t = [UInt64](repeating: 0, count: 256)
        for w in functionWords {
            var p: UInt64 = 0
            for (i, b) in w.utf8.enumerated() { p |= UInt64(b) << (8 * UInt64(i)) }
            var s = slot(p)
            while t[s] != 0 { s = (s + 1) & 255 }
            t[s] = p
        }
        return t
    }()

    @inline(__always) private static func slot(_ p: UInt64) -> Int { Int(truncatingIfNeeded: (p &* 0x9E37_79B9_7F4A_7C15) >> 56) }

    @inline(__always) static func isFunctionWord(_ p: UInt64) -> Bool {
        table.withUnsafeBufferPointer { t in
            var s = slot(p)
            while true {
                let v = t[s]
                if v == p { return true }
                if v == 0 { return false }
                s = (s + 1) & 255
            }
        }
    }
}
