/// Normalizes compatibility characters to NFKC before the text is split into words (as Elasticsearch's
/// `icu_normalizer` char filter does), so that the word breaker sees what they stand for: `H₂O` → `H2O`,
/// `m²` → `m2`, `①` → `1`, `℃` → `°C`, `ﬁle` → `file`, `ﷺ` → its four words. Offsets of the words found
/// in the normalized text are mapped back to the original text, so snippets still cut the original.
///
/// Only compatibility characters change (NFKC differs from NFC only there); each is normalized alone.
/// The text is walked as UTF-8 bytes: unchanged stretches are copied whole, and whether a BMP scalar
/// is a compatibility character comes from a table built once per process (`compatibilityBMP`).
struct CompatibilityCharFilter {
    private let nfkc: ICUNFKCCasefold

    init() throws { nfkc = try ICUNFKCCasefold.nfkc() }

    /// One bit per BMP scalar: whether it has a compatibility decomposition (ICU's answer, asked once
    /// per scalar per process instead of once per character of text).
    private static let compatibilityBMP: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
        for v in UInt32(0xA0)..<0x10000 {
            if let s = Unicode.Scalar(v), ICUNFKCCasefold.isCompatibilityCharacter(s) { bits[Int(v >> 6)] |= 1 << UInt64(v & 63) }
        }
        return bits
    }()

    @inline(__always) private static func isCompatibility(_ v: UInt32) -> Bool {
        if v < 0xA0 { return false }
        if v < 0x10000 { return compatibilityBMP[Int(v >> 6)] & (1 << UInt64(v & 63)) != 0 }
        return Unicode.Scalar(v).map(ICUNFKCCasefold.isCompatibilityCharacter) ?? false
    }

    /// The byte offset of the first compatibility character of `bytes`, or nil.
    private static func firstCompatibility(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        while i < bytes.count {
            if bytes[i] < 0x80 { i += 1; continue }
            let (v, w) = UTF8Scalar.decode(bytes, i)
            if isCompatibility(v) { return i }
            i += w
        }
        return nil
    }

    /// The NFKC form of the scalar `v`, as UTF-8 (itself when ICU fails).
    private func normalized(_ v: UInt32, _ original: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        guard let s = Unicode.Scalar(v) else { return Array(original) }
        guard let n = try? nfkc.normalize(Array(String(s).utf16)) else {
            AnalysisFailures.shared.record()
            return Array(original)
        }
        return Array(String(utf16Units: n).utf8)
    }

    /// `text` with its compatibility characters normalized; nil when it has none (the common case).
    /// The same text as `normalize(_:)`, without its offset maps (what indexing needs).
    /// - Complexity: O(n); a table lookup per non-ASCII scalar.
    func normalizedText(_ text: String) -> String? {
        var t = text
        return t.withUTF8 { bytes -> String? in
            if ASCIIWordBreaker.isASCII(bytes) { return nil }
            guard let first = Self.firstCompatibility(bytes) else { return nil }
            var out = [UInt8]()
            out.reserveCapacity(bytes.count + 16)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[..<first]))
            var i = first, run = first
            while i < bytes.count {
                if bytes[i] < 0x80 { i += 1; continue }
                let (v, w) = UTF8Scalar.decode(bytes, i)
                if Self.isCompatibility(v) {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                    out.append(contentsOf: normalized(v, UnsafeBufferPointer(rebasing: bytes[i..<(i + w)])))
                    run = i + w
                }
                i += w
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The normalized text and, per UTF-8 byte of it, the range in `text` of the character it comes
    /// from (a word `start..<end` of the normalized text cuts `starts[start] ..< ends[end - 1]` of
    /// `text`); nil when `text` has no compatibility character (the common case). Bytes before the
    /// first compatibility character map to themselves.
    /// - Complexity: O(n); a table lookup per non-ASCII scalar.
    func normalize(_ text: String) -> (text: String, starts: [Int], ends: [Int])? {
        var t = text
        return t.withUTF8 { bytes -> (text: String, starts: [Int], ends: [Int])? in
            if ASCIIWordBreaker.isASCII(bytes) { return nil }
            guard let first = Self.firstCompatibility(bytes) else { return nil }
            var out = Array(UnsafeBufferPointer(rebasing: bytes[..<first]))
            var starts = Array(0..<first)
            var ends = Array(1..<(first + 1))
            var i = first
            while i < bytes.count {
                let (v, w) = UTF8Scalar.decode(bytes, i)
                let piece = UnsafeBufferPointer(rebasing: bytes[i..<(i + w)])
                let n = Self.isCompatibility(v) ? normalized(v, piece) : Array(piece)
                out.append(contentsOf: n)
                starts.append(contentsOf: repeatElement(i, count: n.count))
                ends.append(contentsOf: repeatElement(i + w, count: n.count))
                i += w
            }
            return (String(decoding: out, as: UTF8.self), starts, ends)
        }
    }
}
