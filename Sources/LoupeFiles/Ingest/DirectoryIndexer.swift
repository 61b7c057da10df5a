@_spi(Benchmarks) import LoupeCore
import Foundation

/// Keeps an index in step with a folder — what `loupe index DIR` runs. The first run indexes every
/// text file; later runs index new and changed files only (size and mtime differ, or, when only the
/// mtime differs, the content hash does), delete the documents of removed files, and leave the rest
/// untouched. Binary, unreadable, oversized or vanished files are skipped with a warning. A run commits
/// once at the end (nothing at all when nothing changed), so an interrupted run leaves the previous
/// commit as it was.
public struct DirectoryIndexer {
    /// What a run did. Counts are of documents: a file's, or a container's members (an mbox's
    /// messages, a zip's files).
    public struct Summary: Sendable {
        /// Documents indexed for the first time.
        public var added = 0
        /// Documents whose changed content was indexed again.
        public var updated = 0
        /// Documents deleted: their files (or members) are gone or no longer indexable.
        public var deleted = 0
        /// Documents left as they were indexed.
        public var unchanged = 0
        /// Of the unchanged files, those whose mtime had moved (read and hashed, same content).
        package var touched = 0
        /// Files skipped with a warning (binary, unreadable, oversized, vanished).
        public var skipped = 0
        /// Bytes of the files (re)indexed.
        package var bytes = 0
        /// Wall-clock duration of the run, in seconds.
        package var seconds = 0.0
        /// The run's warnings, in order.
        public var warnings: [String] = []
        /// Whether a new commit was written.
        public var committed = false
        /// Documents indexed in this run (added + updated).
        package var indexed: Int { added + updated }
    }

    /// How far a run is, for a progress display.
    public struct Progress: Sendable {
        /// Files handled so far.
        public var filesDone: Int
        /// Files the run handles in all.
        public var filesTotal: Int
        /// Bytes of the files indexed so far.
        package var bytesIndexed: Int
        /// Seconds since the run started.
        package var seconds: Double
    }

    /// The folder indexed.
    package let source: String
    /// The index's folder (created if missing).
    package let indexPath: String
    /// Rebuild from scratch instead of updating.
    public var full = false
    /// Files larger than this are skipped with a warning.
    package var maxFileBytes = 64 << 20
    /// Flush threshold of the writer (bytes of in-memory segments, all threads together), and the
    /// most the indexing threads hold at once of files being read and decoded (two bytes per byte
    /// of file; a larger file is read alone). What it does not bound: one document's postings (a
    /// file's terms stay in memory until it is analyzed whole, past the threshold if need be), the
    /// text a thread analyzes, and the commit's merges.
    package var flushThresholdBytes = 256 << 20
    /// Index only these paths (relative to `source`) instead of walking the folder: each one is
    /// added, updated, or (when it no longer names a regular file) deleted; documents of paths not
    /// listed are left as they are.
    package var list: [String]? = nil
    /// The language of every file (`loupe index --language`); nil: each file's is detected.
    package var language: Language? = nil
    /// The formats read (`ExtractorRegistry`): an app registers its own here. The catalog records
    /// their signature; when it changes, the files skipped before are read again.
    public var extractors = ExtractorRegistry.standard
    /// Where the extractors of complex formats (PDF, office files, e-books) run: nil, in this
    /// process; `loupe index` sets a helper process (itself, re-executed) with time and memory limits.
    package var isolation: HelperProcessIsolation? = nil
    /// Text recognition of images and of PDF pages without text (`loupe index --ocr eng+deu`); nil:
    /// off, images are binary. The isolation's helper must be given the same (`--ocr`). Turning it
    /// on reads the images skipped before (the catalog's signature names it); PDFs already indexed
    /// are read again only when they change (or with `full`).
    public var ocr: OCROptions? = nil
    /// Threads that read and analyze files (default: the machine's cores).
    @_spi(Benchmarks) public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// What a run records of a file's mtime or a folder's ctime is trusted by the next run only if
    /// it is this many seconds older than the run that read it: a change in the same clock tick
    /// (file systems stamp times from a coarse clock; FAT's mtimes are 2 s apart) would not move
    /// it. A file written that recently is recorded with mtime 0, so the next run reads it again
    /// and compares its content; such a folder is read again.
    var trustMargin = 2.0
    /// Called with each warning as it happens.
    public var onWarning: (String) -> Void = { _ in }
    /// Called about every 100 ms of work with the run's progress.
    public var onProgress: ((Progress) -> Void)? = nil
    /// Polled between files and before the commit: when it returns true the run stops, removes the
    /// files it wrote (the last commit stays as it was) and throws `CancellationError`.
    public var isCancelled: (@Sendable () -> Bool)? = nil
    /// Called on an indexing thread with a file's relative path just before it is opened: where
    /// the hostile-filesystem tests swap files between the walk and the read.
    var beforeRead: (@Sendable (String) -> Void)? = nil

    /// An indexer of the folder `source` into the index at `indexPath`.
    public init(source: String, indexPath: String) {
        self.source = source
        self.indexPath = indexPath
    }

    /// Key in a commit's user data: the indexed folder's device and inode ("device:inode"), checked
    /// when the index is updated or searched: a folder whose path now leads elsewhere (replaced by
    /// a link to `/etc`, or another folder moved into its place) is refused, not indexed or read.
    package static let sourceIdentityKey = "sourceIdentity"

    /// Indexes the folder; see the type's description.
    public func run() throws -> Summary {
        let start = Date()
        var summary = Summary()
        let absolute = source.hasPrefix("/") ? source : FileManager.default.currentDirectoryPath + "/" + source
        let root = (absolute as NSString).standardizingPath
        var walker = DirectoryWalker(root: root)
        // An index inside the folder (`loupe index .` puts it in ./Indexes/…) is not indexed.
        let indexAbsolute = indexPath.hasPrefix("/") ? indexPath : FileManager.default.currentDirectoryPath + "/" + indexPath
        walker.excluded = [(indexAbsolute as NSString).standardizingPath]
        walker.isCancelled = isCancelled
        // Everything under the root is opened from this descriptor, part by part, links not followed.
        let tree = try SourceTree(root: root)

        let writer = try IndexWriter(path: indexPath, schema: .files, create: full)
        writer.flushThresholdBytes = flushThresholdBytes
        let identity = tree.identity
        if let pinned = writer.userData[Self.sourceIdentityKey], pinned != identity, writer.userData["source"] == root {
            throw LoupeError.invalidArgument(SourceFileRefusal.rootChanged(root).description
                + ": not indexing it into this index; index it with --full to rebuild the index from it")
        }
        writer.userData["source"] = root
        writer.userData[Self.sourceIdentityKey] = identity
        for n in writer.notes { warn(n, &summary) }
        // The last commit (opened under the writer's lock, so it is the commit this run builds on)
        // and its catalog file, whose folders the walk reuses when they have not changed.
        let prev = full ? Previous() : try Previous(indexPath: indexPath)
        if let problem = prev.problem { note(problem, &summary) }

        // The common case, decided by the catalog file alone: every folder and file as it
        // recorded them (checked by stat'ing them, no walk), or, when that cannot tell (a listed
        // run, a folder changed too recently to be trusted), a walk that met exactly its files with
        // their sizes and mtimes. Nothing to read, nothing to commit.
        // Files skipped by other extractors (an older build's) are read again: a walk, not an early end.
        let extractors = ocr == nil ? self.extractors : self.extractors.withImages()
        let signature = extractors.signature + (ocr.map { " ocr.\($0.languages)" } ?? "")
        // Files a container format claims by name that the last run read as one document (an mbox
        // read as text by a build before mail was a format) are read again too.
        let containerFormats = extractors.extractors.compactMap { $0 as? any ContainerExtractor }
        func claimedAsContainer(_ path: String) -> Bool {
            containerFormats.contains { $0.claim(ExtractionProbe(fileName: path, data: [])) != .none }
        }
        let regrouped = prev.catalogFile.map { c in
            c.extractors != signature && (0..<c.count).contains { c.skip($0) == nil && c.container($0) == nil && claimedAsContainer(c.path($0)) }
        } ?? false
        let judged = !regrouped && (prev.catalogFile.map { $0.skipped.isEmpty || $0.extractors == signature } ?? true)
        if list == nil, judged, let catalog = prev.catalogFile, try walker.isUnchanged(since: catalog, in: tree) {
            return unchanged(catalog, &summary, start: start)
        }
        let trustBefore = Int((start.timeIntervalSince1970 - trustMargin) * 1e9)
        let listed = list.map { walker.entries(listed: $0, in: tree) }
        let listing = try listed.map { DirectoryWalker.Listing(entries: $0.entries, warnings: $0.warnings) }
            ?? walker.walk(reusing: prev.catalogFile, trustBefore: trustBefore, in: tree)
        let entries = listing.entries
        for w in listing.warnings { warn(w, &summary) }
        // What the catalog file (when sound) knew of each walked file.
        let facts = prev.catalogFile ?? SourceCatalog()
        let fact = facts.match(entries)
        // The same files, and unless the folders changed too (an empty one came or went, one is
        // now old enough to be trusted; then the run commits a catalog that says so): done.
        if judged, let catalog = prev.catalogFile, catalog.isUnchanged(entries, matches: fact),
           list != nil || listing.folders == catalog.folders
            || catalog.folders.isEmpty && SourceCatalog.folderPathBytes(listing.folders) > SourceCatalog.maxFolderPathBytes {
            releaseLater((listing, fact))
            return unchanged(catalog, &summary, start: start)
        }
        // Otherwise the stored paths say which documents the commit holds and where.
        let known = try prev.reader.map { try Catalog(reader: $0) } ?? Catalog()
        // A catalog that passed its own checks but lists other documents than the stored paths is
        // not gone by: one of the two is damaged, and trusting either could drop or re-add files.
        if let catalog = prev.catalogFile, let reader = prev.reader, !Self.agree(catalog, known) {
            throw LoupeError.corrupt(file: SourceCatalog.fileName(reader.manifest.generation),
                                     reason: "its documents are not the stored paths of the segments (the catalog or a .sto file is damaged); `loupe index DIR --full` rebuilds the index")
        }

        // 1. Which files need reading (new, or size/mtime changed, or nothing known of them).
        let old = known.paths.match(entries)
        /// Per file to read: its entry, its document's place in `known` and its facts' in `facts`
        /// (-1: none). Indexes, not copies of the entries: 12 bytes a file (360k files on debdocs-full).
        var work: [(entry: Int32, old: Int32, fact: Int32)] = []
        /// Per entry, its place in `work`, or -1 when its size and mtime are the catalog's.
        var workIndex = [Int32](repeating: -1, count: entries.count)
        var seen = [Bool](repeating: false, count: known.count)
        /// Per work item of a container the last commit holds: its members' documents in `known`.
        var containerDocs: [Int32: [(known: Int32, name: String)]] = [:]
        var knownTable: (paths: TermTable, indexOfID: [Int32])?
        var unchangedFiles = 0
        for (i, entry) in entries.enumerated() {
            let f = fact[i] >= 0 && facts.skip(Int(fact[i])) == nil ? Int(fact[i]) : -1
            if f >= 0, let c = facts.container(f) {
                // A container's documents are its members': found by their paths.
                if knownTable == nil { knownTable = known.paths.pathTable() }
                var docs: [(known: Int32, name: String)] = []
                for name in c.members {
                    var path = entry.path + name
                    let k = path.withUTF8 { knownTable!.paths.find(UnsafeRawBufferPointer($0)) }.map { knownTable!.indexOfID[Int($0)] }
                    if let k, !seen[Int(k)] {
                        seen[Int(k)] = true
                        docs.append((k, name))
                    }
                }
                if facts.sizes[f] == entry.size, facts.mtimes[f] == entry.mtime {
                    summary.unchanged += docs.count
                    unchangedFiles += 1
                } else {
                    containerDocs[Int32(work.count)] = docs
                    workIndex[i] = Int32(work.count)
                    work.append((Int32(i), -1, Int32(f)))
                }
                continue
            }
            let o = Int(old[i])
            guard o >= 0, !seen[o] else { workIndex[i] = Int32(work.count); work.append((Int32(i), -1, -1)); continue }
            seen[o] = true
            if regrouped, claimedAsContainer(entry.path) {
                // Read whole again, not compared by its content hash: its documents change.
                workIndex[i] = Int32(work.count)
                work.append((Int32(i), Int32(o), -1))
            } else if f >= 0, facts.sizes[f] == entry.size, facts.mtimes[f] == entry.mtime {
                summary.unchanged += 1
                unchangedFiles += 1
            } else {
                workIndex[i] = Int32(work.count)
                work.append((Int32(i), Int32(o), Int32(f)))
            }
        }
        // 2. On every core: read, hash, extract, analyze. Outcomes are gathered per file.
        let outcomes = Outcomes(count: work.count)
        let maxFileBytes = self.maxFileBytes, beforeRead = self.beforeRead, isolation = self.isolation, ocr = self.ocr
        let folders = SourceTree.Folders(tree)
        let budget = ReadBudget(limit: flushThresholdBytes)
        let reporter = Reporter(onProgress, start: start, base: unchangedFiles, total: entries.count)
        let isCancelled = self.isCancelled ?? { false }
        do { try writer.addConcurrently(count: work.count, threads: threads, documents: { [work, language] i in
            if isCancelled() { throw CancellationError() } // the threads stop; their buffers are dropped
            let w = work[i], f = Int(w.fact)
            let old = f < 0 ? nil : (size: facts.sizes[f], hash: facts.hashes[f], container: facts.container(f))
            beforeRead?(entries[Int(w.entry)].path)
            var docs = Self.prepare(entries[Int(w.entry)], old: old, folders: folders, maxFileBytes: maxFileBytes, budget: budget,
                                    extractors: extractors, isolation: isolation, ocr: ocr, outcomes: outcomes, index: i)
            if let language { for k in docs.indices { docs[k].language = language } }
            if i % 64 == 0 { reporter.report(done: i, bytes: outcomes.bytes) }
            return docs
        }) } catch is CancellationError {
            writer.rollback()
            throw CancellationError()
        }

        // 3. Sequential: warnings in file order, deletes of old versions from the last commit.
        for (i, w) in work.enumerated() {
            // The documents the file had: its own, or its members'.
            let olds = containerDocs[Int32(i)] ?? (w.old >= 0 ? [(w.old, "")] : [])
            func delete(_ k: Int32) throws { try writer.deleteDocument(segment: known.segment(of: Int(k)), doc: known.places[Int(k)].doc) }
            switch outcomes.results[i] {
            case .touched:
                summary.unchanged += max(1, olds.count)
                summary.touched += 1
            case let .skipped(message):
                warn(message, &summary)
                for d in olds { try delete(d.known) }
            case let .indexed(bytes, _):
                summary.bytes += bytes
                for d in olds { try delete(d.known) }
                if olds.contains(where: { $0.name.isEmpty }) {
                    summary.updated += 1
                    summary.deleted += olds.count - 1
                } else {
                    summary.added += 1
                    summary.deleted += olds.count
                }
            case let .container(bytes, _, record, added, resumed, warnings):
                summary.bytes += bytes
                let path = entries[Int(w.entry)].path
                for message in warnings { warn(path + message, &summary) }
                if resumed {
                    summary.unchanged += olds.count
                    summary.added += added
                } else {
                    let names = Set(record.members)
                    var replaced = 0
                    for d in olds {
                        try delete(d.known)
                        if names.contains(d.name) { replaced += 1 } else { summary.deleted += 1 }
                    }
                    summary.updated += replaced
                    summary.added += record.members.count - replaced
                }
            }
        }
        // What the walk did not meet has disappeared. A list names only some files: of the paths
        // it did not meet, only those it named and that are gone are deleted; the others are kept.
        var kept: [Int] = []
        // The members of a listed container that is gone go with it.
        var goneMembers = Set<String>()
        if let listed, !listed.gone.isEmpty {
            for (key, c) in facts.containers where listed.gone.contains(facts.path(Int(key))) {
                for m in c.members { goneMembers.insert(facts.path(Int(key)) + m) }
            }
        }
        for o in 0..<known.count where !seen[o] {
            if let listed, !listed.gone.contains(known.paths.path(o)), !goneMembers.contains(known.paths.path(o)) {
                kept.append(o)
                continue
            }
            try writer.deleteDocument(segment: known.segment(of: o), doc: known.places[o].doc)
            summary.deleted += 1
        }
        // A commit, whenever the catalog file did not settle the run: something changed, or only
        // mtimes moved (the catalog learns them, so those files are not read again), or the last
        // commit has no sound catalog file, or one the stored fields contradict.
        var catalog = Self.catalog(of: listing, workIndex: workIndex, outcomes: outcomes.results, fact: fact, facts: facts,
                                   trustBefore: trustBefore)
        if !kept.isEmpty { Self.carry(kept.map { known.paths.path($0) }, from: facts, into: &catalog) }
        releaseLater(containerDocs)
        catalog.extractors = signature
        writer.sourceCatalog = catalog
        if isCancelled() {
            writer.rollback()
            throw CancellationError()
        }
        try writer.commit()
        try writer.close() // the merges the commit asked for, published
        summary.committed = true
        summary.seconds = Date().timeIntervalSince(start)
        onProgress?(Progress(filesDone: entries.count, filesTotal: entries.count, bytesIndexed: summary.bytes, seconds: summary.seconds))
        releaseLater((known, facts, entries, work, old, fact))
        return summary
    }

    /// Whether the catalog's documents are exactly the stored paths `known` lists.
    /// - Complexity: O(documents · log documents) to sort both.
    static func agree(_ catalog: SourceCatalog, _ known: Catalog) -> Bool {
        guard catalog.documents == known.count else { return false }
        return catalog.documentPaths() == known.paths.documentPaths()
    }

    /// The summary of a run that found the folder as `catalog` says: its files unchanged, its
    /// skipped files still skipped (not read again; their warnings repeated).
    private func unchanged(_ catalog: SourceCatalog, _ summary: inout Summary, start: Date) -> Summary {
        summary.unchanged = catalog.documents
        for i in catalog.skipped.keys.sorted() { warn(catalog.skipped[i]!.note, &summary) }
        summary.seconds = Date().timeIntervalSince(start)
        onProgress?(Progress(filesDone: catalog.count, filesTotal: catalog.count, bytesIndexed: 0, seconds: summary.seconds))
        releaseLater(catalog)
        return summary
    }

    /// The catalog of the commit a run writes: every walked file, in walk order, with what the run
    /// read (indexed, touched or skipped files) or what the last catalog knew; and the walk's folders.
    /// A file read by this run whose mtime is not before `trustBefore` is recorded with mtime 0.
    static func catalog(of listing: DirectoryWalker.Listing, workIndex: [Int32], outcomes: [Outcome],
                        fact: [Int32], facts: SourceCatalog, trustBefore: Int) -> SourceCatalog {
        var out = SourceCatalog()
        out.reserveCapacity(listing.entries.count)
        for f in listing.folders {
            out.appendFolder(path: f.path, parent: f.parent, files: f.files, inode: f.inode, ctime: f.ctime)
        }
        for (i, entry) in listing.entries.enumerated() {
            let w = Int(workIndex[i])
            guard w >= 0 else {
                let f = Int(fact[i])
                if let c = facts.container(f) {
                    out.appendContainer(path: entry.path, size: facts.sizes[f], mtime: facts.mtimes[f], hash: facts.hashes[f], container: c)
                } else {
                    out.append(path: entry.path, size: facts.sizes[f], mtime: facts.mtimes[f], hash: facts.hashes[f])
                }
                continue
            }
            let mtime = entry.mtime < trustBefore ? entry.mtime : 0
            switch outcomes[w] {
            case let .touched(size, hash):
                if fact[i] >= 0, let c = facts.container(Int(fact[i])) {
                    out.appendContainer(path: entry.path, size: size, mtime: mtime, hash: hash, container: c)
                } else {
                    out.append(path: entry.path, size: size, mtime: mtime, hash: hash)
                }
            case let .indexed(size, hash):
                out.append(path: entry.path, size: size, mtime: mtime, hash: hash)
            case let .container(size, hash, record, _, _, _):
                out.appendContainer(path: entry.path, size: size, mtime: mtime, hash: hash, container: record)
            case let .skipped(note):
                out.appendSkipped(path: entry.path, size: entry.size, mtime: mtime, ctime: entry.ctime, note: note)
            }
        }
        return out
    }

    /// Appends to `catalog` an entry for each of `paths` (documents a listed run kept without
    /// reading them): the last catalog's record when it has one for the path, else an unknown size
    /// and mtime (the next run that meets the file reads it again and compares its content).
    /// A container whose members are all among `paths` is carried whole (its members then found in
    /// it, not as files of their own).
    static func carry(_ paths: [String], from facts: SourceCatalog, into catalog: inout SourceCatalog) {
        var paths = paths
        if !facts.containers.isEmpty {
            var rest = Set(paths)
            for (key, c) in facts.containers.sorted(by: { $0.key < $1.key }) {
                let i = Int(key), path = facts.path(i)
                let members = c.members.map { path + $0 }
                guard !members.isEmpty, members.allSatisfy(rest.contains) else { continue }
                rest.subtract(members)
                catalog.appendContainer(path: path, size: facts.sizes[i], mtime: facts.mtimes[i], hash: facts.hashes[i], container: c)
            }
            paths = paths.filter(rest.contains)
        }
        let found = facts.match(paths.map { DirectoryWalker.Entry(path: $0, size: 0, mtime: 0) })
        for (path, f) in zip(paths, found) {
            if f >= 0, facts.skip(Int(f)) == nil {
                catalog.append(path: path, size: facts.sizes[Int(f)], mtime: facts.mtimes[Int(f)], hash: facts.hashes[Int(f)])
            } else {
                catalog.append(path: path, size: -1, mtime: 0, hash: 0)
            }
        }
    }

    /// Calls the progress callback from whichever indexing thread comes by, at most every 100 ms.
    final class Reporter: @unchecked Sendable {
        private let callback: ((Progress) -> Void)?
        private let start: Date
        private let base: Int, total: Int
        private var last = Date.distantPast
        private let lock = NSLock()

        init(_ callback: ((Progress) -> Void)?, start: Date, base: Int, total: Int) {
            self.callback = callback
            self.start = start
            self.base = base
            self.total = total
        }

        func report(done: Int, bytes: Int) {
            guard let callback, lock.try() else { return }
            defer { lock.unlock() }
            let now = Date()
            guard now.timeIntervalSince(last) >= 0.1 else { return }
            last = now
            callback(Progress(filesDone: base + done, filesTotal: total, bytesIndexed: bytes, seconds: now.timeIntervalSince(start)))
        }
    }

    /// What became of one file of the work list.
    enum Outcome: Sendable {
        /// Its mtime moved but its content is the same: it was read, not indexed.
        case touched(bytes: Int, hash: UInt64)
        case skipped(String)
        case indexed(bytes: Int, hash: UInt64)
        /// A container read: its record for the catalog, how many documents it gave, whether they
        /// follow those of the last commit (`ContainerContents.resumed`) or replace them, and the
        /// warnings of its members (each led by its name).
        case container(bytes: Int, hash: UInt64, record: SourceCatalog.Container, added: Int, resumed: Bool, warnings: [String])
    }

    /// Outcomes written by the indexing threads, one slot per file (each slot written once).
    final class Outcomes: @unchecked Sendable {
        var results: [Outcome]
        private let lock = NSLock()
        private var _bytes = 0
        var bytes: Int { lock.lock(); defer { lock.unlock() }; return _bytes }

        init(count: Int) { results = [Outcome](repeating: .skipped("not reached"), count: count) }

        func set(_ i: Int, _ o: Outcome) {
            lock.lock()
            results[i] = o
            if case let .indexed(b, _) = o { _bytes += b }
            if case let .container(b, _, _, _, _, _) = o { _bytes += b }
            lock.unlock()
        }
    }

    /// Reads one file and makes its documents (one, or a container's members), or records why not.
    /// Runs on the indexing threads. The file is opened in its folder's descriptor without following
    /// a link, refused unless it is a regular file, and read up to `maxFileBytes` whatever it has
    /// grown to since the walk.
    static func prepare(_ entry: DirectoryWalker.Entry, old: (size: Int, hash: UInt64, container: SourceCatalog.Container?)?,
                        folders: SourceTree.Folders, maxFileBytes: Int, budget: ReadBudget, extractors: ExtractorRegistry,
                        isolation: HelperProcessIsolation? = nil, ocr: OCROptions? = nil, outcomes: Outcomes,
                        index i: Int) -> [Document] {
        let rel = entry.path
        if entry.size > maxFileBytes {
            outcomes.set(i, .skipped("\(rel): \(entry.size) bytes is over the \(maxFileBytes)-byte limit, skipped"))
            return []
        }
        let file: (fd: Int32, stat: stat)
        switch folders.open(rel) {
        case let .success(f): file = f
        case let .failure(refusal):
            outcomes.set(i, .skipped("\(rel): \(refusal), skipped"))
            return []
        }
        defer { close(file.fd) }
        let size = Int(file.stat.st_size)
        guard size <= maxFileBytes else {
            outcomes.set(i, .skipped("\(rel): \(SourceFileRefusal.tooLarge(size: size, limit: maxFileBytes)), skipped"))
            return []
        }
        // The file's bytes and their decoded text, held until the document is made.
        let charge = size > Int.max / 2 ? Int.max : 2 * size
        budget.acquire(charge)
        defer { budget.release(charge) }
        let data: [UInt8]
        switch SourceTree.readWhole(file.fd, sizeHint: size, limit: maxFileBytes) {
        case let .success(d): data = d
        case let .failure(refusal):
            outcomes.set(i, .skipped("\(rel): \(refusal), skipped"))
            return []
        }
        // A container that may resume after a prefix: that prefix's hash, then the whole file's from it.
        var resume: (length: Int, hash: UInt64)? = nil
        let hash: UInt64
        if let c = old?.container, c.resumeLength > 0, c.resumeLength <= data.count {
            let h = Self.hash(data[..<c.resumeLength], from: fnvBasis)
            resume = (c.resumeLength, h)
            hash = Self.hash(data[c.resumeLength...], from: h)
        } else {
            hash = Self.hash(data)
        }
        if let old, old.size == data.count, old.hash == hash {
            outcomes.set(i, .touched(bytes: data.count, hash: hash))
            return []
        }
        // A compressed or packed file may expand to `maxFileBytes`, as a plain one may be that large.
        var context = ExtractionContext(registry: extractors, firstLines: false, maxExpandedBytes: maxFileBytes)
        context.ocr = ocr
        let extractor = extractors.extractor(for: ExtractionProbe(fileName: rel, data: data))
        if let container = extractor as? any ContainerExtractor {
            var from: ContainerResume? = nil
            if let c = old?.container, let r = resume, r.hash == c.resumeHash { from = ContainerResume(length: r.length, units: c.resumeUnits) }
            let contents: ContainerContents
            do {
                if let isolation, container.runsIsolated {
                    contents = try isolation.members(data, fileName: rel, after: from)
                } else {
                    contents = try container.members(of: data, fileName: rel, context: context, after: from)
                }
                guard contents.resumed || !contents.members.isEmpty else {
                    throw ExtractionError.damaged("no documents in it" + (contents.warnings.isEmpty ? "" : ": " + contents.warnings.joined(separator: "; ")))
                }
            } catch {
                outcomes.set(i, .skipped("\(rel): \(error), skipped"))
                return []
            }
            let kept = contents.resumed ? old?.container?.members ?? [] : []
            var record = SourceCatalog.Container(members: kept + contents.members.map(\.name))
            if let r = contents.resume, r.length > 0, r.length <= data.count {
                record.resumeLength = r.length
                record.resumeUnits = r.units
                record.resumeHash = r.length == data.count ? hash : Self.hash(data[..<r.length], from: fnvBasis)
            }
            outcomes.set(i, .container(bytes: data.count, hash: hash, record: record, added: contents.members.count,
                                       resumed: contents.resumed, warnings: contents.warnings))
            return contents.members.map { m in
                var text = m.text
                if text.format.isEmpty { text.format = container.name }
                return document(path: rel + m.name, text: text, size: m.name.isEmpty ? data.count : text.body.utf8.count, mtime: entry.mtime,
                                storesText: true)
            }
        }
        let text: ExtractedText
        do {
            if let isolation, extractor.runsIsolated {
                text = try isolation.extract(data, fileName: rel)
            } else {
                text = try extractors.extract(data, fileName: rel, context: context)
            }
        } catch {
            outcomes.set(i, .skipped("\(rel): \(error), skipped"))
            return []
        }
        outcomes.set(i, .indexed(bytes: data.count, hash: hash))
        return [document(path: rel, text: text, size: data.count, mtime: entry.mtime, storesText: !extractor.readsPrefixes)]
    }

    /// The document of `text`, read from the file (or container member) at `path`: its declared
    /// title, the typed fields of its path, and those of its metadata the schema has (a message's
    /// `from`, `to`, `date`), its format; with `storesText`, its text too (`Schema.storedTextField`).
    static func document(path: String, text: ExtractedText, size: Int, mtime: Int, storesText: Bool) -> Document {
        var doc: Document = ["path": path, "body": text.body]
        if text.titleIsDeclared { doc["title"] = text.title }
        if !text.format.isEmpty { doc[Schema.formatField] = text.format }
        // Text whose file must be parsed again to be read is stored: snippets come from it.
        if storesText { doc[Schema.storedTextField] = text.body }
        for (name, values) in Schema.fileFields(path: path, size: size, mtime: mtime) { doc[values: name] = values }
        for (name, values) in Schema.metadataFields(text.fields) { doc[values: name] = values }
        return doc
    }

    /// FNV-1a, 64 bits: tells whether a file whose mtime moved really changed.
    static func hash(_ data: [UInt8]) -> UInt64 { hash(data[...], from: fnvBasis) }

    static let fnvBasis = FNV1a.basis

    /// FNV-1a of `data` continued from `h` (the hash of what came before it).
    static func hash(_ data: ArraySlice<UInt8>, from h: UInt64) -> UInt64 {
        data.withUnsafeBytes { FNV1a.hash($0, from: h) }
    }

    /// The indexed text (the body as `TextExtractor` gives it) of the file at `path` under `source`,
    /// read again from disk: what snippets are cut from when bodies are not stored. Nil if the file is
    /// gone, no longer a regular file inside `source`, or no longer text.
    package static func bodyText(source: String, path: String, extractors: ExtractorRegistry = .standard) -> String? {
        extractedText(source: source, path: path, extractors: extractors)?.body
    }

    /// What the indexer extracted from the file at `path` under `source`, read again now: its body
    /// and its title (declared, or its first line). Nil when the file can't be read: as the indexer
    /// reads, it is opened part by part from `source` without following links, only a regular file
    /// is read, and at most 64 MiB of it. `SourceDocumentReader` also checks that the file is still
    /// the one indexed, and reads only what a title needs.
    /// - Complexity: one read of the file plus `TextExtractor.extract`.
    /// A container's member (`box.mbox#3`, `docs.zip/inner/a.txt`) is extracted again from its container.
    package static func extractedText(source: String, path: String, extractors: ExtractorRegistry = .standard) -> ExtractedText? {
        guard let tree = try? SourceTree(root: source) else { return nil }
        func read(_ p: String) -> [UInt8]? {
            guard case let .success(file) = tree.openFile(p) else { return nil }
            defer { close(file.fd) }
            guard case let .success(data) = SourceTree.readWhole(file.fd, sizeHint: Int(file.stat.st_size), limit: 64 << 20) else { return nil }
            return data
        }
        if let data = read(path) { return try? TextExtractor.extract(data, fileName: path, registry: extractors) }
        // The first part of the path that is a file is the container.
        for i in path.indices where path[i] == "/" || path[i] == "#" {
            let container = String(path[..<i])
            guard let data = read(container) else { continue }
            guard let e = extractors.extractor(for: ExtractionProbe(fileName: container, data: data)) as? any ContainerExtractor,
                  let contents = try? e.members(of: data, fileName: container, context: ExtractionContext(registry: extractors), after: nil)
            else { return nil }
            return contents.members.first { $0.name == path[i...] }?.text
        }
        return nil
    }

    private func warn(_ message: String, _ summary: inout Summary) {
        summary.skipped += 1
        note(message, &summary)
    }

    /// A warning that is not about a skipped file.
    private func note(_ message: String, _ summary: inout Summary) {
        summary.warnings.append(message)
        onWarning(message)
    }
}
