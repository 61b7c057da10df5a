import LoupeCore

/// File names that are not valid UTF-8 (a Latin-1 name from an old archive): indexed under a
/// `String` that keeps every byte. A byte that starts no well-formed UTF-8 sequence stands as the
/// private-use scalar U+10FF00 + byte (U+10FF80…U+10FFFF); every call that hands a name to the
/// system turns those back into the byte, so the file is opened by its own name. The terminal
/// shows them as `\xNN`. (A name that really holds one of those 128 scalars is not opened again:
/// they are the last code points of the last private-use plane.)
enum FileName {
    static let rawBase: UInt32 = 0x10FF00

    /// The byte scalar `s` stands for, if it stands for one.
    static func rawByte(_ s: Unicode.Scalar) -> UInt8? {
        s.value >= rawBase + 0x80 && s.value <= rawBase + 0xFF ? UInt8(s.value - rawBase) : nil
    }

    /// `bytes` as a name: valid UTF-8 as it is, other bytes one scalar each.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        var scalars = String.UnicodeScalarView()
        var i = 0
        while i < bytes.count {
            let n = bytes[i] < 0x80 ? 1 : TextDecoding.sequenceLength(bytes, at: i)
            if n == 0 {
                scalars.append(Unicode.Scalar(rawBase + UInt32(bytes[i]))!)
                i += 1
            } else {
                scalars.append(contentsOf: String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<(i + n)]), as: UTF8.self).unicodeScalars)
                i += n
            }
        }
        return String(scalars)
    }

    /// The bytes of the name `name` stands for (the inverse of `string`).
    static func bytes<S: StringProtocol>(_ name: S) -> [UInt8] {
        // U+10FF80…U+10FFFF are F4 8F BE/BF xx in UTF-8: no F4, nothing to turn back.
        guard name.utf8.contains(0xF4) else { return Array(name.utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(name.utf8.count)
        for s in name.unicodeScalars {
            if let b = rawByte(s) { out.append(b) } else { out.append(contentsOf: String(s).utf8) }
        }
        return out
    }

    /// `body` with the NUL-terminated system name of `name`.
    static func withSystemName<S: StringProtocol, T>(_ name: S, _ body: (UnsafePointer<CChar>) -> T) -> T {
        var b = bytes(name)
        b.append(0)
        return b.withUnsafeBufferPointer { p in p.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) } }
    }
}
