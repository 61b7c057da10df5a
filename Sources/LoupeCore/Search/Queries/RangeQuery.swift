/// Documents whose fast field has a value between two bounds (`Query.range`), each scoring its
/// boost: read from the field's column, no postings. Numbers, dates and bools compare by value,
/// keywords by their bytes (the bounds become a run of the segment's ordinals).
package struct RangeQuery: QueryNode {
    package var field: String
    package var lower: Query.RangeBound?
    package var upper: Query.RangeBound?

    /// Values of `field` from `lower` to `upper` (nil: open).
    package init(field: String, lower: Query.RangeBound?, upper: Query.RangeBound?) {
        self.field = field
        self.lower = lower
        self.upper = upper
    }

    package func weight(in context: SearchContext, boost: Float) throws -> any Weight {
        let (f, spec) = try context.fastField(field, for: "a range")
        if spec.type == .keyword {
            func text(_ b: Query.RangeBound?) throws -> String? {
                guard let b else { return nil }
                guard let s = b.value.string else { throw LoupeError.invalidArgument("field '\(field)' is a keyword field: range bounds are strings") }
                return spec.keywordTerm(.string(s))
            }
            return ColumnWeight(field: f, boost: boost,
                                predicate: .terms(lower: try text(lower), lowerInclusive: lower?.inclusive ?? true,
                                                  upper: try text(upper), upperInclusive: upper?.inclusive ?? true))
        }
        func key(_ b: Query.RangeBound?, _ isLower: Bool) throws -> Int64? {
            guard let b else { return nil }
            guard let k = b.value.columnKey(for: spec.type) else {
                throw LoupeError.invalidArgument("field '\(field)' is of type \(spec.type); the bound \(b.value) (\(b.value.kindName)) does not fit")
            }
            if b.inclusive { return k }
            if isLower { return k == .max ? nil : k + 1 }
            return k == .min ? nil : k - 1
        }
        let lo = try key(lower, true), hi = try key(upper, false)
        // An exclusive bound at the end of the key range leaves nothing.
        if (lower != nil && lo == nil) || (upper != nil && hi == nil) { return MatchNoneWeight() }
        return ColumnWeight(field: f, boost: boost, predicate: .keys(lower: lo ?? .min, upper: hi ?? .max))
    }
}

/// Documents with a value in `field` (`Query.exists`): from the column of a fast field, else from
/// the norms of an indexed one.
package struct ExistsQuery: QueryNode {
    package var field: String
    package init(field: String) { self.field = field }

    package func weight(in context: SearchContext, boost: Float) throws -> any Weight {
        let schema = context.reader.schema
        guard let f = schema.number(of: field) else { throw LoupeError.invalidArgument("unknown field '\(field)'") }
        if schema.fields[f].fast { return ColumnWeight(field: f, boost: boost, predicate: .any) }
        guard schema.fields[f].indexed else {
            throw LoupeError.invalidArgument("'\(field)' is neither indexed nor fast: whether a document has it is not known")
        }
        return NormsExistWeight(field: f, boost: boost)
    }
}

/// What a document's values in a column must satisfy.
enum ColumnPredicate {
    /// Some value at all.
    case any
    /// Some key in `lower ... upper`.
    case keys(lower: Int64, upper: Int64)
    /// Some keyword between the two (nil: open), compared as bytes.
    case terms(lower: String?, lowerInclusive: Bool, upper: String?, upperInclusive: Bool)
    /// Some keyword equal to one of these.
    case anyOf([String])
}

final class ColumnWeight: Weight {
    let field: Int
    let boost: Float
    let predicate: ColumnPredicate

    init(field: Int, boost: Float, predicate: ColumnPredicate) {
        self.field = field
        self.boost = boost
        self.predicate = predicate
    }

    func scorer(for segment: SegmentReader) throws -> (any Scorer)? {
        guard let column = segment.column(field) else { return nil }
        switch predicate {
        case .any:
            return PredicateScorer(docCount: segment.docCount, score: boost) { !(try column.values(of: $0)).isEmpty }
        case let .keys(lower, upper):
            guard lower <= upper else { return nil }
            if column.dense {
                // The bounds as packed values (key − base): `PackedKeyRange`.
                let base = column.base
                if upper < base { return nil }
                let lo = lower <= base ? 0 : UInt64(bitPattern: lower &- base), span = UInt64(bitPattern: upper &- base) &- lo
                let range = PackedKeyRange(values: column.packedValues, lower: lo, span: span, docCount: segment.docCount)
                return PredicateScorer(docCount: segment.docCount, score: boost, markAll: range.mark, keyRange: range,
                                       matches: range.admits)
            }
            return PredicateScorer(docCount: segment.docCount, score: boost) { d in
                for i in try column.values(of: d) {
                    let k = column.keyInRange(i)
                    if k > upper { return false }
                    if k >= lower { return true }
                }
                return false
            }
        case let .terms(lower, lowerInclusive, upper, upperInclusive):
            // The bounds as a run of ordinals: the dictionary is sorted.
            var lo = 0, hi = column.termCount // [lo, hi)
            if let lower {
                let o = try column.ordinal(of: lower)
                lo = o >= 0 ? (lowerInclusive ? o : o + 1) : -o - 1
            }
            if let upper {
                let o = try column.ordinal(of: upper)
                hi = o >= 0 ? (upperInclusive ? o + 1 : o) : -o - 1
            }
            return ordinalScorer(column, segment, { $0 >= lo && $0 < hi }, empty: lo >= hi)
        case let .anyOf(terms):
            var wanted = Set<Int>()
            for t in terms {
                let o = try column.ordinal(of: t)
                if o >= 0 { wanted.insert(o) }
            }
            return ordinalScorer(column, segment, { wanted.contains($0) }, empty: wanted.isEmpty)
        }
    }

    private func ordinalScorer(_ column: Column, _ segment: SegmentReader, _ test: @escaping (Int) -> Bool, empty: Bool) -> Scorer? {
        if empty { return nil }
        return PredicateScorer(docCount: segment.docCount, score: boost) { d in
            for i in try column.values(of: d) where test(column.rawOrdinal(i)) { return true }
            return false
        }
    }
}

/// Documents with a word in an indexed field (a nonzero norm).
final class NormsExistWeight: Weight {
    let field: Int
    let boost: Float
    init(field: Int, boost: Float) {
        self.field = field
        self.boost = boost
    }

    func scorer(for segment: SegmentReader) throws -> (any Scorer)? {
        guard segment.hasTerms(in: field) else { return nil }
        let norms = segment.norms, column = norms.column(of: field)
        return PredicateScorer(docCount: segment.docCount, score: boost) { try norms.norm(column: column, doc: $0) != 0 }
    }
}

extension SearchContext {
    /// The number and spec of fast field `name`; an error naming `use` when it is not one.
    func fastField(_ name: String, for use: String) throws -> (Int, FieldSpec) {
        let schema = reader.schema
        guard let f = schema.number(of: name) else { throw LoupeError.invalidArgument("unknown field '\(name)'") }
        guard schema.fields[f].fast else {
            throw LoupeError.invalidArgument("'\(name)' is not a fast field: \(use) reads a column (FieldSpec.fast)")
        }
        return (f, schema.fields[f])
    }
}
