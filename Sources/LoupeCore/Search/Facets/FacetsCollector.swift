/// Counts every match per value of the requested fast fields (`FacetRequest`): per segment an array
/// of counts by keyword ordinal, added at the segment's end into one array by the snapshot's global
/// ordinal (`KeywordOrdinals`), whose values become text only for the buckets reported; range
/// buckets tested on each match's keys. Matches come one by one or, from the searcher's unscored
/// path, in batches (`BatchCollector`).
final class FacetsCollector: BatchCollector {
    private final class Facet {
        let request: FacetRequest
        let field: Int
        let keyword: Bool
        /// Ranges as inclusive key bounds.
        let ranges: [(lower: Int64, upper: Int64)]
        var column: Column?
        /// Keywords: the snapshot's values, and the current segment's ordinals' numbers there.
        var ordinals: KeywordOrdinals?
        var segmentMap: [Int32] = []
        /// The current segment's matches per keyword ordinal.
        var ordinalCounts: [Int32] = []
        /// The current segment's matches holding several values: their ordinals, one list after
        /// the other, each ending where `segmentEnds` says.
        var segmentOrdinals: [Int32] = []
        var segmentEnds: [Int32] = []
        /// Matches per global ordinal, over the segments done.
        var counts: [Int] = []
        /// The global ordinals of every match holding several values, in the segments done, as
        /// `segmentOrdinals`: `others` counts such a match once, and not when one of its values is
        /// in the top.
        var multiNumbers: [Int32] = []
        var multiEnds: [Int] = []
        var rangeCounts: [Int]
        /// For an automatic facet, its buckets so far.
        var automatic: AutomaticBuckets? = nil
        var missing = 0
        var withValue = 0

        init(request: FacetRequest, field: Int, keyword: Bool, ranges: [(lower: Int64, upper: Int64)], rangeCounts: [Int],
             automatic: AutomaticBuckets? = nil) {
            self.request = request
            self.field = field
            self.keyword = keyword
            self.ranges = ranges
            self.rangeCounts = rangeCounts
            self.automatic = automatic
        }

        private func damaged(_ c: Column, _ o: Int) -> LoupeError {
            LoupeError.corrupt(file: c.file.name, reason: "column of field \(c.field): ordinal \(o) of \(c.termCount)")
        }

        /// Counts the keywords of `docs` (of the current segment, which has a column).
        func countKeywords(_ docs: UnsafeBufferPointer<Int32>, _ c: Column) throws {
            let n = c.termCount
            var counts = ordinalCounts
            ordinalCounts = []
            defer { ordinalCounts = counts }
            try counts.withUnsafeMutableBufferPointer { counts in
                if c.dense { // one value each: doc d's is value d (doc ids are below docCount)
                    // Runs of one value (the common extension) counted in a register: adding 1 to
                    // the same slot match after match waits on the previous add each time.
                    var previous = -1, run: Int32 = 0
                    for d in docs {
                        let o = c.rawOrdinal(Int(d))
                        if o == previous {
                            run &+= 1
                            continue
                        }
                        guard o < n else { throw damaged(c, o) }
                        if previous >= 0 { counts[previous] &+= run }
                        (previous, run) = (o, 1)
                    }
                    if previous >= 0 { counts[previous] &+= run }
                    withValue += docs.count
                    return
                }
                for d in docs {
                    let r = try c.values(of: d)
                    if r.isEmpty {
                        missing += 1
                        continue
                    }
                    withValue += 1
                    if r.count == 1 {
                        let o = c.rawOrdinal(r.lowerBound)
                        guard o < n else { throw damaged(c, o) }
                        counts[o] &+= 1
                        continue
                    }
                    for v in r {
                        let o = c.rawOrdinal(v)
                        guard o < n else { throw damaged(c, o) }
                        counts[o] &+= 1
                        segmentOrdinals.append(Int32(truncatingIfNeeded: o))
                    }
                    segmentEnds.append(Int32(truncatingIfNeeded: segmentOrdinals.count))
                }
            }
        }

        /// Counts the keys of `doc` (ranges, automatic buckets).
        func countKeys(_ doc: Int32, _ c: Column) throws {
            let r = try c.values(of: doc)
            if r.isEmpty {
                missing += 1
                return
            }
            withValue += 1
            if automatic != nil {
                // A document of several values counts once per bucket its values fall in.
                if r.count == 1 {
                    automatic!.add(key: c.keyInRange(r.lowerBound))
                } else {
                    var seen = Set<Int64>()
                    for v in r {
                        let k = c.keyInRange(v)
                        if seen.insert(AutomaticBuckets.bucket(key: k, type: automatic!.type)).inserted { automatic!.add(key: k) }
                    }
                }
                return
            }
            for (b, range) in ranges.enumerated() {
                for v in r {
                    let k = c.keyInRange(v)
                    if k >= range.lower && k <= range.upper {
                        rangeCounts[b] += 1
                        break
                    }
                }
            }
        }

        /// Adds the segment's ordinal counts into the counts by global ordinal.
        func endSegment() {
            guard keyword, column != nil else { return }
            let map = segmentMap
            for (o, n) in ordinalCounts.enumerated() where n > 0 { counts[Int(map[o])] += Int(n) }
            for o in segmentOrdinals { multiNumbers.append(map[Int(o)]) }
            let offset = multiNumbers.count - segmentOrdinals.count
            for end in segmentEnds { multiEnds.append(offset + Int(end)) }
            segmentOrdinals = []
            segmentEnds = []
            ordinalCounts = []
            column = nil
        }
    }

    // Unchecked exclusivity: the collector is used by one search on one thread, and the dynamic
    // checks of these properties cost more than the counting itself.
    @exclusivity(unchecked) private var facets: [Facet]
    private let reader: IndexReader
    var scoreMode: ScoreMode { .none }
    /// Matches seen.
    @exclusivity(unchecked) private(set) var matches = 0

    init(_ requests: [FacetRequest], reader: IndexReader) throws {
        self.reader = reader
        let schema = reader.schema
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
        for f in facets { f.endSegment() }
        let index = reader.segments.firstIndex { $0 === segment }
        for f in facets {
            f.column = segment.column(f.field)
            guard f.keyword, let c = f.column else { continue }
            guard let index else { throw LoupeError.invalidArgument("facets of a segment outside the snapshot they were made for") }
            if f.ordinals == nil {
                let o = try reader.keywordOrdinals(field: f.field)
                f.ordinals = o
                f.counts = [Int](repeating: 0, count: o.count)
            }
            f.segmentMap = f.ordinals!.segmentMaps[index]
            guard f.segmentMap.count == c.termCount else {
                throw LoupeError.corrupt(file: c.file.name, reason: "column of field \(c.field): \(c.termCount) values, \(f.segmentMap.count) when first read")
            }
            f.ordinalCounts = Array(repeating: 0, count: c.termCount)
        }
    }

    func collect(doc: Int32, score: Float) throws {
        var one = doc
        try withUnsafePointer(to: &one) { try collect(docs: UnsafeBufferPointer(start: $0, count: 1)) }
    }

    func collect(docs: UnsafeBufferPointer<Int32>) throws {
        matches += docs.count
        for f in facets {
            guard let c = f.column else {
                f.missing += docs.count
                continue
            }
            if f.keyword {
                try f.countKeywords(docs, c)
            } else {
                for d in docs { try f.countKeys(d, c) }
            }
        }
    }

    /// The counts, in the order requested.
    func results() throws -> [FacetResult] {
        for f in facets { f.endSegment() }
        return facets.map { f in
            switch f.request {
            case let .terms(field, top):
                // The top values by count (ties: in byte order, which is the global ordinals' order).
                var kept: [Int] = []
                var total = 0
                for (g, n) in f.counts.enumerated() where n > 0 {
                    total += n
                    guard top > 0 else { continue }
                    if kept.count == top {
                        let last = kept[top - 1]
                        if n <= f.counts[last] { continue } // not more than the last kept (ties: lower ordinal first)
                        kept.removeLast()
                    }
                    var i = kept.count
                    while i > 0 && f.counts[kept[i - 1]] < n { i -= 1 }
                    kept.insert(g, at: i)
                }
                var inTop = [Bool](repeating: false, count: f.counts.count)
                for g in kept { inTop[g] = true }
                // Documents with a value outside the top and none inside it.
                var others = total - kept.reduce(0) { $0 + f.counts[$1] }
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
                let ordinals = f.ordinals
                return FacetResult(field: field, buckets: kept.map { (ordinals!.value($0), f.counts[$0]) }, others: others, missing: f.missing)
            case let .ranges(field, buckets):
                return FacetResult(field: field, buckets: zip(buckets, f.rangeCounts).map { ($0.label, $1) }, others: 0, missing: f.missing)
            case let .automatic(field):
                return FacetResult(field: field, buckets: f.automatic?.results() ?? [], others: 0, missing: f.missing)
            }
        }
    }
}
