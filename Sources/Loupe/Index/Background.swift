import Dispatch

/// One slot per iteration of a `DispatchQueue.concurrentPerform`, each written by its iteration only,
/// read after the loop: how a parallel loop hands back its results without a lock.
final class Slots<T>: @unchecked Sendable {
    var values: [T]
    init(repeating value: T, count: Int) { values = [T](repeating: value, count: count) }
}

/// Drops `value` on another thread: freeing a big structure (the catalog and walk of 100k files,
/// an in-memory segment's million small arrays) takes tens of ms the caller need not wait for.
func releaseLater<T>(_ value: consuming T) {
    let parcel = Parcel(value)
    DispatchQueue.global(qos: .utility).async { parcel.value = nil }
}

/// Carries a value that is not `Sendable` to another thread, for a hand-over where the sender
/// keeps no reference (or only reads what the receiver does not touch).
final class Parcel<T>: @unchecked Sendable {
    var value: T?
    init(_ value: consuming T) { self.value = value }
}
