import Foundation

/// The stored (verbatim) field values of each document, returned with hits; the incremental
/// indexer scans the key column to find where each file's document is.
///
/// File `<segment>.sto` (magic "LSTO", version 6: the segment id in the header, see `FileFormat`, and
/// checksums inside; versions 5, without the inner checksums, and 4, without the id either, are
/// still read), inside `FileFormat`'s envelope. Documents are
/// grouped into blocks of about 16 KiB and each block is one zstd frame (level 3), so the repeated
/// digits and words of neighbouring documents compress together (debdocs: 2.5×). When no document
/// has a value outside the key column (files without declared titles), there are no blocks at
/// all (version 3 wrote one empty entry per document: 0.24 MB of debdocs-100k's 1.8). One field, the
/// key (the schema's path field), is kept apart in a front- and back-coded column with a restart
/// every 16 documents (version 2 coded fronts only: sharing the ends, `.txt` and the like, took
/// debdocs-100k's column from 1.9 to 1.6 MB), so a hit's path is read in well under a microsecond without decompressing a block:
/// ```
/// body     := frame{nBlocks} index column groups trailer   -- nBlocks 0: no values but the keys
/// frame    := zstd(rawBlock)                         -- one zstd frame per block
/// rawBlock := count:u32 docStart:u32{count} doc{count}
///                                                    -- docStart: from the first doc of the block
/// doc      := nValues:varint (field:u8 length:varint utf8[length]){nValues}   -- key field left out
/// column   := entry{docCount}                        -- in doc order, 16 per group
/// entry    := shared:varint present:varint (tail:varint middle[present - 1])?
///                                                    -- shared: leading bytes in common with the
///                                                    -- previous entry of the group (0 for a group's
///                                                    -- first); present: 0 = no value (no tail, no
///                                                    -- middle), else middle length + 1; tail: the
///                                                    -- previous entry's last `tail` bytes end this
///                                                    -- one (".txt"), after the middle
/// index    := (firstDoc:u32 rawLength:u32 offset:u64 crc:u32){nBlocks}
///                                                    -- offset: of the frame, from the start of the
///                                                    -- file; crc: CRC-32C of the frame's bytes
///                                                    -- (version 6; 16-byte entries before)
/// groups   := groupStart:u32{⌈docCount / 16⌉}        -- from the start of the column
/// trailer  := docCount:u64 nBlocks:u64 indexStart:u64 keyField:u64 columnStart:u64 groupsStart:u64
///             tailCRC:u64                            -- keyField 255: no key column; tailCRC (version
///                                                    -- 6): CRC-32C of index, column and groups
/// ```
/// Example: two docs, `path` (field 0, the key) = "a/x.txt" and "a/y.txt", `size` (field 1) = "5" and
/// "7": rawBlock = `02000000 00000000 04000000 | 01 01 01"5" | 01 01 01"7"` (20 bytes), one zstd frame
/// at offset 8 (version 4; version 5 has the 16-byte segment id after the version, every offset 16
/// more); index = `00000000 14000000 0800000000000000`; column = `00 08 00"a/x.txt" 02 02 04"y"`
/// (the second entry: "a/" from the front, "y" in the middle, ".txt" from the previous entry's end);
/// groups = `00000000`; trailer = docCount 2, nBlocks 1, indexStart, keyField 0, columnStart,
/// groupsStart (version 6: each index entry ends with its frame's CRC, the trailer with the CRC of
/// index + column + groups); then the CRC and "LEND".
///
/// The whole file's checksum is checked by `loupe check` and before a merge, not at each search
/// (it would read every block). What a search reads is checked instead: the index, the key column
/// and the groups (small: ~16 bytes a document) against `tailCRC` when the file is opened, and a
/// block's frame against its `crc` before it is decompressed, so a flipped bit is an error naming
/// this file, never another document's path or title.
///
/// A reader refuses an index entry whose `rawLength` exceeds `maxRawBlock` (64 MiB) or
/// `ZstdLimits.maxRatio` (128) times its frame's size, or whose zstd frame does not declare that
/// content size, before allocating anything for the block.
///
/// Reading a document's other fields decompresses its block (~25 µs on these machines); the last 8
/// blocks are kept, so hits that are neighbours, and a scan in document order, decompress each block
/// once.
enum StoredFieldsFormat {
    public static let magic = "LSTO"
    public static let version: UInt32 = 6
    /// The first version with the segment id in its header.
    static let firstIDVersion: UInt32 = 5
    /// A block is cut once its documents reach this many bytes.
    static let blockBytes = 16 << 10
    /// The largest raw block a reader accepts (`rawLength` in the index): a block is cut at 16 KiB,
    /// so only its last document can take it past that, and a document's stored values are its
    /// title and path and the like; a larger claim is damage and is refused before anything is
    /// allocated for it.
    static let maxRawBlock: UInt32 = 64 << 20
}

/// Reads `.sto` from its memory map. Thread-safe (a lock guards the block cache and the zstd context).
package final class StoredFields {
    let file: MappedFile
    /// The file's format version (4, 5 or 6), and what it decides: the size of an index entry.
    let version: UInt32
    let entrySize: Int
    let docCount: Int
    let blockCount: Int
    let indexStart: Int
    /// The field kept in the front-coded column (nil: none), where the column and its group table start.
    let keyField: Int?
    let columnStart: Int
    let groupsStart: Int
    static let groupSize = 16
    private let decompressor = ZstdDecompressor()
    private let lock = NSLock()
    /// Recently decompressed blocks, most recent last.
    private var cache: [(block: Int, bytes: [UInt8])] = []
    private static let cacheSize = 8

    init(file: MappedFile, docCount: Int) throws {
        self.file = file
        version = try file.u32(4)
        let current = version == StoredFieldsFormat.version
        let body = try FileFormat.openSegmentFile(file, magic: StoredFieldsFormat.magic,
                                                  version: current ? version : StoredFieldsFormat.firstIDVersion)
        entrySize = current ? 20 : 16
        let t = body.upperBound - (current ? 56 : 48)
        guard t >= body.lowerBound, try file.u64(t) == UInt64(docCount) else {
            throw LoupeError.corrupt(file: file.name, reason: "document count does not match the manifest")
        }
        let n = try file.u64(t + 8), start = try file.u64(t + 16), key = try file.u64(t + 24)
        let column = try file.u64(t + 32), groups = try file.u64(t + 40)
        let groupCount = UInt64((docCount + Self.groupSize - 1) / Self.groupSize)
        // Each comparison keeps every offset ≤ t (< 2⁶³) before the next one adds to it: no sum wraps.
        let entry = UInt64(entrySize)
        guard n <= UInt64(docCount), start >= UInt64(body.lowerBound), start <= UInt64(t), key <= 255,
              n <= (UInt64(t) - start) / entry, column >= start + entry * n, column <= UInt64(t), groups >= column,
              groups <= UInt64(t), UInt64(t) - groups == 4 * groupCount else {
            throw LoupeError.corrupt(file: file.name, reason: "bad block index")
        }
        blockCount = Int(n)
        indexStart = Int(start)
        keyField = key == 255 ? nil : Int(key)
        columnStart = Int(column)
        groupsStart = Int(groups)
        self.docCount = docCount
        if current {
            var crc = CRC32C()
            try file.withBytes(indexStart, t - indexStart) { crc.update($0) }
            guard try file.u64(t + 48) == UInt64(crc.value) else {
                throw LoupeError.corrupt(file: file.name, reason: "the block index or the key column fails its checksum")
            }
        }
        // The index is small (one entry per 16 KiB of documents): check it whole now, so a read
        // later can trust its order.
        var previousDoc = -1, previousOffset = body.lowerBound - 1
        for b in 0..<blockCount {
            let first = Int(try file.u32(indexStart + entrySize * b)), rawOffset = try file.u64(indexStart + entrySize * b + 8)
            let rawLength = try file.u32(indexStart + entrySize * b + 4)
            let offset = Int(truncatingIfNeeded: min(rawOffset, UInt64(indexStart))) // checked next
            guard first > previousDoc, first < docCount, offset > previousOffset, offset < indexStart,
                  b > 0 || first == 0, rawLength <= StoredFieldsFormat.maxRawBlock else {
                throw LoupeError.corrupt(file: file.name, reason: "block \(b) of the index is out of order")
            }
            previousDoc = first
            previousOffset = offset
        }
        guard docCount > 0 || blockCount == 0 else {
            throw LoupeError.corrupt(file: file.name, reason: "\(blockCount) blocks for no documents")
        }
    }

    /// The block holding `doc`: the last block whose first doc is ≤ doc.
    /// - Complexity: O(log blocks).
    private func block(of doc: Int) throws -> Int {
        var lo = 0, hi = blockCount - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if Int(try file.u32(indexStart + entrySize * mid)) <= doc { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The decompressed block `b`, from the cache or the file.
    private func rawBlock(_ b: Int) throws -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        if let i = cache.lastIndex(where: { $0.block == b }) {
            let hit = cache[i]
            if i != cache.count - 1 { cache.remove(at: i); cache.append(hit) }
            return hit.bytes
        }
        let bytes = try decompressBlock(b, with: decompressor)
        if cache.count == Self.cacheSize { cache.removeFirst() }
        cache.append((b, bytes))
        return bytes
    }

    /// Block `b` decompressed by `decompressor` (which the caller owns, or holds `lock` for).
    func decompressBlock(_ b: Int, with decompressor: ZstdDecompressor) throws -> [UInt8] {
        // Checked at open: rawLength ≤ maxRawBlock, offsets increasing and below indexStart.
        let rawLength = Int(try file.u32(indexStart + entrySize * b + 4))
        guard rawLength <= Int(StoredFieldsFormat.maxRawBlock) else {
            throw LoupeError.corrupt(file: file.name, reason: "block \(b) claims \(rawLength) bytes")
        }
        let (start, end) = try frameRange(b)
        if entrySize == 20 {
            var crc = CRC32C()
            try file.withBytes(start, end - start) { crc.update($0) }
            guard try file.u32(indexStart + entrySize * b + 16) == crc.value else {
                throw LoupeError.corrupt(file: file.name, reason: "block \(b) fails its checksum")
            }
        }
        guard let bytes = try file.withBytes(start, end - start, { decompressor.decompress($0, rawLength: rawLength) }) else {
            throw LoupeError.corrupt(file: file.name, reason: "block \(b) does not decompress to \(rawLength) bytes")
        }
        return bytes
    }

    /// The first document of block `b`.
    func firstDoc(ofBlock b: Int) throws -> Int { Int(try file.u32(indexStart + entrySize * b)) }

    /// Block `b`'s claimed raw length.
    func rawLength(ofBlock b: Int) throws -> UInt32 { try file.u32(indexStart + entrySize * b + 4) }

    /// Where block `b`'s frame lies in the file.
    func frameRange(_ b: Int) throws -> (start: Int, end: Int) {
        func offset(_ b: Int) throws -> Int { Int(truncatingIfNeeded: min(try file.u64(indexStart + entrySize * b + 8), UInt64(indexStart))) }
        let start = try offset(b)
        let end = b + 1 < blockCount ? try offset(b + 1) : indexStart
        guard start <= end else { throw LoupeError.corrupt(file: file.name, reason: "block \(b) of the index is out of order") }
        return (start, end)
    }

    /// Runs `body` over the encoded `doc` (`nValues (field length utf8)*`) inside its block.
    private func withDocument<R>(_ doc: Int32, _ body: (inout Cursor) throws -> R) throws -> R {
        guard doc >= 0, Int(doc) < docCount else { throw LoupeError.invalidArgument("no document \(doc)") }
        let b = try block(of: Int(doc))
        let raw = try rawBlock(b)
        return try Self.withDocument(Int(doc) - firstDoc(ofBlock: b), inBlock: raw, b, file: file.name, body)
    }

    /// Runs `body` over the `i`-th document of the decompressed block `raw` (block `b`).
    static func withDocument<R>(_ i: Int, inBlock raw: [UInt8], _ b: Int, file: String, _ body: (inout Cursor) throws -> R) throws -> R {
        try raw.withUnsafeBytes { bytes in
            var c = Cursor(bytes: bytes, file: file, what: "a stored value", within: "its block")
            let count = Int(try c.u32(at: 0))
            let docsStart = 4 + 4 * count
            guard i >= 0, i < count, docsStart <= bytes.count else {
                throw LoupeError.corrupt(file: file, reason: "block \(b) holds \(count) documents, not its document \(i)")
            }
            c.position = docsStart + Int(try c.u32(at: 4 + 4 * i))
            return try body(&c)
        }
    }

    /// Calls `body(field, utf8Bytes)` for the values of the document at `c` whose field is wanted,
    /// the key field left out (it is not in the block).
    static func forEachBlockValue(_ c: inout Cursor, fields: [Bool], _ body: (Int, UnsafeRawBufferPointer) throws -> Void) throws {
        let n = try c.varint()
        guard n < 256 else { throw LoupeError.corrupt(file: c.file, reason: "a document with \(n) values") }
        for _ in 0..<n {
            let f = Int(try c.u8())
            let value = try c.bytes(Int(clamping: try c.varint()))
            if f < fields.count && fields[f] { try body(f, value) }
        }
    }

    /// Calls `body(field, utf8Bytes)` for the stored values of `doc` whose field number `f` has
    /// `fields[f] == true` (the key field first); other values are skipped, and the block is not
    /// decompressed when only the key is wanted. The bytes must not escape `body`.
    /// - Complexity: the key: O(16) entries of its group; other fields: one block decompression
    ///   unless cached.
    public func forEachValue(_ doc: Int32, fields: [Bool], _ body: (Int, UnsafeRawBufferPointer) -> Void) throws {
        guard doc >= 0, Int(doc) < docCount else { throw LoupeError.invalidArgument("no document \(doc)") }
        if let k = keyField, k < fields.count, fields[k] {
            try withKey(of: Int(doc)) { key in if let key { body(k, key) } }
        }
        guard blockCount > 0, fields.indices.contains(where: { fields[$0] && $0 != keyField }) else { return }
        try withDocument(doc) { c in try Self.forEachBlockValue(&c, fields: fields, body) }
    }

    /// The stored values of `doc`, by field number.
    public func document(_ doc: Int32) throws -> [(field: Int, value: String)] {
        var out: [(field: Int, value: String)] = []
        try forEachValue(doc, fields: [Bool](repeating: true, count: 256)) { f, v in
            out.append((f, String(decoding: v, as: UTF8.self)))
        }
        return out
    }

    /// The key field's value of `doc` (nil if the doc has none), decoded from its group of the column.
    func key(of doc: Int) throws -> [UInt8]? {
        let group = doc / Self.groupSize
        var p = columnStart + Int(try file.u32(groupsStart + 4 * group))
        var value: [UInt8] = []
        value.reserveCapacity(64)
        var present = false
        for _ in (group * Self.groupSize)...doc { present = try nextKey(&p, &value) }
        return present ? value : nil
    }

    /// Longest key decoded on the stack by `withKey` (the standard library puts temporary
    /// allocations of up to 1 KiB on the stack, larger ones on the heap); longer keys take `key(of:)`.
    static let stackKeyBytes = 1024

    /// Runs `body` over the key field's value of `doc` (nil if the doc has none), decoded from its
    /// group of the column into a stack buffer. No allocation (the arrays of `key(of:)` were 4 % of
    /// a query's time, for its 10 hits).
    /// - Complexity: O(16) entries, O(their lengths) bytes moved.
    func withKey<R>(of doc: Int, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        let group = doc / Self.groupSize
        let start = columnStart + Int(try file.u32(groupsStart + 4 * group))
        // nil: a key of the group is longer than the buffer.
        let onStack: R? = try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.stackKeyBytes) { buffer in
            let base = UnsafeMutableRawPointer(buffer.baseAddress!)
            var p = start, length = 0, present = false
            for _ in (group * Self.groupSize)...doc {
                let e = try keyEntry(&p, previousLength: length)
                let newLength = e.shared + e.middle + e.tail
                guard newLength <= buffer.count else { return nil }
                // The tail first (it may overlap where the middle goes), then the middle.
                memmove(base + e.shared + e.middle, base + length - e.tail, e.tail)
                try file.withBytes(e.middleAt, e.middle) { bytes in
                    if e.middle > 0 { memcpy(base + e.shared, bytes.baseAddress!, e.middle) }
                }
                length = newLength
                present = e.present
            }
            return try body(present ? UnsafeRawBufferPointer(start: base, count: length) : nil)
        }
        if let onStack { return onStack }
        let key = try key(of: doc)
        return try key.map { try $0.withUnsafeBytes { try body($0) } } ?? body(nil)
    }

    /// Decodes the key column entry at `p` into `value`, which holds the previous entry of its group
    /// (anything at a group's first: it shares nothing); returns whether the doc has a key. The
    /// middle replaces the bytes between the kept front and end in place: no allocation once `value`
    /// has grown.
    @inline(__always) func nextKey(_ p: inout Int, _ value: inout [UInt8]) throws -> Bool {
        let e = try keyEntry(&p, previousLength: value.count)
        try file.withBytes(e.middleAt, e.middle) { value.replaceSubrange(e.shared..<(value.count - e.tail), with: $0) }
        return e.present
    }

    /// The parts of the key column entry at `p` (`p` moved past it), checked against the previous
    /// key's length: the entry keeps the previous key's first `shared` and last `tail` bytes with
    /// `middle` bytes from offset `middleAt` of the file between them. An entry without a key
    /// (`present` false) keeps the first `shared` bytes as the next entry's context, nothing else.
    @inline(__always) private func keyEntry(_ p: inout Int, previousLength: Int) throws -> (shared: Int, middleAt: Int, middle: Int, tail: Int, present: Bool) {
        guard p < groupsStart else { throw LoupeError.corrupt(file: file.name, reason: "the key column runs past its end") }
        // Clamped to Int.max (no trap on a huge varint), then checked against the column's end.
        let shared = Int(clamping: try file.varint(&p)), marker = Int(clamping: try file.varint(&p))
        let tail = marker > 0 ? Int(clamping: try file.varint(&p)) : 0
        guard shared <= previousLength, tail <= previousLength - shared, marker == 0 || marker - 1 <= groupsStart - p else {
            throw LoupeError.corrupt(file: file.name, reason: "bad key column entry at \(p)")
        }
        let middleAt = p, middle = max(0, marker - 1)
        p += middle
        return (shared, middleAt, middle, tail, marker > 0)
    }

    /// A reader over a decompressed block; its errors say a stored value runs past its block.
    typealias Cursor = ByteCursor
}
