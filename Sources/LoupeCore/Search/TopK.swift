/// Keeps the k best (score, doc) pairs seen: a binary min-heap whose root is the worst kept hit.
/// Ties on score go to the lower doc id, so results are deterministic.
/// - Complexity: O(log k) per insert that enters the heap, O(1) for one that does not.
struct TopK {
    struct Entry {
        var score: Float
        var doc: Int32
        /// True when `self` ranks below `other`.
        @inline(__always) func worse(than other: Entry) -> Bool {
            score < other.score || (score == other.score && doc > other.doc)
        }
    }

    let k: Int
    private(set) var heap: [Entry] = []

    init(k: Int) {
        self.k = k
        heap.reserveCapacity(min(k, 1 << 16))
    }

    /// The score a new hit must beat to enter (once the heap is full).
    var threshold: Float { k == 0 ? .infinity : heap.count < k ? -.infinity : heap[0].score }

    @inline(__always) mutating func insert(score: Float, doc: Int32) {
        let e = Entry(score: score, doc: doc)
        if heap.count < k {
            heap.append(e)
            var i = heap.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                if heap[i].worse(than: heap[parent]) { heap.swapAt(i, parent); i = parent } else { break }
            }
        } else if k > 0, heap[0].worse(than: e) {
            heap[0] = e
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count && heap[l].worse(than: heap[m]) { m = l }
                if r < heap.count && heap[r].worse(than: heap[m]) { m = r }
                if m == i { break }
                heap.swapAt(i, m)
                i = m
            }
        }
    }

    /// The kept hits, best first.
    func sorted() -> [Entry] { heap.sorted { $1.worse(than: $0) } }
}
