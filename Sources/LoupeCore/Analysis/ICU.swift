import CICUShim

/// An ICU call that failed: which call and ICU's name for the status (`U_ILLEGAL_ARGUMENT_ERROR`, …).
struct ICUError: Error, CustomStringConvertible, Sendable {
    /// The name of the ICU function that failed (`ubrk_open`, …).
    let call: String
    /// ICU's `UErrorCode` value (> 0: a failure).
    let status: Int32
    var description: String {
        "ICU \(call) failed: \(String(cString: loupe_u_errorName(status)))"
    }

    /// Throws when `status` is an ICU failure (> 0); warnings (< 0) pass.
    static func check(_ status: Int32, _ call: String) throws {
        if status > 0 { throw ICUError(call: call, status: status) }
    }
}

/// ICU's UBRK_WORD rule-status ranges, as returned by `ubrk_getRuleStatus`.
enum WordStatus {
    /// 0–99: spaces, punctuation, symbols. Not a word.
    static let noneLimit: Int32 = 100
}

/// An owned ICU word break iterator (UAX #29 with ICU's dictionaries for Chinese, Japanese, Thai,
/// Khmer, Lao and Myanmar). Not thread-safe: keep one per thread.
final class ICUWordBreaker {
    private let handle: OpaquePointer

    init(locale: String = "") throws {
        var status: Int32 = 0
        let h = loupe_ubrk_open_word(locale, nil, 0, &status)
        try ICUError.check(status, "ubrk_open")
        guard let h else { throw ICUError(call: "ubrk_open", status: 1) }
        handle = h
    }

    deinit { loupe_ubrk_close(handle) }

    /// Calls `body(start, end)` for every segment of `text` whose rule status says it is a word
    /// (letters, numbers, kana or ideographs), in order. Offsets are UTF-8 byte offsets: ICU walks the
    /// bytes through a UTF-8 UText, so nothing is converted to UTF-16.
    /// - Complexity: O(n) in the length of `text`.
    func forEachWord(inUTF8 text: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) throws {
        var status: Int32 = 0
        let ut = text.withMemoryRebound(to: CChar.self) { loupe_utext_openUTF8($0.baseAddress, Int64(text.count), &status) }
        try ICUError.check(status, "utext_openUTF8")
        defer { loupe_utext_close(ut) }
        loupe_ubrk_setUText(handle, ut, &status)
        try ICUError.check(status, "ubrk_setUText")
        var start = Int(loupe_ubrk_first(handle))
        while true {
            let end = Int(loupe_ubrk_next(handle))
            if end < 0 { break }
            if loupe_ubrk_getRuleStatus(handle) >= WordStatus.noneLimit || Self.startsWithEmoji(text, start, end) {
                body(start, end)
            }
            start = end
        }
        // Do not leave a pointer to the caller's buffer inside ICU.
        loupe_ubrk_setText(handle, nil, 0, &status)
    }

    /// Whether the segment `text[start..<end]` (which ICU calls no word) is an emoji (`🍕`, `👍🏽`, a ZWJ
    /// sequence, a flag): those are indexed as terms. Keycaps and `©`-like symbols that merely may be
    /// drawn as emoji are not.
    static func startsWithEmoji(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard start < end, text[start] >= 0xE2 else { return false } // emoji start at U+2194
        var it = UnsafeBufferPointer(rebasing: text[start..<end]).makeIterator()
        var decoder = UTF8()
        guard case let .scalarValue(s) = decoder.decode(&it) else { return false }
        let p = s.properties
        return p.isEmojiPresentation || (p.isEmoji && s.value >= 0x2194) || (0x1F1E6...0x1F1FF).contains(s.value)
    }
}

/// An owned ICU transliterator, e.g. `Any-Latin; Latin-ASCII`. Not thread-safe: keep one per thread.
final class ICUTransliterator {
    private let handle: OpaquePointer
    let id: String

    init(id: String) throws {
        self.id = id
        let units = Array(id.utf16)
        var status: Int32 = 0
        let h = units.withUnsafeBufferPointer { loupe_utrans_openU($0.baseAddress, Int32($0.count), &status) }
        try ICUError.check(status, "utrans_openU(\(id))")
        guard let h else { throw ICUError(call: "utrans_openU", status: 1) }
        handle = h
    }

    /// An independent copy of `other` (a transliterator is used by one thread at a time; cloning a
    /// compiled one is much cheaper than compiling its rules again).
    init(cloning other: ICUTransliterator) throws {
        id = other.id
        var status: Int32 = 0
        let h = loupe_utrans_clone(other.handle, &status)
        try ICUError.check(status, "utrans_clone(\(id))")
        guard let h else { throw ICUError(call: "utrans_clone", status: 1) }
        handle = h
    }

    deinit { loupe_utrans_close(handle) }

    /// Transliterates UTF-16 text.
    /// - Complexity: 1–2 µs per short token whatever the script; callers cache results.
    func transliterate(_ text: [UInt16]) throws -> [UInt16] {
        var capacity = max(16, text.count * 4)
        while true {
            var buffer = text + [UInt16](repeating: 0, count: capacity - text.count)
            var length = Int32(text.count)
            var status: Int32 = 0
            buffer.withUnsafeMutableBufferPointer {
                loupe_utrans_transUChars(handle, $0.baseAddress, &length, Int32(capacity), &status)
            }
            if status == 15 { capacity = Int(length) * 2 + 16; continue } // U_BUFFER_OVERFLOW_ERROR
            try ICUError.check(status, "utrans_transUChars")
            buffer.removeSubrange(Int(length)...)
            return buffer
        }
    }
}

/// ICU's NFKC_Casefold normalizer (compatibility decomposition + full case folding + composition):
/// `ﬁ` → `fi`, `Ⅻ` → `xii`, `ß` → `ss`, `İ` → `i̇`. The instance is shared and owned by ICU.
/// `@unchecked Sendable`: ICU's normalizer instances are immutable and documented as thread-safe.
struct ICUNFKCCasefold: @unchecked Sendable {
    private let handle: OpaquePointer

    init() throws {
        var status: Int32 = 0
        let h = loupe_unorm2_getNFKCCasefoldInstance(&status)
        try ICUError.check(status, "unorm2_getNFKCCasefoldInstance")
        guard let h else { throw ICUError(call: "unorm2_getNFKCCasefoldInstance", status: 1) }
        handle = h
    }

    /// Plain NFKC (compatibility decomposition + composition, no case folding): `H₂O` → `H2O`,
    /// `①` → `1`, `ﷺ` → its words; what `CompatibilityCharFilter` applies to text before tokenizing.
    static func nfkc() throws -> ICUNFKCCasefold {
        var status: Int32 = 0
        let h = loupe_unorm2_getNFKCInstance(&status)
        try ICUError.check(status, "unorm2_getNFKCInstance")
        guard let h else { throw ICUError(call: "unorm2_getNFKCInstance", status: 1) }
        return ICUNFKCCasefold(handle: h)
    }

    private init(handle: OpaquePointer) { self.handle = handle }

    /// Whether NFKC changes `scalar` while NFC keeps it (a compatibility character: `²`, `①`, `ﬁ`, `Ｈ`).
    static func isCompatibilityCharacter(_ scalar: Unicode.Scalar) -> Bool {
        loupe_u_hasCompatibilityDecomposition(scalar.value) != 0
    }

    func normalize(_ text: [UInt16]) throws -> [UInt16] {
        var capacity = max(16, text.count * 2)
        while true {
            var out = [UInt16](repeating: 0, count: capacity)
            var status: Int32 = 0
            let n = text.withUnsafeBufferPointer { src in
                out.withUnsafeMutableBufferPointer { dst in
                    loupe_unorm2_normalize(handle, src.baseAddress, Int32(src.count), dst.baseAddress, Int32(capacity), &status)
                }
            }
            if status == 15 { capacity = Int(n) + 16; continue }
            try ICUError.check(status, "unorm2_normalize")
            out.removeSubrange(Int(n)...)
            return out
        }
    }
}

/// ICU's script of a code point (`uscript_getScript`), as the UScriptCode numbers.
enum ICUScript {
    static let common: Int32 = 0, inherited: Int32 = 1, arabic: Int32 = 2, armenian: Int32 = 3
    static let cyrillic: Int32 = 8, georgian: Int32 = 12, greek: Int32 = 14, han: Int32 = 17
    static let hangul: Int32 = 18, hebrew: Int32 = 19, hiragana: Int32 = 20, katakana: Int32 = 22
    static let latin: Int32 = 25, thai: Int32 = 38

    static func of(_ scalar: Unicode.Scalar) -> Int32 {
        var status: Int32 = 0
        let s = loupe_uscript_getScript(scalar.value, &status)
        return status > 0 ? common : s
    }
}
