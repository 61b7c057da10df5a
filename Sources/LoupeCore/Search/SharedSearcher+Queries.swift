extension SharedSearcher {
    /// Runs `query` over the current snapshot into `collector` on the calling thread, honouring
    /// `options`' time limit and stop flag; returns whether every match reached the collector.
    @discardableResult
    public func collect<C: Collector>(_ query: any QueryNode, into collector: C, options: SearchOptions = SearchOptions()) throws -> Bool {
        let s = try searcher(reader, options)
        return try s.collect(s.weight(query, options: options), into: collector, check: Searcher.stopCheck(options))
    }

    /// `search(_:options:)` of a query node (a built `Query` too), off the cooperative pool;
    /// cancellable.
    public func search(_ query: any QueryNode & Sendable, options: SearchOptions = SearchOptions()) async throws -> SearchResults {
        try await searchAsync(options) { try self.search(query, options: $0) }
    }
}
