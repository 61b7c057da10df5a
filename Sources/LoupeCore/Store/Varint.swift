/// LEB128 varints, the variable-length integers of every Loupe file (7 bits a byte, low bits
/// first; a byte with the high bit clear ends one): the one writer of them, the one checked reader,
/// and skipping them without decoding.
///
/// Example: 300 (binary 10 0101100) is `AC 02`: 0101100 with the high bit set, then 10.
package enum Varint {
    /// Writes `v` to `put`, one byte at a time (at most 5 for a `UInt32`, 10 for a `UInt64`).
    @inline(__always)
    package static func encode<T: FixedWidthInteger & UnsignedInteger>(_ v: T, _ put: (UInt8) -> Void) {
        var v = v
        while v >= 0x80 {
            put(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        put(UInt8(truncatingIfNeeded: v))
    }

    /// Appends `v` to `out`.
    @inline(__always)
    package static func append<T: FixedWidthInteger & UnsignedInteger>(_ v: T, to out: inout [UInt8]) {
        encode(v) { out.append($0) }
    }

    /// Why `decode` read no varint.
    package enum Failure: Error {
        /// The bytes end inside it.
        case truncated
        /// More than 10 bytes: more than 64 bits.
        case tooLong
    }

    /// Reads the varint at `offset` of `bytes`, every byte bounds-checked, and moves `offset` past
    /// what it read (also when it fails). The one checked reader: the mapped file's near its end
    /// (its fast path reads without a check per byte where 10 bytes remain) and the cursor over a
    /// decompressed block.
    @inline(__always)
    package static func decode(_ bytes: UnsafeRawBufferPointer, at offset: inout Int) -> Result<UInt64, Failure> {
        var result: UInt64 = 0, shift: UInt64 = 0
        while true {
            if shift > 63 { return .failure(.tooLong) }
            guard offset >= 0, offset < bytes.count else { return .failure(.truncated) }
            let b = bytes[offset]
            offset += 1
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return .success(result) }
            shift += 7
        }
    }

    /// Where the `n` varints starting at `start` of `bytes` end, or nil if they run past its end. The
    /// ends are counted eight bytes at a time while at least eight remain: with ≥ 8 varints to go,
    /// a whole word can end at most as many as remain.
    /// - Complexity: O(bytes / 8) loads.
    @inline(__always) static func skip(_ n: Int, in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard n > 0 else { return start }
        guard start >= 0 else { return nil }
        var left = n, o = start
        while left >= 8 && o <= bytes.count - 8 {
            let w = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: o, as: UInt64.self))
            left -= (~w & 0x8080_8080_8080_8080).nonzeroBitCount
            o += 8
        }
        while left > 0 {
            guard o < bytes.count else { return nil }
            if bytes[o] < 0x80 { left -= 1 }
            o += 1
        }
        return o
    }
}
