import CStemmer

/// Snowball stemmers (libstemmer), one per language, opened on first use. Not thread-safe (a Snowball
/// stemmer keeps its working buffer): each `Analyzer` owns one.
final class Stemmers {
    private var open: [Language: OpaquePointer?] = [:]

    deinit {
        for case let s? in open.values { sb_stemmer_delete(s) }
    }

    /// Whether Snowball stems `language`.
    static func stems(_ language: Language) -> Bool { language.snowballAlgorithm != nil }

    /// The stem of `word` (lowercase, as NFKC_Casefold left it) in `language`, or nil when Snowball has
    /// no stemmer for it.
    /// - Complexity: O(length); ~0.1–0.5 µs a word (callers cache).
    func stem(_ word: String, in language: Language) -> String? {
        let stemmer: OpaquePointer?
        if let s = open[language] {
            stemmer = s
        } else {
            stemmer = language.snowballAlgorithm.flatMap { sb_stemmer_new($0, "UTF_8") }
            open[language] = stemmer
        }
        guard let stemmer else { return nil }
        var w = word
        return w.withUTF8 { bytes -> String? in
            guard let out = bytes.withMemoryRebound(to: sb_symbol.self, { sb_stemmer_stem(stemmer, $0.baseAddress, Int32($0.count)) }) else {
                return nil // out of memory inside Snowball: no stem rather than a trap
            }
            let n = Int(sb_stemmer_length(stemmer))
            return String(decoding: UnsafeBufferPointer(start: out, count: n), as: UTF8.self)
        }
    }
}
