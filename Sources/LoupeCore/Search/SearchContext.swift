/// What a query binds to: one snapshot, the scoring statistics (its own or global ones), each
/// field's analyzer, and the per-search caches that the nodes' weights share (dictionary entries, doc
/// freqs), so each (segment, field, term) is looked up once per search.
///
/// A class: the caches are shared by every node and segment of the search. Made per search, used on
/// one thread.
public final class SearchContext {
    /// The snapshot searched.
    public let reader: IndexReader
    /// BM25's parameters for the search.
    package let bm25: BM25
    /// Global statistics when the search is one part of a larger one (nil: the snapshot's).
    let statistics: (any ScoringStatistics)?
    /// Fields searched by words that name none (nil: every indexed field with its boost).
    let defaultFields: [String]?
    /// Each field's analyzer: a query word is analyzed per field it searches (`TextQuery`).
    let analyzers: FieldAnalyzers
    /// BM25's length table per field number.
    let lengthTables: [Int: [Float]]
    private let docFreqs = SmallMap<TermsKey, Int>()
    private let termDocFreqs = SmallMap<FieldTerm, Int>()
    private let infos = TermInfoCache()
    /// Whether the search only counts matches: its scorers read documents, not frequencies (set
    /// before the query binds).
    var countsOnly = false
    /// Levels of query nodes being bound (see `nested`).
    private var depth = 0
    /// The fields a node that names none may search while a group of fields binds (`restricted`).
    private var restriction: [Int]?
    @exclusivity(unchecked) private var fieldStats: [Int: (docCount: Int, averageLength: Double)] = [:]

    init(reader: IndexReader, bm25: BM25, statistics: (any ScoringStatistics)?, defaultFields: [String]?,
         analyzers: FieldAnalyzers, lengthTables: [Int: [Float]]) {
        self.reader = reader
        self.bm25 = bm25
        self.statistics = statistics
        self.defaultFields = defaultFields
        self.analyzers = analyzers
        self.lengthTables = lengthTables
    }

    /// Runs `bind` one level deeper: a node with children binds them through this, so a tree of
    /// nodes built deeper than `Query.maxDepth` is an error, not a stack overflow.
    package func nested<T>(_ bind: () throws -> T) throws -> T {
        guard depth < Query.maxDepth else {
            throw LoupeError.invalidArgument("the query nests more than \(Query.maxDepth) levels")
        }
        depth += 1
        defer { depth -= 1 }
        return try bind()
    }

    /// Runs `bind` with the fields a node naming none searches narrowed to those of `fields` it
    /// would search anyway: how a word binds once per analyzer (`TextQuery`).
    func restricted<T>(to fields: [Int], _ bind: () throws -> T) rethrows -> T {
        let saved = restriction
        restriction = fields
        defer { restriction = saved }
        return try bind()
    }

    /// The analyzer of field number `field`.
    func analyzer(_ field: Int) -> Analyzer { analyzers[field] }

    /// Fields a node searches: the named one (boost 1), or the default ones with their schema boosts
    /// (only those of a `restricted` group while it binds).
    func fields(_ name: String?) throws -> [(number: Int, boost: Float)] {
        if name == nil, let restriction {
            return try unrestrictedFields(nil).filter { restriction.contains($0.number) }
        }
        return try unrestrictedFields(name)
    }

    private func unrestrictedFields(_ name: String?) throws -> [(number: Int, boost: Float)] {
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

    func fieldName(_ field: Int) -> String { reader.schema.fields[field].name }

    /// BM25's N and avgdl of `field`.
    func fieldStatistics(_ field: Int) throws -> (docCount: Int, averageLength: Double) {
        if let s = fieldStats[field] { return s }
        let s = try statistics?.fieldStatistics(field) ?? reader.fieldStatistics(field)
        fieldStats[field] = s
        return s
    }

    /// The length table of `field` when its average length is the snapshot's, else one for the
    /// global average.
    func lengthTable(_ field: Int) throws -> [Float] {
        if statistics == nil, let t = lengthTables[field] { return t }
        return bm25.lengthTable(averageLength: try fieldStatistics(field).averageLength)
    }

    /// The dictionary entry of `term` in `field` of `segment`, looked up once per search.
    func termInfo(_ segment: SegmentReader, _ field: Int, _ term: String) throws -> TermInfo? {
        guard segment.hasTerms(in: field) else { return nil }
        return try infos.lookup(segment, FieldTerm(field: field, term: term))
    }

    /// Documents holding `term` in `field`: the dictionary's doc freqs summed over the segments (or
    /// the global statistics' figure), looked up once per search.
    func docFreq(_ field: Int, term: String) throws -> Int {
        let key = FieldTerm(field: field, term: term)
        if let n = termDocFreqs[key] { return n }
        var n = 0
        if let statistics {
            n = try statistics.docFreq(field: field, anyOf: [term])
        } else {
            for seg in reader.segments { n += try termInfo(seg, field, term)?.docFreq ?? 0 }
        }
        termDocFreqs.insert(n, for: key)
        return n
    }

    /// The doc freq of one word read in several forms (`terms`), from the dictionary alone: the
    /// largest of the forms' own doc freqs, as Lucene's `SynonymQuery` takes it. It equals the
    /// size of the forms' union when one form's documents hold every other form (a word's rare
    /// variants inside its common spelling's documents), and is below it otherwise; counting the
    /// union exactly would decode every form's postings while the query binds.
    func formsDocFreq(_ field: Int, anyOf terms: [String]) throws -> Int {
        var n = 0
        for t in terms { n = max(n, try docFreq(field, term: t)) }
        return n
    }

    /// Documents holding any of `terms` in `field`, counted exactly (see `ScoringStatistics.docFreq`):
    /// decodes postings when several terms are present in a segment.
    func docFreq(_ field: Int, anyOf terms: [String]) throws -> Int {
        let key = TermsKey(field: field, terms: terms)
        if let n = docFreqs[key] { return n }
        var n = 0
        if let statistics {
            n = try statistics.docFreq(field: field, anyOf: terms)
        } else {
            for seg in reader.segments where seg.hasTerms(in: field) {
                var first: TermInfo?
                var present: [TermInfo] = []
                for t in terms {
                    guard let info = try termInfo(seg, field, t) else { continue }
                    if first == nil { first = info } else { present.append(info) }
                }
                guard let first else { continue }
                if present.isEmpty {
                    n += first.docFreq // one form present: its doc freq, no iterator
                } else {
                    n += try SnapshotStatistics.unionCount(([first] + present).map { try seg.postings($0, frequencies: false) }, docCount: seg.docCount)
                }
            }
        }
        docFreqs.insert(n, for: key)
        return n
    }

    /// BM25's IDF of a word read in the forms `terms` in `field` (`formsDocFreq`).
    func idf(_ field: Int, anyOf terms: [String]) throws -> Float {
        bm25.idf(docCount: try fieldStatistics(field).docCount, docFreq: try formsDocFreq(field, anyOf: terms))
    }

    /// The postings of the union of `terms` in one field of a segment, or nil if none occurs.
    func postings(_ terms: [String], _ field: Int, _ seg: SegmentReader) throws -> DocPostings? {
        var its: [PostingsIterator] = []
        for t in terms {
            if let info = try termInfo(seg, field, t) { its.append(try seg.postings(info)) }
        }
        if its.isEmpty { return nil }
        return its.count == 1 ? its[0] : UnionPostings(its)
    }
}

/// Some terms of one field: the key of the doc freq cache.
struct TermsKey: Hashable {
    let field: Int
    let terms: [String]
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
