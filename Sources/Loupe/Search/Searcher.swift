/// One ranked hit.
public struct SearchHit: Sendable {
    /// Global document id in the reader's snapshot.
    public let doc: Int32
    public let score: Float
    /// Stored field values by name.
    public let fields: [String: String]

    public var path: String? { fields["path"] }
    /// The declared title, else the first line (files indexed by `DirectoryIndexer`).
    public var title: String? { fields["title"] ?? fields["firstline"] }
}

/// The outcome of a search: the requested page of hits, best first, and how many documents matched.
public struct SearchResults: Sendable {
    public let totalHits: Int
    public let hits: [SearchHit]
}

/// Runs queries against an `IndexReader`: parses query strings, binds them to each segment as
/// document-at-a-time scorers, and keeps the top hits in a heap.
///
/// Not thread-safe (it owns an analyzer); use one `Searcher` per thread over a shared reader.
public final class Searcher {
    public let reader: IndexReader
    public let parser: QueryParser
    public var bm25 = BM25()
    /// Most expansions of a `prefix*` or `word~N` query.
    public var maxExpansions = 256

    public init(reader: IndexReader) throws {
        self.reader = reader
        parser = QueryParser(analyzer: try Analyzer.standard(), fields: Set(reader.schema.fields.filter(\.indexed).map(\.name)))
    }

    /// Opens the newest commit at `path`.
    public convenience init(path: String) throws { try self.init(reader: IndexReader(path: path)) }

    /// Parses and runs `query`; throws `LoupeError.badQuery` for a malformed query.
    public func search(_ query: String, limit: Int = 10, offset: Int = 0) throws -> SearchResults {
        try search(parser.parse(query), limit: limit, offset: offset)
    }

    /// Runs `query`, returning hits `offset ..< offset + limit` of the ranking.
    /// - Complexity: O(matches · log(limit + offset)) in this version (every match is scored).
    public func search(_ query: Query, limit: Int = 10, offset: Int = 0) throws -> SearchResults {
        let bound = try Binder(searcher: self, query: query)
        var top = TopK(k: max(0, limit) + max(0, offset))
        var total = 0
        for (i, segment) in reader.segments.enumerated() {
            let scorer = try bound.scorer(for: segment)
            let base = reader.docBases[i]
            while try scorer.next() != PostingsFormat.noMoreDocs {
                total += 1
                let s = try scorer.score()
                if s >= top.threshold { top.insert(score: s, doc: base + scorer.doc) }
            }
        }
        let page = top.sorted().dropFirst(offset)
        let hits = try page.map { SearchHit(doc: $0.doc, score: $0.score, fields: try reader.storedFields($0.doc)) }
        return SearchResults(totalHits: total, hits: hits)
    }

    /// Number of documents matching `query`, without ranking.
    public func count(_ query: String) throws -> Int {
        try search(parser.parse(query), limit: 0).totalHits
    }
}
