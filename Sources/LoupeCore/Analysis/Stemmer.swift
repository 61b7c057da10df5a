import CStemmer

/// Reduces a word to its stem in one language: what `StemFilter` indexes in the stem rung, and a
/// query word is stemmed with. A conformer gets words as `NFKC_Casefold` left them (lowercase, with
/// their diacritics) and returns the word itself when it has nothing to strip. Conformers need not
/// be thread-safe (each `Analyzer` has its own `StemFilter`, which makes its own stemmers).
public protocol Stemmer: AnyObject {
    /// The stem of lowercase `word`.
    func stem(_ word: String) -> String
}

/// The stemmers of a `StemFilter`, one per language, made on first use by `make`. Not thread-safe.
final class Stemmers {
    private var open: [Language: (any Stemmer)?] = [:]
    private let make: (Language) -> (any Stemmer)?

    /// Stemmers made by `make` (nil: the language is not stemmed); Loupe's by default.
    init(make: @escaping (Language) -> (any Stemmer)? = Stemmers.make) { self.make = make }

    /// Loupe's own stemmers, by language code; every other language stems with Snowball when
    /// libstemmer has an algorithm for it (`Language.snowballAlgorithm`).
    static let table: [String: @Sendable () -> any Stemmer] = [
        "pl": { PolishStemmer() },
        "cs": { CzechStemmer() },
        "uk": { UkrainianStemmer() },
    ]

    /// Whether `language` is stemmed by Loupe's stemmers (its own or Snowball).
    static func stems(_ language: Language) -> Bool { table[language.code] != nil || language.snowballAlgorithm != nil }

    /// Loupe's stemmer of `language`, nil when it has none.
    static func make(_ language: Language) -> (any Stemmer)? {
        if let make = table[language.code] { return make() }
        return language.snowballAlgorithm.flatMap { SnowballStemmer(algorithm: $0) }
    }

    /// The stemmer of `language` (made on first use), nil when it has none.
    private func stemmer(_ language: Language) -> (any Stemmer)? {
        if let s = open[language] { return s }
        let s = make(language)
        open[language] = s
        return s
    }

    /// Whether `language` is stemmed.
    func stems(_ language: Language) -> Bool { stemmer(language) != nil }

    /// The stem of `word` (lowercase, as NFKC_Casefold left it) in `language`, or nil when
    /// `language` is not stemmed.
    /// - Complexity: O(length); ~0.1–0.5 µs a word (callers cache).
    func stem(_ word: String, in language: Language) -> String? { stemmer(language)?.stem(word) }
}

/// A Snowball stemmer (libstemmer, Debian `libstemmer-dev`), which keeps its working buffer: one per
/// thread.
final class SnowballStemmer: Stemmer {
    private let handle: OpaquePointer

    /// The libstemmer `algorithm` (`"english"`) in UTF-8; nil when libstemmer does not have it.
    init?(algorithm: String) {
        guard let h = sb_stemmer_new(algorithm, "UTF_8") else { return nil }
        handle = h
    }

    deinit { sb_stemmer_delete(handle) }

    func stem(_ word: String) -> String {
        var w = word
        return w.withUTF8 { bytes -> String in
            guard let out = bytes.withMemoryRebound(to: sb_symbol.self, { sb_stemmer_stem(handle, $0.baseAddress, Int32($0.count)) }) else {
                return word // out of memory inside Snowball: no stem rather than a trap
            }
            let n = Int(sb_stemmer_length(handle))
            return String(decoding: UnsafeBufferPointer(start: out, count: n), as: UTF8.self)
        }
    }
}
