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
    /// The index's folder.
    package let directory: any Directory
    /// The index's fields (the schema it was opened with).
    package let schema: Schema
    private let lock: any DirectoryLock
    /// The index's id (from its marker): the first bytes of every segment id.
    let indexID: [UInt8]
    /// What opening the index took that the caller should tell the user (a rebuild that moved a
    /// damaged commit aside names the folder it went to).
    package private(set) var notes: [String] = []
    /// The analyzers fields name (`FieldSpec.analyzer`).
    package let analyzers: AnalyzerRegistry
    /// This thread's analyzer of each field.
    private let fieldAnalyzers: FieldAnalyzers
    private var buffer: SegmentBuffer
    /// Deleted docs of the buffer (resolved as deletes arrive).
    private var bufferDeleted: Set<Int32> = []
    /// Segments of the last commit that stay live, plus segments flushed since.
    private(set) var segments: [Manifest.Segment]
    /// Open readers of `segments`, by name (opened when a delete or a merge needs them).
    private var readers: [String: SegmentReader] = [:]
    /// Deletions not yet written, by segment name (full sets: the segment's old ones included).
    var pendingDeletes: [String: DeletedDocs] = [:]
    private var nextSegment: UInt64
    private var generation: UInt64
    private var lastCommitFiles: Set<String>
    /// Names of the segments of the last commit.
    private var committedSegments: Set<String>
    /// Bytes the in-memory segment may hold before it is flushed to disk (a buffer is flushed at
    /// 512 MiB whatever this says; a document's own words past 768 MiB of postings are not indexed).
    package var flushThresholdBytes = 256 << 20
    /// `flushThresholdBytes` within what one buffer can hold.
    private var threshold: Int { max(1, min(flushThresholdBytes, SegmentBuffer.maxBytes)) }
    /// Whether `close()` ran: the writer then refuses everything and holds no lock.
    private var closed = false

    /// Throws once the writer is closed.
    private func checkOpen() throws {
        if closed { throw LoupeError.invalidArgument("the writer of \(directory.path) is closed") }
    }
    /// When to merge segments at commit.
    package var mergePolicy = MergePolicy()
    /// Whether the merges a commit asks for run on a thread of their own (published by a later
    /// commit or `close`) instead of inside the commit.
    package var mergesInBackground = true
    /// The merge running in the background, if any (one at a time).
    private var running: BackgroundMerge?
    /// Whether documents were flushed or deleted since the last commit, and whether segments were
    /// merged (a commit is due if either).
    private var documentsChanged = false
    private var merged = false
    /// The catalog of the last commit this writer made with one: kept for a commit that only merges.
    private var lastCatalog: (any CommitCatalog)?
    /// Key/value pairs saved with the next commit (e.g. the source folder).
    package var userData: [String: String]
    /// What the next commit was built from (the files layer's `sourceCatalog` sets it), written with
    /// it as `catalog-<generation>` and then cleared: a commit made without one has no catalog. It
    /// must describe exactly the commit's live documents (checked: the commit throws otherwise).
    package var commitCatalog: (any CommitCatalog)?

    /// Opens the index at `path` for writing, creating it with `schema` if there is none.
    /// - Parameters:
    ///   - path: the index folder (created with its parents if missing). An existing folder must be
    ///     empty or an index: anything else is refused (`LoupeError.invalidArgument`).
    ///   - schema: the fields; must equal the existing index's schema unless `create` is true, or
    ///     extend it: its fields first, unchanged, then new ones (no rebuild: the documents already
    ///     indexed have no value for them). Anything else is `LoupeError.invalidArgument` saying what
    ///     differs.
    ///   - create: when true, the next commit replaces every existing document (a rebuild); the old
    ///     segments stay readable until then. A damaged last commit does not stop a rebuild: its
    ///     files are moved into a `damaged-<time>` folder of the index (named in `notes`).
    ///   - analyzers: where the analyzers the fields name come from; a field naming one it lacks is
    ///     `LoupeError.invalidArgument`.
    public convenience init(path: String, schema: Schema, create: Bool = false,
                            analyzers: AnalyzerRegistry = AnalyzerRegistry()) throws {
        try self.init(directory: FileSystemDirectory(path: path), schema: schema, create: create, analyzers: analyzers)
    }

    /// `init(path:schema:create:analyzers:)` on an index in memory: nothing is written to disk, and
    /// the index lives as long as `directory`.
    public convenience init(directory: MemoryDirectory, schema: Schema, create: Bool = false,
                            analyzers: AnalyzerRegistry = AnalyzerRegistry()) throws {
        try self.init(directory: directory as any Directory, schema: schema, create: create, analyzers: analyzers)
    }

    /// `init(path:schema:create:analyzers:)` on `directory` (a folder, or in memory).
    package init(directory: any Directory, schema: Schema, create: Bool = false, analyzers: AnalyzerRegistry = AnalyzerRegistry()) throws {
        // Before the folder is touched: a bad schema or one naming an unknown analyzer writes nothing.
        try schema.validate()
        fieldAnalyzers = try FieldAnalyzers(schema: schema, registry: analyzers)
        self.analyzers = analyzers
        self.directory = directory
        try directory.create()
        try IndexMarker.refuseForeign(directory)
        lock = try directory.lock()
        indexID = try IndexMarker.claim(directory)
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
        if let previous, previous.schema != schema, !create, let why = schema.incompatibility(withExisting: previous.schema) {
            throw LoupeError.invalidArgument("index \(directory.path) does not match the schema: \(why); rebuild it (or open it with its schema)")
        }
        self.schema = schema
        buffer = SegmentBuffer(schema: schema)
        // Fields added after the existing ones: the segments written before have no value for them.
        segments = (create ? [] : previous?.segments ?? []).map { s in
            var s = s
            s.fieldStats += Array(repeating: .init(docsWithField: 0, sumLength: 0), count: max(0, schema.fields.count - s.fieldStats.count))
            return s
        }
        nextSegment = previous?.nextSegment ?? 0
        generation = previous?.generation ?? damagedGeneration
        userData = create ? [:] : previous?.userData ?? [:]
        lastCommitFiles = Set(previous.map { Self.files(of: $0) } ?? [])
        committedSegments = Set(segments.map(\.name))
        removeUnreferencedFiles()
        // A schema with new fields is committed even when no document changes.
        if let previous, !create, previous.schema != schema { documentsChanged = true }
    }

    /// Every file a manifest depends on.
    static func files(of m: Manifest) -> [String] {
        [Manifest.fileName(m.generation), CommitCatalogFile.fileName(m.generation)] + m.segments.flatMap(\.files)
    }

    /// Deletes the index's files that the last commit does not name: older commits', merged-away
    /// segments', what an interrupted run left. Only files the index can prove it wrote
    /// (`IndexMarker.isOwnFile`) are touched; nothing else in the folder is. Safe because we hold
    /// the write lock. A file that cannot be removed stays (it is tried again at the next commit).
    private func removeUnreferencedFiles() {
        guard let names = try? directory.list() else { return }
        let busy = running?.files ?? []
        for name in names where !lastCommitFiles.contains(name) && !busy.contains(name) && name != IndexMarker.fileName
            && IndexMarker.isOwnFile(name, in: directory, indexID: indexID) {
            try? directory.delete(name)
        }
    }

    /// Drops everything since the last commit (buffered and flushed documents, pending deletes) and
    /// removes the files it wrote, as the next open would: what an interrupted run calls before it
    /// exits. The last commit stays as it was; the writer can go on from it.
    public func rollback() {
        guard !closed else { return }
        buffer = SegmentBuffer(schema: schema)
        bufferDeleted = []
        pendingDeletes = [:]
        segments.removeAll { !committedSegments.contains($0.name) }
        readers = readers.filter { name, _ in committedSegments.contains(name) }
        commitCatalog = nil
        removeUnreferencedFiles()
    }

    /// Number of documents added since the last flush.
    package var bufferedDocuments: Int { buffer.docCount }

    /// Analyzes and buffers `document`; flushes a segment if the buffer grew past the threshold.
    public func add(_ document: Document) throws {
        try checkOpen()
        try buffer.add(document, analyzers: fieldAnalyzers)
        if buffer.bytesUsed >= threshold { try flush() }
    }

    func reader(_ s: Manifest.Segment) throws -> SegmentReader {
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
        try checkOpen()
        guard let f = schema.number(of: field), schema.fields[f].isKeyword else {
            throw LoupeError.invalidArgument("'\(field)' is not a keyword field")
        }
        let term = schema.fields[f].keywordTerm(.string(value))
        var n = 0
        for s in segments {
            let r = try reader(s)
            guard let info = try r.termInfo(field: f, term: term) else { continue }
            var set = pendingDeletes[s.name] ?? r.deleted ?? DeletedDocs(docCount: s.docCount)
            let it = try r.postings(info)
            while try it.next() != PostingsFormat.noMoreDocs { if set.insert(it.doc) { n += 1 } }
            pendingDeletes[s.name] = set
        }
        let buffered = buffer.documents(field: f, term: term).filter { !bufferDeleted.contains($0) }
        bufferDeleted.formUnion(buffered)
        return n + buffered.count
    }

    /// Deletes document `doc` of committed segment `segment` (a place known from reading the last
    /// commit, as `DirectoryIndexer`'s catalog does). Takes effect at `commit()`.
    package func deleteDocument(segment: String, doc: Int32) throws {
        try checkOpen()
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
    package func addConcurrently(count: Int, threads: Int = 2, _ make: @escaping @Sendable (Int) throws -> Document?) throws {
        try addConcurrently(count: count, threads: min(threads, count), documents: { i in try make(i).map { [$0] } ?? [] })
    }

    /// `addConcurrently(count:threads:_:)` where item `i` gives any number of documents (a
    /// container's members). An item's documents past the first `ConcurrentAdd.batch` are shared
    /// out to the other threads in batches, so one item of many documents (a mail folder) is
    /// analyzed on every core, not on the thread that made it.
    package func addConcurrently(count: Int, threads: Int = 2, documents make: @escaping @Sendable (Int) throws -> [Document]) throws {
        try flush()
        let shared = ConcurrentAdd(writer: self, count: count)
        // Not fewer threads for fewer items: one item may give documents for all of them.
        let threads = max(1, threads)
        let threshold = max(1 << 20, self.threshold / threads)
        let schema = self.schema
        let registry = analyzers
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            do {
                let analyzers = try FieldAnalyzers(schema: schema, registry: registry)
                var buffer = SegmentBuffer(schema: schema)
                func add(_ docs: ArraySlice<Document>) throws {
                    for doc in docs {
                        try buffer.add(doc, analyzers: analyzers)
                        if buffer.bytesUsed >= threshold {
                            try shared.flush(buffer)
                            buffer = SegmentBuffer(schema: schema)
                        }
                    }
                }
                while let work = shared.nextWork() {
                    switch work {
                    case let .items(range):
                        defer { shared.finishedItems() }
                        for i in range {
                            let docs = try make(i)
                            if threads > 1 && docs.count > ConcurrentAdd.batch {
                                shared.share(docs[ConcurrentAdd.batch...])
                                try add(docs.prefix(ConcurrentAdd.batch))
                            } else {
                                try add(docs[...])
                            }
                        }
                    case let .documents(docs):
                        try add(docs)
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
        documentsChanged = true
        lock.unlock()
    }

    /// Writes the buffered documents as a new segment (not yet committed).
    public func flush() throws {
        try checkOpen()
        guard !buffer.isEmpty else { return }
        let name = newSegmentName()
        let segment = try SegmentWriter.write(buffer, name: name, id: IndexMarker.newSegmentID(indexID: indexID), to: directory)
        if !bufferDeleted.isEmpty {
            var set = DeletedDocs(docCount: segment.docCount)
            for d in bufferDeleted { set.insert(d) }
            pendingDeletes[name] = set
        }
        segments.append(segment)
        documentsChanged = true
        buffer = SegmentBuffer(schema: schema)
        bufferDeleted = []
    }

    /// The next segment name whose files are all absent: a file someone put in the folder under a
    /// segment's name is stepped over, never overwritten (what a crash left of ours is gone by now).
    private func newSegmentName() -> String {
        while true {
            let name = "_" + String(nextSegment, radix: 36)
            nextSegment += 1
            if !SegmentWriter.allExtensions.contains(where: { directory.contains(name + "." + $0) }) { return name }
        }
    }

    /// Writes pending deletions as new `.del` generations.
    private func writeDeletions() throws {
        for (i, s) in segments.enumerated() {
            guard let set = pendingDeletes[s.name], set.count != s.deletedCount else { continue }
            var gen = s.delGen + 1
            while directory.contains(DeletionsFormat.fileName(segment: s.name, generation: gen)) { gen += 1 }
            try set.write(to: directory, name: DeletionsFormat.fileName(segment: s.name, generation: gen))
            segments[i].delGen = gen
            segments[i].deletedCount = set.count
            documentsChanged = true
        }
        pendingDeletes = [:]
        if segments.contains(where: { $0.liveCount == 0 }) { documentsChanged = true }
        segments.removeAll { $0.liveCount == 0 }
    }

    /// Merges the groups of segments now, on this thread (what `forceMerge` and `close` do, and
    /// `commit` when `mergesInBackground` is off).
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
            segments.insert(merged.segment, at: min(at, segments.count))
            for m in members { readers[m.name] = nil }
            self.merged = true
        }
    }

    /// Starts the first merge the policy picks among the committed segments on a thread of its own,
    /// unless one is running.
    private func startBackgroundMerge() {
        guard running == nil, let group = mergePolicy.merges(segments).first else { return }
        let members = segments.filter { group.contains($0.name) && committedSegments.contains($0.name) }
        guard members.count == group.count else { return }
        running = BackgroundMerge(members: members, name: newSegmentName(), id: IndexMarker.newSegmentID(indexID: indexID),
                                  schema: schema, directory: directory)
    }

    /// Puts the running merge's segment in place of its members, once it is done (or after waiting
    /// for it, when `wait`). Deletions made while it ran are carried over to the merged segment's doc
    /// ids (as a deletions file of its own). Call after `writeDeletions`.
    /// - Throws: the merge's error (a damaged member, a failed write): its members stay as they are.
    private func applyBackgroundMerge(wait: Bool) throws {
        guard let merge = running, wait || merge.isDone else { return }
        running = nil
        let (output, maps) = try merge.result()
        var segment = output
        var carried = DeletedDocs(docCount: output.docCount)
        for (i, old) in merge.members.enumerated() {
            // A member no longer listed had all its documents deleted meanwhile.
            let now = try segments.first { $0.name == old.name }.map { try reader($0).deleted }
            let gone = !segments.contains { $0.name == old.name }
            for d in 0..<old.docCount where maps[i][d] >= 0 && (gone || now??.contains(Int32(d)) == true) {
                carried.insert(maps[i][d])
            }
        }
        if carried.count > 0 {
            var gen: UInt64 = 1
            while directory.contains(DeletionsFormat.fileName(segment: segment.name, generation: gen)) { gen += 1 }
            try carried.write(to: directory, name: DeletionsFormat.fileName(segment: segment.name, generation: gen))
            segment.delGen = gen
            segment.deletedCount = carried.count
        }
        let names = Set(merge.members.map(\.name))
        let at = segments.firstIndex { names.contains($0.name) } ?? segments.count
        segments.removeAll { names.contains($0.name) }
        if segment.liveCount > 0 { segments.insert(segment, at: at) }
        for m in merge.members { readers[m.name] = nil }
        merged = true
    }

    /// Flushes, writes deletions, puts in a finished background merge, then makes everything durable
    /// and visible as a new generation; files no manifest needs any more are deleted only after
    /// that. Then starts the next merge the policy asks for, in the background (`mergesInBackground`):
    /// a later commit (or `close`, or `forceMerge`) publishes it. While more than twice `maxSegments`
    /// segments wait, a commit waits for the running merge (or, with none running or still too many,
    /// merges itself), so their number stays bounded.
    ///
    /// After a commit throws, discard the writer: the last commit stays as it was.
    public func commit() throws {
        try checkOpen()
        try flush()
        try writeDeletions()
        if mergesInBackground {
            try applyBackgroundMerge(wait: segments.count > 2 * mergePolicy.maxSegments)
            // Still too many (no merge was running, or it took fewer than the new ones): merge here,
            // so the bound holds whatever the merge thread's timing.
            if segments.count > 2 * mergePolicy.maxSegments { try merge(mergePolicy.merges(segments)) }
        } else {
            try merge(mergePolicy.merges(segments))
        }
        try publish()
        if mergesInBackground { startBackgroundMerge() }
    }

    /// Commits, merging all segments into at most `maxSegments` (1: a single segment). Waits for a
    /// background merge first.
    public func forceMerge(maxSegments: Int = 1) throws {
        try checkOpen()
        try flush()
        try writeDeletions()
        try applyBackgroundMerge(wait: true)
        var policy = mergePolicy
        policy.maxSegments = maxSegments
        policy.mergeFactor = Int.max / 2
        try merge(policy.merges(segments))
        try publish()
    }

    /// Waits for a background merge and commits, with what the policy still asks to merge done now:
    /// what a writer does last, so the index is left with its merges published. (A writer that goes
    /// away without `close` waits for its merge too, but drops its result: the next writer removes
    /// its files.) Then the write lock is released (even when this throws) and the writer refuses
    /// anything more; closing a closed writer does nothing.
    public func close() throws {
        guard !closed else { return }
        defer {
            running?.waitQuietly()
            running = nil
            closed = true
            lock.release()
        }
        try flush()
        try writeDeletions()
        try applyBackgroundMerge(wait: true)
        try merge(mergePolicy.merges(segments))
        if documentsChanged || merged { try publish() }
    }

    deinit { running?.waitQuietly() }

    private func publish() throws {
        let generation = self.generation + 1
        let manifest = Manifest(generation: generation, nextSegment: nextSegment, schema: schema, segments: segments, userData: userData)
        let live = segments.reduce(0) { $0 + $1.liveCount }
        // A commit that only merged keeps the last commit's catalog: the same files, the same documents.
        let catalog = commitCatalog ?? (documentsChanged ? nil : lastCatalog)
        // A file of the user's with the name of this commit's manifest or catalog stays as it is.
        try directory.refuseForeignFile(Manifest.fileName(generation), indexID: indexID)
        try directory.refuseForeignFile(CommitCatalogFile.fileName(generation), indexID: indexID)
        if let catalog {
            guard catalog.documents == live else {
                throw LoupeError.invalidArgument("source catalog lists \(catalog.documents) documents for \(live) live ones")
            }
            try catalog.write(to: directory, name: CommitCatalogFile.fileName(generation), generation: generation)
        }
        try directory.sync() // segment files' names are durable before a manifest names them
        try manifest.write(to: directory)
        self.generation = generation
        lastCatalog = catalog
        commitCatalog = nil
        documentsChanged = false
        merged = false
        // The previous commit's files, and files written since and already merged away, go now.
        lastCommitFiles = Set(Self.files(of: manifest))
        removeUnreferencedFiles()
        committedSegments = Set(segments.map(\.name))
        readers = readers.filter { name, _ in segments.contains { $0.name == name } }
    }
}

/// The state `addConcurrently`'s threads share: the next documents to take, the first error.
/// The work `addConcurrently`'s threads share: the items not yet taken, and the documents of
/// items with many, shared out in batches. A thread waits while none is left but another thread
/// is still making documents (it may share some); it stops when all are made and added.
///
/// `@unchecked Sendable`: `next`, `shared`, `making` and `error` are only touched under
/// `condition`; `lock` serializes the naming of flushed segments.
private final class ConcurrentAdd: @unchecked Sendable {
    let writer: IndexWriter
    let count: Int
    private let lock = NSLock()
    private let condition = NSCondition()
    private var next = 0
    private var shared: [ArraySlice<Document>] = []
    /// Threads making the documents of a chunk of items.
    private var making = 0
    private var _error: Error?
    var error: Error? { condition.lock(); defer { condition.unlock() }; return _error }
    static let chunk = 16
    /// Documents of one item a thread adds itself; the rest are shared in batches of this many.
    static let batch = 64

    enum Work {
        case items(Range<Int>)
        case documents(ArraySlice<Document>)
    }

    init(writer: IndexWriter, count: Int) {
        self.writer = writer
        self.count = count
    }

    /// Shared documents, else the next items to make documents of (then `finishedItems` must
    /// follow); nil when everything is taken and made, or a thread failed.
    func nextWork() -> Work? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if _error != nil { return nil }
            if let docs = shared.popLast() { return .documents(docs) }
            if next < count {
                let r = next ..< min(count, next + Self.chunk)
                next = r.upperBound
                making += 1
                return .items(r)
            }
            if making == 0 { return nil }
            condition.wait()
        }
    }

    /// Hands `docs` to the other threads, in batches.
    func share(_ docs: ArraySlice<Document>) {
        condition.lock()
        var start = docs.startIndex
        while start < docs.endIndex {
            let end = min(docs.endIndex, start + Self.batch)
            shared.append(docs[start..<end])
            start = end
        }
        condition.broadcast()
        condition.unlock()
    }

    /// The items `nextWork` gave are made (or failed).
    func finishedItems() {
        condition.lock()
        making -= 1
        condition.broadcast()
        condition.unlock()
    }

    func flush(_ buffer: SegmentBuffer) throws { try writer.flushWorkerBuffer(buffer, lock: lock) }

    func fail(_ e: Error) {
        condition.lock()
        if _error == nil { _error = e }
        condition.broadcast()
        condition.unlock()
    }
}
