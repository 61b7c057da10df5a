#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `loupe stats` shows of an index: counts, sizes and the last commit.
public struct IndexStatistics: Sendable {
    public struct Field: Sendable {
        public var name: String
        public var indexed: Bool
        public var stored: Bool
        public var documents: Int
        public var averageLength: Double
    }

    public var documents: Int
    /// Dictionary entries summed over segments (a term in two segments counts twice).
    public var terms: Int
    public var segments: Int
    public var bytes: Int
    public var files: Int
    public var generation: UInt64
    /// Seconds since 1970 of the commit's manifest file.
    public var committedAt: Double
    public var source: String?
    public var fields: [Field]
    /// The commit's file catalog (the files layer's `SourceCatalog`): files listed, of them
    /// skipped, folders; nil when the commit has none.
    public var catalog: (files: Int, skipped: Int, folders: Int)?
    /// Why the catalog could not be read, when it is damaged.
    public var catalogProblem: String?

    /// Reads the statistics of the newest commit at `path`, the catalog's counts from `catalog`
    /// (the files layer's `init(path:)` reads its `SourceCatalog`).
    /// - Complexity: O(segments + files) plus what `catalog` costs.
    package init(path: String, catalog catalogCounts: (IndexReader) throws -> (files: Int, skipped: Int, folders: Int)?) throws {
        let reader = try IndexReader(path: path)
        let m = reader.manifest
        documents = reader.documentCount
        terms = reader.segments.reduce(0) { $0 + $1.terms.termCount }
        segments = reader.segments.count
        let names = IndexWriter.files(of: m).filter { access(reader.directory.file($0), F_OK) == 0 }
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
