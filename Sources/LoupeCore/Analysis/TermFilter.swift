/// One step of the analysis chain after the tokenizer: maps a term's text to its new text, or to `nil`
/// to drop the token. Position and offsets are never changed by a filter, which is what lets the
/// `Analyzer` cache a whole chain's result per distinct word. A step that adds forms of a word at its
/// position (stems, synonyms) is a `TokenFilter`.
///
/// Filters must be pure functions of the term text (same input, same output), or the cache would lie.
public protocol TermFilter: AnyObject {
    /// The term's new text, or nil to drop the token.
    func filter(_ term: String) -> String?
    /// True for filters that fold away distinctions a user may want to keep (transliteration): the
    /// analyzer also runs the chain without them to get a token's *exact* form.
    var isFolding: Bool { get }
}

/// A `TermFilter` of Loupe's own that tells what it makes of a word of 1 to 255 ASCII letters and
/// digits. When every filter of a chain says `.unchanged` or `.lowercased` (and no folding filter
/// lowercases), the analyzer indexes such words without running the chain; a filter that does
/// not conform (an app's own) counts as `.other`: the chain runs.
package protocol ASCIIAwareTermFilter: TermFilter {
    var asciiWords: ASCIIWordEffect { get }
}

/// What a `TermFilter` makes of a word of ASCII letters and digits.
package enum ASCIIWordEffect: Sendable {
    /// The word as it is.
    case unchanged
    /// The word in lowercase.
    case lowercased
    /// Anything else, or it depends on the word.
    case other
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

extension String {
    /// `units` (UTF-16, as ICU returns it) as a string: the same string as
    /// `String(decoding: units, as: UTF16.self)` (an unpaired surrogate becomes U+FFFD), transcoded
    /// in one pass without the standard library's generic repairing decoder (a third of the cost of
    /// folding a new word).
    init(utf16Units units: [UInt16]) {
        var out = [UInt8]()
        out.reserveCapacity(units.count * 3)
        var i = 0
        while i < units.count {
            let u = UInt32(units[i])
            i += 1
            if u < 0x80 {
                out.append(UInt8(u))
            } else if u < 0x800 {
                out.append(UInt8(0xC0 | u >> 6)); out.append(UInt8(0x80 | u & 0x3F))
            } else if u & 0xF800 != 0xD800 {
                out.append(UInt8(0xE0 | u >> 12)); out.append(UInt8(0x80 | (u >> 6) & 0x3F))
                out.append(UInt8(0x80 | u & 0x3F))
            } else if u < 0xDC00, i < units.count, units[i] & 0xFC00 == 0xDC00 {
                let v = 0x10000 + ((u - 0xD800) << 10 | (UInt32(units[i]) - 0xDC00))
                i += 1
                out.append(UInt8(0xF0 | v >> 18)); out.append(UInt8(0x80 | (v >> 12) & 0x3F))
                out.append(UInt8(0x80 | (v >> 6) & 0x3F)); out.append(UInt8(0x80 | v & 0x3F))
            } else {
                out.append(0xEF); out.append(0xBF); out.append(0xBD) // unpaired surrogate: U+FFFD
            }
        }
        self = String(decoding: out, as: UTF8.self)
    }
}
