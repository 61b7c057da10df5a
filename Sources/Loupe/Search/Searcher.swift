/// How to run a search.
public struct SearchOptions: Sendable {
    /// Hits to return, after skipping `offset`.
    public var limit = 10
    public var offset = 0
    /// Match words only in their exact form (no transliteration, no diacritic folding).
    public var exact = false
    /// Fields searched by words that name none (nil: every indexed field, with the schema's boosts).
    public var fields: [String]? = nil
    /// Passages per hit (0: none). Taken from the stored `body`, else from `snippetSource`.
    public var snippets = 0
    /// The text of a hit for snippets when `body` is not stored (the CLI reads the file).
    public var snippetSource: (@Sendable (SearchHit) -> String?)? = nil
    /// Attach the BM25 parts of each hit's score.
    public var explain = false
    /// The stored fields each hit carries (nil: all). `["path"]` reads only the front-coded path
    /// column, not the compressed blocks: what batch runs that print only paths ask for.
    public var storedFields: [String]? = nil
    /// Skip documents that cannot enter the top hits (MaxScore). Off: every match is scored and
    /// `totalHits` is exact.
    public var pruning = true

    public init(limit: Int = 10, offset: Int = 0, exact: Bool = false, fields: [String]? = nil, snippets: Int = 0, explain: Bool = false) {
        self.limit = limit
        self.offset = offset
        self.exact = exact
        self.fields = fields
        self.snippets = snippets
        self.explain = explain
    }
}

/// One ranked hit.
public struct SearchHit: Sendable {
    /// Global document id in the reader's snapshot.
    public let doc: Int32
    public let score: Float
    /// Stored field values by name.
    public let fields: [String: String]
    /// Best passages of the text, when asked for.
    public internal(set) var snippets: [Snippet] = []
    /// The parts of the score, when asked for.
    public internal(set) var explanation: [ScoreExplanation] = []

    public var path: String? { fields["path"] }
    /// The declared title, else the first line (files indexed by `DirectoryIndexer`).
    public var title: String? { fields["title"] ?? fields["firstline"] }
}

/// The outcome of a search: the requested page of hits, best first, and how many documents matched.
public struct SearchResults: Sendable {
    /// Documents that matched; a lower bound when `totalHitsIsExact` is false (top-k pruning skipped
    /// documents that could not enter the top hits; `Searcher.count` counts exactly).
    public let totalHits: Int
    public let totalHitsIsExact: Bool
    public let hits: [SearchHit]
    /// The query as parsed and expanded (prefix and fuzzy terms replaced by the terms they matched).
    public let query: Query
}

/// Runs queries against an `IndexReader`: parses query strings, binds them to each segment as
/// document-at-a-time scorers, and keeps the top hits in a heap.
///
/// Not thread-safe (it owns an analyzer); use one `Searcher` per thread over a shared reader.
public final class Searcher {
    public let reader: IndexReader
    public let parser: QueryParser
    /// The languages query words are stemmed in: those the index holds (set `[lang]` for a query
    /// `--language`, `[]` for `--no-stem`).
    public var queryLanguages: [Language] {
        get { analyzer.queryLanguages }
        set { analyzer.queryLanguages = newValue }
    }
    let analyzer: Analyzer
    public var bm25 = BM25()
    /// Most expansions of a `prefix*` or `word~N` query.
    public var maxExpansions = 256
    /// BM25's length table per indexed field for `bm25`'s parameters: they depend only on the
    /// snapshot, so they are made once, not per query (they were 2 % of a query).
    private var cachedTables: (bm25: BM25, tables: [Int: [Float]])?

    /// The length tables of `bm25` over this snapshot.
    func lengthTables() -> [Int: [Float]] {
        if let c = cachedTables, c.bm25.k1 == bm25.k1, c.bm25.b == bm25.b { return c.tables }
        var tables: [Int: [Float]] = [:]
        for f in reader.schema.indexedFields {
            tables[f] = bm25.lengthTable(averageLength: reader.fieldStatistics(f).averageLength)
        }
        cachedTables = (bm25, tables)
        return tables
    }

    public init(reader: IndexReader) throws {
        self.reader = reader
        analyzer = try Analyzer.standard()
        analyzer.queryLanguages = try reader.languages()
        parser = QueryParser(analyzer: analyzer, fields: Set(reader.schema.defaultSearchFields.map { reader.schema.fields[$0].name }))
    }

    /// Opens the newest commit at `path`.
    public convenience init(path: String) throws { try self.init(reader: IndexReader(path: path)) }

    /// Parses and runs `query`; throws `LoupeError.badQuery` for a malformed query.
    public func search(_ query: String, limit: Int = 10, offset: Int = 0) throws -> SearchResults {
        try search(query, options: SearchOptions(limit: limit, offset: offset))
    }

    /// Parses and runs `query` with `options`.
    public func search(_ query: String, options: SearchOptions) throws -> SearchResults {
        try search(parser.parse(query, exact: options.exact), options: options)
    }

    /// Runs a built query.
    public func search(_ query: Query, limit: Int = 10, offset: Int = 0) throws -> SearchResults {
        try search(query, options: SearchOptions(limit: limit, offset: offset))
    }

    /// Runs `query`, returning hits `offset ..< offset + limit` of the ranking.
    /// - Complexity: O(matches · log(limit + offset)) in this version (every match is scored), plus
    ///   the analysis of each returned hit's text when snippets are asked for.
    public func search(_ query: Query, options: SearchOptions) throws -> SearchResults {
        let bound = try Binder(searcher: self, query: query, defaultFields: options.fields)
        var top = TopK(k: max(0, options.limit) + max(0, options.offset))
        var total = 0
        var exact = true
        for (i, segment) in reader.segments.enumerated() {
            let scorer = try bound.scorer(for: segment)
            let base = reader.docBases[i]
            if top.k > 0, options.pruning, let or = scorer as? SumScorer, or.clauses.count > 1 {
                let (n, complete) = try MaxScore.collect(or.flattenedClauses, segment: segment, base: base, into: &top)
                total += n
                exact = exact && complete
                continue
            }
            let counting = top.k == 0 // a count: match without scoring
            while try scorer.next() != PostingsFormat.noMoreDocs {
                if segment.isDeleted(scorer.doc) { continue }
                total += 1
                if counting { continue }
                let s = try scorer.score()
                if s >= top.threshold { top.insert(score: s, doc: base + scorer.doc) }
            }
        }
        let page = top.sorted().dropFirst(max(0, options.offset))
        let snippets = options.snippets > 0 ? SnippetBuilder(query: bound.query) : nil
        let wanted = options.storedFields.map { names in reader.schema.fields.map { names.contains($0.name) } }
        let hits = try page.map { entry -> SearchHit in
            var hit = SearchHit(doc: entry.doc, score: entry.score, fields: try reader.storedFields(entry.doc, only: wanted))
            if let snippets, let text = hit.fields["body"] ?? options.snippetSource?(hit) {
                hit.snippets = snippets.passages(of: text, count: options.snippets, analyzer: analyzer)
            }
            if options.explain {
                let s = reader.segmentIndex(of: entry.doc)
                hit.explanation = try bound.explain(doc: entry.doc - reader.docBases[s], in: reader.segments[s])
            }
            return hit
        }
        return SearchResults(totalHits: total, totalHitsIsExact: exact, hits: hits, query: bound.query)
    }

    /// Number of documents matching `query`, without ranking.
    public func count(_ query: String, exact: Bool = false) throws -> Int {
        try search(parser.parse(query, exact: exact), options: SearchOptions(limit: 0)).totalHits
    }
}
