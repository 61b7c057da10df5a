/// What `loupe stats` shows of an index: counts, sizes and the last commit.
@_spi(Benchmarks) public struct IndexStatistics: Sendable {
    /// One field of the schema and what the index holds of it.
    public struct Field: Sendable {
        /// The field's name.
        public var name: String
        /// Whether the field is analyzed and searchable.
        public var indexed: Bool
        /// Whether the field's values are stored and returned with hits.
        public var stored: Bool
        /// Documents with at least one term in the field, deleted ones included (BM25's N); 0 when
        /// not indexed.
        public var documents: Int
        /// Mean length of the field in words over those documents (BM25's avgdl).
        public var averageLength: Double
    }

    /// Live (not deleted) documents.
    public var documents: Int
    /// Dictionary entries summed over segments (a term in two segments counts twice).
    public var terms: Int
    /// Segments of the commit.
    public var segments: Int
    /// Size of the commit's files, in bytes.
    public var bytes: Int
    /// Files of the commit (segment files, deletions, manifest, catalog) present on disk.
    public var files: Int
    /// The commit's generation (`manifest-<generation>`).
    public var generation: UInt64
    /// Seconds since 1970 of the commit's manifest file.
    public var committedAt: Double
    /// The folder the index was built from (the commit's `source` user data), if recorded.
    public var source: String?
    /// Per field of the schema, in order.
    public var fields: [Field]
    /// The commit's file catalog (the files layer's `SourceCatalog`): files listed, of them
    /// skipped, folders; nil when the commit has none.
    public var catalog: (files: Int, skipped: Int, folders: Int)?
    /// Why the catalog could not be read, when it is damaged.
    public var catalogProblem: String?

    /// Reads the statistics of the newest commit at `path`, the catalog's counts from `catalog`
    /// (the files layer's `init(path:)` reads its `SourceCatalog`).
    /// - Complexity: O(segments + files) plus what `catalog` costs.
    public init(path: String, catalog catalogCounts: (IndexReader) throws -> (files: Int, skipped: Int, folders: Int)?) throws {
        let reader = try IndexReader(path: path)
        let m = reader.manifest
        documents = reader.documentCount
        terms = reader.segments.reduce(0) { $0 + $1.terms.termCount }
        segments = reader.segments.count
        let names = IndexWriter.files(of: m).filter { reader.directory.contains($0) }
        files = names.count
        bytes = names.reduce(0) { $0 + reader.directory.size(of: $1) }
        generation = m.generation
        committedAt = reader.directory.modificationTime(of: Manifest.fileName(m.generation))
        source = m.userData["source"]
        do {
            catalog = try catalogCounts(reader)
        } catch {
            catalogProblem = "\(error)"
        }
        fields = m.schema.fields.enumerated().map { i, f in
            let s = f.indexed ? reader.fieldStatistics(i) : (docCount: 0, averageLength: 0)
            return Field(name: f.name, indexed: f.indexed, stored: f.stored, documents: s.docCount, averageLength: s.averageLength)
        }
    }
}
