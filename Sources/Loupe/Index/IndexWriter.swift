import Foundation

/// Adds and deletes documents and commits the changes. Documents are analyzed into an in-memory
/// segment that is flushed to immutable segment files when it exceeds `flushThresholdBytes` or at
/// `commit()`. Deletes are recorded per segment and written as new deletions files at commit.
/// `commit()` then merges segments as `mergePolicy` says and names the live segments in a new
/// manifest, written atomically. Until a commit succeeds, readers (and a reopen after a crash or a
/// `kill -9`) see the previous commit, whole; files of older commits are removed only after the new
/// manifest is durable.
///
/// One writer per index at a time: the constructor takes `write.lock` and throws
/// `LoupeError.locked` (naming the holder's pid) if another process holds it.
///
/// The folder must be the index's own (see `IndexMarker`): a new or empty folder becomes an index,
/// an index is opened, and anything else is refused. The writer removes only files it can prove the
/// index wrote.
public final class IndexWriter {
    public let directory: IndexDirectory
    public let schema: Schema
    private let lock: WriteLock
    /// The index's id (from its marker): the first bytes of every segment id.
    let indexID: [UInt8]
    /// What opening the index took that the caller should tell the user (a rebuild that moved a
    /// damaged commit aside names the folder it went to).
    public private(set) var notes: [String] = []
    private let analyzer: Analyzer
    private var buffer: SegmentBuffer
    /// Deleted docs of the buffer (resolved as deletes arrive).
    private var bufferDeleted: Set<Int32> = []
    /// Segments of the last commit that stay live, plus segments flushed since.
    private var segments: [Manifest.Segment]
    /// Open readers of `segments`, by name (opened when a delete or a merge needs them).
    private var readers: [String: SegmentReader] = [:]
    /// Deletions not yet written, by segment name (full sets: the segment's old ones included).
    private var pendingDeletes: [String: DeletedDocs] = [:]
    private var nextSegment: UInt64
    private var generation: UInt64
    private var lastCommitFiles: Set<String>
    /// Names of the segments of the last commit.
    private var committedSegments: Set<String>
    /// Bytes the in-memory segment may hold before it is flushed to disk.
    public var flushThresholdBytes = 256 << 20
    /// When to merge segments at commit.
    public var mergePolicy = MergePolicy()
    /// Key/value pairs saved with the next commit (e.g. the source folder).
    public var userData: [String: String]
    /// What the next commit was built from (`DirectoryIndexer` hands its walk over), written with it
    /// as `catalog-<generation>` and then cleared: a commit made without one has no catalog. It must
    /// list exactly the commit's live documents (checked: the commit throws otherwise).
    public var sourceCatalog: SourceCatalog?

    /// Opens the index at `path` for writing, creating it with `schema` if there is none.
    /// - Parameters:
    ///   - path: the index folder (created with its parents if missing). An existing folder must be
    ///     empty or an index: anything else is refused (`LoupeError.invalidArgument`).
    ///   - schema: the fields; must equal the existing index's schema unless `create` is true.
    ///   - create: when true, the next commit replaces every existing document (a rebuild); the old
    ///     segments stay readable until then. A damaged last commit does not stop a rebuild: its
    ///     files are moved into a `damaged-<time>` folder of the index (named in `notes`).
    public convenience init(path: String, schema: Schema = .files, create: Bool = false) throws {
        try self.init(directory: IndexDirectory(path: path), schema: schema, create: create)
    }

    /// `init(path:schema:create:)` on `directory`, whose file system may be a test's.
    init(directory: IndexDirectory, schema: Schema, create: Bool) throws {
        self.directory = directory
        try directory.create()
        try IndexMarker.refuseForeign(directory)
        lock = try WriteLock(directory: directory)
        indexID = try IndexMarker.claim(directory)
        analyzer = try Analyzer.standard()
        var previous: Manifest?
        var damagedGeneration: UInt64 = 0
        do {
            previous = try Manifest.latest(in: directory)
        } catch let error as LoupeError {
            guard create, case .corrupt = error else { throw error }
            // A rebuild starts from nothing: every file of the index (and whatever holds a
            // manifest's name) goes aside, untouched, and the generations go on from the last.
            let id = indexID
            let names = try directory.list().filter {
                $0 != IndexMarker.fileName && !IndexMarker.harmless.contains($0)
                    && (Manifest.generation(of: $0) != nil || IndexMarker.isOwnFile($0, in: directory, indexID: id))
            }
            damagedGeneration = names.compactMap(Manifest.generation(of:)).max() ?? 0
            let folder = try directory.moveAside(names)
            notes.append("\(error); the index's files were moved to \(folder) (nothing was deleted) and the index is rebuilt")
        }
        if let previous, previous.schema != schema, !create {
            throw LoupeError.invalidArgument("index \(directory.path) has fields \(previous.schema.fields.map(\.name)), not \(schema.fields.map(\.name)): rebuild it")
        }
        self.schema = schema
        buffer = SegmentBuffer(schema: schema)
        segments = create ? [] : previous?.segments ?? []
        nextSegment = previous?.nextSegment ?? 0
        generation = previous?.generation ?? damagedGeneration
        userData = create ? [:] : previous?.userData ?? [:]
        lastCommitFiles = Set(previous.map { Self.files(of: $0) } ?? [])
        committedSegments = Set(segments.map(\.name))
        removeUnreferencedFiles()
    }

    /// Every file a manifest depends on.
    static func files(of m: Manifest) -> [String] {
        [Manifest.fileName(m.generation), SourceCatalog.fileName(m.generation)] + m.segments.flatMap(\.files)
    }

    /// Deletes the index's files that the last commit does not name: older commits', merged-away
    /// segments', what an interrupted run left. Only files the index can prove it wrote
    /// (`IndexMarker.isOwnFile`) are touched; nothing else in the folder is. Safe because we hold
    /// the write lock. A file that cannot be removed stays (it is tried again at the next commit).
    private func removeUnreferencedFiles() {
        guard let names = try? directory.list() else { return }
        for name in names where !lastCommitFiles.contains(name) && name != IndexMarker.fileName
            && IndexMarker.isOwnFile(name, in: directory, indexID: indexID) {
            try? directory.remove(name)
        }
    }

    /// Number of documents added since the last flush.
    public var bufferedDocuments: Int { buffer.docCount }

    /// Analyzes and buffers `document`; flushes a segment if the buffer grew past the threshold.
    public func add(_ document: Document) throws {
        try buffer.add(document, analyzer: analyzer)
        if buffer.bytesUsed >= flushThresholdBytes { try flush() }
    }

    private func reader(_ s: Manifest.Segment) throws -> SegmentReader {
        if let r = readers[s.name], r.info == s { return r }
        let r = try SegmentReader(directory: directory, info: s, schema: schema)
        readers[s.name] = r
        return r
    }

    /// Deletes every document (committed, flushed or buffered) whose keyword field `field` holds
    /// `value`, e.g. `deleteDocuments(field: "id", value: "notes/a.txt")`. Takes effect at `commit()`.
    /// - Returns: the number of documents newly deleted.
    /// - Complexity: one term lookup per segment plus the matching postings.
    @discardableResult
    public func deleteDocuments(field: String, value: String) throws -> Int {
        guard let f = schema.number(of: field), schema.fields[f].isKeyword else {
            throw LoupeError.invalidArgument("'\(field)' is not a keyword field")
        }
        var n = 0
        for s in segments {
            let r = try reader(s)
            guard let info = try r.termInfo(field: f, term: value) else { continue }
            var set = pendingDeletes[s.name] ?? r.deleted ?? DeletedDocs(docCount: s.docCount)
            let it = try r.postings(info)
            while try it.next() != PostingsFormat.noMoreDocs { if set.insert(it.doc) { n += 1 } }
            pendingDeletes[s.name] = set
        }
        let buffered = buffer.documents(field: f, term: value).filter { !bufferDeleted.contains($0) }
        bufferDeleted.formUnion(buffered)
        return n + buffered.count
    }

    /// Deletes document `doc` of committed segment `segment` (a place known from reading the last
    /// commit, as `DirectoryIndexer`'s catalog does). Takes effect at `commit()`.
    func deleteDocument(segment: String, doc: Int32) throws {
        guard committedSegments.contains(segment), let s = segments.first(where: { $0.name == segment }),
              doc >= 0, Int(doc) < s.docCount else {
            throw LoupeError.invalidArgument("no document \(doc) in committed segment \(segment)")
        }
        var set = try pendingDeletes[segment] ?? reader(s).deleted ?? DeletedDocs(docCount: s.docCount)
        set.insert(doc)
        pendingDeletes[segment] = set
    }

    /// Adds `count` documents made by `make(i)` (nil: nothing to add for `i`) on `threads` threads,
    /// each with its own analyzer and in-memory segment (flushed at `flushThresholdBytes / threads`),
    /// so analysis runs on every core. Document order, and so doc ids, depend on scheduling.
    /// - Complexity: the analysis of the documents, divided among the threads.
    public func addConcurrently(count: Int, threads: Int = 2, _ make: @escaping @Sendable (Int) throws -> Document?) throws {
        try flush()
        let shared = ConcurrentAdd(writer: self, count: count)
        let threads = max(1, min(threads, count))
        let threshold = max(1 << 20, flushThresholdBytes / threads)
        let schema = self.schema
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            do {
                let analyzer = try Analyzer.standard()
                var buffer = SegmentBuffer(schema: schema)
                while let range = shared.nextChunk() {
                    for i in range {
                        guard let doc = try make(i) else { continue }
                        try buffer.add(doc, analyzer: analyzer)
                        if buffer.bytesUsed >= threshold {
                            try shared.flush(buffer)
                            buffer = SegmentBuffer(schema: schema)
                        }
                    }
                }
                if !buffer.isEmpty { try shared.flush(buffer) }
            } catch {
                shared.fail(error)
            }
        }
        if let error = shared.error { throw error }
    }

    /// Writes a worker's buffer as a segment; called by `addConcurrently`'s threads one at a time for
    /// the naming, in parallel for the writing.
    fileprivate func flushWorkerBuffer(_ b: SegmentBuffer, lock: NSLock) throws {
        lock.lock()
        let name = newSegmentName()
        lock.unlock()
        let segment = try SegmentWriter.write(b, name: name, id: IndexMarker.newSegmentID(indexID: indexID), to: directory)
        lock.lock()
        segments.append(segment)
        lock.unlock()
    }

    /// Writes the buffered documents as a new segment (not yet committed).
    public func flush() throws {
        guard !buffer.isEmpty else { return }
        let name = newSegmentName()
        let segment = try SegmentWriter.write(buffer, name: name, id: IndexMarker.newSegmentID(indexID: indexID), to: directory)
        if !bufferDeleted.isEmpty {
            var set = DeletedDocs(docCount: segment.docCount)
            for d in bufferDeleted { set.insert(d) }
            pendingDeletes[name] = set
        }
        segments.append(segment)
        buffer = SegmentBuffer(schema: schema)
        bufferDeleted = []
    }

    /// The next segment name whose files are all absent: a file someone put in the folder under a
    /// segment's name is stepped over, never overwritten (what a crash left of ours is gone by now).
    private func newSegmentName() -> String {
        while true {
            let name = "_" + String(nextSegment, radix: 36)
            nextSegment += 1
            if !SegmentWriter.extensions.contains(where: { access(directory.file(name + "." + $0), F_OK) == 0 }) { return name }
        }
    }

    /// Writes pending deletions as new `.del` generations.
    private func writeDeletions() throws {
        for (i, s) in segments.enumerated() {
            guard let set = pendingDeletes[s.name], set.count != s.deletedCount else { continue }
            var gen = s.delGen + 1
            while access(directory.file(DeletionsFormat.fileName(segment: s.name, generation: gen)), F_OK) == 0 { gen += 1 }
            try set.write(to: directory.file(DeletionsFormat.fileName(segment: s.name, generation: gen)), fileSystem: directory.fileSystem)
            segments[i].delGen = gen
            segments[i].deletedCount = set.count
        }
        pendingDeletes = [:]
        segments.removeAll { $0.liveCount == 0 }
    }

    /// Merges the segments the policy picks (or down to `maxSegments` when forced).
    private func merge(_ groups: [[String]]) throws {
        for group in groups {
            let members = segments.filter { group.contains($0.name) }
            guard !members.isEmpty else { continue }
            let sources = try members.map { SegmentMerger.Source(reader: try reader($0), deleted: try reader($0).deleted) }
            try SegmentMerger.verify(sources)
            let name = newSegmentName()
            let merged = try SegmentMerger.merge(sources, name: name, id: IndexMarker.newSegmentID(indexID: indexID), schema: schema, to: directory)
            let at = segments.firstIndex { group.contains($0.name) }!
            segments.removeAll { group.contains($0.name) }
            segments.insert(merged, at: min(at, segments.count))
            for m in members { readers[m.name] = nil }
        }
    }

    /// Flushes, writes deletions, merges as the policy says, then makes everything durable and visible
    /// as a new generation. Files no manifest needs any more are deleted only after that.
    public func commit() throws {
        try flush()
        try writeDeletions()
        try merge(mergePolicy.merges(segments))
        try publish()
    }

    /// Commits, merging all segments into at most `maxSegments` (1: a single segment).
    public func forceMerge(maxSegments: Int = 1) throws {
        try flush()
        try writeDeletions()
        var policy = mergePolicy
        policy.maxSegments = maxSegments
        policy.mergeFactor = Int.max / 2
        try merge(policy.merges(segments))
        try publish()
    }

    private func publish() throws {
        generation += 1
        let manifest = Manifest(generation: generation, nextSegment: nextSegment, schema: schema, segments: segments, userData: userData)
        if let catalog = sourceCatalog {
            let live = segments.reduce(0) { $0 + $1.liveCount }
            guard catalog.documents == live else {
                throw LoupeError.invalidArgument("source catalog lists \(catalog.documents) documents for \(live) live ones")
            }
            try catalog.write(to: directory.file(SourceCatalog.fileName(generation)), generation: generation, fileSystem: directory.fileSystem)
            sourceCatalog = nil
        }
        try directory.syncDirectory() // segment files' names are durable before a manifest names them
        try manifest.write(to: directory)
        // The previous commit's files, and files written since and already merged away, go now.
        lastCommitFiles = Set(Self.files(of: manifest))
        removeUnreferencedFiles()
        committedSegments = Set(segments.map(\.name))
        readers = readers.filter { name, _ in segments.contains { $0.name == name } }
    }
}

/// The state `addConcurrently`'s threads share: the next documents to take, the first error.
private final class ConcurrentAdd: @unchecked Sendable {
    let writer: IndexWriter
    let count: Int
    private let lock = NSLock()
    private var next = 0
    private(set) var error: Error?
    static let chunk = 16

    init(writer: IndexWriter, count: Int) {
        self.writer = writer
        self.count = count
    }

    /// The next indexes to process, or nil when all are taken (or a thread failed).
    func nextChunk() -> Range<Int>? {
        lock.lock()
        defer { lock.unlock() }
        guard error == nil, next < count else { return nil }
        let r = next ..< min(count, next + Self.chunk)
        next = r.upperBound
        return r
    }

    func flush(_ buffer: SegmentBuffer) throws { try writer.flushWorkerBuffer(buffer, lock: lock) }

    func fail(_ e: Error) {
        lock.lock()
        if error == nil { error = e }
        lock.unlock()
    }
}
