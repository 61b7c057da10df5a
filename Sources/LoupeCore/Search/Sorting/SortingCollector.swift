/// The first k matches in the order of `fields` (after `searchAfter`, when given), read from the
/// fast fields' columns; every match is counted. A batch of matches (`BatchCollector`) is first
/// compared with the k-th best by the first key alone, read straight from its packed column, so
/// most matches cost one load and one comparison; sorted by one number, date or bool alone, the
/// k best are kept in a heap of plain values (`NumericTop`), nothing built per match.
final class SortingCollector: BatchCollector {
    let fields: [SortField]
    let k: Int
    let after: SortKey?
    /// Its first value.
    private let afterFirst: SortValue?
    let scoreMode: ScoreMode
    /// Per sort key, its field number (nil: the score).
    private let numbers: [Int?]
    private let types: [FieldType?]
    @exclusivity(unchecked) private var columns: [Column?] = []
    /// Per sort key of a keyword field, the segment's ordinals read so far.
    @exclusivity(unchecked) private var terms: [[Int: String]] = []
    @exclusivity(unchecked) private var base: Int32 = 0
    @exclusivity(unchecked) private var kept: [(key: SortKey, score: Float)] = []
    /// The k-th best key once `kept` was cut: a match not before it cannot enter.
    @exclusivity(unchecked) private var worst: SortKey?
    /// Its first value and doc, read without copying the key.
    @exclusivity(unchecked) private var worstFirst: SortValue = .missing
    @exclusivity(unchecked) private var worstDoc: Int32 = 0
    @exclusivity(unchecked) private(set) var totalHits = 0
    /// The first key's column in the current segment when it is a number, date or bool field (nil:
    /// a keyword, the score, or no column), and whether it sorts descending.
    @exclusivity(unchecked) private var firstColumn: Column?
    private let firstDescending: Bool
    /// `worstFirst` as a key, when it is one (else `worstFirstIsKey` is false).
    @exclusivity(unchecked) private var worstFirstKey: Int64 = 0
    @exclusivity(unchecked) private var worstFirstIsKey = false
    /// With one sort key, a number, date or bool: the k best so far (`kept` is not used).
    @exclusivity(unchecked) private var numericTop: NumericTop?

    init(fields: [SortField], k: Int, after: SortKey?, schema: Schema) throws {
        self.fields = fields
        self.k = k
        self.after = after
        var numbers: [Int?] = [], types: [FieldType?] = []
        for f in fields {
            switch f.key {
            case .score:
                numbers.append(nil)
                types.append(nil)
            case let .field(name):
                guard let n = schema.number(of: name) else { throw LoupeError.invalidArgument("cannot sort by unknown field '\(name)'") }
                guard schema.fields[n].fast else {
                    throw LoupeError.invalidArgument("cannot sort by '\(name)': it is not a fast field (FieldSpec.fast)")
                }
                numbers.append(n)
                types.append(schema.fields[n].type)
            }
        }
        guard !fields.isEmpty else { throw LoupeError.invalidArgument("sorting needs at least one sort key") }
        if let after, after.values.count != fields.count {
            throw LoupeError.invalidArgument("searchAfter has \(after.values.count) values for \(fields.count) sort keys")
        }
        self.numbers = numbers
        self.types = types
        afterFirst = after?.values[0]
        firstDescending = fields[0].descending
        if fields.count == 1, let t = types[0], t != .keyword {
            let bound: NumericTop.Entry?
            switch after?.values[0] {
            case nil: bound = nil
            case let .key(k)?: bound = NumericTop.entry(key: k, doc: after!.doc, descending: fields[0].descending)
            case .missing?: bound = NumericTop.Entry(missing: true, rank: 0, doc: after!.doc)
            case .text?, .score?: throw LoupeError.invalidArgument("searchAfter's value does not fit the sort by '\(fields[0].key)'")
            }
            numericTop = NumericTop(k: k, after: bound)
        }
        scoreMode = fields.contains { $0.key == .score } ? .complete : .none
    }

    func beginSegment(_ segment: SegmentReader, docBase: Int32) throws {
        base = docBase
        columns = numbers.map { $0.flatMap { segment.column($0) } }
        terms = Array(repeating: [:], count: fields.count)
        firstColumn = types[0] != nil && types[0] != .keyword ? columns[0] : nil
    }

    func collect(docs: UnsafeBufferPointer<Int32>) throws {
        if numericTop != nil { return try collectNumeric(docs) }
        guard let c = firstColumn else {
            for d in docs { try collect(doc: d, score: 0) }
            return
        }
        let descending = firstDescending, single = fields.count == 1
        for d in docs {
            // The first key (missing: nil), compared with the k-th best's before anything is built.
            var key: Int64? = nil
            if c.dense {
                key = c.keyInRange(Int(d)) // doc ids are below docCount, the dense column's value count
            } else {
                let r = try c.values(of: d)
                if !r.isEmpty { key = c.keyInRange(descending ? r.upperBound - 1 : r.lowerBound) }
            }
            if worst != nil {
                let after: Bool
                if let key {
                    if worstFirstIsKey {
                        let w = worstFirstKey
                        let cmp = key == w ? 0 : ((key < w) != descending ? -1 : 1)
                        after = cmp > 0 || (cmp == 0 && single && base + d > worstDoc)
                    } else {
                        after = false // a value sorts before the missing worst
                    }
                } else {
                    after = worstFirstIsKey || (single && base + d > worstDoc)
                }
                if after {
                    totalHits += 1
                    continue
                }
            }
            try collect(doc: d, score: 0, first: key.map(SortValue.key) ?? .missing)
        }
    }

    func collect(doc: Int32, score: Float) throws {
        if numericTop != nil {
            var one = doc
            return try withUnsafePointer(to: &one) { try collectNumeric(UnsafeBufferPointer(start: $0, count: 1)) }
        }
        try collect(doc: doc, score: score, first: try value(0, doc: doc, score: score))
    }

    /// One numeric key: each match's entry offered to the heap.
    private func collectNumeric(_ docs: UnsafeBufferPointer<Int32>) throws {
        totalHits += docs.count
        var top = numericTop!
        numericTop = nil
        defer { numericTop = top }
        let descending = firstDescending, base = self.base
        guard let c = firstColumn else {
            for d in docs { top.offer(NumericTop.Entry(missing: true, rank: 0, doc: base + d)) }
            return
        }
        if c.dense { // doc ids are below docCount, the dense column's value count
            for d in docs { top.offer(NumericTop.entry(key: c.keyInRange(Int(d)), doc: base + d, descending: descending)) }
            return
        }
        for d in docs {
            let r = try c.values(of: d)
            if r.isEmpty {
                top.offer(NumericTop.Entry(missing: true, rank: 0, doc: base + d))
            } else {
                top.offer(NumericTop.entry(key: c.keyInRange(descending ? r.upperBound - 1 : r.lowerBound), doc: base + d, descending: descending))
            }
        }
    }

    /// `collect(doc:score:)` with the first key's value read.
    private func collect(doc: Int32, score: Float, first: SortValue) throws {
        totalHits += 1
        // The first key alone mostly decides: a match after the k-th best (or not after
        // `searchAfter`) by it is left without building its whole key.
        if worst != nil {
            let c = SortValue.compare(first, worstFirst, descending: fields[0].descending)
            // After the worst by the first key, or equal to it and after it by doc (one key).
            if c > 0 || (c == 0 && fields.count == 1 && base + doc > worstDoc) { return }
        }
        if let afterFirst, SortValue.compare(first, afterFirst, descending: fields[0].descending) < 0 { return }
        var values: [SortValue] = [first]
        values.reserveCapacity(fields.count)
        for i in fields.indices.dropFirst() { values.append(try value(i, doc: doc, score: score)) }
        let key = SortKey(values: values, doc: base + doc)
        if let after, !after.precedes(key, fields) { return }
        if let worst, !key.precedes(worst, fields) { return }
        kept.append((key, score))
        if kept.count >= 2 * max(k, 16) { cut() }
    }

    /// `doc`'s value of sort key `i`.
    @inline(__always) private func value(_ i: Int, doc: Int32, score: Float) throws -> SortValue {
        guard numbers[i] != nil else { return .score(score) }
        guard let c = columns[i] else { return .missing }
        let r = try c.values(of: doc)
        if r.isEmpty { return .missing }
        let at = fields[i].descending ? r.upperBound - 1 : r.lowerBound
        guard types[i] == .keyword else { return .key(c.keyInRange(at)) }
        let o = try c.ordinal(at)
        if let t = terms[i][o] { return .text(t) }
        let t = try c.term(o)
        terms[i][o] = t
        return .text(t)
    }

    /// Keeps the best k and remembers the worst of them.
    private func cut() {
        let fields = self.fields
        kept.sort { $0.key.precedes($1.key, fields) }
        if kept.count > k { kept.removeLast(kept.count - k) }
        worst = kept.count == k ? kept.last?.key : nil
        if let worst {
            worstFirst = worst.values[0]
            worstDoc = worst.doc
            if case let .key(k) = worstFirst { (worstFirstKey, worstFirstIsKey) = (k, true) } else { worstFirstIsKey = false }
        }
    }

    /// The first k, in order.
    var hits: [(key: SortKey, score: Float)] {
        if let top = numericTop {
            return top.sorted().map { e in
                (SortKey(values: [e.missing ? .missing : .key(NumericTop.key(rank: e.rank, descending: firstDescending))], doc: e.doc), 0)
            }
        }
        cut()
        return kept
    }
}

/// The k first matches by one number, date or bool key, as plain values in a binary heap whose
/// root is the last of them: a match enters only when it comes before the root.
struct NumericTop {
    /// A match: missing values last; then `rank`, the key mapped to an unsigned integer in the
    /// sort's order; then the doc id (the snapshot's).
    struct Entry {
        var missing: Bool
        var rank: UInt64
        var doc: Int32

        @inline(__always) func before(_ o: Entry) -> Bool {
            if missing != o.missing { return !missing }
            if rank != o.rank { return rank < o.rank }
            return doc < o.doc
        }
    }

    let k: Int
    /// Only matches after this one are kept (`searchAfter`).
    let after: Entry?
    private(set) var heap: [Entry] = []

    init(k: Int, after: Entry?) {
        self.k = k
        self.after = after
        heap.reserveCapacity(min(k, 1 << 16))
    }

    /// The entry of `key`: ascending, its bits with the sign flipped (unsigned order = signed
    /// order); descending, their complement.
    @inline(__always) static func entry(key: Int64, doc: Int32, descending: Bool) -> Entry {
        let up = UInt64(bitPattern: key) ^ (1 << 63)
        return Entry(missing: false, rank: descending ? ~up : up, doc: doc)
    }

    /// The key of a rank made by `entry`.
    static func key(rank: UInt64, descending: Bool) -> Int64 {
        Int64(bitPattern: (descending ? ~rank : rank) ^ (1 << 63))
    }

    @inline(__always) mutating func offer(_ e: Entry) {
        if let after, !after.before(e) { return }
        if heap.count < k {
            heap.append(e)
            var c = heap.count - 1
            while c > 0 {
                let p = (c - 1) / 2
                guard heap[p].before(heap[c]) else { break }
                heap.swapAt(c, p)
                c = p
            }
            return
        }
        guard k > 0, e.before(heap[0]) else { return }
        heap[0] = e
        var p = 0
        let n = heap.count
        while true {
            let l = 2 * p + 1, r = l + 1
            var m = p
            if l < n && heap[m].before(heap[l]) { m = l }
            if r < n && heap[m].before(heap[r]) { m = r }
            if m == p { return }
            heap.swapAt(p, m)
            p = m
        }
    }

    /// The kept entries, first first.
    func sorted() -> [Entry] { heap.sorted { $0.before($1) } }
}
