/// Documents where the words occur at consecutive positions in one field. Each position is a word
/// read as the union of its dictionary terms (its folded form matches both `t` and `\u{1}t`);
/// scored with BM25, the phrase's frequency as tf and the sum of its words' IDFs.
package struct PhraseQuery: QueryNode {
    /// Per position, the dictionary terms that match there.
    package var positions: [[String]]
    /// The field searched (nil: the default fields).
    package var field: String?
    /// How explanations name the phrase.
    package var label: String
    /// The terms highlighted in a hit's text.
    package var highlights: [HighlightTerm]

    /// The phrase whose words match `positions`, in `field` (nil: the default fields).
    package init(positions: [[String]], field: String?, label: String, highlights: [HighlightTerm]) {
        self.positions = positions
        self.field = field
        self.label = label
        self.highlights = highlights
    }

    package func weight(in context: SearchContext, boost: Float) throws -> any Weight {
        try PhraseWeight(self, context: context, boost: boost)
    }
}

final class PhraseWeight: Weight {
    private struct FieldPart {
        let field: Int
        let weight: Float
        let lengthTable: [Float]
        let about: LeafExplanation
    }
    private let query: PhraseQuery
    private let context: SearchContext
    private var parts: [FieldPart] = []

    init(_ query: PhraseQuery, context: SearchContext, boost: Float) throws {
        self.query = query
        self.context = context
        guard !query.positions.isEmpty else { return }
        for (f, fieldBoost) in try context.fields(query.field) {
            // Words in a row exist only in text: a keyword, number, date or bool field keeps no
            // positions. Named, it is an error; among the default fields, it is passed over.
            guard context.reader.schema.fields[f].type == .text else {
                if let name = query.field {
                    throw LoupeError.invalidArgument("'\(name)' is a \(context.reader.schema.fields[f].type) field: a phrase needs a text field")
                }
                continue
            }
            var idfSum: Float = 0
            for terms in query.positions { idfSum += try context.idf(f, anyOf: terms) }
            let b = boost * fieldBoost
            parts.append(FieldPart(field: f, weight: context.bm25.weight(boost: b, idf: idfSum), lengthTable: try context.lengthTable(f),
                                   about: LeafExplanation(field: f, fieldName: context.fieldName(f), label: query.label, idf: idfSum,
                                                          boost: b, averageLength: try context.fieldStatistics(f).averageLength)))
        }
    }

    func scorer(for segment: SegmentReader) throws -> (any Scorer)? {
        var subs: [Scorer] = []
        fieldLoop: for part in parts where segment.hasPositions(part.field) {
            var slots: [DocPostings] = []
            for terms in query.positions {
                guard let p = try context.postings(terms, part.field, segment) else { continue fieldLoop }
                slots.append(p)
            }
            subs.append(PhraseScorer(terms: slots, norms: segment.norms, field: part.field, weight: part.weight,
                                     lengthTable: part.lengthTable, about: part.about))
        }
        return subs.isEmpty ? nil : Scorers.or(subs)
    }

    func visitTerms(_ visit: (HighlightTerm) -> Void) { query.highlights.forEach(visit) }
}
