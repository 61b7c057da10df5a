import LoupeCore
import Foundation

/// Bytes the indexing threads may hold at once of the files they are reading and decoding: a
/// thread takes a file's share before reading it and gives it back once the file's document is
/// made, waiting while the others hold too much. A share larger than the whole budget is taken
/// when nothing else is held (the file is read alone), so no file waits forever.
///
/// `@unchecked Sendable`: `inUse` is only touched under `condition`'s lock.
final class ReadBudget: @unchecked Sendable {
    let limit: Int
    private var inUse = 0
    private let condition = NSCondition()

    init(limit: Int) { self.limit = max(1, limit) }

    /// Waits until `bytes` fit beside what the other threads hold.
    func acquire(_ bytes: Int) {
        condition.lock()
        while inUse > 0 && bytes > limit - inUse { condition.wait() }
        inUse += bytes
        condition.unlock()
    }

    func release(_ bytes: Int) {
        condition.lock()
        inUse -= bytes
        condition.broadcast()
        condition.unlock()
    }
}
