/// One BM25 part of a hit's score: a term (or phrase) in one field.
///
///     score = boost · idf · tf · (k1 + 1) / (tf + k1 · (1 − b + b · length / averageLength))
public struct ScoreExplanation: Sendable, Equatable, Codable, CustomStringConvertible {
    public var field: String
    /// The term, `"a b"` for a phrase; `=term` for an exact form.
    public var term: String
    /// Term (or phrase) frequency in the field.
    public var tf: Int
    /// The field's length in words (as quantized in the norms).
    public var length: Int
    public var averageLength: Double
    public var idf: Float
    /// Field boost × query boost.
    public var boost: Float
    public var score: Float

    private enum CodingKeys: String, CodingKey { case field, term, tf, length, averageLength, idf, boost, score }

    public var description: String {
        String(format: "%@:%@  tf=%d len=%d avg=%.1f idf=%.3f boost=%.2f → %.3f",
               field, term, tf, length, averageLength, idf, boost, score)
    }
}

extension Binder {
    /// The BM25 parts of `doc`'s score in `segment`, one per matching (term or phrase, field).
    func explain(doc: Int32, in segment: SegmentReader) throws -> [ScoreExplanation] {
        var out: [ScoreExplanation] = []
        try explain(query, doc, segment, 1, &out)
        return out
    }

    private func explain(_ q: Query, _ doc: Int32, _ seg: SegmentReader, _ boost: Float, _ out: inout [ScoreExplanation]) throws {
        switch q {
        case let .term(t, field): try explainTerms([IndexedTerm.variants(of: t)], IndexedTerm.display(t), field, doc, seg, boost, &out)
        case let .exact(t, field): try explainTerms([[t]], "=" + t, field, doc, seg, boost, &out)
        case let .phrase(ts, field, ex):
            try explainTerms(ts.map { ex ? [$0] : [$0, IndexedTerm.folded($0)] }, (ex ? "=" : "") + "\"" + ts.joined(separator: " ") + "\"", field, doc, seg, boost, &out)
        case let .boolean(cs): for c in cs where c.occur != .mustNot { try explain(c.query, doc, seg, boost, &out) }
        case let .boosted(inner, b): try explain(inner, doc, seg, boost * b, &out)
        default: break
        }
    }

    private func explainTerms(_ slots: [[String]], _ label: String, _ field: String?, _ doc: Int32,
                                       _ seg: SegmentReader, _ boost: Float, _ out: inout [ScoreExplanation]) throws {
        for (f, fb) in try fields(field) {
            var its: [DocPostings] = []
            var idfSum: Float = 0
            for variants in slots {
                guard let p = try postings(variants, f, seg) else { its = []; break }
                its.append(p)
                idfSum += try idf(f, variants)
            }
            guard !its.isEmpty else { continue }
            let tf: Int
            if its.count == 1 {
                guard try its[0].advance(to: doc) == doc else { continue }
                tf = Int(its[0].freq)
            } else {
                let phrase = PhraseScorer(terms: its, norms: seg.norms, field: f, weight: 0, lengthTable: lengthTables[f]!)
                guard try phrase.advance(to: doc) == doc else { continue }
                tf = phrase.phraseFrequency
            }
            let norm = try seg.norms.norm(field: f, doc: doc)
            let part = lengthTables[f]![Int(norm)]
            let b = boost * fb
            out.append(ScoreExplanation(
                field: reader.schema.fields[f].name, term: label, tf: tf, length: NormCodec.decode(norm),
                averageLength: reader.fieldStatistics(f).averageLength, idf: idfSum, boost: b,
                score: BM25.score(weight: b * idfSum * (bm25.k1 + 1), tf: Float(tf), lengthPart: part)))
        }
    }
}
