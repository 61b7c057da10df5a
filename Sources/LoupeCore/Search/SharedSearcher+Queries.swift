extension SharedSearcher {
    /// Runs a built query on the calling thread, validated as `Searcher.search(_:options:)` does
    /// (depth, boosts).
    public func search(_ query: Query, options: SearchOptions = SearchOptions()) throws -> SearchResults {
        try searcher(reader, options).search(query, options: options)
    }

    /// Counts the matches of a built query (validated) in the current snapshot.
    public func count(_ query: Query) throws -> Int {
        try searcher(reader, SearchOptions()).search(query, options: SearchOptions(limit: 0)).totalHits
    }

    /// Runs `query` over the current snapshot into `collector` on the calling thread, honouring
    /// `options`' time limit and stop flag; returns whether every match reached the collector.
    @discardableResult
    public func collect<C: Collector>(_ query: any QueryNode, into collector: C, options: SearchOptions = SearchOptions()) throws -> Bool {
        let s = try searcher(reader, options)
        return try s.collect(s.weight(query, options: options), into: collector, check: Searcher.stopCheck(options))
    }

    /// `search(_:options:)` of a built query, off the cooperative pool; cancellable.
    public func search(_ query: Query, options: SearchOptions = SearchOptions()) async throws -> SearchResults {
        try await searchAsync(options) { try self.search(query, options: $0) }
    }

    /// `search(_:options:)` of a query node, off the cooperative pool; cancellable.
    public func search(_ query: any QueryNode & Sendable, options: SearchOptions = SearchOptions()) async throws -> SearchResults {
        try await searchAsync(options) { try self.search(query, options: $0) }
    }
}
