import LoupeCore

/// UTF-32 (with or without its byte-order mark) and UTF-16 without one: text whose NUL bytes
/// would otherwise make it binary. Told from binary data by its first `sniffLength` bytes: every
/// code unit there must be a character that text holds (no NUL, no control but tab, line feed,
/// form feed and carriage return; UTF-16 surrogates paired, UTF-32 values Unicode scalars), and
/// for UTF-16 the NUL bytes fall mostly on one side of the units (the high byte of Latin text, of
/// spaces and line ends) and are one unit in 16 at least.
extension TextDecoding {
    /// A wide encoding: code units of `width` bytes (2 or 4), in `bigEndian` order or not, after a
    /// byte-order mark of `skip` bytes.
    struct Wide: Equatable {
        var width: Int
        var bigEndian: Bool
        var skip = 0
    }

    /// The wide encoding `data` is in, or nil (then its NUL bytes make it binary).
    static func wideEncoding(_ data: [UInt8]) -> Wide? {
        // UTF-32's marks, when text follows (`FF FE 00 00` also opens UTF-16LE with a NUL).
        for w in [Wide(width: 4, bigEndian: false, skip: 4), Wide(width: 4, bigEndian: true, skip: 4)] {
            let mark: [UInt8] = w.bigEndian ? [0, 0, 0xFE, 0xFF] : [0xFF, 0xFE, 0, 0]
            if data.starts(with: mark), isText(Array(data.dropFirst(4).prefix(sniffLength)), w) { return w }
        }
        if data.count >= 2, data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF { return nil } // UTF-16's mark: decoded as such
        let window = Array(data.prefix(sniffLength))
        for bigEndian in [false, true] {
            let w = Wide(width: 4, bigEndian: bigEndian)
            if window.count >= 8, isText(window, w) { return w }
        }
        // UTF-16 comes in whole units: a file of an odd length is not, and only the NULs of whole
        // units count (a NUL that ends a text is no high byte).
        guard window.count >= 4, data.count > window.count || data.count % 2 == 0 else { return nil }
        var zeros = [0, 0]
        for (i, b) in window.enumerated() where b == 0 && i < window.count & ~1 { zeros[i & 1] += 1 }
        // Latin text in UTF-16LE has its NULs at odd offsets (the high bytes), in UTF-16BE at even
        // ones; the other side has few (U+0100, U+0400, … and some surrogates end in a NUL byte).
        let w = Wide(width: 2, bigEndian: zeros[0] > zeros[1])
        let high = zeros[w.bigEndian ? 0 : 1], low = zeros[w.bigEndian ? 1 : 0]
        // And enough NULs (spaces, line ends, digits: one unit in 16 at least) that a UTF-8 file
        // with a stray NUL is not read as UTF-16.
        // Two at least: one NUL is a stray byte of a UTF-8 file as likely as a high byte.
        return high >= 2 && low * 4 <= high && high * 16 >= window.count / 2 && isText(window, w) ? w : nil
    }

    /// The code units of `data` in `w` (a last partial unit dropped).
    static func units(_ data: ArraySlice<UInt8>, _ w: Wide) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(data.count / w.width)
        var i = data.startIndex
        while i + w.width <= data.endIndex {
            var u: UInt32 = 0
            for k in 0..<w.width {
                let b = UInt32(data[i + (w.bigEndian ? k : w.width - 1 - k)])
                u = u << 8 | b
            }
            out.append(u)
            i += w.width
        }
        return out
    }

    static func isTextUnit(_ u: UInt32) -> Bool { u >= 0x20 || u == 0x09 || u == 0x0A || u == 0x0C || u == 0x0D }

    /// Whether the units of `window` in `w` are all characters of text (a unit cut at the window's
    /// end aside).
    static func isText(_ window: [UInt8], _ w: Wide) -> Bool {
        let us = units(window[...], w)
        guard !us.isEmpty else { return false }
        if w.width == 4 {
            return us.allSatisfy { isTextUnit($0) && $0 <= 0x10FFFF && !(0xD800...0xDFFF).contains($0) }
        }
        var i = 0
        while i < us.count {
            let u = us[i]
            guard isTextUnit(u) else { return false }
            if (0xD800...0xDBFF).contains(u) {
                guard i + 1 < us.count else { return true } // a pair cut by the window
                guard (0xDC00...0xDFFF).contains(us[i + 1]) else { return false }
                i += 2
                continue
            }
            guard !(0xDC00...0xDFFF).contains(u) else { return false }
            i += 1
        }
        return true
    }

    /// The text of `data` in `w`: an invalid unit, a lone surrogate or a cut last unit becomes U+FFFD.
    static func decode(_ data: [UInt8], _ w: Wide) -> String {
        let body = data[w.skip...]
        let us = units(body, w)
        var text: String
        if w.width == 2 {
            text = String(decoding: us.map { UInt16($0) }, as: UTF16.self)
        } else {
            var scalars = String.UnicodeScalarView()
            for u in us { scalars.append(Unicode.Scalar(u) ?? "\u{FFFD}") }
            text = String(scalars)
        }
        if body.count % w.width != 0 { text.unicodeScalars.append("\u{FFFD}") }
        return text
    }
}
