/// What BM25 needs to know of the collection, behind a protocol so that a search over several
/// indexes (shards) can score every part with the same, global figures (Lucene's
/// `IndexSearcher.termStatistics`, tantivy's `Bm25StatisticsProvider`). Fields are numbers of the
/// schema, which the parts share.
public protocol ScoringStatistics: Sendable {
    /// Documents having `field`, and their mean length in words (BM25's N and avgdl).
    func fieldStatistics(_ field: Int) throws -> (docCount: Int, averageLength: Double)
    /// Documents holding at least one of `terms` (dictionary terms) in `field`, deleted ones
    /// included as in every index's doc freqs: the document frequency of one word read in several
    /// forms.
    func docFreq(field: Int, anyOf terms: [String]) throws -> Int
}

/// The statistics of one snapshot.
public struct SnapshotStatistics: ScoringStatistics {
    public let reader: IndexReader

    public init(reader: IndexReader) { self.reader = reader }

    public func fieldStatistics(_ field: Int) -> (docCount: Int, averageLength: Double) {
        reader.fieldStatistics(field)
    }

    /// The doc freq when one term is present in a segment; the size of the union of the terms'
    /// documents, counted by iterating them, when several are.
    public func docFreq(field: Int, anyOf terms: [String]) throws -> Int {
        var total = 0
        for seg in reader.segments where seg.hasTerms(in: field) {
            let infos = try terms.compactMap { try seg.termInfo(field: field, term: $0) }
            total += try Self.unionCount(infos.map { try seg.postings($0) })
        }
        return total
    }

    /// Documents in the union of `postings` (one: its doc freq).
    static func unionCount(_ postings: [PostingsIterator]) throws -> Int {
        if postings.count <= 1 { return postings.first?.docFreq ?? 0 }
        let union = UnionPostings(postings)
        var n = 0
        while try union.next() != PostingsFormat.noMoreDocs { n += 1 }
        return n
    }
}

/// The statistics of several snapshots taken together: what each part of a sharded collection
/// scores with, so that a document scores the same whichever shard holds it.
public struct CombinedStatistics: ScoringStatistics {
    public let parts: [any ScoringStatistics]

    public init(_ parts: [any ScoringStatistics]) { self.parts = parts }

    /// Documents summed; the mean length weighted by each part's documents.
    public func fieldStatistics(_ field: Int) throws -> (docCount: Int, averageLength: Double) {
        var docs = 0
        var length = 0.0
        for p in parts {
            let s = try p.fieldStatistics(field)
            docs += s.docCount
            length += Double(s.docCount) * s.averageLength
        }
        return (docs, docs == 0 ? 0 : length / Double(docs))
    }

    public func docFreq(field: Int, anyOf terms: [String]) throws -> Int {
        try parts.reduce(0) { $0 + (try $1.docFreq(field: field, anyOf: terms)) }
    }
}
