/// The first k matches in the order of `fields` (after `searchAfter`, when given), read from the
/// fast fields' columns; every match is counted.
final class SortingCollector: Collector {
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
        scoreMode = fields.contains { $0.key == .score } ? .complete : .none
    }

    func beginSegment(_ segment: SegmentReader, docBase: Int32) throws {
        base = docBase
        columns = numbers.map { $0.flatMap { segment.column($0) } }
        terms = Array(repeating: [:], count: fields.count)
    }

    func collect(doc: Int32, score: Float) throws {
        totalHits += 1
        // The first key alone mostly decides: a match after the k-th best (or not after
        // `searchAfter`) by it is left without building its whole key.
        let first = try value(0, doc: doc, score: score)
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
        guard types[i] == .keyword else { return .key(try c.key(at)) }
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
        }
    }

    /// The first k, in order.
    var hits: [(key: SortKey, score: Float)] {
        cut()
        return kept
    }
}
