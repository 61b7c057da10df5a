/// The first k matches in the order of `fields` (after `searchAfter`, when given), read from the
/// fast fields' columns; every match is counted.
final class SortingCollector: Collector {
    let fields: [SortField]
    let k: Int
    let after: SortKey?
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
        if let after, after.values.count != fields.count {
            throw LoupeError.invalidArgument("searchAfter has \(after.values.count) values for \(fields.count) sort keys")
        }
        self.numbers = numbers
        self.types = types
        scoreMode = fields.contains { $0.key == .score } ? .complete : .none
    }

    func beginSegment(_ segment: SegmentReader, docBase: Int32) throws {
        base = docBase
        columns = numbers.map { $0.flatMap { segment.column($0) } }
        terms = Array(repeating: [:], count: fields.count)
    }

    func collect(doc: Int32, score: Float) throws {
        totalHits += 1
        var values: [SortValue] = []
        values.reserveCapacity(fields.count)
        for i in fields.indices {
            guard numbers[i] != nil else {
                values.append(.score(score))
                continue
            }
            guard let c = columns[i] else {
                values.append(.missing)
                continue
            }
            let r = try c.values(of: doc)
            if r.isEmpty {
                values.append(.missing)
                continue
            }
            let at = fields[i].descending ? r.upperBound - 1 : r.lowerBound
            if types[i] == .keyword {
                let o = try c.ordinal(at)
                if let t = terms[i][o] { values.append(.text(t)) } else {
                    let t = try c.term(o)
                    terms[i][o] = t
                    values.append(.text(t))
                }
            } else {
                values.append(.key(try c.key(at)))
            }
        }
        let key = SortKey(values: values, doc: base + doc)
        if let after, !after.precedes(key, fields) { return }
        if let worst, !key.precedes(worst, fields) { return }
        kept.append((key, score))
        if kept.count >= 2 * max(k, 16) { cut() }
    }

    /// Keeps the best k and remembers the worst of them.
    private func cut() {
        let fields = self.fields
        kept.sort { $0.key.precedes($1.key, fields) }
        if kept.count > k { kept.removeLast(kept.count - k) }
        worst = kept.count == k ? kept.last?.key : nil
    }

    /// The first k, in order.
    var hits: [(key: SortKey, score: Float)] {
        cut()
        return kept
    }
}
