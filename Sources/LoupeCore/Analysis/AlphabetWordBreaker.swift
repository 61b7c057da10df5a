import CICUShim

/// ICU's word segmentation of text in alphabets (Latin, Greek, Cyrillic, Armenian, Georgian, Arabic,
/// Devanagari, … with punctuation, symbols and emoji), without ICU: the same words at the same byte
/// offsets as `ICUWordBreaker` with the root locale (checked against it by `AlphabetWordBreakerTests`
/// on random strings over every class and on the inflection corpus's texts in 19 languages). It
/// generalizes `ASCIIWordBreaker` with the Word_Break class ICU gives each scalar:
///
/// - letters (ALetter, and `@`), digits (Numeric) and connectors (ExtendNumLet: `_`, `‿`) join with
///   each other in any order (UAX #29 WB5, WB8–WB10, WB13a, WB13b);
/// - MidLetter (`·`) joins two letters, MidNum (`,` `;`) two digits, MidNumLet (`.` `'` `’`) either
///   (WB6, WB7, WB11, WB12); ICU takes `:` out of MidLetter;
/// - marks and format characters (Extend, Format: `◌́`, soft hyphen, variation selectors) belong to
///   the character before them (WB4): inside a word they extend it, elsewhere they are no word;
/// - an emoji and its marks are a segment that `ICUWordBreaker` indexes as a word (`🔎︎`), and so is
///   an emoji mark (a skin tone) that starts a segment (at the start or after a line end);
/// - everything else is a boundary and no word.
///
/// A segment is a word unless it is one connector (with its marks), or ends in a connector and marks
/// (ICU's rules give those no word status): `__` and `_a` are words, `_` and `a_◌́` are not.
/// Text with a Hebrew letter, Katakana, Han, Hangul, a regional indicator, a ZWJ, a line separator,
/// a letter ICU splits by dictionary (Thai, Lao, Khmer, Myanmar) or a letter or number of no class
/// is not taken (`forEachWord` returns false): ICU's own rules for those (Hebrew quotes, emoji
/// sequences, dictionaries) are not repeated here.
///
/// - Complexity: O(n), a table lookup per scalar, no allocation.
enum AlphabetWordBreaker {
    /// The classes of scalars (ICU's Word_Break, reduced to what the rules above use).
    enum Class: UInt8 {
        case other = 0, letter, digit, connector, midLetter, midNum, midNumLet, mark, emoji, unsupported
        /// A mark that is an emoji itself (skin tones): a mark, but an emoji where it starts a segment.
        case emojiMark
    }

    /// Scalars below this have their class in `classes`; above it, only variation selectors, the
    /// byte order mark and emoji are taken (`rareClass`).
    static let tableLimit: UInt32 = 0x3000

    /// The class of every scalar below `tableLimit` (once per process: ~12 K ICU property lookups).
    static let classes: [Class] = (UInt32(0)..<tableLimit).map(classify)

    /// The class of scalar `v`, from ICU's Word_Break and Line_Break and the Unicode properties.
    static func classify(_ v: UInt32) -> Class {
        guard let s = Unicode.Scalar(v) else { return .unsupported }
        if v == 0x40 { return .letter } // ICU 72's word.txt adds `@` to ALetter.
        if v == 0x3A { return .other } // …and takes `:` out of MidLetter.
        // Hangul jamo, CJK radicals: scripts ICU's word rules treat apart.
        if (0x1100..<0x1200).contains(v) || (0x2E80..<0x3000).contains(v) { return .unsupported }
        if loupe_u_isComplexContext(v) != 0 { return .unsupported } // split by dictionary
        switch loupe_u_wordBreak(v) {
        case 1: return .letter
        case 6: return .digit
        case 7: return .connector
        case 4: return .midLetter
        case 5: return .midNum
        case 11, 15: return .midNumLet // Single_Quote acts as MidNumLet outside Hebrew.
        case 2, 9:
            let p = s.properties
            return p.isEmojiPresentation || (p.isEmoji && v >= 0x2194) ? .emojiMark : .mark
        case 0, 8, 10, 22:
            // Other: a boundary if punctuation, symbol, space or control; a letter or number of no
            // class is something ICU treats otherwise.
            switch s.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
                return .unsupported
            default:
                // What `ICUWordBreaker.startsWithEmoji` indexes as a word.
                let p = s.properties
                return p.isEmojiPresentation || (p.isEmoji && v >= 0x2194) ? .emoji : .other
            }
        default: return .unsupported // Katakana, Newline, Regional_Indicator, Hebrew_Letter, Double_Quote, ZWJ
        }
    }

    /// The class of a scalar at or above `tableLimit`: variation selectors, the byte order mark and
    /// the emoji planes are classified (rare: a lookup each time); every other scalar is unsupported.
    static func rareClass(_ v: UInt32) -> Class {
        if (0xFE00...0xFE0F).contains(v) || v == 0xFEFF || (0x1F000..<0x1FB00).contains(v) || (0xE0020...0xE007F).contains(v) {
            return classify(v)
        }
        return .unsupported
    }

    /// Whether every scalar of `text` (valid UTF-8) has a class the rules handle.
    static func takes(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        classes.withUnsafeBufferPointer { classes in
            var i = 0
            while i < text.count {
                if text[i] < 0x80 { i += 1; continue }
                let (v, w) = UTF8Scalar.decode(text, i)
                if (v < tableLimit ? classes[Int(v)] : rareClass(v)) == .unsupported { return false }
                i += w
            }
            return true
        }
    }

    /// Calls `body(start, end)` for each word of `text` (valid UTF-8) and returns true; returns false
    /// without calling `body` when the text has a scalar it does not take (`takes`).
    static func forEachWord(in text: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) -> Bool {
        guard takes(text) else { return false }
        let n = text.count
        classes.withUnsafeBufferPointer { classes in
            @inline(__always) func at(_ i: Int) -> (Class, Int) {
                let (v, w) = UTF8Scalar.decode(text, i)
                return (v < tableLimit ? classes[Int(v)] : rareClass(v), w)
            }
            /// The end of the marks starting at `i`.
            @inline(__always) func skipMarks(_ i: Int) -> Int {
                var i = i
                while i < n {
                    let (c, w) = at(i)
                    guard c == .mark || c == .emojiMark else { break }
                    i += w
                }
                return i
            }
            var i = 0
            while i < n {
                var (c, w) = at(i)
                // A mark starts a segment at the start of the text and after a line end (WB3a, WB3b).
                if c == .emojiMark, i == 0 || (0x0A...0x0D).contains(text[i - 1]) { c = .emoji }
                if c == .emoji { // a segment of its own with its marks, indexed as a word
                    let end = skipMarks(i + w)
                    body(i, end)
                    i = end
                    continue
                }
                guard c == .letter || c == .digit || c == .connector else {
                    i += w
                    continue
                }
                let start = i
                var lone = c == .connector // one connector and its marks: no word
                // Whether marks follow the last letter, digit or connector.
                var marked = false
                func consume(_ end: Int) {
                    i = skipMarks(end)
                    marked = i > end
                }
                consume(i + w)
                while i < n {
                    let (next, nw) = at(i)
                    if next == .letter || next == .digit || next == .connector {
                        lone = false
                        c = next
                        consume(i + nw)
                        continue
                    }
                    // A middle character joins two letters or two digits (marks after it are its own).
                    guard next == .midLetter || next == .midNum || next == .midNumLet else { break }
                    let j = skipMarks(i + nw)
                    guard j < n else { break }
                    let (after, aw) = at(j)
                    let joins = (c == .letter && after == .letter && next != .midNum)
                        || (c == .digit && after == .digit && next != .midLetter)
                    guard joins else { break }
                    consume(j + aw)
                }
                // ICU gives no word status to a segment ending in a connector and marks (`a_◌́`).
                if !lone && !(c == .connector && marked) { body(start, i) }
            }
        }
        return true
    }
}
