/// Which documents of a segment are deleted. Segments are immutable, so a delete (or the old version
/// of an updated file) is recorded in a new generation of this small file; a merge drops the deleted
/// documents for good.
///
/// File `<segment>_<delGen>.del` (magic "LDEL", version 1), inside `FileFormat`'s envelope:
/// ```
/// body := docCount:u32 deletedCount:u32 bits[ceil(docCount / 8)]   -- bit d set: doc d is deleted
/// ```
/// Bit d is bit `d % 8` (least significant first) of byte `d / 8`. Example: 10 docs, docs 1 and 9
/// deleted: `"LDEL" 01000000 | 0A000000 02000000 | 02 02 | crc "LEND"`.
enum DeletionsFormat {
    public static let magic = "LDEL"
    public static let version: UInt32 = 1

    public static func fileName(segment: String, generation: UInt64) -> String { "\(segment)_\(generation).del" }
}

/// A segment's deleted documents as a bitset.
struct DeletedDocs: Equatable, Sendable {
    public let docCount: Int
    private(set) var words: [UInt64]
    public private(set) var count = 0

    public init(docCount: Int) {
        self.docCount = docCount
        words = [UInt64](repeating: 0, count: (docCount + 63) / 64)
    }

    @inline(__always) public func contains(_ doc: Int32) -> Bool {
        words[Int(doc) >> 6] & (1 << (UInt64(doc) & 63)) != 0
    }

    /// Marks `doc` deleted; returns false if it already was.
    @discardableResult mutating func insert(_ doc: Int32) -> Bool {
        let i = Int(doc) >> 6, bit: UInt64 = 1 << (UInt64(doc) & 63)
        if words[i] & bit != 0 { return false }
        words[i] |= bit
        count += 1
        return true
    }


    func write(to directory: any Directory, name: String) throws {
        let out = try FileOutput(directory, name: name, magic: DeletionsFormat.magic, version: DeletionsFormat.version)
        out.writeU32(UInt32(docCount))
        out.writeU32(UInt32(count))
        var bytes = [UInt8](repeating: 0, count: (docCount + 7) / 8)
        for d in 0..<docCount where contains(Int32(d)) { bytes[d >> 3] |= 1 << UInt8(d & 7) }
        out.writeBytes(bytes)
        try out.finish()
    }

    /// Reads and verifies (checksum included: the file is small) a deletions file.
    static func read(_ file: MappedFile, docCount: Int) throws -> DeletedDocs {
        let body = try FileFormat.open(file, magic: DeletionsFormat.magic, version: DeletionsFormat.version)
        try FileFormat.verifyChecksum(file)
        guard try file.u32(body.lowerBound) == UInt32(docCount), body.count == 8 + (docCount + 7) / 8 else {
            throw LoupeError.corrupt(file: file.name, reason: "size does not match the segment's \(docCount) documents")
        }
        var d = DeletedDocs(docCount: docCount)
        try file.withBytes(body.lowerBound + 8, (docCount + 7) / 8) { bits in
            for doc in 0..<docCount where bits[doc >> 3] & (1 << UInt8(doc & 7)) != 0 { d.insert(Int32(doc)) }
        }
        guard d.count == Int(try file.u32(body.lowerBound + 4)) else {
            throw LoupeError.corrupt(file: file.name, reason: "deleted count does not match the bits")
        }
        return d
    }
}
