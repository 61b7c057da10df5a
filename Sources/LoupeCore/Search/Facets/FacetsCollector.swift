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
        /// The current segment's matches holding several values: their ordinals, one list after
        /// the other, each ending where `segmentEnds` says.
        var segmentOrdinals: [Int32] = []
        var segmentEnds: [Int32] = []
        /// The values seen in the segments done, each numbered once (`names[n]`, `numbers[name]`),
        /// with its number of matches.
        var names: [String] = []
        var numbers: [String: Int32] = [:]
        var counts: [Int] = []
        /// The value numbers of every match holding several values, in the segments done, as
        /// `segmentOrdinals`: `others` counts such a match once, and not when one of its values is
        /// in the top.
        var multiNumbers: [Int32] = []
        var multiEnds: [Int] = []
        var rangeCounts: [Int]
        /// For an automatic facet, its buckets so far.
        var automatic: AutomaticBuckets? = nil
        var missing = 0
        var withValue = 0
    }

    // Unchecked exclusivity: the collector is used by one search on one thread, and the dynamic
    // checks of these properties cost more than the counting itself.
    @exclusivity(unchecked) private var facets: [Facet]
    var scoreMode: ScoreMode { .none }
    /// Matches seen.
    @exclusivity(unchecked) private(set) var matches = 0

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
                    for v in r {
                        let o = try c.ordinal(v)
                        facets[i].ordinalCounts[o] += 1
                        facets[i].segmentOrdinals.append(Int32(o))
                    }
                    facets[i].segmentEnds.append(Int32(facets[i].segmentOrdinals.count))
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

    /// Folds the segment's ordinal counts into counts by value number.
    private func endSegment() throws {
        for i in facets.indices where facets[i].keyword {
            guard let c = facets[i].column else { continue }
            // Taken out of the array while it grows, so that its arrays are not copied.
            var f = facets[i]
            facets[i] = Facet(request: f.request, field: f.field, keyword: true, ranges: [], rangeCounts: [])
            var numberOf = [Int32](repeating: -1, count: f.ordinalCounts.count)
            for (o, n) in f.ordinalCounts.enumerated() where n > 0 {
                let name = try c.term(o)
                let number: Int32
                if let known = f.numbers[name] { number = known } else {
                    number = Int32(f.names.count)
                    f.names.append(name)
                    f.numbers[name] = number
                    f.counts.append(0)
                }
                numberOf[o] = number
                f.counts[Int(number)] += Int(n)
            }
            let offset = f.multiNumbers.count
            for o in f.segmentOrdinals { f.multiNumbers.append(numberOf[Int(o)]) }
            for end in f.segmentEnds { f.multiEnds.append(offset + Int(end)) }
            f.segmentOrdinals = []
            f.segmentEnds = []
            f.ordinalCounts = []
            f.column = nil
            facets[i] = f
        }
    }

    /// The counts, in the order requested.
    func results() throws -> [FacetResult] {
        try endSegment()
        return facets.map { f in
            switch f.request {
            case let .terms(field, top):
                let sorted = f.counts.indices.sorted {
                    f.counts[$0] != f.counts[$1] ? f.counts[$0] > f.counts[$1] : f.names[$0].utf8.lexicographicallyPrecedes(f.names[$1].utf8)
                }
                let kept = sorted.prefix(top)
                var inTop = [Bool](repeating: false, count: f.names.count)
                for n in kept { inTop[n] = true }
                // Documents with a value outside the top and none inside it.
                var others = sorted.dropFirst(top).reduce(0) { $0 + f.counts[$1] }
                // A document of several values was counted once per value: count it once, and not
                // at all when one of its values is in the top.
                var start = 0
                for end in f.multiEnds {
                    var outside = 0
                    for n in f.multiNumbers[start..<end] where !inTop[Int(n)] { outside += 1 }
                    if outside > 0 { others -= outside }
                    if outside > 0 && outside == end - start { others += 1 }
                    start = end
                }
                return FacetResult(field: field, buckets: kept.map { (f.names[$0], f.counts[$0]) }, others: others, missing: f.missing)
            case let .ranges(field, buckets):
                return FacetResult(field: field, buckets: zip(buckets, f.rangeCounts).map { ($0.label, $1) }, others: 0, missing: f.missing)
            case let .automatic(field):
                return FacetResult(field: field, buckets: f.automatic?.results() ?? [], others: 0, missing: f.missing)
            }
        }
    }
}
