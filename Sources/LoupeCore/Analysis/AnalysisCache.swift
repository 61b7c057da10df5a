import Foundation

/// What an analyzer's pipeline made of each word, remembered so that a word is analyzed once and
/// not at each occurrence: a transliteration costs 1–2 µs, a lookup ~50 ns. Opt-in (an analyzer
/// made without one runs its filters on every word) and bounded: each analyzer keeps up to `limit`
/// words of its own (no lock), and the analyzers that share this cache (one per thread, made by
/// one `AnalyzerRegistry` factory) leave up to `limit` words here for each other, behind a lock
/// taken only on an analyzer's own misses. Each store is emptied when full; it is freed with the
/// last analyzer or registry that holds it.
///
/// Share a cache only between analyzers of one pipeline (same tokenizer and filters, same
/// settings): its entries are keyed by word and language, not by pipeline.
public final class AnalysisCache: @unchecked Sendable {
    // `@unchecked Sendable`: `shared` is read and written only under `lock`; `limit` is immutable.

    /// The words each store holds at most before it is emptied.
    package let limit: Int

    private let lock = NSLock()
    /// Guarded by `lock`. Keys: language code length, code, word (UTF-8).
    private var shared = BoundedMemo<Analyzer.Entry>()

    /// A cache of at most `limit` words per analyzer and `limit` shared.
    public init(limit: Int = 500_000) { self.limit = max(1, limit) }

    /// The entry stored under `key`, or nil.
    func entry(_ key: UnsafeRawBufferPointer) -> Analyzer.Entry? {
        lock.lock()
        defer { lock.unlock() }
        return shared.value(key)
    }

    /// Stores `entry` under `key` (emptied first when full; a key already there keeps its entry,
    /// which is the same: entries are pure functions of their key).
    func add(_ key: UnsafeRawBufferPointer, _ entry: Analyzer.Entry) {
        lock.lock()
        defer { lock.unlock() }
        shared.add(key, entry, limit: limit)
    }
}
