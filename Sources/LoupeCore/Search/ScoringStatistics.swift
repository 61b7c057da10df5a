/// What BM25 needs to know of the collection, behind a protocol so that a search over several
/// indexes (shards) can score every part with the same, global figures (Lucene's
/// `IndexSearcher.termStatistics`, tantivy's `Bm25StatisticsProvider`). Fields are numbers of the
/// schema, which the parts share.
package protocol ScoringStatistics: Sendable {
    /// Documents having `field`, and their mean length in words (BM25's N and avgdl).
    func fieldStatistics(_ field: Int) throws -> (docCount: Int, averageLength: Double)
    /// Documents holding at least one of `terms` (dictionary terms) in `field`, deleted ones
    /// included as in every index's doc freqs. A word's forms are asked one term at a time (their
    /// doc freq is the largest form's, `SearchContext.formsDocFreq`); a prefix or fuzzy expansion
    /// asks for the union of its matches.
    func docFreq(field: Int, anyOf terms: [String]) throws -> Int
}

/// The statistics of one snapshot.
package struct SnapshotStatistics: ScoringStatistics {
    /// The snapshot.
    package let reader: IndexReader

    /// The statistics of `reader`'s snapshot.
    package init(reader: IndexReader) { self.reader = reader }

    package func fieldStatistics(_ field: Int) -> (docCount: Int, averageLength: Double) {
        reader.fieldStatistics(field)
    }

    /// The doc freq when one term is present in a segment; the size of the union of the terms'
    /// documents when several are (`unionCount`).
    package func docFreq(field: Int, anyOf terms: [String]) throws -> Int {
        var total = 0
        for seg in reader.segments where seg.hasTerms(in: field) {
            let infos = try terms.compactMap { try seg.termInfo(field: field, term: $0) }
            total += try Self.unionCount(infos.map { try seg.postings($0, frequencies: false) }, docCount: seg.docCount)
        }
        return total
    }

    /// Documents in the union of `postings` (one: its doc freq); the iterators check that every doc
    /// id is below `docCount`.
    ///
    /// The other lists' documents are marked in a bitset (counting the distinct ones); then either
    /// the largest list is walked whole, block by block, counting its documents already marked, or,
    /// when the marked documents are few beside it, each is looked up in it by `advance` (which skips
    /// whole blocks). A word's forms are usually a frequent spelling or stem and rarer variants that
    /// it mostly holds: a walk decodes 128 documents a block, a lookup costs as much as several.
    static func unionCount(_ postings: [PostingsIterator], docCount: Int) throws -> Int {
        if postings.count <= 1 { return postings.first?.docFreq ?? 0 }
        var largest = 0
        for i in postings.indices where postings[i].docFreq > postings[largest].docFreq { largest = i }
        var marked = [UInt64](repeating: 0, count: (docCount + 63) >> 6)
        var distinct = 0
        try marked.withUnsafeMutableBufferPointer { bits in
            for i in postings.indices where i != largest {
                try postings[i].forEachRemainingDoc { d in
                    let w = Int(d) >> 6, bit = UInt64(1) << UInt64(d & 63)
                    if bits[w] & bit == 0 {
                        bits[w] |= bit
                        distinct += 1
                    }
                }
            }
        }
        let big = postings[largest]
        guard distinct > 0 else { return big.docFreq }
        var shared = 0
        if distinct * lookupsPerWalk < big.docFreq {
            var bigDoc: Int32 = -1
            for w in marked.indices where marked[w] != 0 {
                var bits = marked[w]
                while bits != 0 {
                    let d = Int32(w << 6 | bits.trailingZeroBitCount)
                    bits &= bits - 1
                    if bigDoc < d { bigDoc = try big.advance(to: d) }
                    if bigDoc == d { shared += 1 }
                }
            }
        } else {
            try marked.withUnsafeBufferPointer { bits in
                try big.forEachRemainingDoc { d in
                    if bits[Int(d) >> 6] & (UInt64(1) << UInt64(d & 63)) != 0 { shared += 1 }
                }
            }
        }
        return big.docFreq + distinct - shared
    }

    /// About how many documents of a list a walk reads for the cost of one lookup by `advance`.
    static let lookupsPerWalk = 16
}

/// The statistics of several snapshots taken together: what each part of a sharded collection
/// scores with, so that a document scores the same whichever shard holds it.
package struct CombinedStatistics: ScoringStatistics {
    /// The parts: each snapshot's (or a combination's) statistics.
    package let parts: [any ScoringStatistics]

    /// The statistics of `parts` together.
    package init(_ parts: [any ScoringStatistics]) { self.parts = parts }

    /// Documents summed; the mean length weighted by each part's documents.
    package func fieldStatistics(_ field: Int) throws -> (docCount: Int, averageLength: Double) {
        var docs = 0
        var length = 0.0
        for p in parts {
            let s = try p.fieldStatistics(field)
            docs += s.docCount
            length += Double(s.docCount) * s.averageLength
        }
        return (docs, docs == 0 ? 0 : length / Double(docs))
    }

    package func docFreq(field: Int, anyOf terms: [String]) throws -> Int {
        try parts.reduce(0) { $0 + (try $1.docFreq(field: field, anyOf: terms)) }
    }
}
