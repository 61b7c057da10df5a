import Dispatch

/// One slot per iteration of a `DispatchQueue.concurrentPerform`, each written by its iteration only,
/// read after the loop: how a parallel loop hands back its results without a lock.
///
/// The slots live in storage allocated once, before the loop, and never reallocated; `set` writes
/// one element through a pointer into it. Writing an element of an array property instead would be
/// a `modify` access of the whole property: two iterations doing so at once race on the array (and
/// on Swift's exclusivity bookkeeping), even though they touch different elements.
///
/// `@unchecked Sendable` because its safety rests on this invariant, which the callers keep: during
/// the loop, slot `i` is written by iteration `i` only (no two threads touch the same element), and
/// `values` is read only after `concurrentPerform` has returned (which orders every iteration's
/// writes before the read).
package final class Slots<T>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<T>

    package init(repeating value: T, count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: value)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    package var count: Int { storage.count }

    /// Writes slot `i` (from its own iteration only).
    package func set(_ i: Int, _ value: T) {
        precondition(i >= 0 && i < storage.count, "slot out of range")
        storage[i] = value
    }

    /// Slot `i` (after the loop, or from its own iteration).
    package subscript(i: Int) -> T { storage[i] }

    /// Every slot, in order (after the loop).
    package var values: [T] { Array(storage) }
}

/// Drops `value` on another thread: freeing a big structure (the catalog and walk of 100k files,
/// an in-memory segment's million small arrays) takes tens of ms the caller need not wait for.
package func releaseLater<T>(_ value: consuming T) {
    let parcel = Parcel(value)
    DispatchQueue.global(qos: .utility).async { parcel.value = nil }
}

/// Carries a value that is not `Sendable` to another thread, for a hand-over where the sender
/// keeps no reference (or only reads what the receiver does not touch).
final class Parcel<T>: @unchecked Sendable {
    var value: T?
    init(_ value: consuming T) { self.value = value }
}
