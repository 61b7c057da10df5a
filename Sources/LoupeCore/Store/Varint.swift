/// LEB128 varints (7 bits a byte, low bits first; a byte with the high bit clear ends one) read
/// without decoding them.
enum Varint {
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
