import Foundation

/// An index handle that many tasks and threads search at once (Lucene's `SearcherManager`): it holds
/// the current snapshot, moves to the newest commit on `reopenIfChanged()`, and runs
/// each search on the snapshot current when it starts — an older snapshot stays valid for the
/// searches using it (its files stay mapped after a writer deletes them).
///
/// Analysis state is per thread, made once per thread (the ICU transliterator compiles once per
/// thread, not per search). `search(…) async` runs on a dispatch queue, off Swift's cooperative
/// pool (a search is CPU-bound and may block on page faults), honours task cancellation, and stops
/// at `SearchOptions`' time limit.
///
/// `@unchecked Sendable`: its one mutable value, the current reader, is read and replaced only under
/// `lock`; readers (`IndexReader`) are immutable and `Sendable`; the per-thread analyzers never
/// leave their thread.
public final class SharedSearcher: @unchecked Sendable {
    /// The index's folder (`memory:<n>` for an index in memory).
    package var path: String { directory.path }
    private let directory: any Directory
    private let lock = NSLock()
    private var current: IndexReader
    /// BM25's parameters for every search.
    package let bm25: BM25
    /// Where the analyzers the fields name come from.
    package let analyzers: AnalyzerRegistry
    private static let queue = DispatchQueue(label: "loupe.search", attributes: .concurrent)

    /// Opens the newest commit at `path`; a field naming an analyzer `analyzers` lacks is
    /// `LoupeError.invalidArgument`.
    public convenience init(path: String, analyzers: AnalyzerRegistry = AnalyzerRegistry()) throws {
        try self.init(directory: FileSystemDirectory(path: path), analyzers: analyzers)
    }

    /// `init(path:analyzers:)` with BM25 parameters of its own.
    package convenience init(path: String, bm25: BM25, analyzers: AnalyzerRegistry = AnalyzerRegistry()) throws {
        try self.init(directory: FileSystemDirectory(path: path), bm25: bm25, analyzers: analyzers)
    }

    /// `init(path:analyzers:)` on the index in memory `directory`.
    public convenience init(directory: MemoryDirectory, analyzers: AnalyzerRegistry = AnalyzerRegistry()) throws {
        try self.init(directory: directory as any Directory, analyzers: analyzers)
    }

    /// `init(path:analyzers:)` on the index in `directory`.
    package init(directory: any Directory, bm25: BM25 = BM25(), analyzers: AnalyzerRegistry = AnalyzerRegistry()) throws {
        self.directory = directory
        self.bm25 = bm25
        self.analyzers = analyzers
        current = try IndexReader(directory: directory)
        try analyzers.check(current.schema)
    }

    /// The snapshot searches start on now.
    public var reader: IndexReader { lock.withLock { current } }

    /// Moves to the newest commit when it differs from the current one; returns whether it moved.
    /// Searches already running keep their snapshot.
    @discardableResult
    public func reopenIfChanged() throws -> Bool {
        // The folder's listing first: an unchanged index costs one `readdir`, no manifest read.
        guard let latest = try Manifest.latestGeneration(in: directory),
              latest != reader.manifest.generation else { return false }
        let fresh = try IndexReader(directory: directory)
        return lock.withLock {
            // Another thread may have moved further meanwhile: never move back.
            guard fresh.manifest.generation > current.manifest.generation else { return false }
            current = fresh
            return true
        }
    }


    /// This thread's searcher over `reader`: each analyzer made once per thread and kept among the
    /// thread's last `ThreadAnalyzers.capacity` (registrations made and dropped by the thousand
    /// do not pile up on every thread); the query languages of `options` when it names some.
    func searcher(_ reader: IndexReader, _ options: SearchOptions = SearchOptions()) throws -> Searcher {
        let cache: ThreadAnalyzers
        if let c = Thread.current.threadDictionary[ThreadAnalyzers.key] as? ThreadAnalyzers {
            cache = c
        } else {
            cache = ThreadAnalyzers()
            Thread.current.threadDictionary[ThreadAnalyzers.key] = cache
        }
        let analyzers = try FieldAnalyzers(schema: reader.schema, registry: analyzers) { _, entry in
            try cache.analyzer(entry)
        }
        let s = try Searcher(reader: reader, analyzers: analyzers)
        s.bm25 = bm25
        if let languages = options.queryLanguages { s.queryLanguages = languages }
        return s
    }

    /// Searches the current snapshot on the calling thread.
    public func search(_ query: String, options: SearchOptions = SearchOptions()) throws -> SearchResults {
        try searcher(reader, options).search(query, options: options)
    }

    /// Searches with a query node (a built `Query` is validated first: depth, boosts) on the calling
    /// thread.
    public func search(_ query: any QueryNode, options: SearchOptions = SearchOptions()) throws -> SearchResults {
        try searcher(reader, options).search(query, options: options)
    }

    /// Counts the matches of `query` in the current snapshot.
    public func count(_ query: String) throws -> Int { try searcher(reader).count(query) }

    /// Counts the matches of a query node (a built `Query` too) in the current snapshot (every live
    /// match, exactly).
    public func count(_ query: any QueryNode) throws -> Int { try searcher(reader).count(query) }

    /// Searches off the cooperative pool; throws `CancellationError` when the task is cancelled
    /// (checked between segments and every few thousand matches).
    public func search(_ query: String, options: SearchOptions = SearchOptions()) async throws -> SearchResults {
        try await searchAsync(options) { try self.search(query, options: $0) }
    }

    /// Runs `body` with `options` on the search queue, its stop flag set when the task is cancelled.
    func searchAsync(_ options: SearchOptions, _ body: @escaping @Sendable (SearchOptions) throws -> SearchResults) async throws -> SearchResults {
        let cancelled = CancelFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<SearchResults, Error>) in
                Self.queue.async {
                    continuation.resume(with: Result {
                        var o = options
                        let previous = o.shouldStop
                        o.shouldStop = { cancelled.isSet || (previous?() ?? false) }
                        do {
                            return try body(o)
                        } catch SearchInterrupted.stopped where cancelled.isSet {
                            throw CancellationError()
                        }
                    })
                }
            }
        } onCancel: {
            cancelled.set()
        }
    }
}

/// A flag set from one thread and read from another.
/// `@unchecked Sendable`: its value is read and written only under `lock`.
final class CancelFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// One thread's analyzers, by registration, the most recently used last; at most `capacity`. Lives
/// in the thread's dictionary and is used by that thread alone.
final class ThreadAnalyzers {
    static let key = "loupe.analyzers"
    static let capacity = 16
    private(set) var entries: [(id: Int, analyzer: Analyzer)] = []

    func analyzer(_ entry: AnalyzerRegistry.Entry) throws -> Analyzer {
        if let i = entries.lastIndex(where: { $0.id == entry.id }) {
            let hit = entries.remove(at: i)
            entries.append(hit)
            return hit.analyzer
        }
        let a = try entry.make()
        if entries.count == Self.capacity { entries.removeFirst() }
        entries.append((entry.id, a))
        return a
    }
}
