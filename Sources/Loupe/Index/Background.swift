import Dispatch

/// Calls `body` on another thread at once; `value()` waits for its result. For overlapping two
/// pieces of work (reading the catalog while walking, stored fields while writing postings).
final class Background<T>: @unchecked Sendable {
    private var result: Result<T, any Error>?
    private let done = DispatchSemaphore(value: 0)

    init(_ body: @escaping @Sendable () throws -> T) {
        DispatchQueue.global().async { [self] in
            result = Result { try body() }
            done.signal()
        }
    }

    /// Waits for the result (or rethrows the error).
    func value() throws -> T {
        done.wait()
        done.signal() // a second call returns at once
        return try result!.get()
    }
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
