import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore

/// `AlphabetWordBreaker` finds the words ICU's break iterator finds, at the same offsets.
@Suite struct AlphabetWordBreakerTests {
    /// The words ICU finds in `text` and the ones `AlphabetWordBreaker` finds (nil: it does not take the text).
    func both(_ tokenizer: ICUTokenizer, _ text: String) throws -> (icu: [Range<Int>], alphabet: [Range<Int>]?) {
        var icu: [Range<Int>] = [], alphabet: [Range<Int>] = []
        try tokenizer.forEachICUWord(in: text) { icu.append($0..<$1) }
        var t = text
        let taken = t.withUTF8 { AlphabetWordBreaker.forEachWord(in: $0) { alphabet.append($0..<$1) } }
        return (icu, taken ? alphabet : nil)
    }

    /// Scalars of every class the breaker takes, from several scripts, and a few it does not.
    static let pool: [Unicode.Scalar] = [
        "aZ09_.',;: \t\n-\"!@()", // ASCII of each class
        "éßøŁǅαΩάϊжЖёїґաՁბبةकिᏣᏤ", // letters
        "\u{301}\u{308}\u{342}\u{483}\u{64B}\u{93F}\u{AD}\u{200E}\u{34F}", // marks and format characters
        "·\u{387}\u{55F}\u{2027}\u{37E}\u{589}\u{60C}\u{66C}\u{2044}’‘\u{2024}", // middle characters
        "\u{203F}\u{2040}\u{2054}\u{202F}", // connectors
        "\u{A0}«»—–…“”¿¡§©®°±×÷€‼⁉\u{2000}\u{2009}\u{2028}\u{200B}\u{1680}\u{85}", // boundaries, U+2028, U+85
        "٣३", // digits
        "⋅⟨⟩→−─™€≤🔎\u{FE0E}\u{FE0F}👍\u{1F3FD}⌚↔\u{20E3}\u{FEFF}", // symbols, emoji, their marks
        "א\u{5F4}ア\u{200D}กຂ\u{1F1E6}😀東", // not taken: Hebrew, Katakana, ZWJ, Thai, Lao, flag, emoji, Han
    ].flatMap { (s: String) in Array(s.unicodeScalars) }

    /// Random strings over `pool`, weighted to put middle characters and marks between letters and
    /// digits: where the breaker takes the text, the same words as ICU (`LOUPE_ALPHABET_ROUNDS=N`: N
    /// strings instead of 20,000).
    @Test func sameWordsAsICUOnRandomText() throws {
        let tokenizer = try ICUTokenizer()
        let common = Array("ab9_.'’·\u{301}ж".unicodeScalars)
        var rng = SplitMix64(seed: 2070)
        var checked = 0, declined = 0
        let rounds = Int(ProcessInfo.processInfo.environment["LOUPE_ALPHABET_ROUNDS"] ?? "") ?? 20_000
        for _ in 0..<rounds {
            var s = String.UnicodeScalarView()
            for _ in 0..<(1 + rng.below(16)) {
                s.append(rng.below(2) == 0 ? common[rng.below(common.count)] : Self.pool[rng.below(Self.pool.count)])
            }
            let text = String(s)
            let (icu, alphabet) = try both(tokenizer, text)
            guard let alphabet else { declined += 1; continue }
            #expect(icu == alphabet, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            if icu != alphabet { break }
            checked += icu.count
        }
        #expect(checked > 10_000)
        #expect(declined > 1000)
    }

    /// Hand-picked cases, and what the breaker declines.
    @Test func sameWordsAsICUOnCases() throws {
        let tokenizer = try ICUTokenizer()
        for text in ["Ελλάδα, Москва's «l’homme» dell'arte", "Infor\u{AD}mation re\u{301}sume\u{301} ", "3,14 1.000,5 a·b",
                     "Çavuşoğlu'nun İstanbul'da", "_ __ _a ‿ ‿‿ a‿b", "\u{301}a \u{301}", "π·r", "привіт,світ"] {
            let (icu, alphabet) = try both(tokenizer, text)
            #expect(alphabet == icu, "\(text)")
        }
        for text in ["🔎︎ Suche", "a🔎b 👍🏽x", "1️⃣ ⌚⌚", "a → b ⋅ c ⟨d⟩"] {
            let (icu, alphabet) = try both(tokenizer, text)
            #expect(alphabet == icu, "\(text)")
        }
        for text in ["שלום", "東京", "ภาษาไทย", "a\u{200D}b", "👩\u{200D}💻", "🇫🇷", "x\u{2028}y", "한국"] {
            #expect(try both(tokenizer, text).alphabet == nil, "\(text)")
        }
    }

    /// Real text: `LOUPE_ALPHABET_CORPUS=DIR` (and `LOUPE_ALPHABET_LIST=FILE`, paths under DIR one a
    /// line) compares the two on every file the breaker takes; without it, the sample files.
    @Test func sameWordsAsICUOnACorpus() throws {
        let environment = ProcessInfo.processInfo.environment
        let root = environment["LOUPE_ALPHABET_CORPUS"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Samples").path
        let paths = try environment["LOUPE_ALPHABET_LIST"].map {
            try String(contentsOfFile: $0, encoding: .utf8).split(separator: "\n").map(String.init)
        } ?? filesUnder(root)
        let tokenizer = try ICUTokenizer()
        let (files, words, declined) = try compareBreakerWithICU(root: root, paths: paths, take: { !$0.allSatisfy { $0 < 0x80 } }) {
            let r = try both(tokenizer, $0)
            return (r.icu, r.alphabet)
        }
        print("Alphabet word breaker: \(files) files, \(words) words, the same as ICU's; \(declined) declined")
        #expect(files > 0)
    }
}
