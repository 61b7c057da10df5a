/// One step of the analysis chain after the tokenizer: maps a term's text to its new text, or to `nil`
/// to drop the token. Position and offsets are never changed by a filter, which is what lets the
/// `Analyzer` cache a whole chain's result per distinct word.
///
/// Filters must be pure functions of the term text (same input, same output), or the cache would lie.
public protocol TermFilter: AnyObject {
    /// The term's new text, or nil to drop the token.
    func filter(_ term: String) -> String?
    /// True for filters that fold away distinctions a user may want to keep (transliteration): the
    /// analyzer also runs the chain without them to get a token's *exact* form.
    var isFolding: Bool { get }
}

extension TermFilter {
    public var isFolding: Bool { false }
}

extension String {
    /// True when every byte is ASCII.
    /// - Complexity: O(n) in UTF-8 bytes.
    @inlinable var isASCII: Bool { utf8.allSatisfy { $0 < 0x80 } }

    /// ASCII lowercase of an ASCII string, without Foundation or ICU.
    var asciiLowercased: String {
        if !utf8.contains(where: { $0 >= 65 && $0 <= 90 }) { return self }
        return String(decoding: utf8.map { ($0 >= 65 && $0 <= 90) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
