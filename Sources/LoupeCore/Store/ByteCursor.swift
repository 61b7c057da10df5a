/// A bounds-checked reader over bytes in memory (a decompressed block or frame): every read past
/// the end throws `LoupeError.corrupt` naming the file and what ran past what.
package struct ByteCursor {
    package let bytes: UnsafeRawBufferPointer
    package let file: String
    /// For error messages: "<what> runs past the end of <within>".
    package let what: String, within: String
    package var position = 0

    package init(bytes: UnsafeRawBufferPointer, file: String, what: String, within: String) {
        self.bytes = bytes
        self.file = file
        self.what = what
        self.within = within
    }

    package var isAtEnd: Bool { position == bytes.count }

    private func need(_ n: Int) throws {
        if n < 0 || position < 0 || position > bytes.count - n {
            throw LoupeError.corrupt(file: file, reason: "\(what) runs past the end of \(within)")
        }
    }

    package func u32(at offset: Int) throws -> UInt32 {
        guard offset >= 0, offset <= bytes.count - 4 else {
            throw LoupeError.corrupt(file: file, reason: "a header runs past the end of \(within)")
        }
        return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    package mutating func u8() throws -> UInt8 {
        try need(1)
        defer { position += 1 }
        return bytes[position]
    }

    package mutating func u64() throws -> UInt64 {
        try need(8)
        defer { position += 8 }
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
    }

    package mutating func varint() throws -> UInt64 {
        switch Varint.decode(bytes, at: &position) {
        case let .success(v): return v
        case .failure(.truncated): throw LoupeError.corrupt(file: file, reason: "\(what) runs past the end of \(within)")
        case .failure(.tooLong): throw LoupeError.corrupt(file: file, reason: "bad varint in \(what)")
        }
    }

    package mutating func bytes(_ n: Int) throws -> UnsafeRawBufferPointer {
        try need(n)
        defer { position += n }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + n)])
    }
}
