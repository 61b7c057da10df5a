/// Postings of a segment: for each term, the documents that contain it with their term frequencies
/// (`<segment>.doc`), and the word positions of each occurrence (`<segment>.pos`).
///
/// File `<segment>.doc` (magic "LDOC", version 3: the segment id in the header, see `FileFormat`;
/// version 2, without it, is still read; `.pos` likewise), inside `FileFormat`'s envelope:
/// ```
/// body     := termDocs*                      -- one run per term, at TermInfo.docOffset
/// termDocs := nBlocks:varint skip{nBlocks} block{nBlocks} tail
/// skip     := lastDelta:varint docBytes:varint posBytes:varint maxFreq:varint minNorm:u8
///                                            -- lastDelta: the block's last doc minus the previous
///                                            -- block's last doc (minus -1 for the first block);
///                                            -- docBytes / posBytes: the block's size in .doc / .pos;
///                                            -- maxFreq, minNorm: bound the block's best BM25 score
/// block    := docBits:u8 deltas[16·docBits] freqBits:u8 freqsMinus1[16·freqBits]
///                                            -- 128 doc deltas and 128 (freq − 1), each bit-packed at
///                                            -- one width, least significant bit first
/// tail     := posting{docFreq − 128·nBlocks}
/// posting  := code:varint freq:varint?       -- code = delta << 1 | (freq == 1 ? 1 : 0);
///                                            -- freq is present only when code's low bit is 0
/// ```
/// A delta is a doc id minus the previous doc id of the term (minus -1 for the first), so ≥ 1.
/// Bounds a reader checks before it trusts a value (a damaged or hostile file is refused, never
/// followed): `nBlocks ≤ docFreq / 128` and `docFreq − 128·nBlocks < 128` (the tail fits the
/// 128-entry buffer); every doc id < the segment's docCount, ascending; `docBits, freqBits ≤ 31`
/// (doc ids and frequencies are below 2³¹), so `docBytes = 2 + 16·(docBits + freqBits) ≤ 994`;
/// a term's position bytes lie inside `.pos`, and no position exceeds `Int32.max`.
/// `advance(to:)` reads skip entries and jumps whole blocks (and their positions) without decoding.
///
/// File `<segment>.pos` (magic "LPOS", version 3, the segment id in the header as in `.doc`):
/// ```
/// body     := termPos*                       -- one run per term, at TermInfo.posOffset
/// termPos  := (posDelta:varint{freq})*       -- per posting in doc order, positions ascending,
///                                            -- each minus the previous of the same doc (first: itself);
///                                            -- empty (posBytes 0) for a term of a field kept without
///                                            -- positions (`NormCodec.typedWithoutNormsVersion`)
/// ```
/// Example: a term in doc 3 at positions 0 and 4 and in doc 7 at position 2 (no full block):
/// `.doc`: `00 | 08 02  09` (0 blocks; (3+1)<<1|0, freq 2; 4<<1|1); `.pos`: `00 04  02`.
package enum PostingsFormat {
    static let docMagic = "LDOC"
    static let posMagic = "LPOS"
    static let version: UInt32 = 3
    /// Postings per packed block.
    package static let blockSize = 128
    /// The widest a packed value may be: doc gaps and frequencies are below 2³¹.
    static let maxBits = 31
    /// The doc id past every real one: what an exhausted iterator reports.
    package static let noMoreDocs = Int32.max
}

/// Bit-packing of 128 values at one width (0–32 bits), least significant bit first.
enum BitPacking {
    /// Bits needed for the largest of `values`.
    static func width(_ values: UnsafeBufferPointer<UInt32>) -> Int {
        var or: UInt32 = 0
        for v in values { or |= v }
        return or == 0 ? 0 : 32 - or.leadingZeroBitCount
    }

    static func pack(_ values: UnsafeBufferPointer<UInt32>, width: Int, into out: inout [UInt8]) {
        guard width > 0 else { return }
        var acc: UInt64 = 0
        var bits = 0
        for v in values {
            acc |= UInt64(v) << UInt64(bits)
            bits += width
            while bits >= 8 {
                out.append(UInt8(truncatingIfNeeded: acc))
                acc >>= 8
                bits -= 8
            }
        }
        if bits > 0 { out.append(UInt8(truncatingIfNeeded: acc)) }
    }

    /// Unpacks 128 values from `src` into `dst`, where `src` may be read 8 bytes past its 16·width
    /// (inside a file's body 8 more bytes always follow: the envelope's footer). Every value is one
    /// unaligned 64-bit load, shift and mask (a value of ≤ 32 bits at a shift of ≤ 7 fits in one
    /// word); the widths doc gaps and freqs mostly take are cases of a switch with the width a
    /// constant, so the compiler unrolls and schedules the loop per width.
    /// - Complexity: O(128); no branch per value.
    @inline(__always)
    static func unpackPadded(_ src: UnsafeRawPointer, width: Int, into dst: UnsafeMutablePointer<UInt32>) {
        @inline(__always) func run(_ w: Int) {
            let mask: UInt64 = (1 << UInt64(w)) &- 1
            for i in 0..<PostingsFormat.blockSize {
                let bit = i &* w
                let word = UInt64(littleEndian: src.loadUnaligned(fromByteOffset: bit >> 3, as: UInt64.self))
                dst[i] = UInt32(truncatingIfNeeded: (word >> UInt64(bit & 7)) & mask)
            }
        }
        switch width {
        case 0: dst.update(repeating: 0, count: PostingsFormat.blockSize)
        case 1: run(1)
        case 2: run(2)
        case 3: run(3)
        case 4: run(4)
        case 5: run(5)
        case 6: run(6)
        case 7: run(7)
        case 8: run(8)
        case 9: run(9)
        case 10: run(10)
        case 11: run(11)
        case 12: run(12)
        case 13: run(13)
        case 14: run(14)
        case 15: run(15)
        case 16: run(16)
        case 17: run(17)
        case 18: run(18)
        case 19: run(19)
        case 20: run(20)
        default: run(width) // 21–32 bits (doc gaps over a million): rare, the same loop unspecialised
        }
    }
}

/// Builds one term's run of `.doc` bytes in format 2 from its postings in doc order.
struct TermDocsEncoder {
    private(set) var docs: [Int32] = []
    private(set) var freqs: [UInt32] = []
    /// Bytes of positions each posting has in `.pos`.
    private(set) var posBytes: [Int] = []

    mutating func removeAll() {
        docs.removeAll(keepingCapacity: true)
        freqs.removeAll(keepingCapacity: true)
        posBytes.removeAll(keepingCapacity: true)
    }

    mutating func add(doc: Int32, freq: UInt32, positionBytes: Int) {
        docs.append(doc)
        freqs.append(freq)
        posBytes.append(positionBytes)
    }

    var count: Int { docs.count }

    /// Appends the run to `out`; `norm(doc)` gives the field norm of a doc (for the blocks' bounds).
    func encode(into out: inout [UInt8], norm: (Int32) -> UInt8) {
        let n = PostingsFormat.blockSize
        let blocks = docs.count / n
        PostingsEncoder.varint(UInt32(blocks), into: &out)
        var packed: [[UInt8]] = []
        var last: Int32 = -1
        var deltas = [UInt32](repeating: 0, count: n), fm1 = [UInt32](repeating: 0, count: n)
        for b in 0..<blocks {
            var block: [UInt8] = []
            var maxFreq: UInt32 = 0, minNorm: UInt8 = 255, pos = 0
            let blockStart = last
            for i in 0..<n {
                let d = docs[b * n + i]
                deltas[i] = UInt32(d - last)
                last = d
                fm1[i] = freqs[b * n + i] - 1
                maxFreq = max(maxFreq, freqs[b * n + i])
                minNorm = min(minNorm, norm(d))
                pos += posBytes[b * n + i]
            }
            deltas.withUnsafeBufferPointer { dp in
                let w = BitPacking.width(dp)
                block.append(UInt8(w))
                BitPacking.pack(dp, width: w, into: &block)
            }
            fm1.withUnsafeBufferPointer { fp in
                let w = BitPacking.width(fp)
                block.append(UInt8(w))
                BitPacking.pack(fp, width: w, into: &block)
            }
            PostingsEncoder.varint(UInt32(last - blockStart), into: &out)
            PostingsEncoder.varint(UInt32(block.count), into: &out)
            PostingsEncoder.varint(UInt32(pos), into: &out)
            PostingsEncoder.varint(maxFreq, into: &out)
            out.append(minNorm)
            packed.append(block)
        }
        for block in packed { out.append(contentsOf: block) }
        for i in (blocks * n)..<docs.count {
            PostingsEncoder.posting(delta: UInt32(docs[i] - last), freq: freqs[i], into: &out)
            last = docs[i]
        }
    }
}

/// Appends postings in `PostingsFormat` to in-memory byte buffers (used by the in-memory segment).
struct PostingsEncoder {
    @inline(__always) static func varint(_ v: UInt32, into out: inout [UInt8]) {
        Varint.append(v, to: &out)
    }

    /// Reads back a varint written by `varint(_:into:)` from an in-memory buffer (an array, or one
    /// borrowed without a copy).
    @inline(__always) static func readVarint<Bytes: RandomAccessCollection>(_ bytes: Bytes, _ i: inout Int) -> UInt32
    where Bytes.Element == UInt8, Bytes.Index == Int {
        var v: UInt32 = 0, shift: UInt32 = 0
        while true {
            let b = bytes[i]
            i += 1
            v |= UInt32(b & 0x7F) << shift
            if b < 0x80 { return v }
            shift += 7
        }
    }

    @inline(__always) static func posting(delta: UInt32, freq: UInt32, into out: inout [UInt8]) {
        if freq == 1 {
            varint(delta << 1 | 1, into: &out)
        } else {
            varint(delta << 1, into: &out)
            varint(freq, into: &out)
        }
    }
}

/// Walks one term's postings in a segment, document at a time, reading the mmap directly: packed
/// blocks are decoded 128 postings at a time, `advance(to:)` jumps whole blocks by their skip
/// entries, and the tail (the < 128 varint postings after the blocks) is decoded at once into the
/// same buffer when reached, so one scan loop serves blocks and tail. Positions are decoded only
/// when asked for (`positions()`), for phrase candidates.
///
/// Its state is `@exclusivity(unchecked)`: an iterator belongs to one search on one thread and is
/// never accessed overlapping, while the dynamic checks cost ~20 % of query time. The decoded
/// postings live in one buffer it allocates and frees (no array bounds or uniqueness checks in the
/// scan loops; every index stays below `count` ≤ 128).
@_spi(Benchmarks) public final class PostingsIterator {
    private let docs: MappedFile
    private let pos: MappedFile
    /// The segment's document count: every doc id read must be below it.
    private let docCount: Int32
    public let docFreq: Int
    /// The current document, or `PostingsFormat.noMoreDocs`; -1 before the first `next()`.
    @exclusivity(unchecked) public private(set) var doc: Int32 = -1
    /// The term's frequency in the current document (1 for every document when the iterator was
    /// made without `frequencies`).
    @exclusivity(unchecked) public private(set) var freq: UInt32 = 0
    /// Whether blocks' frequencies are unpacked: not when only documents are counted. Without
    /// them every `freq` reads 1 and positions cannot be read.
    let decodesFrequencies: Bool

    // Blocks: the next skip entry, where the next block's bytes and positions start.
    @exclusivity(unchecked) private var blocksLeft: Int
    @exclusivity(unchecked) private var skipOffset: Int
    @exclusivity(unchecked) private var nextBlockOffset: Int
    @exclusivity(unchecked) private var nextBlockPos: Int
    @exclusivity(unchecked) private var skipLast: Int32 = -1
    @exclusivity(unchecked) private var skipDocBytes = 0, skipPosBytes = 0
    /// Last doc of the previous block (the base of the next delta).
    @exclusivity(unchecked) private var base: Int32 = -1
    /// The decoded block or tail: `count` docs and freqs; `index` is the current one (-1: before
    /// the first). One allocation: docs, then freqs, then a scratch area for unpacking.
    private let buffer: UnsafeMutableRawPointer
    private var blockDocs: UnsafeMutablePointer<Int32> { buffer.assumingMemoryBound(to: Int32.self) }
    private var blockFreqs: UnsafeMutablePointer<UInt32> { (buffer + 4 * PostingsFormat.blockSize).assumingMemoryBound(to: UInt32.self) }
    private var scratch: UnsafeMutablePointer<UInt32> { (buffer + 8 * PostingsFormat.blockSize).assumingMemoryBound(to: UInt32.self) }
    @exclusivity(unchecked) private var index = -1, count = 0
    /// Where the tail starts, how many postings it has, the doc its first delta starts from, and
    /// where its positions start.
    private let tailStart: (offset: Int, count: Int, base: Int32, positions: Int)
    @exclusivity(unchecked) private var tailLoaded = false
    /// Each block's largest frequency and smallest norm (from the skip entries).
    @exclusivity(unchecked) private(set) var blockBounds: [(maxFreq: UInt32, minNorm: UInt8)] = []
    /// Set by the deep check, which reads every document's positions: each block's (and the
    /// tail's) positions must then start where the previous ones ended.
    var checksPositionRuns = false
    /// Where the term's `.doc` run ends, once the tail is decoded (or there is none).
    private(set) var runEnd = 0
    // Positions of the current block (or tail), and how many varints of earlier docs to skip.
    @exclusivity(unchecked) private var posOffset: Int
    @exclusivity(unchecked) private var pendingPositions = 0

    /// Reads the term's skip entries and checks them against what the iterator will do with them:
    /// the tail must fit the 128-entry buffer, every block's size and last doc must be possible,
    /// and its positions must lie inside `.pos`. Doc ids are checked against `docCount`.
    init(docs: MappedFile, pos: MappedFile, info: TermInfo, docCount: Int, frequencies: Bool = true) throws {
        self.docs = docs
        self.pos = pos
        decodesFrequencies = frequencies
        self.docCount = Int32(clamping: docCount)
        docFreq = info.docFreq
        let n = PostingsFormat.blockSize
        func damaged(_ why: String) -> LoupeError {
            LoupeError.corrupt(file: docs.name, reason: "postings at \(info.docOffset): \(why)")
        }
        guard info.docFreq > 0, info.docFreq <= docCount, info.docOffset >= 0, info.posOffset >= 0, info.posOffset <= pos.count else {
            throw damaged("\(info.docFreq) postings for \(docCount) documents")
        }
        var p = info.docOffset
        let nBlocks = try docs.varint(&p)
        guard nBlocks <= UInt64(info.docFreq / n), info.docFreq - Int(nBlocks) * n < n else {
            throw damaged("\(nBlocks) blocks for \(info.docFreq) postings")
        }
        let blocks = Int(nBlocks)
        blocksLeft = blocks
        skipOffset = p
        // The blocks start after the skip entries: walk them once to find where, checking each.
        var blockBytes = 0, posBytes = 0
        var lastOfBlocks: Int64 = -1
        blockBounds.reserveCapacity(blocks)
        for b in 0..<blocks {
            let delta = try docs.varint(&p), size = try docs.varint(&p), positions = try docs.varint(&p)
            let maxFreq = try docs.varint(&p)
            guard delta >= UInt64(n), delta <= UInt64(docCount), size >= 2, size <= UInt64(Self.maxBlockBytes),
                  positions <= UInt64(pos.count - info.posOffset - posBytes) else {
                throw damaged("bad skip entry \(b)")
            }
            lastOfBlocks += Int64(delta)
            guard lastOfBlocks < Int64(docCount) else { throw damaged("block \(b) ends past the last document") }
            blockBytes += Int(size)
            posBytes += Int(positions)
            blockBounds.append((UInt32(truncatingIfNeeded: maxFreq), try docs.u8(p)))
            p += 1
        }
        guard blockBytes <= docs.count - p else { throw damaged("blocks run past the end of the file") }
        nextBlockOffset = p
        nextBlockPos = info.posOffset
        tailStart = (p + blockBytes, info.docFreq - blocks * n, Int32(lastOfBlocks), info.posOffset + posBytes)
        posOffset = info.posOffset
        buffer = UnsafeMutableRawPointer.allocate(byteCount: 12 * n, alignment: 8)
        // Without frequencies, each reads 1: written once here, never by a block.
        if !frequencies { (buffer + 4 * n).initializeMemory(as: UInt32.self, repeating: 1, count: n) }
        if blocks > 0 { try readSkip() }
    }

    /// The largest packed block: two width bytes and 128 values of each kind at `maxBits`.
    static let maxBlockBytes = 2 + 16 * 2 * PostingsFormat.maxBits

    deinit { buffer.deallocate() }

    /// Reads the skip entry of the next block.
    /// (Offsets are copied to locals around `inout` calls: passing a class property `inout` costs a
    /// dynamic exclusivity check each time, ~20 % of query time when it was done per posting.)
    private func readSkip() throws {
        var o = skipOffset
        // Checked in init; wrapping conversions, and loadBlock checks what a block decodes to.
        let delta = try docs.varint(&o)
        skipLast = base &+ Int32(truncatingIfNeeded: delta)
        skipDocBytes = Int(truncatingIfNeeded: try docs.varint(&o) & 0xFFFF)
        skipPosBytes = Int(truncatingIfNeeded: try docs.varint(&o) & 0xFFFF_FFFF_FFFF)
        _ = try docs.varint(&o)
        skipOffset = o + 1
    }

    /// Jumps over the next block without decoding it.
    private func skipBlock() throws {
        nextBlockOffset += skipDocBytes
        nextBlockPos += skipPosBytes
        base = skipLast
        blocksLeft -= 1
        if blocksLeft > 0 { try readSkip() }
    }

    /// Decodes the next block into `blockDocs` / `blockFreqs`, before its first posting.
    private func loadBlock() throws {
        let n = PostingsFormat.blockSize
        let start = nextBlockOffset, length = skipDocBytes
        guard length >= 2, length <= Self.maxBlockBytes else { throw LoupeError.corrupt(file: docs.name, reason: "bad block at \(start)") }
        let (d, f, s) = (blockDocs, blockFreqs, scratch)
        // The block and the 8 bytes after it (a block is never the file's last bytes: the footer is).
        let b = base
        let smallest: UInt32 = try docs.withBytes(start, length + 8) { padded in
            let raw = UnsafeRawBufferPointer(rebasing: padded[..<length])
            let dw = Int(raw[0])
            guard dw <= PostingsFormat.maxBits, 1 + 16 * dw < raw.count else { throw LoupeError.corrupt(file: docs.name, reason: "bad block at \(start)") }
            let fw = Int(raw[1 + 16 * dw])
            guard fw <= PostingsFormat.maxBits, 2 + 16 * dw + 16 * fw == raw.count else { throw LoupeError.corrupt(file: docs.name, reason: "bad block at \(start)") }
            BitPacking.unpackPadded(raw.baseAddress! + 1, width: dw, into: s)
            // Gaps below 2³¹ summed in 64 bits cannot wrap; with the smallest ≥ 1 and the last equal
            // to the skip entry's (< docCount), every doc id is ascending and in range.
            var last = Int64(b), smallest = UInt32.max
            for i in 0..<n {
                let gap = s[i]
                smallest = min(smallest, gap)
                last &+= Int64(gap)
                d[i] = Int32(truncatingIfNeeded: last)
            }
            guard last == Int64(skipLast) else { return 0 }
            if decodesFrequencies {
                BitPacking.unpackPadded(raw.baseAddress! + 2 + 16 * dw, width: fw, into: s)
                for i in 0..<n { f[i] = s[i] &+ 1 }
            }
            return smallest
        }
        guard smallest > 0, skipLast < docCount else {
            throw LoupeError.corrupt(file: docs.name, reason: "block at \(start) does not match its skip entry")
        }
        if checksPositionRuns && posOffset != nextBlockPos {
            throw LoupeError.corrupt(file: pos.name, reason: "positions of the block at \(start) do not start where the previous ones end")
        }
        posOffset = nextBlockPos
        pendingPositions = 0
        index = -1
        count = n
        try skipBlock()
    }

    /// Decodes the whole tail into `blockDocs` / `blockFreqs`, before its first posting.
    private func loadTail() throws {
        tailLoaded = true
        var o = tailStart.offset
        var prev = Int64(tailStart.base)
        let (d, f) = (blockDocs, blockFreqs)
        for i in 0..<tailStart.count {
            let code = try docs.varint(&o)
            let fr = code & 1 == 1 ? 1 : try docs.varint(&o)
            let next = prev &+ Int64(truncatingIfNeeded: code >> 1)
            guard code >> 1 > 0, code >> 1 < UInt64(Int32.max), next < Int64(docCount), fr > 0, fr <= UInt64(Int32.max) else {
                throw LoupeError.corrupt(file: docs.name, reason: "bad posting at \(o)")
            }
            d[i] = Int32(next)
            if decodesFrequencies { f[i] = UInt32(fr) }
            prev = next
        }
        runEnd = o
        if checksPositionRuns && posOffset != tailStart.positions {
            throw LoupeError.corrupt(file: pos.name, reason: "positions of the tail at \(tailStart.offset) do not start where the blocks' end")
        }
        posOffset = tailStart.positions
        pendingPositions = 0
        index = -1
        count = tailStart.count
    }

    /// Decodes the next block, else the tail; false when every posting has been passed.
    @inline(__always) private func loadNext() throws -> Bool {
        if blocksLeft > 0 {
            try loadBlock()
            return true
        }
        if !tailLoaded && tailStart.count > 0 {
            try loadTail()
            return true
        }
        if tailStart.count == 0 { runEnd = tailStart.offset }
        return false
    }

    /// Past the last posting.
    @inline(__always) private func exhaust() -> Int32 {
        index = -1
        count = 0
        freq = 0
        doc = PostingsFormat.noMoreDocs
        return doc
    }

    /// The largest `score(freq, norm)` any posting of the term can reach, for a score that grows with
    /// the frequency and shrinks with the norm (BM25): from the blocks' skip entries, and from the
    /// tail's postings themselves (at most 127, decoded here without moving the iterator).
    func upperBound(norm: (Int32) throws -> UInt8, _ score: (UInt32, UInt8) -> Float) throws -> Float {
        var best: Float = 0
        for b in blockBounds { best = max(best, score(b.maxFreq, b.minNorm)) }
        var o = tailStart.offset, d = tailStart.base
        for _ in 0..<tailStart.count {
            let code = try docs.varint(&o)
            let f = code & 1 == 1 ? 1 : try docs.varint(&o)
            d &+= Int32(truncatingIfNeeded: code >> 1)
            best = max(best, score(UInt32(truncatingIfNeeded: f), try norm(d)))
        }
        return best
    }

    /// Moves to the next document and returns it (or `noMoreDocs`).
    @discardableResult
    public func next() throws -> Int32 {
        pendingPositions += Int(freq) // the current doc's positions (0 if already read)
        if index + 1 >= count {
            guard try loadNext() else { return exhaust() }
        }
        index += 1
        doc = blockDocs[index]
        freq = blockFreqs[index]
        return doc
    }

    /// Calls `body` with every document after the current one, in order, decoding block after
    /// block without stepping the iterator a posting at a time (counting and marking documents:
    /// doc freqs of unions). The iterator is exhausted afterwards.
    /// - Complexity: O(postings left).
    func forEachRemainingDoc(_ body: (Int32) -> Void) throws {
        while true {
            let docs = blockDocs
            for i in (index + 1)..<max(index + 1, count) { body(docs[i]) }
            index = count - 1
            freq = 0
            guard try loadNext() else { break }
        }
        _ = exhaust()
    }

    /// Moves to the first document ≥ `target` and returns it (or `noMoreDocs`).
    /// - Complexity: O(blocks skipped) skip entries, plus one block (or the tail) decoded and scanned.
    @discardableResult
    public func advance(to target: Int32) throws -> Int32 {
        if doc >= target { return doc }
        let docs = blockDocs, freqs = blockFreqs
        if count == 0 || docs[count - 1] < target {
            // Not in the decoded postings: jump the blocks that end before the target, decode the next.
            while blocksLeft > 0 && skipLast < target { try skipBlock() }
            guard try loadNext(), docs[count - 1] >= target else { return exhaust() }
            freq = 0
        }
        var i = index + 1, pending = pendingPositions + Int(freq)
        while docs[i] < target {
            pending += Int(freqs[i])
            i += 1
        }
        index = i
        pendingPositions = pending
        doc = docs[i]
        freq = freqs[i]
        return doc
    }

    /// The positions of the term in the current document, ascending.
    public func positions() throws -> [Int32] {
        let buffer = PositionBuffer(capacity: Int(freq))
        try appendPositions(to: buffer)
        return buffer.array
    }

    /// Appends the current document's positions, ascending, to `buffer` (a phrase search reuses
    /// one per term, so it allocates nothing per candidate). Reading them consumes them: `freq`
    /// reads 0 afterwards.
    /// - Complexity: O(positions of the documents passed since the last read / 8) to skip them,
    ///   O(freq) to decode.
    /// Where the positions read so far end in `.pos` (after every document's: the term's run's end).
    var positionsEnd: Int { posOffset }

    func appendPositions(to buffer: PositionBuffer) throws {
        assert(decodesFrequencies, "positions read from an iterator made without frequencies")
        var o = posOffset
        try pos.skipVarints(pendingPositions, &o)
        pendingPositions = 0
        let n = Int(freq)
        // Each position takes at least a byte: a frequency larger than what is left of `.pos` is
        // damage, refused before the buffer grows to it.
        guard n <= pos.count - o else {
            throw LoupeError.corrupt(file: pos.name, reason: "\(n) positions at \(o) run past the end")
        }
        let file = pos
        var last: Int64 = 0
        try buffer.append(count: n) { out in
            var p: Int64 = 0
            for i in 0..<n {
                p &+= Int64(min(try file.varint(&o), 0xFFFF_FFFF)) // saturated: cannot wrap (n < 2³¹)
                out[i] = Int32(truncatingIfNeeded: p)
            }
            last = p
        }
        guard last <= Int64(Int32.max) else {
            throw LoupeError.corrupt(file: pos.name, reason: "position \(last) before \(o) is out of range")
        }
        posOffset = o
        freq = 0 // these positions are consumed: nothing to skip for this doc
    }
}
