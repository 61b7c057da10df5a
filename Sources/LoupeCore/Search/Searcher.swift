import Foundation

/// How to run a search.
public struct SearchOptions: Sendable {
    /// Hits to return, after skipping `offset`.
    public var limit = 10
    /// Best hits skipped before the page returned (for paging).
    public var offset = 0
    /// Match words only in their exact form (no transliteration, no diacritic folding).
    public var exact = false
    /// Fields searched by words that name none (nil: every indexed field, with the schema's boosts).
    public var fields: [String]? = nil
    /// Passages per hit (0: none), from the stored `snippetField` or the text `snippetSource` gives.
    public var snippets = 0
    /// The field snippets are cut from and highlighted for (nil: the stored, searched text fields,
    /// longest on average first, until one's passage holds a match).
    package var snippetField: String? = nil
    /// Where the text of a field that is not stored comes from, for snippets (the files layer
    /// reads a hit's extracted text or its file).
    package var snippetSource: SnippetSource? = nil
    /// Attach the BM25 parts of each hit's score.
    public var explain = false
    /// The stored fields each hit carries (nil: all). `["path"]` reads only the front-coded path
    /// column, not the compressed blocks: what batch runs that print only paths ask for.
    public var storedFields: [String]? = nil
    /// Skip documents that cannot enter the top hits (MaxScore). Off: every match is scored and
    /// `totalHits` is exact.
    public var pruning = true
    /// Statistics to score with instead of the snapshot's: the global ones of a search over
    /// several indexes.
    package var statistics: (any ScoringStatistics)? = nil
    /// Seconds a search may run before it throws `SearchInterrupted.timeLimit` (nil: no limit).
    /// Checked between segments and every few thousand matches.
    public var timeLimit: Double? = nil
    /// Asked as often as the time limit: true stops the search with `SearchInterrupted.stopped`
    /// (what a cancelled task's search uses).
    public var shouldStop: (@Sendable () -> Bool)? = nil
    /// The languages query words are stemmed in for this search (nil: the searcher's
    /// `queryLanguages`; `[]`: no stems). `SharedSearcher` applies it per search; a `Searcher`'s
    /// own `queryLanguages` is set on it.
    package var queryLanguages: [Language]? = nil
    /// Sort the hits by these keys (fast fields or the score) instead of by score; every match is
    /// visited and `totalHits` is exact.
    public var sort: [SortField] = []
    /// With `sort`: return the hits after this one (the last hit's `sortKey`): the next page.
    public var searchAfter: SortKey? = nil
    /// Counts per value of fast fields over every match (`SearchResults.facets`), in the same
    /// search as the hits; every match is then visited and `totalHits` is exact.
    public var facets: [FacetRequest] = []
    /// Whether hits holding neighbouring words of a query of plain words next to each other, as
    /// typed, rank higher (the hits asked for, at most 30, are rescored: `ProximityRescorer`); false ranks by BM25 alone.
    package var proximity = true

    /// The text of `field`, not stored, read for each hit by `text`: snippets are cut from it and
    /// highlighted for `field`'s words.
    package struct SnippetSource: Sendable {
        package var field: String
        package var text: @Sendable (SearchHit) -> String?
        package init(field: String, text: @escaping @Sendable (SearchHit) -> String?) {
            self.field = field
            self.text = text
        }
    }

    /// Options; those not given here are set on the value (`snippetField`, `timeLimit`, …).
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
    package let doc: Int32
    /// The hit's BM25 score.
    public let score: Float
    /// Stored field values by name.
    public let fields: [String: String]
    /// Best passages of the text, when asked for.
    public internal(set) var snippets: [Snippet] = []
    /// The parts of the score, when asked for.
    public internal(set) var explanation: [ScoreExplanation] = []
    /// Where the hit stands in a sorted search (`SearchOptions.sort`), nil otherwise: pass the last
    /// hit's as `SearchOptions.searchAfter` for the next page.
    public internal(set) var sortKey: SortKey? = nil

    /// A hit of these values.
    package init(doc: Int32, score: Float, fields: [String: String], snippets: [Snippet] = [], explanation: [ScoreExplanation] = []) {
        self.doc = doc
        self.score = score
        self.fields = fields
        self.snippets = snippets
        self.explanation = explanation
    }

    /// The stored value of `field`, nil when the hit has none.
    public subscript(field field: String) -> String? { fields[field] }
}

/// The outcome of a search: the requested page of hits, best first, and how many documents matched.
public struct SearchResults: Sendable {
    /// Documents that matched; a lower bound when `totalHitsIsExact` is false (top-k pruning skipped
    /// documents that could not enter the top hits; `Searcher.count` counts exactly).
    public let totalHits: Int
    /// Whether `totalHits` counts every match (false: a lower bound).
    public let totalHitsIsExact: Bool
    /// The requested page of hits, best first.
    public let hits: [SearchHit]
    /// The query as parsed (nil when a `QueryNode` was searched).
    package let query: Query?
    /// The counts of `SearchOptions.facets`, in the order asked.
    public internal(set) var facets: [FacetResult] = []
    /// What the query parser read differently from how it was written (`QueryParser.warnings`).
    public internal(set) var warnings: [String] = []

    /// Results of these values.
    package init(totalHits: Int, totalHitsIsExact: Bool, hits: [SearchHit], query: Query?) {
        self.totalHits = totalHits
        self.totalHitsIsExact = totalHitsIsExact
        self.hits = hits
        self.query = query
    }
}

/// Why a search stopped before its end.
public enum SearchInterrupted: Error, Sendable, Equatable {
    /// It ran past `SearchOptions.timeLimit`.
    case timeLimit
    /// `SearchOptions.shouldStop` said so (the task was cancelled).
    case stopped
}

/// Runs queries against an `IndexReader`: parses query strings, lowers them into `QueryNode`s,
/// binds those to the snapshot (`Weight`), and runs their scorers segment by segment into a
/// `Collector`.
///
/// Not thread-safe (it owns analyzers); use one `Searcher` per thread over a shared reader.
public final class Searcher {
    /// The snapshot searched.
    public let reader: IndexReader
    /// What turns query strings into `Query` values.
    package let parser: QueryParser
    /// The languages query words are stemmed in: those the index holds (set `[lang]` for a query
    /// `--language`, `[]` for `--no-stem`).
    package var queryLanguages: [Language] {
        get { analyzers.queryLanguages }
        set { analyzers.queryLanguages = newValue }
    }
    /// Each field's analyzer, made from the registry the searcher was given.
    let analyzers: FieldAnalyzers
    /// BM25's parameters for every search.
    package var bm25 = BM25()
    /// BM25's length table per indexed field for `bm25`'s parameters: they depend only on the
    /// snapshot, so they are made once per snapshot (`IndexReader.memo`), not per query or searcher.
    private var cachedTables: (bm25: BM25, tables: [Int: [Float]])?

    /// The length tables of `bm25` over this snapshot.
    func lengthTables() -> [Int: [Float]] {
        if let c = cachedTables, c.bm25.k1 == bm25.k1, c.bm25.b == bm25.b { return c.tables }
        let (reader, bm25) = (reader, bm25)
        let tables = reader.memo.lengthTables(k1: bm25.k1, b: bm25.b) {
            var tables: [Int: [Float]] = [:]
            for f in reader.schema.indexedFields {
                tables[f] = bm25.lengthTable(averageLength: reader.fieldStatistics(f).averageLength)
            }
            return tables
        }
        cachedTables = (bm25, tables)
        return tables
    }

    /// A searcher of `reader`, analyzing query words with the analyzers its fields name, made from
    /// `analyzers`; a field naming one it lacks is `LoupeError.invalidArgument`.
    public convenience init(reader: IndexReader, analyzers: AnalyzerRegistry = AnalyzerRegistry()) throws {
        try self.init(reader: reader, analyzers: try FieldAnalyzers(schema: reader.schema, registry: analyzers))
    }

    /// A searcher using `analyzers` (which it then owns on this thread).
    init(reader: IndexReader, analyzers: FieldAnalyzers) throws {
        self.reader = reader
        self.analyzers = analyzers
        // Every language the index holds, however few its documents: a word binds to the stems of the
        // languages it is written in (`WordQuery`), so a minority language's words are stemmed too.
        analyzers.queryLanguages = try reader.memo.languages(minimumShare: 0) { try reader.languages(minimumShare: 0) }
        analyzers.stopWordLanguages = try reader.memo.languages(minimumShare: 0.001) { try reader.languages() }
        parser = QueryParser(schema: reader.schema)
    }

    /// Opens the newest commit at `path` (see `init(reader:analyzers:)`).
    public convenience init(path: String, analyzers: AnalyzerRegistry = AnalyzerRegistry()) throws {
        try self.init(reader: IndexReader(path: path), analyzers: analyzers)
    }

    /// Opens the newest commit of the index in memory `directory` (see `init(reader:analyzers:)`).
    public convenience init(directory: MemoryDirectory, analyzers: AnalyzerRegistry = AnalyzerRegistry()) throws {
        try self.init(reader: IndexReader(directory: directory as any Directory), analyzers: analyzers)
    }

    /// Opens the newest commit in `directory` (see `init(reader:analyzers:)`).
    package convenience init(directory: any Directory, analyzers: AnalyzerRegistry = AnalyzerRegistry()) throws {
        try self.init(reader: IndexReader(directory: directory), analyzers: analyzers)
    }

    /// Parses and runs `query`, returning hits `offset ..< offset + limit` (what tests and the CLI
    /// write most).
    package func search(_ query: String, limit: Int, offset: Int = 0) throws -> SearchResults {
        try search(query, options: SearchOptions(limit: limit, offset: offset))
    }

    /// Runs a query node, returning hits `offset ..< offset + limit`.
    package func search(_ query: any QueryNode, limit: Int, offset: Int = 0) throws -> SearchResults {
        try search(query, options: SearchOptions(limit: limit, offset: offset))
    }

    /// Parses and runs `query` with `options`; throws `LoupeError.badQuery` for a malformed query.
    public func search(_ query: String, options: SearchOptions = SearchOptions()) throws -> SearchResults {
        var results = try search(parser.parse(query, exact: options.exact), options: options)
        results.warnings = parser.warnings
        return results
    }

    /// Runs a query node: a built `Query` (validated first: depth, boosts), or any kind of query of
    /// the library's or one of your own; returns hits `offset ..< offset + limit` of the ranking.
    public func search(_ query: any QueryNode, options: SearchOptions = SearchOptions()) throws -> SearchResults {
        guard let built = query as? Query else { return try run(query, options: options, parsed: nil) }
        try Self.validate(built)
        return try run(built.node, options: options, parsed: built)
    }

    /// Refuses a built query too deep to bind or with boosts that overflow a score.
    static func validate(_ query: Query) throws {
        guard query.depth <= Query.maxDepth else {
            throw LoupeError.invalidArgument("the query nests \(query.depth) levels, more than \(Query.maxDepth)")
        }
        let boost = query.largestBoost
        guard boost.isFinite, boost >= 0, boost <= maxBoost else {
            throw LoupeError.invalidArgument("the query's boosts multiply to \(boost); they must be finite, ≥ 0 and at most \(maxBoost)")
        }
    }

    /// The largest product of boosts a built query may carry: scores stay far from `Float`'s range.
    static let maxBoost: Float = 1e12

    /// The context queries bind to for one search.
    func context(_ options: SearchOptions) -> SearchContext {
        SearchContext(reader: reader, bm25: bm25, statistics: options.statistics, defaultFields: options.fields,
                      analyzers: analyzers, lengthTables: lengthTables())
    }

    /// Binds `query` for one search.
    package func weight(_ query: any QueryNode, options: SearchOptions = SearchOptions()) throws -> any Weight {
        try query.weight(in: context(options), boost: 1)
    }

    /// Runs `weight` over every segment into `collector`; returns whether every match reached it
    /// (false when pruning skipped some).
    @discardableResult
    package func collect<C: Collector>(_ weight: any Weight, into collector: C) throws -> Bool {
        try collect(weight, into: collector, check: nil)
    }

    /// `collect`, calling `check` (which throws to stop) between segments and every 4,096 matches.
    /// `countsAll` false (the caller counts the matches elsewhere): a collector of top scores is
    /// left once no document can enter (the scorer's bound at most its threshold; later documents
    /// lose ties), so a constant-score query stops after its first k.
    func collect<C: Collector>(_ weight: any Weight, into collector: C, check: (() throws -> Void)?, countsAll: Bool = true) throws -> Bool {
        var exact = true
        var sinceCheck = 0
        for (i, segment) in reader.segments.enumerated() {
            try check?()
            try collector.beginSegment(segment, docBase: reader.docBases[i])
            guard let scorer = try weight.scorer(for: segment) else { continue }
            if collector.scoreMode == .topScores, let or = scorer as? SumScorer, or.clauses.count > 1 {
                let (_, complete) = try MaxScore.collect(or.flattenedClauses, segment: segment, into: collector, check: check)
                exact = exact && complete
                continue
            }
            if collector.scoreMode == .topScores, let filtered = scorer as? FilteredScorer, let or = filtered.main as? SumScorer,
               or.clauses.count > 1 {
                let (_, complete) = try MaxScore.collect(or.flattenedClauses, segment: segment, into: collector, check: check,
                                                         filter: filtered)
                exact = exact && complete
                continue
            }
            let scoring = collector.scoreMode != .none
            if !scoring {
                try collectUnscored(scorer, segment: segment, into: collector, check: check)
                continue
            }
            let stopsEarly = !countsAll && collector.scoreMode == .topScores
            var sinceBound = 0
            while true {
                if stopsEarly {
                    if sinceBound == 0, try scorer.maxScore <= collector.minimumCompetitiveScore {
                        exact = false
                        break
                    }
                    sinceBound = (sinceBound + 1) & 1023
                }
                let doc = try scorer.next()
                if doc == PostingsFormat.noMoreDocs { break }
                if segment.isDeleted(doc) { continue }
                try collector.collect(doc: doc, score: scoring ? try scorer.score() : 0)
                if let check {
                    sinceCheck += 1
                    if sinceCheck == 4096 {
                        sinceCheck = 0
                        try check()
                    }
                }
            }
        }
        return exact
    }

    /// Hands every live match of `scorer` to a collector that needs no scores: marked into a bit
    /// set a block of postings at a time when the scorer can and matches enough documents
    /// (`Matching.marker`), else stepped; in batches to a `BatchCollector`. `check` runs between
    /// batches.
    private func collectUnscored<C: Collector>(_ scorer: Scorer, segment: SegmentReader, into collector: C,
                                               check: (() throws -> Void)?) throws {
        let batches = collector as? BatchCollector
        if let marker = Matching.marker(scorer, docCount: segment.docCount) {
            let bits = MatchBits(docCount: segment.docCount)
            try marker.markMatches(into: bits)
            bits.removeDeleted(segment)
            try bits.forEachBatch { docs in
                try check?()
                if let batches { return try batches.collect(docs: docs) }
                for d in docs { try collector.collect(doc: d, score: 0) }
            }
            return
        }
        var buffer = [Int32](repeating: 0, count: MatchBits.batchSize)
        var n = 0
        func flush() throws {
            try check?()
            try buffer.withUnsafeBufferPointer { b in
                let docs = UnsafeBufferPointer(rebasing: b[..<n])
                if let batches { return try batches.collect(docs: docs) }
                for d in docs { try collector.collect(doc: d, score: 0) }
            }
            n = 0
        }
        while true {
            let doc = try scorer.next()
            if doc == PostingsFormat.noMoreDocs { break }
            if segment.isDeleted(doc) { continue }
            buffer[n] = doc
            n += 1
            if n == buffer.count { try flush() }
        }
        if n > 0 { try flush() }
    }

    private func run(_ query: any QueryNode, options: SearchOptions, parsed: Query?) throws -> SearchResults {
        let k = try Self.heapSize(limit: options.limit, offset: options.offset)
        if let name = options.snippetField, reader.schema.fields.first(where: { $0.name == name })?.stored != true {
            throw LoupeError.invalidArgument("snippetField '\(name)' is not a stored field (stored: \(reader.schema.fields.filter(\.stored).map(\.name).joined(separator: ", ")))")
        }
        let bound = context(options)
        // No frequencies where nothing is scored: a count, or a sort by fields alone (hits then
        // score 0) without explanations.
        bound.countsOnly = k == 0 || (!options.sort.isEmpty && !options.sort.contains { $0.key == .score } && !options.explain)
        let weight = try query.weight(in: bound, boost: 1)
        if k == 0, !options.facets.isEmpty { // counts and facets, no hits
            let facets = try FacetsCollector(options.facets, reader: reader)
            _ = try collect(weight, into: facets, check: Self.stopCheck(options))
            var results = SearchResults(totalHits: facets.matches, totalHitsIsExact: true, hits: [], query: parsed)
            results.facets = try facets.results()
            return results
        }
        if k == 0 { // a count: match without scoring, frequencies undecoded
            var n = 0
            for segment in reader.segments { n += try weight.matchCount(in: segment) }
            return SearchResults(totalHits: n, totalHitsIsExact: true, hits: [], query: parsed)
        }
        let facets = options.facets.isEmpty ? nil : try FacetsCollector(options.facets, reader: reader)
        var entries: [(doc: Int32, score: Float, key: SortKey?)]
        var totalHits: Int, exact: Bool
        var rescorer: ProximityRescorer?
        if !options.sort.isEmpty {
            let sorting = try SortingCollector(fields: options.sort, k: k, after: options.searchAfter, schema: reader.schema)
            if let facets { _ = try collect(weight, into: CollectorPair(sorting, facets), check: Self.stopCheck(options)) } else {
                _ = try collect(weight, into: sorting, check: Self.stopCheck(options))
            }
            entries = sorting.hits.map { ($0.key.doc, $0.score, $0.key) }
            (totalHits, exact) = (sorting.totalHits, true)
        } else {
            guard options.searchAfter == nil else { throw LoupeError.invalidArgument("searchAfter needs a sort") }
            rescorer = options.proximity ? try parsed.flatMap { try ProximityRescorer($0, context: bound) } : nil
            let top = TopDocsCollector(k: k, pruning: options.pruning)
            exact = try collect(weight, into: top, check: Self.stopCheck(options), countsAll: facets == nil)
            entries = top.hits.map { ($0.doc, $0.score, nil) }
            if let rescorer {
                try rescorer.rescore(&entries, reader: reader)
            }
            totalHits = top.totalHits
            if let facets {
                // Facets in a pass of their own, unscored (matches marked a block at a time), so
                // the hits keep their pruning: two passes cost less than scoring every match.
                _ = try collect(weight, into: facets, check: Self.stopCheck(options))
                (totalHits, exact) = (facets.matches, true)
            }
        }
        let page = entries.dropFirst(options.offset)
        // Snippets from the named field, else the source's, else the first stored text field whose
        // passage holds a match (the first one's start when none does).
        let snippetFields = options.snippets == 0 ? []
            : options.snippetField.map { [$0] } ?? options.snippetSource.map { [$0.field] } ?? snippetCandidates
        let builders = snippetFields.map { SnippetBuilder(weight: weight, field: $0) }
        let wanted = options.storedFields.map { names in reader.schema.fields.map { names.contains($0.name) } }
        let hits = try page.map { entry -> SearchHit in
            var hit = SearchHit(doc: entry.doc, score: entry.score, fields: try reader.storedFields(entry.doc, only: wanted))
            hit.sortKey = entry.key
            if !builders.isEmpty {
                for (field, builder) in zip(snippetFields, builders) {
                    guard let text = hit.fields[field] else { continue }
                    let passages = try builder.passages(of: text, count: options.snippets, analyzer: snippetAnalyzer(field),
                                                        language: language(of: entry.doc, field: field))
                    let matched = passages.contains { !$0.highlights.isEmpty }
                    if matched || hit.snippets.isEmpty { hit.snippets = passages }
                    if matched { break }
                }
                if hit.snippets.isEmpty, let source = options.snippetSource, source.field == snippetFields[0], let text = source.text(hit) {
                    hit.snippets = try builders[0].passages(of: text, count: options.snippets, analyzer: snippetAnalyzer(source.field),
                                                        language: language(of: entry.doc, field: source.field))
                }
            }
            if options.explain {
                let s = reader.segmentIndex(of: entry.doc)
                hit.explanation = try weight.explain(doc: entry.doc - reader.docBases[s], in: reader.segments[s])
                    + (rescorer?.explain(doc: entry.doc - reader.docBases[s], in: reader.segments[s]) ?? [])
            }
            return hit
        }
        var results = SearchResults(totalHits: totalHits, totalHitsIsExact: exact, hits: hits, query: parsed)
        results.facets = try facets?.results() ?? []
        return results
    }

    /// The check of `options`' time limit and stop flag, nil when it has neither.
    static func stopCheck(_ options: SearchOptions) -> (() throws -> Void)? {
        guard options.timeLimit != nil || options.shouldStop != nil else { return nil }
        let deadline = options.timeLimit.map { DispatchTime.now().uptimeNanoseconds &+ UInt64(max(0, min($0, 1e9)) * 1e9) }
        let stop = options.shouldStop
        return {
            if stop?() == true { throw SearchInterrupted.stopped }
            if let deadline, DispatchTime.now().uptimeNanoseconds >= deadline { throw SearchInterrupted.timeLimit }
        }
    }

    /// The language `field` of document `doc` (an index-wide number) was analyzed in; nil when
    /// unknown or unreadable (snippets then highlight no stems).
    func language(of doc: Int32, field: String) -> Language? {
        guard let f = reader.schema.number(of: field) else { return nil }
        let s = reader.segmentIndex(of: doc)
        guard let column = try? reader.segments[s].languageColumn(field: f) else { return nil }
        let l = column.language(of: doc - reader.docBases[s])
        return l > 0 && l <= column.codes.count ? Language(code: column.codes[l - 1]) : nil
    }

    /// What snippets of `field` are analyzed with: the field's analyzer, so highlights fall on the
    /// words its terms came from (the standard one for a field the schema lacks).
    func snippetAnalyzer(_ field: String) -> Analyzer {
        reader.schema.number(of: field).map { analyzers[$0] } ?? analyzers.fallback
    }

    /// Where snippets come from by default: the stored, searched text fields that are not paths,
    /// the longest on average first (a document's body before its title).
    var snippetCandidates: [String] {
        let fields = reader.schema.fields
        let candidates = fields.indices.filter { fields[$0].stored && fields[$0].indexed && fields[$0].type == .text && !fields[$0].isPath }
        let length = candidates.map { reader.fieldStatistics($0).averageLength }
        // A stable sort: fields of equal length keep the schema's order.
        return candidates.indices.sorted { length[$0] > length[$1] }.map { fields[candidates[$0]].name }
    }

    /// The hits a search must rank, `offset + limit`: an error when either is negative or their sum
    /// does not fit in an `Int`.
    static func heapSize(limit: Int, offset: Int) throws -> Int {
        guard limit >= 0, offset >= 0 else { throw LoupeError.invalidArgument("limit and offset must be ≥ 0 (limit \(limit), offset \(offset))") }
        let (k, overflow) = limit.addingReportingOverflow(offset)
        guard !overflow else { throw LoupeError.invalidArgument("offset + limit is too large (offset \(offset), limit \(limit))") }
        return k
    }

    /// Number of documents matching `query`, without ranking.
    public func count(_ query: String, exact: Bool = false) throws -> Int {
        try search(parser.parse(query, exact: exact), options: SearchOptions(limit: 0)).totalHits
    }

    /// Number of documents matching a query node (a built `Query` is validated first).
    public func count(_ query: any QueryNode) throws -> Int {
        if let built = query as? Query { try Self.validate(built) }
        let bound = context(SearchOptions())
        bound.countsOnly = true
        let weight = try query.weight(in: bound, boost: 1)
        return try reader.segments.reduce(0) { $0 + (try weight.matchCount(in: $1)) }
    }
}
