import Glibc

/// The term dictionary of a segment: every (field, term) key, sorted by bytes, with the statistics
/// and file offsets of its postings. Read straight from the mmap: opening costs O(1); a lookup is a
/// binary search over the blocks' first keys then a scan of one block.
///
/// File `<segment>.tim` (magic "LTRM", version 4: the segment id in the header, see `FileFormat`;
/// version 3, without it, is still read), inside `FileFormat`'s envelope:
/// ```
/// body       := block* blockIndex folded trailer
/// block      := entry{1..32}                      -- blockSize = 32 keys
/// entry      := lengths:varint longSuffix:varint? suffix[suffixLen]
///               freqs:varint extraFreq:varint?
///               docDelta:varint posDelta:varint
/// blockIndex := blockOffset:u64{nBlocks}          -- offset of each block from the start of the file
/// folded     := bits[foldedBytes]                 -- Bloom filter of the folded keys (0 bytes: none)
/// trailer    := nTerms:u64 nBlocks:u64 blockIndexOffset:u64 foldedOffset:u64 foldedBytes:u64
/// ```
/// Every query word is looked up twice, as itself and as its folded form (`IndexedTerm`), and the
/// folded forms exist only for words whose spelling folding changed — few, in most text — so most
/// of those lookups miss. The filter answers them without a search: 10 bits per folded key (a
/// power of two, at least 64), 7 bits set per key at `(h1 + i·h2) mod bits` for i in 0..<7, where
/// h1 and h2 | 1 are the low and high halves of `TermDictionaryFormat.hash(key)`; bit b is bit
/// `b % 8` of byte `b / 8`. About 1 % of absent folded keys still get a search. (Version 2 had no
/// filter: the folded lookups were half of a query's dictionary time.)
/// A key is `field:u8 ++ UTF-8(term)`; keys strictly increase, and a term that is not UTF-8 is damage. `prefix` counts the bytes a key shares with the previous key of
/// its block (0 for a block's first key, so a block's first key is readable without context);
/// `lengths = prefix << 4 | min(suffixLen, 15)`, and when `suffixLen ≥ 15`, `longSuffix = suffixLen -
/// 15` follows: an entry sharing < 8 bytes with a suffix < 15 bytes (most of them) spends one byte on both.
/// `freqs = docFreq << 1 | same`, where `same` is 1 when the term's total frequency equals its doc
/// frequency (every hapax: no `extraFreq`); otherwise `extraFreq = totalFreq - docFreq` follows.
/// `docDelta` / `posDelta` are the term's offsets into `<segment>.doc` / `<segment>.pos` minus the
/// previous entry's of the same block (a block's first entry: minus 0, i.e. absolute), so a rare
/// term's offsets take a byte or two instead of four. (Version 1 wrote both frequencies and
/// absolute offsets: 4–5 bytes more per term, 1.8 MB of debdocs-100k's 7.1 MB of `.tim`.)
///
/// Example: keys `\x02cat` (df 2, tf 3) and `\x02cats` (df 1, tf 1), postings at 8 and 13, positions
/// at 8 and 12, one block at offset 8 (shown in version 3, without the segment id; version 4 has the
/// 16-byte id after `04000000`, and every offset, in all three files, is 16 more):
/// ```
/// "LTRM" 03000000
/// 04 02"cat" 04 01 08 08        -- prefix 0, suffix "\x02cat", df 2 (tf ≠ df), tf - df = 1
/// 41 "s"     03    05 04        -- shares 4 bytes, suffix "s", df 1 = tf, offsets +5 and +4
/// 0800000000000000                 -- blockIndex
/// (no folded keys: no filter bytes)
/// 0200000000000000 0100000000000000 1600000000000000 1E00000000000000 0000000000000000
/// crc "LEND"
/// ```
enum TermDictionaryFormat {
    package static let magic = "LTRM"
    package static let version: UInt32 = 4
    package static let blockSize = 32
    static let trailerSize = 40
    static let foldedProbes = 7
    /// The longest key a reader accepts (a block's first key is all suffix). The writer refuses a
    /// longer one, and `IndexWriter.add` refuses a keyword value that would make one (text tokens
    /// that long are dropped), so the limit is met before anything is committed.
    static let maxKeyBytes = 1 << 16
    /// The longest term a key can carry: the key adds the field byte and at most one marker byte.
    package static let maxTermBytes = maxKeyBytes - 2

    /// The first term byte of the keys the filter holds: the analysis layer's mark of a folded form
    /// (`IndexedTerm.markerByte`; a test keeps the two equal). The format knows only the byte.
    static let filteredByte: UInt8 = 0x01

    /// Whether `key` (`field ++ term`) is one the filter holds (a folded form's).
    @inline(__always) static func isFolded(_ key: UnsafeRawBufferPointer) -> Bool {
        key.count >= 2 && key[1] == filteredByte
    }

    /// The filter's hash of a key: FNV-1a over its bytes, then a 64-bit finalizer (FNV's low bits
    /// alone spread poorly).
    @inline(__always) static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        var h = FNV1a.hash(key)
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h
    }

    /// The bits probed for a key hash in a filter of `bits` bits (a power of two).
    @inline(__always) static func probes(_ h: UInt64, bits: Int) -> (h1: UInt64, h2: UInt64, mask: UInt64) {
        (h & 0xFFFF_FFFF, (h >> 32) | 1, UInt64(bits - 1))
    }
}

/// What the dictionary knows of one term in one segment.
@_spi(Benchmarks) public struct TermInfo: Equatable, Sendable {
    /// Documents containing the term (in this field).
    public var docFreq: Int
    /// Occurrences of the term over all documents.
    public var totalFreq: Int
    var docOffset: Int
    var posOffset: Int
}

/// Writes a `.tim` file; keys must arrive in strictly increasing byte order.
final class TermDictionaryWriter {
    private let out: FileOutput
    private var blockOffsets: [UInt64] = []
    private var inBlock = 0
    private var previous: [UInt8] = []
    /// The previous entry's offsets in its block (0 at a block's start).
    private var previousDoc = 0, previousPos = 0
    private var count: UInt64 = 0
    /// Hashes of the folded keys, for the filter.
    private var foldedHashes: [UInt64] = []

    init(_ directory: any Directory, name: String, segmentID: [UInt8] = FileFormat.noSegmentID) throws {
        out = try FileOutput(directory, name: name, magic: TermDictionaryFormat.magic, version: TermDictionaryFormat.version,
                             segmentID: segmentID)
    }

    func add(key: [UInt8], info: TermInfo) throws {
        guard key.count <= TermDictionaryFormat.maxKeyBytes else {
            throw LoupeError.invalidArgument("a term of \(key.count - 1) bytes (at most \(TermDictionaryFormat.maxTermBytes))")
        }
        if inBlock == TermDictionaryFormat.blockSize { inBlock = 0 }
        var prefix = 0
        if inBlock == 0 {
            blockOffsets.append(UInt64(out.offset))
            previousDoc = 0
            previousPos = 0
        } else {
            let limit = min(previous.count, key.count)
            while prefix < limit && previous[prefix] == key[prefix] { prefix += 1 }
        }
        let suffix = key.count - prefix
        out.writeVarint(UInt64(prefix) << 4 | UInt64(min(suffix, 15)))
        if suffix >= 15 { out.writeVarint(UInt64(suffix - 15)) }
        out.writeBytes(key[prefix...])
        precondition(info.totalFreq >= info.docFreq && info.docOffset >= previousDoc && info.posOffset >= previousPos)
        let same = info.totalFreq == info.docFreq
        out.writeVarint(UInt64(info.docFreq) << 1 | (same ? 1 : 0))
        if !same { out.writeVarint(UInt64(info.totalFreq - info.docFreq)) }
        out.writeVarint(UInt64(info.docOffset - previousDoc))
        out.writeVarint(UInt64(info.posOffset - previousPos))
        previousDoc = info.docOffset
        previousPos = info.posOffset
        previous = key
        inBlock += 1
        count += 1
        key.withUnsafeBytes { k in
            if TermDictionaryFormat.isFolded(k) { foldedHashes.append(TermDictionaryFormat.hash(k)) }
        }
        try out.maybeFlush()
    }

    func finish() throws {
        let indexOffset = UInt64(out.offset)
        for o in blockOffsets { out.writeU64(o) }
        let foldedOffset = UInt64(out.offset)
        var filter: [UInt8] = []
        if !foldedHashes.isEmpty {
            var bits = 64
            while bits < 10 * foldedHashes.count { bits *= 2 }
            filter = [UInt8](repeating: 0, count: bits / 8)
            for h in foldedHashes {
                let (h1, h2, mask) = TermDictionaryFormat.probes(h, bits: bits)
                for i in 0..<UInt64(TermDictionaryFormat.foldedProbes) {
                    let b = Int((h1 &+ i &* h2) & mask)
                    filter[b >> 3] |= 1 << UInt8(b & 7)
                }
            }
        }
        out.writeBytes(filter)
        out.writeU64(count)
        out.writeU64(UInt64(blockOffsets.count))
        out.writeU64(indexOffset)
        out.writeU64(foldedOffset)
        out.writeU64(UInt64(filter.count))
        try out.finish()
    }
}

/// Reads a `.tim` file from its memory map.
final class TermDictionary {
    let file: MappedFile
    package let termCount: Int
    let blockCount: Int
    let indexOffset: Int
    /// The first key of every `sampleStride`-th block, its first 8 bytes big-endian (zero-padded): a
    /// lookup's binary search runs over these in memory (reading a first key from the file only on a
    /// tie), then over the few blocks between two samples, which lie side by side in the file. Read
    /// at open: 2k samples for debdocs-100k's 16k blocks, 0.3 ms (every block: 2.7 ms on
    /// debdocs-full, and growing with the index).
    private var firstKeyPrefixes: [UInt64] = [] // set in init, never after
    /// Where the folded keys' filter is, and its size in bits (0: the segment has no folded key).
    let foldedOffset: Int, foldedBits: Int
    static let sampleStride = 16

    package init(file: MappedFile) throws {
        self.file = file
        let body = try FileFormat.openSegmentFile(file, magic: TermDictionaryFormat.magic, version: TermDictionaryFormat.version)
        let t = body.upperBound - TermDictionaryFormat.trailerSize
        guard t >= body.lowerBound else { throw LoupeError.corrupt(file: file.name, reason: "no trailer") }
        let nTerms = try file.u64(t), nBlocks = try file.u64(t + 8), idx = try file.u64(t + 16)
        let folded = try file.u64(t + 24), foldedBytes = try file.u64(t + 32)
        guard nBlocks <= nTerms, idx <= UInt64(t), nBlocks <= (UInt64(t) - idx) / 8, folded == idx + nBlocks * 8,
              foldedBytes == UInt64(t) - folded, foldedBytes == 0 || (foldedBytes >= 8 && foldedBytes & (foldedBytes - 1) == 0),
              nTerms <= nBlocks * UInt64(TermDictionaryFormat.blockSize) else {
            throw LoupeError.corrupt(file: file.name, reason: "inconsistent trailer (\(nTerms) terms, \(nBlocks) blocks, index at \(idx), filter \(foldedBytes) bytes at \(folded))")
        }
        termCount = Int(nTerms)
        blockCount = Int(nBlocks)
        indexOffset = Int(idx)
        foldedOffset = Int(folded)
        foldedBits = Int(foldedBytes) * 8
        var prefixes: [UInt64] = []
        prefixes.reserveCapacity(blockCount / Self.sampleStride + 1)
        for b in stride(from: 0, to: blockCount, by: Self.sampleStride) {
            var p = try blockOffset(b)
            let n = try readLengths(&p).suffix
            prefixes.append(try file.withBytes(p, min(n, 8)) { Self.prefix8($0) })
        }
        firstKeyPrefixes = prefixes
    }

    /// The first 8 bytes of `key`, big-endian, zero-padded. When two keys' prefixes differ they are
    /// ordered as the keys are; when they are equal the keys must be compared.
    @inline(__always) static func prefix8(_ key: UnsafeRawBufferPointer) -> UInt64 {
        var v: UInt64 = 0
        for j in 0..<8 { v = v << 8 | UInt64(j < key.count ? key[j] : 0) }
        return v
    }

    /// One decoded entry and the offset just past it.
    struct Cursor {
        var key: [UInt8] = []
        var info = TermInfo(docFreq: 0, totalFreq: 0, docOffset: 0, posOffset: 0)
        var offset: Int
    }

    /// Decodes the entry at `cursor.offset`, whose predecessor's key and info are `cursor`'s (a
    /// fresh cursor for a block's first entry).
    func readEntry(_ c: inout Cursor) throws {
        let (prefix, suffixLen) = try readLengths(&c.offset)
        guard prefix <= c.key.count, suffixLen <= TermDictionaryFormat.maxKeyBytes, prefix + suffixLen <= TermDictionaryFormat.maxKeyBytes else {
            throw LoupeError.corrupt(file: file.name, reason: "bad key at \(c.offset)")
        }
        c.key.removeSubrange(prefix...)
        try file.withBytes(c.offset, suffixLen) { c.key.append(contentsOf: $0) }
        c.offset += suffixLen
        try readInfo(&c.offset, &c.info)
    }

    /// Reads an entry's shared-prefix and suffix lengths.
    @inline(__always) private func readLengths(_ p: inout Int) throws -> (prefix: Int, suffix: Int) {
        let lengths = try file.varint(&p)
        var suffix = Int(lengths & 15)
        if suffix == 15 { suffix &+= Int(truncatingIfNeeded: try file.varint(&p) & 0xFFFF_FFFF) }
        return (Int(truncatingIfNeeded: (lengths >> 4) & 0xFFFF_FFFF), suffix)
    }

    /// Reads the frequencies and offset deltas of an entry into `info`, which holds the previous
    /// entry's (zero offsets at a block's start).
    @inline(__always) private func readInfo(_ p: inout Int, _ info: inout TermInfo) throws {
        let freqs = try file.varint(&p)
        info.docFreq = Int(truncatingIfNeeded: freqs >> 1)
        info.totalFreq = info.docFreq
        if freqs & 1 == 0 { info.totalFreq &+= Int(truncatingIfNeeded: try file.varint(&p)) }
        info.docOffset &+= Int(truncatingIfNeeded: try file.varint(&p))
        info.posOffset &+= Int(truncatingIfNeeded: try file.varint(&p))
        // docFreq < 2³¹ (doc ids are Int32s): sums over segments cannot overflow.
        guard info.docFreq > 0, info.docFreq <= Int(Int32.max), info.totalFreq >= info.docFreq, info.docOffset >= 0, info.posOffset >= 0 else {
            throw LoupeError.corrupt(file: file.name, reason: "bad term entry before \(p)")
        }
    }

    func blockOffset(_ b: Int) throws -> Int {
        let raw = try file.u64(indexOffset + 8 * b)
        let o = Int(truncatingIfNeeded: min(raw, UInt64(Int.max))) // checked next: never past the index
        guard o >= FileFormat.headerSize && o < indexOffset else {
            throw LoupeError.corrupt(file: file.name, reason: "block \(b) offset \(o) out of range")
        }
        return o
    }

    /// Compares `key` with the first key of block `b` (-1, 0, 1).
    private func compareFirstKey(_ key: UnsafeRawBufferPointer, block b: Int) throws -> Int {
        var p = try blockOffset(b)
        let n = try readLengths(&p).suffix
        return try file.withBytes(p, n) { first in
            let common = min(first.count, key.count)
            let c = common == 0 ? 0 : memcmp(key.baseAddress!, first.baseAddress!, common)
            if c != 0 { return c < 0 ? -1 : 1 }
            return key.count == first.count ? 0 : (key.count < first.count ? -1 : 1)
        }
    }

    /// The last block whose first key is ≤ `key`, or -1.
    /// - Complexity: O(log blocks) comparisons of 8-byte integers, then O(log sampleStride) first
    ///   keys read from one stretch of the file.
    private func block(for key: UnsafeRawBufferPointer) throws -> Int {
        let kp = Self.prefix8(key)
        // The last sampled block whose first key is ≤ key.
        var lo = 0, hi = firstKeyPrefixes.count - 1, sample = -1
        try firstKeyPrefixes.withUnsafeBufferPointer { prefixes in
            while lo <= hi {
                let mid = (lo + hi) / 2
                let fp = prefixes[mid]
                let c = fp != kp ? (kp > fp ? 1 : -1) : try compareFirstKey(key, block: mid * Self.sampleStride)
                if c >= 0 { sample = mid; lo = mid + 1 } else { hi = mid - 1 }
            }
        }
        if sample < 0 { return -1 }
        // Then among the blocks up to the next sample.
        var found = sample * Self.sampleStride
        lo = found + 1
        hi = min(found + Self.sampleStride - 1, blockCount - 1)
        while lo <= hi {
            let mid = (lo + hi) / 2
            if try compareFirstKey(key, block: mid) >= 0 { found = mid; lo = mid + 1 } else { hi = mid - 1 }
        }
        return found
    }

    private func block(for key: [UInt8]) throws -> Int {
        try key.withUnsafeBytes { try block(for: $0) }
    }

    /// The postings statistics of `term` in `field`, or nil if the segment lacks it.
    ///
    /// The block is scanned without rebuilding its keys: `matched` is how many bytes the previous
    /// key (smaller than the target) shares with the target. An entry sharing more than that with
    /// its predecessor is smaller too and is skipped unread; one sharing less is larger, so the
    /// target is absent; only an entry sharing exactly `matched` bytes has its suffix compared.
    /// - Complexity: O(log(terms/32)) key comparisons plus a scan of ≤ 32 entries; no allocation
    ///   beyond the key.
    package func lookup(field: Int, term: String) throws -> TermInfo? {
        // The key on the stack: a lookup allocates nothing.
        var term = term
        return try term.withUTF8 { utf8 in
            try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: utf8.count + 1) { buffer in
                buffer[0] = UInt8(field)
                _ = UnsafeMutableBufferPointer(rebasing: buffer[1...]).initialize(from: utf8)
                return try lookup(key: UnsafeRawBufferPointer(buffer))
            }
        }
    }

    /// The entry of `key` (`field ++ UTF-8(term)`), or nil.
    private func lookup(key: UnsafeRawBufferPointer) throws -> TermInfo? {
        if TermDictionaryFormat.isFolded(key), try !mayHoldFolded(key) { return nil }
        let b = try block(for: key)
        if b < 0 { return nil }
        var p = try blockOffset(b)
        let end = b + 1 < blockCount ? try blockOffset(b + 1) : indexOffset
        var matched = 0
        var info = TermInfo(docFreq: 0, totalFreq: 0, docOffset: 0, posOffset: 0)
        for _ in 0..<TermDictionaryFormat.blockSize where p < end {
            let (shared, suffixLength) = try readLengths(&p)
            if shared < matched { return nil }
            if shared == matched {
                // Compare the suffix with the rest of the target.
                let order: Int = try file.withBytes(p, suffixLength) { suffix in
                    let rest = key.count - matched
                    let n = min(rest, suffix.count)
                    var j = 0
                    while j < n && suffix[j] == key[matched + j] { j += 1 }
                    if j < n { matched += j; return suffix[j] < key[matched] ? -1 : 1 }
                    matched += n
                    return suffix.count == rest ? 0 : (suffix.count < rest ? -1 : 1)
                }
                if order > 0 { return nil }
                p += suffixLength
                try readInfo(&p, &info)
                if order == 0 { return info }
            } else {
                try file.check(p, suffixLength)
                p += suffixLength
                try readInfo(&p, &info)
            }
        }
        return nil
    }

    /// Whether the folded key `key` may be in the dictionary (false: it is not).
    /// - Complexity: O(key length) to hash, 7 bit reads.
    func mayHoldFolded(_ key: UnsafeRawBufferPointer) throws -> Bool {
        guard foldedBits > 0 else { return false }
        let (h1, h2, mask) = TermDictionaryFormat.probes(TermDictionaryFormat.hash(key), bits: foldedBits)
        return try file.withBytes(foldedOffset, foldedBits / 8) { filter in
            for i in 0..<UInt64(TermDictionaryFormat.foldedProbes) {
                let b = Int((h1 &+ i &* h2) & mask)
                if filter[b >> 3] & (1 << UInt8(b & 7)) == 0 { return false }
            }
            return true
        }
    }

    /// Calls `body(key, info)` for every entry in file order (the deep check), checking the
    /// structure a lookup relies on: keys strictly increasing, 32 entries to a block but the last,
    /// each block ending where the next begins, the trailer's term count, every entry found again
    /// by `lookup` (the sampled first keys and the folded keys' filter agree with the blocks).
    /// - Complexity: O(terms · log(terms / 32)).
    func forEachEntry(_ body: ([UInt8], TermInfo) throws -> Void) throws {
        var previous: [UInt8]? = nil
        var seen = 0
        for b in 0..<blockCount {
            var c = Cursor(offset: try blockOffset(b))
            let end = b + 1 < blockCount ? try blockOffset(b + 1) : indexOffset
            let entries = b + 1 < blockCount ? TermDictionaryFormat.blockSize : termCount - b * TermDictionaryFormat.blockSize
            guard entries > 0, entries <= TermDictionaryFormat.blockSize else {
                throw LoupeError.corrupt(file: file.name, reason: "\(termCount) terms do not fill \(blockCount) blocks")
            }
            for _ in 0..<entries {
                guard c.offset < end else { throw LoupeError.corrupt(file: file.name, reason: "block \(b) ends after \(seen) terms") }
                try readEntry(&c)
                if let previous, !previous.lexicographicallyPrecedes(c.key) {
                    throw LoupeError.corrupt(file: file.name, reason: "keys out of order at term \(seen)")
                }
                guard try c.key.withUnsafeBytes({ try lookup(key: $0) }) == c.info else {
                    throw LoupeError.corrupt(file: file.name, reason: "term \(seen) is not found by a lookup")
                }
                try body(c.key, c.info)
                previous = c.key
                seen += 1
            }
            guard c.offset == end else { throw LoupeError.corrupt(file: file.name, reason: "block \(b) has bytes after its last term") }
        }
        guard seen == termCount else { throw LoupeError.corrupt(file: file.name, reason: "\(seen) terms, the trailer says \(termCount)") }
    }

    /// What a walk over the dictionary does after a key: go on to the next key, jump to the first key
    /// ≥ a later one, or stop.
    enum WalkStep {
        case next
        case seek([UInt8])
        case stop
    }

    /// Calls `body(key, info)` for the keys ≥ `start` in byte order (a key is `field ++ UTF-8(term)`);
    /// `body` steers: a `seek` jumps ahead (a Levenshtein automaton skips every key that cannot
    /// match), staying in the current block when the target lies in it.
    /// - Complexity: O(log blocks) per seek that leaves the block, plus the entries read.
    func walk(from start: [UInt8], _ body: ([UInt8], TermInfo) throws -> WalkStep) throws {
        guard blockCount > 0 else { return }
        var target = start
        var b = max(0, try block(for: target))
        var c = Cursor(offset: try blockOffset(b))
        var inBlock = 0
        while true {
            if inBlock == TermDictionaryFormat.blockSize || c.offset >= indexOffset {
                b += 1
                if b >= blockCount { return }
                c = Cursor(offset: try blockOffset(b))
                inBlock = 0
            }
            try readEntry(&c)
            inBlock += 1
            if c.key.lexicographicallyPrecedes(target) { continue }
            switch try body(c.key, c.info) {
            case .next: continue
            case .stop: return
            case let .seek(next):
                guard c.key.lexicographicallyPrecedes(next) else { continue } // never backwards
                target = next
                // Beyond this block: find the target's block; within it, read on.
                let beyond = try b + 1 < blockCount && next.withUnsafeBytes { try compareFirstKey($0, block: b + 1) } >= 0
                if beyond {
                    b = max(b + 1, try block(for: next))
                    c = Cursor(offset: try blockOffset(b))
                    inBlock = 0
                }
            }
        }
    }

    /// Calls `body(term, info)` for every term of `field` whose text starts with `prefix`, in byte order;
    /// `body` returns false to stop. Used by prefix and fuzzy queries and by statistics.
    package func forEachTerm(field: Int, prefix: String = "", _ body: (String, TermInfo) throws -> Bool) throws {
        let start = [UInt8(field)] + Array(prefix.utf8)
        var b = max(0, try block(for: start))
        guard blockCount > 0 else { return }
        var c = Cursor(offset: try blockOffset(b))
        var inBlock = 0
        // Keys must strictly increase: a merge of a dictionary that repeats a key would add its
        // postings twice, out of order. (The previous key is copied into a reused buffer.)
        var previous: [UInt8] = [], hasPrevious = false
        while true {
            if inBlock == TermDictionaryFormat.blockSize || c.offset >= indexOffset {
                b += 1
                if b >= blockCount { return }
                previous.removeAll(keepingCapacity: true)
                previous.append(contentsOf: c.key)
                c = Cursor(offset: try blockOffset(b))
                inBlock = 0
            } else if hasPrevious {
                previous.removeAll(keepingCapacity: true)
                previous.append(contentsOf: c.key)
            }
            try readEntry(&c)
            if hasPrevious && !previous.lexicographicallyPrecedes(c.key) {
                throw LoupeError.corrupt(file: file.name, reason: "keys out of order in block \(b)")
            }
            hasPrevious = true
            inBlock += 1
            if c.key.lexicographicallyPrecedes(start) { continue }
            guard c.key.starts(with: start) else { return }
            // Terms are UTF-8 (two damaged keys decoding to the same replacement characters would
            // be one term to a caller).
            guard let term = String(validating: c.key.dropFirst(), as: UTF8.self) else {
                throw LoupeError.corrupt(file: file.name, reason: "a term in block \(b) is not UTF-8")
            }
            if !(try body(term, c.info)) { return }
        }
    }
}
