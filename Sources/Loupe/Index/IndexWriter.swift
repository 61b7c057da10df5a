/// Adds documents to an index and commits them. Documents are analyzed into an in-memory segment
/// that is flushed to immutable segment files when it exceeds `flushThresholdBytes` or at `commit()`;
/// `commit()` then names the live segments in a new manifest, written atomically. Until a commit
/// succeeds, readers (and a reopen after a crash) see the previous commit, whole.
///
/// One writer per index at a time: the constructor takes `write.lock` and throws
/// `LoupeError.locked` if another process holds it.
public final class IndexWriter {
    public let directory: IndexDirectory
    public let schema: Schema
    private let lock: WriteLock
    private let analyzer: Analyzer
    private var buffer: SegmentBuffer
    /// Segments of the last commit that stay live, plus segments flushed since.
    private var segments: [Manifest.Segment]
    private var nextSegment: UInt64
    private var generation: UInt64
    private var lastCommitFiles: Set<String>
    /// Bytes the in-memory segment may hold before it is flushed to disk.
    public var flushThresholdBytes = 256 << 20
    /// Key/value pairs saved with the next commit (e.g. the source folder).
    public var userData: [String: String]

    /// Opens the index at `path` for writing, creating it with `schema` if there is none.
    /// - Parameters:
    ///   - path: the index folder (created with its parents if missing).
    ///   - schema: the fields; must equal the existing index's schema unless `create` is true.
    ///   - create: when true, the next commit replaces every existing document (a rebuild); the old
    ///     segments stay readable until then.
    public init(path: String, schema: Schema = .files, create: Bool = false) throws {
        directory = IndexDirectory(path: path)
        try directory.create()
        lock = try WriteLock(directory: directory)
        analyzer = try Analyzer.standard()
        let previous = try Manifest.latest(in: directory)
        if let previous, previous.schema != schema, !create {
            throw LoupeError.invalidArgument("index \(path) has fields \(previous.schema.fields.map(\.name)), not \(schema.fields.map(\.name))")
        }
        self.schema = schema
        buffer = SegmentBuffer(schema: schema)
        segments = create ? [] : previous?.segments ?? []
        nextSegment = previous?.nextSegment ?? 0
        generation = previous?.generation ?? 0
        userData = create ? [:] : previous?.userData ?? [:]
        lastCommitFiles = Set(previous.map { Self.files(of: $0) } ?? [])
        removeUnreferencedFiles()
    }

    /// Deletes what an interrupted run left behind: segment files and manifests (or their temp files)
    /// that the last commit does not name. Only names Loupe writes are touched; nothing else in the
    /// folder is. Safe because we hold the write lock.
    private func removeUnreferencedFiles() {
        guard let names = try? directory.list() else { return }
        for name in names where !lastCommitFiles.contains(name) {
            let ours = name.hasPrefix("manifest-")
                || (name.hasPrefix("_") && SegmentWriter.extensions.contains { name.hasSuffix("." + $0) })
            if ours { directory.remove(name) }
        }
    }

    /// Every file a manifest depends on.
    static func files(of m: Manifest) -> [String] {
        [Manifest.fileName(m.generation)] + m.segments.flatMap { s in SegmentWriter.extensions.map { s.name + "." + $0 } }
    }

    /// Number of documents added since the last flush.
    public var bufferedDocuments: Int { buffer.docCount }

    /// Analyzes and buffers `document`; flushes a segment if the buffer grew past the threshold.
    public func add(_ document: Document) throws {
        try buffer.add(document, analyzer: analyzer)
        if buffer.bytesUsed >= flushThresholdBytes { try flush() }
    }

    /// Writes the buffered documents as a new segment (not yet committed).
    public func flush() throws {
        guard !buffer.isEmpty else { return }
        let name = "_" + String(nextSegment, radix: 36)
        nextSegment += 1
        segments.append(try SegmentWriter.write(buffer, name: name, to: directory))
        buffer = SegmentBuffer(schema: schema)
    }

    /// Flushes, then makes everything added so far durable and visible as a new generation.
    /// Files of the previous commit no longer needed are deleted only after the new manifest is durable.
    public func commit() throws {
        try flush()
        generation += 1
        let manifest = Manifest(generation: generation, nextSegment: nextSegment, schema: schema, segments: segments, userData: userData)
        try directory.syncDirectory() // segment files' names are durable before a manifest names them
        try manifest.write(to: directory)
        let live = Set(Self.files(of: manifest))
        for old in lastCommitFiles.subtracting(live) { directory.remove(old) }
        lastCommitFiles = live
    }
}
