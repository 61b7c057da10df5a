#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a commit was built from: one entry per live document, the source file's relative path, size,
/// modification time and content hash, in the order the folder's walk met them. A re-run of
/// `loupe index` compares its walk with this list entry after entry (the same order, so a merge
/// join, not a hash table) and, when nothing differs, is done without reading a segment.
///
/// It is derived data: the same facts are in the stored fields (`path`, `size`, `mtime`, `hash`),
/// which is where a run looks when this file is missing, damaged or stale (then it warns and the next
/// commit writes a new one). A commit that does not hand `IndexWriter` a catalog has none, so a
/// catalog is never carried over to a commit it does not describe.
///
/// File `catalog-<generation>` (magic "LCAT", version 1), inside `FileFormat`'s envelope, written
/// before the manifest of the same generation and removed with it:
/// ```
/// body     := generation:u64 count:varint entry{count}
/// entry    := shared:varint suffixLength:varint suffix[suffixLength]   -- path: `shared` bytes of the
///             size:varint mtimeDelta:zigzag hash:u64                   --   previous path, then suffix
/// zigzag   := varint of (d << 1) ^ (d >> 63)                          -- d = mtime − previous mtime
/// ```
/// `size` is stored as the varint of its 64-bit pattern; mtime is in nanoseconds since 1970 (the
/// first entry's delta is from 0); hash is `DirectoryIndexer.hash` (FNV-1a, 64 bits).
///
/// Example: generation 4; `a/x.txt`, 5 bytes, mtime 1000, hash 0x1122334455667788; then `a/y.txt`,
/// 12 bytes, the same mtime, hash 0xFF:
/// `"LCAT" 01000000 | 04000000 00000000 | 02 | 00 07 "a/x.txt" 05 D00F 8877665544332211 |`
/// `02 05 "y.txt" 0C 00 FF00000000000000 | crc "LEND"` (the second path shares `a/` with the first).
public struct SourceCatalog: Equatable, Sendable {
    public static let magic = "LCAT"
    public static let version: UInt32 = 1

    /// Paths one after the other; entry `i`'s path is `pathBytes[starts[i] ..< starts[i + 1]]`.
    private(set) var pathBytes: [UInt8] = []
    private(set) var starts: [Int32] = [0]
    public private(set) var sizes: [Int] = []
    public private(set) var mtimes: [Int] = []
    public private(set) var hashes: [UInt64] = []

    public init() {}

    public var count: Int { sizes.count }

    public static func fileName(_ generation: UInt64) -> String { "catalog-\(generation)" }

    /// Adds an entry at the end.
    public mutating func append(path: String, size: Int, mtime: Int, hash: UInt64) {
        append(pathBytes: path.utf8, size: size, mtime: mtime, hash: hash)
    }

    /// Adds an entry whose path is given as UTF-8 bytes.
    mutating func append<Bytes: Collection<UInt8>>(pathBytes path: Bytes, size: Int, mtime: Int, hash: UInt64) {
        pathBytes.append(contentsOf: path)
        starts.append(Int32(pathBytes.count))
        sizes.append(size)
        mtimes.append(mtime)
        hashes.append(hash)
    }

    public mutating func reserveCapacity(_ n: Int) {
        starts.reserveCapacity(n + 1)
        sizes.reserveCapacity(n)
        mtimes.reserveCapacity(n)
        hashes.reserveCapacity(n)
    }

    public func path(_ i: Int) -> String {
        String(decoding: pathBytes[Int(starts[i])..<Int(starts[i + 1])], as: UTF8.self)
    }

    /// Whether entry `i`'s path is `path`'s UTF-8.
    /// - Complexity: O(path length), one `memcmp`.
    func pathEquals(_ i: Int, _ path: UnsafeRawBufferPointer) -> Bool {
        let start = Int(starts[i]), length = Int(starts[i + 1]) - start
        guard length == path.count else { return false }
        if length == 0 { return true }
        return pathBytes.withUnsafeBytes { memcmp($0.baseAddress! + start, path.baseAddress!, length) == 0 }
    }

    /// Calls `body` with entry `i`'s path bytes (they must not escape).
    func withPath<R>(_ i: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try pathBytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[Int(starts[i])..<Int(starts[i + 1])])) }
    }

    /// Writes the catalog durably (fsync) as the file at `path`, for commit `generation`.
    /// - Complexity: O(total path bytes).
    func write(to path: String, generation: UInt64) throws {
        let out = try FileOutput(path: path, magic: Self.magic, version: Self.version)
        out.writeU64(generation)
        out.writeVarint(UInt64(count))
        var previousMtime = 0
        pathBytes.withUnsafeBufferPointer { bytes in
            for i in 0..<count {
                let start = Int(starts[i]), end = Int(starts[i + 1])
                var shared = 0
                if i > 0 {
                    let prev = Int(starts[i - 1])
                    let limit = min(start - prev, end - start)
                    while shared < limit && bytes[prev + shared] == bytes[start + shared] { shared += 1 }
                }
                out.writeVarint(UInt64(shared))
                out.writeVarint(UInt64(end - start - shared))
                out.writeBytes(UnsafeBufferPointer(rebasing: bytes[(start + shared)..<end]))
                out.writeVarint(UInt64(bitPattern: Int64(sizes[i])))
                let d = Int64(mtimes[i] &- previousMtime)
                out.writeVarint(UInt64(bitPattern: (d << 1) ^ (d >> 63)))
                previousMtime = mtimes[i]
                out.writeU64(hashes[i])
            }
        }
        try out.maybeFlush()
        try out.finish()
    }

    /// Reads and fully verifies the catalog file at `path`: envelope, checksum, that it belongs to
    /// commit `generation`, and that it lists `documents` entries (the commit's live documents).
    /// - Throws: `LoupeError.corrupt` naming the file and what is wrong.
    /// - Complexity: O(file size): one checksum pass and one decoding pass.
    static func read(_ path: String, generation: UInt64, documents: Int) throws -> SourceCatalog {
        let file = try MappedFile(path: path)
        let body = try FileFormat.open(file, magic: magic, version: version)
        try FileFormat.verifyChecksum(file)
        var p = body.lowerBound
        let g = try file.u64(p); p += 8
        guard g == generation else {
            throw LoupeError.corrupt(file: file.name, reason: "written for generation \(g), not \(generation)")
        }
        let n = try file.varint(&p)
        guard n == UInt64(documents) else {
            throw LoupeError.corrupt(file: file.name, reason: "\(n) entries for \(documents) live documents")
        }
        var c = SourceCatalog()
        c.reserveCapacity(documents)
        c.pathBytes.reserveCapacity(body.count)
        var mtime = 0
        for _ in 0..<documents {
            let shared = Int(clamping: try file.varint(&p))
            let suffix = Int(clamping: try file.varint(&p))
            let previous = c.count > 0 ? Int(c.starts[c.count - 1]) : 0
            guard shared <= c.pathBytes.count - previous else {
                throw LoupeError.corrupt(file: file.name, reason: "entry \(c.count) shares \(shared) bytes of a shorter path")
            }
            for k in previous..<(previous + shared) { c.pathBytes.append(c.pathBytes[k]) } // no slice: it would copy the array
            try file.withBytes(p, suffix) { c.pathBytes.append(contentsOf: $0) }
            p += suffix
            c.starts.append(Int32(c.pathBytes.count))
            c.sizes.append(Int(Int64(bitPattern: try file.varint(&p))))
            let z = try file.varint(&p)
            mtime = mtime &+ Int(Int64(bitPattern: z >> 1) ^ -Int64(bitPattern: z & 1))
            c.mtimes.append(mtime)
            c.hashes.append(try file.u64(p)); p += 8
        }
        guard p == body.upperBound else { throw LoupeError.corrupt(file: file.name, reason: "trailing bytes") }
        return c
    }
}
