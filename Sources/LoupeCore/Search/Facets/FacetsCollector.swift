/// Counts every match per value of the requested fast fields (`FacetRequest`): per segment an array
/// of counts by keyword ordinal, turned into values when the segment ends; range buckets tested on
/// each match's keys.
final class FacetsCollector: Collector {
    private struct Facet {
        let request: FacetRequest
        let field: Int
        let keyword: Bool
        /// Ranges as inclusive key bounds.
        let ranges: [(lower: Int64, upper: Int64)]
        var column: Column?
        /// The current segment's matches per keyword ordinal.
        var ordinalCounts: [Int32] = []
        /// Matches per keyword, over the segments done.
        var counts: [String: Int] = [:]
        var rangeCounts: [Int]
        /// For an automatic facet, its buckets so far.
        var automatic: AutomaticBuckets? = nil
        var missing = 0
        var withValue = 0
    }

    private var facets: [Facet]
    var scoreMode: ScoreMode { .none }
    /// Matches seen.
    private(set) var matches = 0
    /// Per terms facet, the ordinals of the current segment's matches holding several values, and
    /// the values of those of the segments done: `others` counts such a document once, and not
    /// when one of its values is in the top.
    private var multi: [[Int: [Int]]]
    private var multiValues: [[[String]]]

    init(_ requests: [FacetRequest], schema: Schema) throws {
        facets = try requests.map { r in
            guard let f = schema.number(of: r.field) else { throw LoupeError.invalidArgument("cannot facet by unknown field '\(r.field)'") }
            let spec = schema.fields[f]
            guard spec.fast else { throw LoupeError.invalidArgument("cannot facet by '\(r.field)': it is not a fast field (FieldSpec.fast)") }
            switch r {
            case let .terms(_, top):
                guard spec.type == .keyword else { throw LoupeError.invalidArgument("a terms facet needs a keyword field; '\(r.field)' is \(spec.type)") }
                guard top >= 0 else { throw LoupeError.invalidArgument("a facet's top must be ≥ 0") }
                return Facet(request: r, field: f, keyword: true, ranges: [], rangeCounts: [])
            case let .ranges(_, buckets):
                guard spec.type.isNumeric else { throw LoupeError.invalidArgument("a range facet needs a number or date field; '\(r.field)' is \(spec.type)") }
                let bounds = try buckets.map { b -> (Int64, Int64) in
                    func key(_ v: FieldValue?) throws -> Int64? {
                        guard let v else { return nil }
                        guard let k = v.columnKey(for: spec.type) else {
                            throw LoupeError.invalidArgument("facet range '\(b.label)': \(v) does not fit field '\(r.field)' of type \(spec.type)")
                        }
                        return k
                    }
                    let hi = try key(b.upper)
                    return (try key(b.lower) ?? .min, hi.map { $0 == .min ? .min : $0 - 1 } ?? .max)
                }
                return Facet(request: r, field: f, keyword: false, ranges: bounds, rangeCounts: Array(repeating: 0, count: buckets.count))
            case .automatic:
                guard spec.type.isNumeric else { throw LoupeError.invalidArgument("automatic ranges need a number, date or bool field; '\(r.field)' is \(spec.type)") }
                return Facet(request: r, field: f, keyword: false, ranges: [], rangeCounts: [], automatic: AutomaticBuckets(type: spec.type))
            }
        }
        multi = Array(repeating: [:], count: requests.count)
        multiValues = Array(repeating: [], count: requests.count)
    }

    func beginSegment(_ segment: SegmentReader, docBase: Int32) throws {
        try endSegment()
        for i in facets.indices {
            facets[i].column = segment.column(facets[i].field)
            facets[i].ordinalCounts = facets[i].keyword ? Array(repeating: 0, count: facets[i].column?.termCount ?? 0) : []
        }
    }

    func collect(doc: Int32, score: Float) throws {
        matches += 1
        for i in facets.indices {
            guard let c = facets[i].column else {
                facets[i].missing += 1
                continue
            }
            let r = try c.values(of: doc)
            if r.isEmpty {
                facets[i].missing += 1
                continue
            }
            facets[i].withValue += 1
            if facets[i].keyword {
                if r.count == 1 {
                    facets[i].ordinalCounts[try c.ordinal(r.lowerBound)] += 1
                } else {
                    var ords: [Int] = []
                    for v in r {
                        let o = try c.ordinal(v)
                        facets[i].ordinalCounts[o] += 1
                        ords.append(o)
                    }
                    multi[i][Int(doc)] = ords
                }
            } else if facets[i].automatic != nil {
                // A document of several values counts once per bucket its values fall in.
                if r.count == 1 {
                    facets[i].automatic!.add(key: try c.key(r.lowerBound))
                } else {
                    var seen = Set<Int64>()
                    for v in r {
                        let k = try c.key(v)
                        if seen.insert(AutomaticBuckets.bucket(key: k, type: facets[i].automatic!.type)).inserted { facets[i].automatic!.add(key: k) }
                    }
                }
            } else {
                for (b, range) in facets[i].ranges.enumerated() {
                    for v in r {
                        let k = try c.key(v)
                        if k >= range.lower && k <= range.upper {
                            facets[i].rangeCounts[b] += 1
                            break
                        }
                    }
                }
            }
        }
    }

    /// Folds the segment's ordinal counts into counts by value.
    private func endSegment() throws {
        for i in facets.indices where facets[i].keyword {
            guard let c = facets[i].column else { continue }
            for (o, n) in facets[i].ordinalCounts.enumerated() where n > 0 { facets[i].counts[try c.term(o), default: 0] += Int(n) }
            for ords in multi[i].values { multiValues[i].append(try ords.map { try c.term($0) }) }
            multi[i] = [:]
            facets[i].ordinalCounts = []
            facets[i].column = nil
        }
    }

    /// The counts, in the order requested.
    func results() throws -> [FacetResult] {
        try endSegment()
        return facets.enumerated().map { i, f in
            switch f.request {
            case let .terms(field, top):
                let sorted = f.counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                let kept = Array(sorted.prefix(top))
                let inTop = Set(kept.map(\.key))
                // Documents with a value outside the top and none inside it.
                var others = sorted.dropFirst(top).reduce(0) { $0 + $1.value }
                // A document of several values was counted once per value: count it once, and not
                // at all when one of its values is in the top.
                for values in multiValues[i] {
                    let outside = values.filter { !inTop.contains($0) }.count
                    if outside > 0 { others -= outside }
                    if outside > 0 && outside == values.count { others += 1 }
                }
                return FacetResult(field: field, buckets: kept.map { ($0.key, $0.value) }, others: others, missing: f.missing)
            case let .ranges(field, buckets):
                return FacetResult(field: field, buckets: zip(buckets, f.rangeCounts).map { ($0.label, $1) }, others: 0, missing: f.missing)
            case let .automatic(field):
                return FacetResult(field: field, buckets: f.automatic?.results() ?? [], others: 0, missing: f.missing)
            }
        }
    }
}
