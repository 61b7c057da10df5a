/// ICU's word segmentation of pure-ASCII text, without ICU: the same words at the same byte offsets
/// as `ICUWordBreaker` with the root locale (checked against it by `ASCIIWordBreakerTests` on random
/// strings over every ASCII class and on real text), at a fraction of the cost. For ASCII the rules of
/// UAX #29 (as ICU 72's `word.txt` tailors them) reduce to:
///
/// - letters (`A-Z a-z`, and `@`, which ICU counts as one), digits and `_` (ExtendNumLet) join with each other in any order
///   (WB5, WB8, WB9, WB10, WB13a, WB13b);
/// - `.` and `'` (MidNumLet, Single_Quote) join two letters (WB6, WB7) or two digits (WB11, WB12);
///   `,` and `;` (MidNum) join two digits only; ICU takes `:` out of MidLetter, so it joins nothing;
/// - everything else (spaces, tabs, line ends, other punctuation) is a boundary and no word.
///
/// A segment is a word (a rule status ICU reports as letter or number) unless it is a lone `_`: `__`
/// and `_a` are words, `_` is not.
///
/// - Complexity: O(n), one pass, no allocation.
enum ASCIIWordBreaker {
    /// Character classes of the 128 ASCII bytes.
    private enum Class: UInt8 {
        case other = 0, letter, digit, underscore, midLetterOrNumber, midNumber
    }

    private static let classes: [Class] = (0..<128).map { b -> Class in
        switch UInt8(b) {
        // ICU 72's word.txt adds `@` to ALetter (so `x@y.org` stays one word, and `@` alone is one).
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "@"): return .letter
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return .digit
        case UInt8(ascii: "_"): return .underscore
        case UInt8(ascii: "."), UInt8(ascii: "'"): return .midLetterOrNumber
        case UInt8(ascii: ","), UInt8(ascii: ";"): return .midNumber
        default: return .other
        }
    }

    /// Whether every byte of `text` is ASCII (< 0x80), 8 bytes at a time.
    static func isASCII(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var i = 0
        var acc: UInt64 = 0
        while i + 8 <= text.count {
            acc |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < text.count {
            acc |= UInt64(text[i])
            i += 1
        }
        return acc & 0x8080_8080_8080_8080 == 0
    }

    /// Calls `body(start, end)` for each word of `text`, which must be pure ASCII (`isASCII`).
    static func forEachWord(in text: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) {
        let n = text.count
        classes.withUnsafeBufferPointer { classes in
            var i = 0
            while i < n {
                var c = classes[Int(text[i])]
                guard c == .letter || c == .digit || c == .underscore else {
                    i += 1
                    continue
                }
                let start = i
                var onlyUnderscores = c == .underscore
                i += 1
                while i < n {
                    let next = classes[Int(text[i])]
                    if next == .letter || next == .digit || next == .underscore {
                        if next != .underscore { onlyUnderscores = false }
                        c = next
                        i += 1
                        continue
                    }
                    // A middle character joins only between two letters or two digits.
                    guard i + 1 < n, next == .midLetterOrNumber || next == .midNumber else { break }
                    let after = classes[Int(text[i + 1])]
                    let joins = (c == .letter && after == .letter && next == .midLetterOrNumber)
                        || (c == .digit && after == .digit)
                    guard joins else { break }
                    i += 2
                }
                if !(onlyUnderscores && i - start == 1) { body(start, i) }
            }
        }
    }
}
