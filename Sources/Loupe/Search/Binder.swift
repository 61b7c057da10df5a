/// Binds a `Query` to an index snapshot: expands prefix and fuzzy terms over the term dictionaries,
/// gathers index-wide statistics (doc freqs, field lengths) once, then builds a `Scorer` tree for
/// each segment. A class: its caches (doc freqs, dictionary entries) are shared by the segments'
/// scorer trees (as a struct, the copy made per segment cost ~10 % of a query that finds nothing).
final class Binder {
    let reader: IndexReader
    let bm25: BM25
    let query: Query
    /// BM25's length table per field number.
    private(set) var lengthTables: [Int: [Float]] = [:]
    /// Fields searched by terms that name none (nil: all indexed fields).
    let defaultFields: [String]?
    /// Index-wide doc freq per (field, term).
    private let docFreqs = SmallMap<FieldTerm, Int>()
    /// Dictionary entries looked up while counting doc freqs, per segment: the scorers reuse them.
    private let infos = TermInfoCache()

    init(searcher: Searcher, query: Query, defaultFields: [String]? = nil) throws {
        reader = searcher.reader
        self.defaultFields = defaultFields
        bm25 = searcher.bm25
        self.query = try Self.expand(query, reader: reader, limit: searcher.maxExpansions)
        lengthTables = searcher.lengthTables()
    }

    /// Fields a node searches: the named one, or every indexed field with its schema boost.
    func fields(_ name: String?) throws -> [(number: Int, boost: Float)] {
        let schema = reader.schema
        if name == nil, let defaultFields {
            return try defaultFields.flatMap { try fields($0) }.map { ($0.number, schema.fields[$0.number].boost) }
        }
        if let name {
            guard let n = schema.number(of: name), schema.fields[n].indexed else {
                throw LoupeError.invalidArgument("'\(name)' is not an indexed field")
            }
            return [(n, 1)]
        }
        return schema.defaultSearchFields.map { ($0, schema.fields[$0].boost) }
    }

    private func docFreq(_ field: Int, _ term: String) throws -> Int {
        let key = FieldTerm(field: field, term: term)
        if let n = docFreqs[key] { return n }
        var n = 0
        for seg in reader.segments where seg.hasTerms(in: field) { n += try infos.lookup(seg, key)?.docFreq ?? 0 }
        docFreqs.insert(n, for: key)
        return n
    }

    /// IDF of a term read as the union of `variants` (doc freqs added: a document holding two
    /// spellings counts twice, which only lowers the IDF slightly).
    func idf(_ field: Int, _ variants: [String]) throws -> Float {
        var df = 0
        for v in variants { df += try docFreq(field, v) }
        return bm25.idf(docCount: reader.fieldStatistics(field).docCount, docFreq: df)
    }

    /// The postings of the union of `variants` in one field of a segment, or nil if none occurs.
    func postings(_ variants: [String], _ field: Int, _ seg: SegmentReader) throws -> DocPostings? {
        var its: [PostingsIterator] = []
        guard seg.hasTerms(in: field) else { return nil }
        for v in variants {
            if let info = try infos.lookup(seg, FieldTerm(field: field, term: v)) { its.append(try seg.postings(info)) }
        }
        if its.isEmpty { return nil }
        return its.count == 1 ? its[0] : UnionPostings(its)
    }

    /// BM25 scorer of one logical term (the union of `variants`) over the fields a node searches.
    private func termScorer(_ variants: [String], _ field: String?, _ seg: SegmentReader, _ boost: Float) throws -> Scorer? {
        var subs: [Scorer] = []
        for (f, fb) in try fields(field) {
            guard let p = try postings(variants, f, seg) else { continue }
            let weight = boost * fb * (try idf(f, variants)) * (bm25.k1 + 1)
            subs.append(TermScorer(postings: p, norms: seg.norms, field: f, weight: weight, lengthTable: lengthTables[f]!))
        }
        return subs.isEmpty ? nil : Scorers.or(subs)
    }

    /// The scorer tree of `query` for one segment.
    func scorer(for segment: SegmentReader) throws -> Scorer {
        try build(query, segment, boost: 1) ?? EmptyScorer()
    }

    private func build(_ q: Query, _ seg: SegmentReader, boost: Float) throws -> Scorer? {
        switch q {
        case .none:
            return nil
        case let .term(term, field):
            return try termScorer(IndexedTerm.variants(of: term), field, seg, boost)
        case let .exact(term, field):
            return try termScorer([term], field, seg, boost)
        case let .phrase(terms, field, exact):
            if terms.isEmpty { return nil }
            if terms.count == 1 { return try build(exact ? .exact(terms[0], field: field) : .term(terms[0], field: field), seg, boost: boost) }
            var subs: [Scorer] = []
            fieldLoop: for (f, fb) in try fields(field) {
                var slots: [DocPostings] = []
                var idfSum: Float = 0
                for t in terms {
                    let variants = exact ? [t] : [t, IndexedTerm.folded(t)]
                    guard let p = try postings(variants, f, seg) else { continue fieldLoop }
                    slots.append(p)
                    idfSum += try idf(f, variants)
                }
                let weight = boost * fb * idfSum * (bm25.k1 + 1)
                subs.append(PhraseScorer(terms: slots, norms: seg.norms, field: f, weight: weight, lengthTable: lengthTables[f]!))
            }
            return subs.isEmpty ? nil : Scorers.or(subs)
        case .prefix, .fuzzy:
            return nil // expanded in init; an expansion that found nothing matches nothing
        case let .boosted(inner, b):
            return try build(inner, seg, boost: boost * b)
        case let .boolean(clauses):
            var must: [Scorer] = [], should: [Scorer] = [], mustNot: [Scorer] = []
            for c in clauses {
                let s = try build(c.query, seg, boost: boost)
                switch c.occur {
                case .must:
                    guard let s else { return nil } // a required clause with no match: nothing matches
                    must.append(s)
                case .should: if let s { should.append(s) }
                case .mustNot: if let s { mustNot.append(s) }
                }
            }
            let hasMust = clauses.contains { $0.occur == .must }
            var main: Scorer
            if !must.isEmpty {
                main = Scorers.and(must)
                if !should.isEmpty { main = ReqOptScorer(required: main, optional: Scorers.or(should)) }
            } else if !hasMust && !should.isEmpty {
                main = Scorers.or(should)
            } else {
                return nil
            }
            if !mustNot.isEmpty {
                main = ExclusionScorer(required: main, excluded: Scorers.or(mustNot))
            }
            return main
        }
    }

    // MARK: Expansion of prefix and fuzzy terms

    private static func expand(_ q: Query, reader: IndexReader, limit: Int) throws -> Query {
        switch q {
        case let .prefix(p, field):
            return try expansion(field: field, reader: reader, limit: limit, prefix: p) { _ in 0 }
        case let .fuzzy(t, edits, field):
            let target = Array(t.unicodeScalars)
            return try expansion(field: field, reader: reader, limit: limit, prefix: "") { term in
                let d = Levenshtein.distance(target, Array(term.unicodeScalars), max: edits)
                return d <= edits ? d : nil
            }
        case let .boolean(cs):
            return .boolean(try cs.map { Query.Clause($0.occur, try expand($0.query, reader: reader, limit: limit)) })
        case let .boosted(inner, b):
            return .boosted(try expand(inner, reader: reader, limit: limit), b)
        default:
            return q
        }
    }

    /// The terms of `field` (or of every indexed field) that start with `prefix` and that `accept`
    /// maps to a distance, best (closest, then most frequent) `limit` of them, as a disjunction.
    private static func expansion(field: String?, reader: IndexReader, limit: Int, prefix: String,
                                  accept: (String) -> Int?) throws -> Query {
        let schema = reader.schema
        let numbers: [Int] = field.flatMap { schema.number(of: $0) }.map { [$0] } ?? schema.defaultSearchFields
        var found: [String: (distance: Int, df: Int)] = [:]
        for seg in reader.segments {
            for f in numbers {
                // Plain terms are exact spellings; marked ones are folded forms (see IndexedTerm).
                // Both expand to the folded query term, which matches either.
                for p in [prefix, IndexedTerm.folded(prefix)] {
                    try seg.terms.forEachTerm(field: f, prefix: p) { raw, info in
                        if p == prefix && IndexedTerm.isMarked(raw) { return true }
                        let term = IndexedTerm.display(raw)
                        if let d = accept(term) {
                            let old = found[term]
                            found[term] = (min(d, old?.distance ?? d), (old?.df ?? 0) + info.docFreq)
                        }
                        return true
                    }
                }
            }
        }
        let best = found.sorted { a, b in
            a.value.distance != b.value.distance ? a.value.distance < b.value.distance
                : a.value.df != b.value.df ? a.value.df > b.value.df : a.key < b.key
        }.prefix(limit)
        if best.isEmpty { return .none }
        return .boolean(best.map { Query.Clause(.should, .term($0.key, field: field)) })
    }
}

/// Levenshtein distance with an early exit.
enum Levenshtein {
    /// The edit distance between `a` and `b`, or `max + 1` once it is certain to exceed `max`.
    /// - Complexity: O(|a| · |b|), stopping early.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], max: Int) -> Int {
        if abs(a.count - b.count) > max { return max + 1 }
        if a.isEmpty { return b.count }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            var rowMin = cur[0]
            for j in 1...Swift.max(1, b.count) where b.count > 0 {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                rowMin = Swift.min(rowMin, cur[j])
            }
            if rowMin > max { return max + 1 }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}

/// A term of one field: the key of a search's lookups.
struct FieldTerm: Hashable {
    let field: Int
    let term: String
}

/// Term dictionary lookups of one search, per segment, so that counting doc freqs and building the
/// scorers look each (field, term) up once.
final class TermInfoCache {
    private struct Key: Hashable {
        let segment: ObjectIdentifier
        let term: FieldTerm
    }
    private let entries = SmallMap<Key, TermInfo?>()

    func lookup(_ seg: SegmentReader, _ term: FieldTerm) throws -> TermInfo? {
        let key = Key(segment: ObjectIdentifier(seg), term: term)
        if let hit = entries[key] { return hit }
        let info = try seg.termInfo(field: term.field, term: term.term)
        entries.insert(info, for: key)
        return info
    }
}
