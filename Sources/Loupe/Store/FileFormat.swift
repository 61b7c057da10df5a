/// The envelope every Loupe index file shares.
///
/// ```
/// file    := header body footer
/// header  := magic[4] version:u32          -- magic names the kind of file ("LTRM", "LPST", …)
/// footer  := crc:u32 "LEND"                -- crc = CRC-32C of every byte before the footer
/// ```
/// All integers are little-endian; `varint` is unsigned LEB128 (7 bits a byte, low bits first).
/// A reader checks magic, version and footer magic on open (O(1)); `verifyChecksum` reads the whole
/// file (used on open for small files and by `loupe check` for all).
enum FileFormat {
    public static let headerSize = 8
    public static let footerSize = 8
    public static let footerMagic: [UInt8] = Array("LEND".utf8)

    /// Checks the header and footer of `file`; returns the byte range of the body.
    static func open(_ file: MappedFile, magic: String, version: UInt32) throws -> Range<Int> {
        guard file.count >= headerSize + footerSize else {
            throw LoupeError.corrupt(file: file.name, reason: "truncated: \(file.count) bytes")
        }
        let m = try file.bytes(0, 4)
        guard m == Array(magic.utf8) else {
            throw LoupeError.corrupt(file: file.name, reason: "bad magic \(m), expected \(magic)")
        }
        let v = try file.u32(4)
        guard v == version else {
            throw LoupeError.corrupt(file: file.name, reason: "format version \(v), this build reads \(version)")
        }
        guard try file.bytes(file.count - 4, 4) == footerMagic else {
            throw LoupeError.corrupt(file: file.name, reason: "truncated or overwritten: no footer")
        }
        return headerSize ..< file.count - footerSize
    }

    /// Recomputes the CRC-32C of `file` and compares it with its footer.
    /// - Complexity: O(file size).
    static func verifyChecksum(_ file: MappedFile) throws {
        guard file.count >= headerSize + footerSize else {
            throw LoupeError.corrupt(file: file.name, reason: "truncated: \(file.count) bytes")
        }
        let stored = try file.u32(file.count - footerSize)
        var crc = CRC32C()
        try file.withBytes(0, file.count - footerSize) { crc.update($0) }
        if crc.value != stored {
            throw LoupeError.corrupt(file: file.name, reason: "checksum mismatch (stored \(stored), computed \(crc.value))")
        }
    }
}
