/// The weight of a query that expands to the terms of the dictionaries (prefix, fuzzy): expanded
/// once per search, over every segment, with no cap. All the matched terms of a field are read as
/// one term: their postings gathered into one (doc, tf) list per segment, where tf sums each
/// matched term's frequency times the weight the query gives that term (a fuzzy match's distance),
/// and one IDF from the number of documents in the union. So every document holding a matching term
/// matches, the count is exact, and a thousand expansions cost one list, not a thousand clauses.
///
/// Terms are matched in the folded vocabulary: the marked folded forms (`\u{1}t`) and the plain
/// terms that are their own folded form; a plain exact spelling that folds to something else is
/// skipped, since its folded twin at the same position is matched instead, so no occurrence counts
/// twice.
final class ExpansionWeight: Weight {
    /// A term of a segment's field that matched, with its weight.
    typealias Match = (term: String, info: TermInfo, weight: Float)
    private struct FieldPart {
        let field: Int
        let weight: Float
        let lengthTable: [Float]
        let about: LeafExplanation
        /// Per segment (by object identity), its documents in order and their tfs.
        let lists: [ObjectIdentifier: (docs: [Int32], tfs: [Float])]
    }
    private var parts: [FieldPart] = []
    private var matched = Set<String>()
    private let field: String?

    /// - Parameter expand: the matching terms of a field (number) of a segment.
    init(context: SearchContext, boost: Float, field: String?, label: String,
         expand: (SegmentReader, Int) throws -> [Match]) throws {
        self.field = field
        for (f, fieldBoost) in try context.fields(field) {
            var lists: [ObjectIdentifier: (docs: [Int32], tfs: [Float])] = [:]
            var df = 0
            var fieldMatched = Set<String>()
            for seg in context.reader.segments where seg.hasTerms(in: f) {
                let matches = try expand(seg, f)
                if matches.isEmpty { continue }
                for m in matches { fieldMatched.insert(m.term) }
                let list = try Self.gather(matches, in: seg)
                df += list.docs.count
                lists[ObjectIdentifier(seg)] = list
            }
            if df == 0 { continue }
            matched.formUnion(fieldMatched)
            if context.statistics != nil {
                // Global statistics: the union of the matched terms over every part (each term in
                // both its plain and its marked spelling, as the expansion read them).
                let terms = fieldMatched.sorted().flatMap { [$0, IndexedTerm.folded($0)] }
                df = try context.docFreq(f, anyOf: terms)
            }
            let stats = try context.fieldStatistics(f)
            let idf = context.bm25.idf(docCount: stats.docCount, docFreq: df)
            let b = boost * fieldBoost
            parts.append(FieldPart(field: f, weight: context.bm25.weight(boost: b, idf: idf), lengthTable: try context.lengthTable(f),
                                   about: LeafExplanation(field: f, fieldName: context.fieldName(f), label: label, idf: idf,
                                                          boost: b, averageLength: stats.averageLength),
                                   lists: lists))
        }
    }

    /// The union of the matches' postings as (doc, weighted tf), in doc order: in a dense array
    /// when they cover much of the segment, else through a dictionary.
    private static func gather(_ matches: [Match], in seg: SegmentReader) throws -> (docs: [Int32], tfs: [Float]) {
        let postings = matches.reduce(0) { $0 + $1.info.docFreq }
        if postings >= seg.docCount / 16 {
            var tf = [Float](repeating: 0, count: seg.docCount)
            for m in matches {
                let it = try seg.postings(m.info)
                while try it.next() != PostingsFormat.noMoreDocs {
                    guard Int(it.doc) < tf.count else { throw LoupeError.corrupt(file: seg.info.name, reason: "a posting past the last document") }
                    tf[Int(it.doc)] += m.weight * Float(it.freq)
                }
            }
            var docs: [Int32] = [], tfs: [Float] = []
            for (d, v) in tf.enumerated() where v > 0 {
                docs.append(Int32(d))
                tfs.append(v)
            }
            return (docs, tfs)
        }
        var tf: [Int32: Float] = [:]
        for m in matches {
            let it = try seg.postings(m.info)
            while try it.next() != PostingsFormat.noMoreDocs { tf[it.doc, default: 0] += m.weight * Float(it.freq) }
        }
        let docs = tf.keys.sorted()
        return (docs, docs.map { tf[$0]! })
    }

    func scorer(for segment: SegmentReader) throws -> (any Scorer)? {
        var subs: [Scorer] = []
        for part in parts {
            guard let list = part.lists[ObjectIdentifier(segment)] else { continue }
            subs.append(ListScorer(docs: list.docs, tfs: list.tfs, norms: segment.norms, field: part.field, weight: part.weight,
                                   lengthTable: part.lengthTable, about: part.about))
        }
        return subs.isEmpty ? nil : Scorers.or(subs)
    }

    func visitTerms(_ visit: (HighlightTerm) -> Void) {
        for t in matched.sorted() { visit(HighlightTerm(field: field, term: t, exact: false)) }
    }

    /// Walks the folded vocabulary of `field` in `segment` (see the type's comment): `walk` is
    /// called with a base key (the field byte, then the marker for folded forms) and the key to
    /// start from, and reports (term without base, info, weight) for each match.
    static func foldedVocabulary(_ segment: SegmentReader, field: Int, analyzer: Analyzer,
                                 walk: ([UInt8], [UInt8], (String, TermInfo, Float) -> Void) throws -> Void) throws -> [Match] {
        var out: [Match] = []
        let f = UInt8(field)
        try walk([f, IndexedTerm.markerByte], [f, IndexedTerm.markerByte]) { term, info, w in out.append((term, info, w)) }
        // Plain terms start past the marker bytes (0x01 folded, 0x02 stems, 0x03 languages).
        try walk([f], [f, IndexedTerm.languageMarkerByte + 1]) { term, info, w in
            if term.utf8.allSatisfy({ $0 < 0x80 }) || analyzer.fold(term)?.term == term { out.append((term, info, w)) }
        }
        return out
    }
}
