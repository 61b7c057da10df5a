/// The forms that span the tokenizer's words, found from the text between them (UTF-8 bytes), the
/// same way by indexing (`Analyzer.forEachTerm`) and by `Analyzer.analyze`:
///
/// - **Hyphenated words**: `e-mail`, `kebab-case`, `Müller-Lüdenscheidt` are two words to UAX #29; the
///   chain so far, its parts written together (`email`, `kebabcase`), is one more form of each part
///   after the first, at that part's position, so `email` finds `e-mail`. Parts joined by `-`, `‐`
///   (U+2010) or `‑` (U+2011), each of letters and digits only, at most `maxParts`.
/// - **Digit groups apart**: `1 000`, `12 345 678` (a space, a no-break space, U+202F or U+2009 between
///   a group of 1–3 digits and groups of exactly 3): the number written together (`1000`) is a form of
///   each group after the first. (`1,000` and `1.000` are one word: `Analyzer.wordParts`.)
/// - **`C++`, `C#`, `F#`**: a word of one ASCII letter followed by `++` or `#` (and no letter) takes
///   them in (`symbolEnd`): `c++` is a word of its own, `c` one of its forms.
///
/// The words and their boundaries are the tokenizer's (`ASCIIWordBreaker` stays identical to ICU's
/// rules); only `symbolEnd` extends a word, over bytes that no word holds.
struct WordJoins {
    /// Parts a chain holds at most (a longer run of hyphens starts a new chain).
    static let maxParts = 8

    private enum Kind { case hyphen, digits }

    /// The current chain: where it starts in the text, where its last part ends, its parts, and how
    /// they are joined (nil: one part so far, either kind possible).
    private var start = -1
    private var lastEnd = -1
    private var lastStart = -1
    private var parts = 0
    private var kind: Kind?

    /// Forgets the chain (a word the chain drops breaks it).
    mutating func reset() {
        parts = 0
        kind = nil
        lastEnd = -1
    }

    /// The end of the word `text[start..<end]` extended over a `++` or `#` after it when it is one
    /// ASCII letter and no letter follows (`C++`, `C#`); `end` otherwise.
    @inline(__always) static func symbolEnd(_ text: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Int {
        guard end - start == 1, end < text.count else { return end }
        let b = text[end]
        guard b == 0x2B || b == 0x23, isLetter(text[start]) else { return end } // + #
        var e = end + 1
        if b == 0x2B {
            guard e < text.count, text[e] == 0x2B else { return end }
            e += 1
        }
        if e < text.count, isLetter(text[e]) || text[e] == 0x2B || text[e] == 0x23 || text[e] >= 0x80 { return end }
        return e
    }

    /// Reads the word `text[start..<end]`, the next one in order. When it continues a chain, returns
    /// true with `joined` holding the chain's text so far without its separators (`e-Mail` → `eMail`),
    /// to be analyzed as one word.
    mutating func next(_ text: UnsafeBufferPointer<UInt8>, start s: Int, end: Int, joined: inout [UInt8]) -> Bool {
        defer { lastStart = s; lastEnd = end }
        guard parts > 0, parts < Self.maxParts, s > lastEnd, s - lastEnd <= 3 else { return restart(s) }
        // The separator.
        let gap = s - lastEnd
        let g0 = text[lastEnd]
        var hyphen = false, space = false
        if gap == 1 {
            hyphen = g0 == 0x2D
            space = g0 == 0x20
        } else if gap == 2 {
            space = g0 == 0xC2 && text[lastEnd + 1] == 0xA0
        } else if g0 == 0xE2 && text[lastEnd + 1] == 0x80 {
            let g2 = text[lastEnd + 2]
            hyphen = g2 == 0x90 || g2 == 0x91
            space = g2 == 0xAF || g2 == 0x89
        }
        if hyphen, kind != .digits, Self.isAlphanumeric(text, s, end),
           parts > 1 || Self.isAlphanumeric(text, lastStart, lastEnd) {
            kind = .hyphen
        } else if space, kind != .hyphen, end - s == 3, Self.isDigits(text, s, end),
                  parts > 1 || (lastEnd - lastStart <= 3 && Self.isDigits(text, lastStart, lastEnd)) {
            kind = .digits
        } else {
            return restart(s)
        }
        parts += 1
        joined.removeAll(keepingCapacity: true)
        var i = start
        while i < end {
            let b = text[i]
            if kind == .digits {
                if b &- 0x30 < 10 { joined.append(b) }
                i += 1
            } else if b == 0x2D {
                i += 1
            } else if b == 0xE2, i + 2 < end, text[i + 1] == 0x80, text[i + 2] == 0x90 || text[i + 2] == 0x91 {
                i += 3
            } else {
                joined.append(b)
                i += 1
            }
        }
        return joined.count <= 255
    }

    private mutating func restart(_ s: Int) -> Bool {
        start = s
        parts = 1
        kind = nil
        return false
    }

    @inline(__always) private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }

    /// Whether `text[from..<to]` is ASCII letters and digits and non-ASCII scalars (which a word of the
    /// tokenizer holds only as letters, marks or digits).
    private static func isAlphanumeric(_ text: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
        guard from < to else { return false }
        for i in from..<to {
            let b = text[i]
            if !(b >= 0x80 || b &- 0x30 < 10 || isLetter(b)) { return false }
        }
        return true
    }

    private static func isDigits(_ text: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
        guard from < to else { return false }
        for i in from..<to where text[i] &- 0x30 >= 10 { return false }
        return true
    }
}
