import CICUShim

/// Text in the encodings that came before UTF-8: which one a file is in, found by ICU's charset
/// detector (`ucsdet`), and its conversion by ICU (`ucnv`), strict — a byte sequence the charset
/// does not define makes the guess wrong, it is not replaced.
///
/// Only the guesses that Windows-1252 (the fallback of `TextDecoding`) would get wrong are taken:
/// the CJK multi-byte encodings, the Cyrillic, Greek, Hebrew and Arabic single-byte ones, and
/// UTF-16 without a byte-order mark. A Latin text (ISO-8859-1, -2, -9, … as ICU may call it) stays
/// with Windows-1252: on a few accented letters ICU's guess among the Latin charsets is a coin toss
/// and Windows-1252 reads most of them right. A single-byte non-Latin guess needs the text to be
/// mostly of high bytes (a Russian text is; a French one with an `é` per word is not). Too short for
/// ICU (a few words), a text of high bytes is tried as Windows-1251 and KOI8-R, the one that reads
/// as mostly lowercase Cyrillic taken.
enum LegacyEncoding {
    /// Bytes of a file the detector looks at.
    static let sampleLength = 64 << 10

    /// Charsets taken from the detector, with the least confidence (0–100) that is trusted.
    static let trusted: [String: (confidence: Int32, singleByte: Bool)] = [
        "Shift_JIS": (50, false), "EUC-JP": (50, false), "EUC-KR": (50, false), "GB18030": (50, false), "Big5": (50, false),
        "ISO-2022-JP": (50, false), "ISO-2022-KR": (50, false), "ISO-2022-CN": (50, false),
        "windows-1251": (25, true), "KOI8-R": (25, true), "ISO-8859-5": (25, true),
        "windows-1253": (25, true), "ISO-8859-7": (25, true), "windows-1255": (25, true), "ISO-8859-8": (25, true),
        "ISO-8859-8-I": (25, true), "windows-1256": (25, true), "ISO-8859-6": (25, true),
    ]

    /// The text of `data`, which is not well-formed UTF-8 and holds no NUL, when it is in one of the
    /// encodings above; nil: read it as UTF-8 repaired with Windows-1252.
    static func decode(_ data: ArraySlice<UInt8>) -> String? {
        let sample = data.prefix(sampleLength)
        var high = 0, letters = 0
        for b in sample {
            if b >= 0x80 { high += 1 } else if b | 0x20 >= 0x61 && b | 0x20 <= 0x7A { letters += 1 }
        }
        // Mostly well-formed UTF-8 with a few stray bytes: the repair keeps the UTF-8.
        if utf8Sequences(sample) * 2 >= high { return nil }
        let mostlyHigh = high > letters
        if let (name, confidence) = best(sample), let t = trusted[name], confidence >= t.confidence,
           !t.singleByte || mostlyHigh, let text = convert(data, from: name) {
            return text
        }
        guard mostlyHigh, high >= 4 else { return nil }
        return cyrillic(data)
    }

    /// UTF-16 without a byte-order mark (its ASCII characters hold NUL bytes), when ICU is sure of it
    /// and the text holds no NUL character; nil: binary.
    static func utf16WithoutBOM(_ data: [UInt8]) -> String? {
        guard data.count >= 4, data.count % 2 == 0, let (name, confidence) = best(data.prefix(sampleLength)),
              name == "UTF-16LE" || name == "UTF-16BE", confidence >= 60,
              let text = convert(data[...], from: name), !text.utf8.contains(0) else { return nil }
        return text
    }

    /// The detector's most confident match: its charset's name and confidence.
    static func best(_ sample: ArraySlice<UInt8>) -> (String, Int32)? {
        var status: Int32 = 0
        guard let detector = loupe_ucsdet_open(&status), status <= 0 else { return nil }
        defer { loupe_ucsdet_close(detector) }
        return sample.withUnsafeBufferPointer { bytes -> (String, Int32)? in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                loupe_ucsdet_setText(detector, chars.baseAddress, Int32(chars.count), &status)
                guard status <= 0 else { return nil }
                var count: Int32 = 0
                guard let matches = loupe_ucsdet_detectAll(detector, &count, &status), status <= 0, count > 0,
                      let first = matches[0], let name = loupe_ucsdet_getName(first, &status), status <= 0 else { return nil }
                let confidence = loupe_ucsdet_getConfidence(first, &status)
                return status <= 0 ? (String(cString: name), confidence) : nil
            }
        }
    }

    /// `data` converted from `charset`, or nil when ICU does not know it or a byte sequence is not
    /// one of the charset's (a truncated last character included).
    static func convert(_ data: ArraySlice<UInt8>, from charset: String) -> String? {
        guard data.count < Int(Int32.max) / 2 else { return nil }
        var status: Int32 = 0
        guard let converter = loupe_ucnv_open_stopping(charset, &status), status <= 0 else { return nil }
        defer { loupe_ucnv_close(converter) }
        // A byte never becomes more than one UTF-16 unit, except in UTF-16 itself (two bytes, one unit)
        // and GB18030 (four bytes, two units): the input's length is room enough.
        var units = [UInt16](repeating: 0, count: max(1, data.count))
        let n = data.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                loupe_ucnv_toUChars(converter, &units, Int32(units.count), chars.baseAddress, Int32(chars.count), &status)
            }
        }
        guard status <= 0, n >= 0, Int(n) <= units.count else { return nil }
        return String(decoding: units[..<Int(n)], as: UTF16.self)
    }

    /// The well-formed UTF-8 sequences of two bytes or more in `data`.
    static func utf8Sequences(_ data: ArraySlice<UInt8>) -> Int {
        var n = 0
        var i = data.startIndex
        while i < data.endIndex {
            if data[i] < 0x80 {
                i += 1
                continue
            }
            let k = TextDecoding.sequenceLength(data, at: i)
            if k > 0 {
                n += 1
                i += k
            } else {
                i += 1
            }
        }
        return n
    }

    /// A short Cyrillic text: Windows-1251 or KOI8-R, whichever reads as mostly lowercase Cyrillic
    /// letters (both put letters at 0xC0–0xFF, the lowercase ones in opposite halves); nil when
    /// neither reads as Cyrillic.
    static func cyrillic(_ data: ArraySlice<UInt8>) -> String? {
        func score(_ text: String) -> (lower: Int, letters: Int, other: Int) {
            var s = (lower: 0, letters: 0, other: 0)
            for u in text.unicodeScalars where u.value >= 0x80 {
                if (0x430...0x44F).contains(u.value) || u.value == 0x451 { s.lower += 1; s.letters += 1 }
                else if (0x400...0x42F).contains(u.value) { s.letters += 1 }
                else if u.value != 0xA0 && u.value != 0xAB && u.value != 0xBB && !(0x2010...0x2026).contains(u.value) { s.other += 1 }
            }
            return s
        }
        var best: (text: String, lower: Int)? = nil
        for charset in ["windows-1251", "KOI8-R"] {
            guard let text = convert(data, from: charset) else { continue }
            let s = score(text)
            guard s.letters > 4 * s.other, s.lower * 2 > s.letters else { continue }
            if best == nil || s.lower > best!.lower { best = (text, s.lower) }
        }
        return best?.text
    }
}
