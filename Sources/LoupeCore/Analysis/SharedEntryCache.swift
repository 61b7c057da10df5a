import Foundation

/// The words the standard chain has analyzed, shared by the standard analyzers of every thread:
/// each indexing thread has its own `Analyzer` (ICU objects are not thread-safe), and without this
/// each of them transliterated and stemmed every word the others had already seen. An analyzer
/// looks here when its own cache misses, and adds what it makes. Keys: language code length, code,
/// word (UTF-8). Thread-safe (a lock, taken only on an analyzer's own misses).
final class SharedEntryCache: @unchecked Sendable {
    /// The cache of `Analyzer.standard()` analyzers (one chain, so one meaning per key).
    static let standard = SharedEntryCache(limit: 500_000)

    private let lock = NSLock()
    /// Guarded by `lock`.
    private var entries = BoundedMemo<Analyzer.Entry>()
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    /// The entry stored under `key`, or nil.
    func entry(_ key: UnsafeRawBufferPointer) -> Analyzer.Entry? {
        lock.lock()
        defer { lock.unlock() }
        return entries.value(key)
    }

    /// Stores `entry` under `key` (emptied first when full; a key already there keeps its entry,
    /// which is the same: entries are pure functions of their key).
    func add(_ key: UnsafeRawBufferPointer, _ entry: Analyzer.Entry) {
        lock.lock()
        defer { lock.unlock() }
        entries.add(key, entry, limit: limit)
    }
}
