/// FNV-1a, 64 bits: the one hash of bytes Loupe writes into its files (the term dictionary's filter,
/// the catalog's content hashes). Fast, and stable across versions and machines, unlike `Hasher`.
package enum FNV1a {
    /// The hash of no bytes.
    package static let basis: UInt64 = 0xCBF2_9CE4_8422_2325

    /// The hash of `bytes` continued from `h` (the hash of what came before them).
    @inline(__always)
    package static func hash(_ bytes: UnsafeRawBufferPointer, from h: UInt64 = basis) -> UInt64 {
        var h = h
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }
}
