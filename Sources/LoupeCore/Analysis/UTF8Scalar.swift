/// Decoding one scalar of UTF-8 text the analysis already knows is valid (a Swift `String`'s bytes):
/// the byte-level shortcuts (`CompatibilityCharFilter`, `AlphabetWordBreaker`) walk text a scalar at
/// a time without `String`'s index machinery.
enum UTF8Scalar {
    /// The scalar starting at `bytes[i]` (valid UTF-8) and its width in bytes.
    @inline(__always) static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 {
            return ((b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F), 3)
        }
        return ((b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                    | UInt32(bytes[i + 3] & 0x3F), 4)
    }
}
