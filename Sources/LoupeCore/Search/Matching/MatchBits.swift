/// The matches of one query in one segment as a bit set: what a search that does not score
/// (a count, sorting by a field, facets) builds from postings a block at a time, instead of stepping
/// a scorer document by document, and then reads back in doc order, in batches.
///
/// Owned by one search on one thread; its words are one allocation it frees.
final class MatchBits {
    let docCount: Int
    let wordCount: Int
    let words: UnsafeMutablePointer<UInt64>

    init(docCount: Int) {
        self.docCount = docCount
        wordCount = (docCount + 63) >> 6
        words = .allocate(capacity: max(1, wordCount))
        words.initialize(repeating: 0, count: max(1, wordCount))
    }

    deinit { words.deallocate() }

    /// Marks `doc` (0 ≤ doc < docCount: a doc id the postings' decoder or a column checked).
    @inline(__always) func insert(_ doc: Int32) {
        words[Int(doc) &>> 6] |= 1 &<< UInt64(doc & 63)
    }

    @inline(__always) func contains(_ doc: Int32) -> Bool {
        words[Int(doc) &>> 6] & (1 &<< UInt64(doc & 63)) != 0
    }

    /// Marks every document.
    func insertAll() {
        guard wordCount > 0 else { return }
        words.update(repeating: .max, count: wordCount)
        let tail = docCount & 63
        if tail != 0 { words[wordCount - 1] = (1 &<< UInt64(tail)) &- 1 }
    }

    /// Unmarks the deleted documents of `segment`.
    func removeDeleted(_ segment: SegmentReader) {
        guard let deleted = segment.deleted else { return }
        filter { !deleted.contains($0) }
    }

    /// Unmarks the documents `keep` refuses.
    func filter(_ keep: (Int32) throws -> Bool) rethrows {
        for w in 0..<wordCount where words[w] != 0 {
            var bits = words[w]
            var rest = bits
            while rest != 0 {
                let b = rest.trailingZeroBitCount
                rest &= rest &- 1
                if !(try keep(Int32(w << 6 | b))) { bits &= ~(1 << UInt64(b)) }
            }
            words[w] = bits
        }
    }

    /// Documents marked.
    var count: Int {
        var n = 0
        for w in 0..<wordCount { n &+= words[w].nonzeroBitCount }
        return n
    }

    /// Hands the marked documents to `body` in ascending order, in batches of at most `batchSize`.
    func forEachBatch(_ body: (UnsafeBufferPointer<Int32>) throws -> Void) rethrows {
        let buffer = UnsafeMutablePointer<Int32>.allocate(capacity: Self.batchSize + 64)
        defer { buffer.deallocate() }
        var n = 0
        for w in 0..<wordCount {
            var bits = words[w]
            let base = Int32(truncatingIfNeeded: w << 6)
            while bits != 0 {
                buffer[n] = base | Int32(truncatingIfNeeded: bits.trailingZeroBitCount)
                n &+= 1
                bits &= bits &- 1
            }
            if n >= Self.batchSize {
                try body(UnsafeBufferPointer(start: buffer, count: n))
                n = 0
            }
        }
        if n > 0 { try body(UnsafeBufferPointer(start: buffer, count: n)) }
    }

    /// Doc ids per batch handed to a collector.
    static let batchSize = 1024
}

/// A scorer that can mark all its matches in a `MatchBits` at once, reading its postings or column
/// a block at a time, without frequencies or scores. Called on a fresh scorer (before any
/// `next`), which is spent afterwards.
protocol MatchMarking: Scorer {
    /// Whether `markMatches` can run (a composite: whether each part can).
    var canMarkMatches: Bool { get }
    /// Marks every document the scorer matches (deleted ones included: the caller removes them).
    func markMatches(into bits: MatchBits) throws
}

/// Receives a segment's matches in batches of ascending doc ids (live, unscored): a collector of
/// `scoreMode` `.none` that does less per document when it is handed many at once.
protocol BatchCollector: Collector {
    func collect(docs: UnsafeBufferPointer<Int32>) throws
}

enum Matching {
    /// Whether `scorer` marks its matches into a bit set: it can, and it matches enough of the
    /// segment (one document in 32) that a pass over `docCount` bits costs less than stepping.
    static func marker(_ scorer: Scorer, docCount: Int) -> MatchMarking? {
        guard let m = scorer as? MatchMarking, m.canMarkMatches, scorer.cost &* 32 >= docCount else { return nil }
        return m
    }

    /// The live documents `scorer` (fresh) matches in `segment`, counted.
    static func count(_ scorer: Scorer, in segment: SegmentReader) throws -> Int {
        if let m = marker(scorer, docCount: segment.docCount) {
            let bits = MatchBits(docCount: segment.docCount)
            try m.markMatches(into: bits)
            bits.removeDeleted(segment)
            return bits.count
        }
        var n = 0
        while try scorer.next() != PostingsFormat.noMoreDocs {
            if !segment.isDeleted(scorer.doc) { n += 1 }
        }
        return n
    }

    /// Whether every scorer of `scorers` can mark its matches.
    static func canMark(_ scorers: [Scorer]) -> Bool {
        scorers.allSatisfy { ($0 as? MatchMarking)?.canMarkMatches ?? false }
    }

    /// Marks the matches of each of `scorers` (each able to: `canMark`).
    static func mark(_ scorers: [Scorer], into bits: MatchBits) throws {
        for s in scorers { try (s as! MatchMarking).markMatches(into: bits) }
    }
}
