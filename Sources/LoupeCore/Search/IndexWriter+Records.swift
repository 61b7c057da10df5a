extension IndexWriter {
    /// Replaces every document whose keyword field `term.field` holds `term.value` with `document`
    /// (adds it when none does): both take effect at the next `commit()`, together. The document is
    /// checked against the schema before anything is deleted.
    public func updateDocument(term: (field: String, value: String), with document: Document) throws {
        try schema.validate(document)
        try deleteDocuments(field: term.field, value: term.value)
        try add(document)
    }

    /// Deletes every document matching `query` among those committed, flushed or buffered (the
    /// buffer is flushed first); takes effect at `commit()`.
    /// - Returns: the number of documents newly deleted.
    /// - Complexity: one search over the writer's segments.
    @discardableResult
    public func deleteDocuments(matching query: Query) throws -> Int {
        try Searcher.validate(query)
        try flush()
        let readers = try segments.map { try reader($0) }
        let view = IndexReader(directory: directory,
                               manifest: Manifest(generation: 0, nextSegment: 0, schema: schema, segments: segments, userData: [:]),
                               segments: readers)
        let searcher = try Searcher(reader: view, analyzers: analyzers)
        let weight = try searcher.weight(query.node)
        var n = 0
        for (s, r) in zip(segments, readers) {
            guard let scorer = try weight.scorer(for: r) else { continue }
            var set = pendingDeletes[s.name] ?? r.deleted ?? DeletedDocs(docCount: s.docCount)
            var changed = false
            while try scorer.next() != PostingsFormat.noMoreDocs {
                if set.insert(scorer.doc) {
                    n += 1
                    changed = true
                }
            }
            if changed { pendingDeletes[s.name] = set }
        }
        return n
    }
}
