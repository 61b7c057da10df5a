import CCLD2Shim

/// A natural language, named by its ISO 639-1 code (`de`, `ru`, `tr`): the language a document or a
/// field is analyzed in (which Snowball stemmer, which apostrophe rules), detected with CLD2 unless
/// the caller names it.
public struct Language: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The lowercase ISO 639-1 code (two letters; CLD2's few three-letter codes pass as they are).
    public let code: String

    /// `code` lowercased; nil unless it is 2 or 3 ASCII letters.
    public init?(code: String) {
        let c = code.asciiLowercased
        guard (2...3).contains(c.utf8.count), c.utf8.allSatisfy({ $0 >= 97 && $0 <= 122 }) else { return nil }
        // CLD2 and older ISO codes for the same languages.
        switch c {
        case "iw": self.code = "he"
        case "in": self.code = "id"
        case "ji": self.code = "yi"
        case "no", "nn": self.code = "nb"
        default: self.code = c
        }
    }

    public var description: String { code }
    public static func < (a: Language, b: Language) -> Bool { a.code < b.code }

    /// English (`en`).
    public static let english = Language(code: "en")!

    /// The Snowball (libstemmer 2.2) algorithm for this language, nil when Snowball has none
    /// (Polish, Czech, Ukrainian — stemmed by Loupe's own stemmers, see `Stemmers.table` — Chinese,
    /// Japanese, Korean, Vietnamese, Persian, Hebrew, Thai, …).
    package var snowballAlgorithm: String? { Self.snowball[code] }

    private static let snowball: [String: String] = [
        "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "da": "danish", "nl": "dutch",
        "en": "english", "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi",
        "hu": "hungarian", "id": "indonesian", "ms": "indonesian", "ga": "irish", "it": "italian",
        "lt": "lithuanian", "ne": "nepali", "nb": "norwegian", "pt": "portuguese", "ro": "romanian",
        "ru": "russian", "sr": "serbian", "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish",
        "yi": "yiddish",
    ]

    /// The language of `text` (plain UTF-8 text; at most its first 4 KB are read: a few hundred
    /// bytes decide, and detection was a seventh of indexing when it read 64 KB): English when
    /// `EnglishSignal` says so, else the language CLD2 reads there, or nil when CLD2 does not know,
    /// or its language covers under `minimumPercent` of the text.
    ///
    /// CLD2's own "reliable" flag is not required: it refuses short technical texts (a package
    /// description naming `QDebug` and `Qt`) whose top language is nearly always right, and a document
    /// with no language gets no stems at all.
    /// - Complexity: O(min(n, 4 KB)).
    package static func detect(_ text: String) -> Language? {
        detect(text, signal: true)
    }

    /// `detect` with (`signal`) or without the English signal: what the language-agreement check
    /// compares.
    @_spi(Benchmarks) public static func detect(_ text: String, signal: Bool) -> Language? {
        var text = text
        return text.withUTF8 { bytes -> Language? in
            let sample = Self.sample(bytes)
            if sample.isEmpty { return nil }
            if signal, EnglishSignal.isEnglish(sample) { return .english }
            return cld2(sample)
        }
    }

    /// The first 4 KB of `bytes`, cut at a character boundary (CLD2 rejects a prefix that ends
    /// inside a character).
    static func sample(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var n = min(bytes.count, 4096)
        while n > 0, n < bytes.count, bytes[n] & 0xC0 == 0x80 { n -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[..<n])
    }

    /// CLD2's language of non-empty `sample`; nil as `detect` says.
    private static func cld2(_ sample: UnsafeBufferPointer<UInt8>) -> Language? {
        let minimumPercent: Int32 = 30
        var reliable: Int32 = 0, percent: Int32 = 0
        let code = sample.withMemoryRebound(to: CChar.self) {
            loupe_cld2_detect($0.baseAddress, Int32($0.count), &reliable, &percent)
        }
        guard reliable != 0 || percent >= minimumPercent, let code else { return nil }
        let s = String(cString: code)
        if s == "un" || s == "xx" { return nil }
        // "zh-Hant" and other tagged codes: the language part.
        return Language(code: String(s.prefix { $0 != "-" }))
    }
}
