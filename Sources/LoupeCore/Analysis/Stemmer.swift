import CStemmer

/// Reduces a word to its stem in one language: the extension point behind the stem rung. A conformer
/// gets words as `NFKC_Casefold` left them (lowercase, with their diacritics) and returns the word
/// itself when it has nothing to strip. Conformers need not be thread-safe (each `Analyzer` owns its
/// own, through `Stemmers`).
protocol WordStemmer: AnyObject {
    /// The stem of lowercase `word`.
    func stem(_ word: String) -> String
}

/// The stemmers of an `Analyzer`, one per language, made on first use from `Stemmers.table`: Loupe's
/// own light stemmers for the languages Snowball 2.2 lacks, libstemmer for the rest. Not thread-safe.
final class Stemmers {
    private var open: [Language: (any WordStemmer)?] = [:]

    /// Loupe's own stemmers, by language code; every other language stems with Snowball when
    /// libstemmer has an algorithm for it (`Language.snowballAlgorithm`).
    static let table: [String: @Sendable () -> any WordStemmer] = [
        "pl": { PolishStemmer() },
        "cs": { CzechStemmer() },
        "uk": { UkrainianStemmer() },
    ]

    /// Whether `language` is stemmed (by Loupe's own stemmer or Snowball).
    static func stems(_ language: Language) -> Bool { table[language.code] != nil || language.snowballAlgorithm != nil }

    /// The stemmer of `language`, nil when it has none.
    static func make(_ language: Language) -> (any WordStemmer)? {
        if let make = table[language.code] { return make() }
        return language.snowballAlgorithm.flatMap { SnowballStemmer(algorithm: $0) }
    }

    /// The stem of `word` (lowercase, as NFKC_Casefold left it) in `language`, or nil when
    /// `language` is not stemmed.
    /// - Complexity: O(length); ~0.1–0.5 µs a word (callers cache).
    func stem(_ word: String, in language: Language) -> String? {
        let stemmer: (any WordStemmer)?
        if let s = open[language] {
            stemmer = s
        } else {
            stemmer = Self.make(language)
            open[language] = stemmer
        }
        return stemmer?.stem(word)
    }
}

/// A Snowball stemmer (libstemmer, Debian `libstemmer-dev`), which keeps its working buffer: one per
/// thread.
final class SnowballStemmer: WordStemmer {
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
