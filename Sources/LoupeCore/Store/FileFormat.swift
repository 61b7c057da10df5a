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
///
/// The files of a segment (`.tim .doc .pos .nrm .sto .col`) carry the segment's identity, so a file
/// swapped in from another segment (or another index) is caught at open, checksums and all being
/// valid:
/// ```
/// header  := magic[4] version:u32 segmentID[16]   -- from the versions below on; the manifest names
///                                                 -- each segment's id
/// ```
/// `segmentID` = the index's tag (the first 8 bytes of its id, `IndexMarker`) ++ 8 random bytes, so
/// a writer can tell a file it wrote (and a crash left behind) from anything else in the folder.
/// Example: `"LNRM" 03000000 | 5A1C…(8 bytes: index tag) 9F03…(8 random bytes) | norms… | crc "LEND"`.
/// The version before ids of each (`.tim` 3, `.doc`/`.pos` 2, `.nrm` 2, `.sto` 4) has none and is still
/// read, unchecked. A format whose version moved on since (`.nrm` 4) still reads its id versions.
package enum FileFormat {
    public static let headerSize = 8
    public static let footerSize = 8
    public static let footerMagic: [UInt8] = Array("LEND".utf8)
    package static let segmentIDSize = 16
    /// The id of a segment file written on its own, outside any index (as tests do).
    package static let noSegmentID = [UInt8](repeating: 0, count: segmentIDSize)

    /// The first version of a segment file format that has the segment id, by magic, for the formats
    /// whose version moved on since ids came in (every other format: its current version): the
    /// norms' ("LNRM", Codec's `NormCodec`), whose version 4 added the languages, and the stored fields'
    /// ("LSTO", `StoredFieldsFormat`), whose version 6 added a checksum per block, and the columns'
    /// ("LCOL", `ColumnsFormat`), whose version 2 packs its values.
    static let firstIDVersion: [String: UInt32] = ["LNRM": 3, "LSTO": 5, "LCOL": 1]

    /// The versions of the format of `magic`, current `version`, whose header has the segment id.
    package static func idVersions(magic: String, version: UInt32) -> ClosedRange<UInt32> {
        min(firstIDVersion[magic] ?? version, version)...version
    }

    /// Opens one of a segment's files: the versions of `idVersions` have the segment id in their
    /// header, the one before them (the format before ids) does not. Returns the body's range (after
    /// the id, if any); `FileFormat.version(of:)` tells which version it is.
    package static func openSegmentFile(_ file: MappedFile, magic: String, version: UInt32) throws -> Range<Int> {
        let v = try file.u32(4)
        let ids = idVersions(magic: magic, version: version)
        if v == ids.lowerBound - 1 { return try open(file, magic: magic, version: v) }
        let body = try open(file, magic: magic, version: ids.contains(v) ? v : version)
        guard body.count >= segmentIDSize else {
            throw LoupeError.corrupt(file: file.name, reason: "truncated: no segment id")
        }
        return body.lowerBound + segmentIDSize ..< body.upperBound
    }

    /// The segment id in the header of `file`, opened by `openSegmentFile` with `version`; nil when
    /// the file is of the version before ids.
    package static func segmentID(of file: MappedFile, version: UInt32) throws -> [UInt8]? {
        let magic = String(decoding: try file.bytes(0, 4), as: UTF8.self)
        return idVersions(magic: magic, version: version).contains(try file.u32(4)) ? try file.bytes(headerSize, segmentIDSize) : nil
    }

    /// The format version in `file`'s header (checked by `open`).
    package static func version(of file: MappedFile) throws -> UInt32 { try file.u32(4) }

    /// Checks that every file of a segment carries the id the manifest gives the segment (`expected`;
    /// nil for a segment written before ids, whose files must then have none). `files` pairs each
    /// opened file with its format's current version.
    package static func checkSegmentIDs(_ files: [(file: MappedFile, version: UInt32)], expected: [UInt8]?) throws {
        for (file, version) in files {
            let id = try segmentID(of: file, version: version)
            guard id == expected else {
                let reason = id == nil ? "written before segment ids, but the manifest's segment has one"
                    : expected == nil ? "carries a segment id, but the manifest's segment has none"
                    : "belongs to another segment (id \(hex(id!)), the manifest says \(hex(expected!)))"
                throw LoupeError.corrupt(file: file.name, reason: reason + "; rebuild the index with `loupe index DIR --full`")
            }
        }
    }

    package static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// Checks the header and footer of `file`; returns the byte range of the body.
    package static func open(_ file: MappedFile, magic: String, version: UInt32) throws -> Range<Int> {
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
    package static func verifyChecksum(_ file: MappedFile) throws {
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
