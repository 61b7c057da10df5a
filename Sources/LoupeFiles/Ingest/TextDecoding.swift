import LoupeCore
/// How a file's bytes become text: UTF-16 (little- or big-endian) when the file opens with its
/// byte-order mark; a CJK, Cyrillic, Greek, Hebrew or Arabic legacy encoding, or UTF-16 without a
/// mark, when ICU's detector says so (`LegacyEncoding`); otherwise UTF-8 (a UTF-8 byte-order mark
/// dropped), where every byte that does
/// not start a well-formed UTF-8 sequence is read as Windows-1252 (Latin-1 plus the printable
/// characters Windows puts at 0x80–0x9F), so a Latin-1 or Windows-1252 file — or a UTF-8 file with
/// a few such bytes pasted in — keeps its `café` instead of replacement characters. A file is
/// binary when its first `sniffLength` bytes (UTF-16: code units) hold a NUL and it is not UTF-16.
enum TextDecoding {
    typealias Rejection = ExtractionError

    /// Bytes at the start of a file inspected for NUL bytes.
    static let sniffLength = 8192

    /// The text of `data`.
    /// - Throws: `Rejection.binary`.
    /// - Complexity: O(n); one validating pass for UTF-8 that is well formed.
    static func text(of data: [UInt8]) throws(Rejection) -> String {
        if data.prefix(sniffLength).contains(0), let wide = wideEncoding(data) { return decode(data, wide) } // TextDecoding+Wide
        if data.count >= 2, data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF {
            return try utf16(data, bigEndian: data[0] == 0xFE)
        }
        if data.prefix(sniffLength).contains(0) {
            if let text = LegacyEncoding.utf16WithoutBOM(data) { return text }
            throw .binary
        }
        let body = data.count >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF ? data[3...] : data[...]
        if let text = String(validating: body, as: UTF8.self) { return text }
        return LegacyEncoding.decode(body) ?? repaired(body)
    }

    /// UTF-16 after its byte-order mark; a lone surrogate or an odd last byte becomes U+FFFD.
    private static func utf16(_ data: [UInt8], bigEndian: Bool) throws(Rejection) -> String {
        let count = (data.count - 2) / 2
        var units = [UInt16](repeating: 0, count: count)
        for k in 0..<count {
            let a = UInt16(data[2 + 2 * k]), b = UInt16(data[3 + 2 * k])
            units[k] = bigEndian ? a << 8 | b : b << 8 | a
        }
        if units.prefix(sniffLength).contains(0) { throw .binary }
        var text = String(decoding: units, as: UTF16.self)
        if data.count % 2 == 1 { text.unicodeScalars.append("\u{FFFD}") }
        return text
    }

    /// UTF-8 where well formed, Windows-1252 byte by byte where not.
    static func repaired(_ data: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + data.count / 8)
        var i = data.startIndex
        while i < data.endIndex {
            let b = data[i]
            if b < 0x80 {
                out.append(b)
                i += 1
                continue
            }
            let n = sequenceLength(data, at: i)
            if n > 0 {
                out.append(contentsOf: data[i..<(i + n)])
                i += n
            } else {
                out.append(contentsOf: Character(windows1252(b)).utf8)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The length of the well-formed UTF-8 sequence at `i` (2–4), or 0 (Unicode's table 3-7).
    static func sequenceLength<Bytes: RandomAccessCollection<UInt8>>(_ d: Bytes, at i: Int) -> Int where Bytes.Index == Int {
        func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool { i + k < d.endIndex && d[i + k] >= lo && d[i + k] <= hi }
        switch d[i] {
        case 0xC2...0xDF: return cont(1) ? 2 : 0
        case 0xE0: return cont(1, 0xA0) && cont(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return cont(1) && cont(2) ? 3 : 0
        case 0xED: return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0
        case 0xF0: return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4: return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0
        default: return 0
        }
    }

    /// Windows-1252's character for byte `b` (the WHATWG mapping: the five bytes it leaves
    /// undefined stand for the C1 controls of the same value).
    static func windows1252(_ b: UInt8) -> Unicode.Scalar {
        guard b >= 0x80 && b <= 0x9F else { return Unicode.Scalar(b) }
        let high: [UInt16] = [
            0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
            0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
        ]
        return Unicode.Scalar(high[Int(b - 0x80)])!
    }
}
