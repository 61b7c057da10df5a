/// One document's positions of a term, in a buffer a phrase search reuses from candidate to
/// candidate: it grows to the largest frequency met and is never emptied by a reallocation. (An
/// `[Int32]` filled per candidate spent a fifth of a common phrase's time in `removeAll`,
/// uniqueness checks and the retains of an array of arrays.)
///
/// Not thread-safe: one scorer on one thread owns it.
final class PositionBuffer {
    private var base: UnsafeMutablePointer<Int32>
    private var capacity: Int
    /// Positions held.
    @exclusivity(unchecked) private(set) var count = 0

    init(capacity: Int = 64) {
        self.capacity = max(1, capacity)
        base = UnsafeMutablePointer<Int32>.allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    func removeAll() { count = 0 }

    /// Appends `n` positions that `body` writes into the `n` slots it is given.
    /// - Complexity: O(n), plus a copy of the held positions when the buffer grows (doubling).
    @inline(__always) func append(count n: Int, _ body: (UnsafeMutablePointer<Int32>) throws -> Void) rethrows {
        if count + n > capacity {
            var c = capacity
            while c < count + n { c *= 2 }
            let bigger = UnsafeMutablePointer<Int32>.allocate(capacity: c)
            bigger.update(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity = c
        }
        try body(base + count)
        count += n
    }

    /// Sorts the positions from index `start` on (after several terms' were appended: a union's).
    func sort(from start: Int = 0) {
        var range = UnsafeMutableBufferPointer(start: base + start, count: count - start)
        range.sort()
    }

    @inline(__always) subscript(i: Int) -> Int32 {
        precondition(i >= 0 && i < count, "position \(i) of \(count)")
        return base[i]
    }

    /// Runs `body` over the positions held.
    @inline(__always) func withPositions<R>(_ body: (UnsafeBufferPointer<Int32>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// The positions as an array.
    var array: [Int32] { withPositions { Array($0) } }
}
