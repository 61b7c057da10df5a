/// A consistent snapshot of an index: the segments named by one manifest, memory-mapped. It never
/// changes after opening; open a new reader to see later commits.
///
/// Thread-safe for reading: nothing in it mutates after `init` (each search builds its own iterators).
public final class IndexReader: @unchecked Sendable {
    /// The index's folder.
    package let directory: any Directory
    /// The commit this snapshot is: its generation, schema, segments and user data.
    package let manifest: Manifest
    /// The commit's number: each commit's is higher than the one before.
    @_spi(Benchmarks) public var generation: UInt64 { manifest.generation }
    /// The snapshot's segments, in the manifest's order (the order of global doc ids).
    @_spi(Benchmarks) public let segments: [SegmentReader]
    /// First global doc id of each segment.
    let docBases: [Int32]
    /// What every search of this snapshot computes alike (query languages, length tables).
    let memo = SnapshotMemo()

    /// Opens the newest commit in the folder at `path`.
    public convenience init(path: String) throws {
        try self.init(directory: FileSystemDirectory(path: path))
    }

    /// Opens the newest commit of the index in memory `directory`.
    public convenience init(directory: MemoryDirectory) throws {
        try self.init(directory: directory as any Directory)
    }

    /// Opens the newest commit in `directory`.
    ///
    /// A writer may commit meanwhile and delete the files of the commit being opened; then the files
    /// are missing, and the open is retried on the newer commit (a few times). Files already mapped
    /// stay readable after their deletion, so an open reader keeps its snapshot.
    /// - Complexity: O(segments) file opens and header checks; no file is read whole.
    package init(directory dir: any Directory) throws {
        var attempt = 0
        while true {
            guard dir.exists, let m = try Manifest.latest(in: dir) else { throw LoupeError.noIndex(path: dir.path) }
            do {
                segments = try m.segments.map { try SegmentReader(directory: dir, info: $0, schema: m.schema) }
                manifest = m
                break
            } catch let error as LoupeError {
                // Retried only while a newer commit keeps appearing: a missing file of the newest
                // commit is damage, reported.
                attempt += 1
                guard case .io = error, attempt < 100, (try? Manifest.latest(in: dir))??.generation != m.generation else { throw error }
            }
        }
        directory = dir
        var bases: [Int32] = []
        var total: Int32 = 0
        for s in segments {
            bases.append(total)
            total += Int32(s.docCount)
        }
        docBases = bases
    }

    /// A snapshot of segments already open (a writer's uncommitted view, for a delete by query).
    init(directory: any Directory, manifest: Manifest, segments: [SegmentReader]) {
        self.directory = directory
        self.manifest = manifest
        self.segments = segments
        var bases: [Int32] = []
        var total: Int32 = 0
        for s in segments {
            bases.append(total)
            total += Int32(s.docCount)
        }
        docBases = bases
    }

    /// The index's fields (the manifest's schema).
    public var schema: Schema { manifest.schema }
    /// Live (not deleted) documents.
    public var documentCount: Int { segments.reduce(0) { $0 + $1.liveCount } }

    /// Index-wide statistics of a field: documents having it and their mean length (BM25's N, avgdl).
    package func fieldStatistics(_ field: Int) -> (docCount: Int, averageLength: Double) {
        var docs = 0, sum = 0
        for s in manifest.segments {
            docs += s.fieldStats[field].docsWithField
            sum += s.fieldStats[field].sumLength
        }
        return (docs, docs == 0 ? 0 : Double(sum) / Double(docs))
    }

    /// Documents containing `term` in `field`, over all segments.
    package func docFreq(field: Int, term: String) throws -> Int {
        try segments.reduce(0) { $0 + (try $1.termInfo(field: field, term: term)?.docFreq ?? 0) }
    }

    /// Stored values of a global doc id.
    /// `only`: per field number, whether to read it (nil: every stored field).
    package func storedFields(_ doc: Int32, only: [Bool]? = nil) throws -> [String: String] {
        let s = segmentIndex(of: doc)
        return try segments[s].storedFields(doc - docBases[s], only: only)
    }

    func segmentIndex(of doc: Int32) -> Int {
        var lo = 0, hi = docBases.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if docBases[mid] <= doc { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Verifies the checksum of every segment file of the snapshot; the files layer's
    /// `verifyChecksums()` (what `loupe check` runs) adds the commit's catalog.
    package func verifySegmentChecksums() throws {
        for s in segments { try s.verifyChecksums() }
    }
}
