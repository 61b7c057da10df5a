/// A count of the matches per value of a fast field, asked with a search (`SearchOptions.facets`).
public enum FacetRequest: Equatable, Sendable {
    /// The `top` most frequent values of a keyword field (ties by value), and how many matches hold
    /// only other values.
    case terms(String, top: Int = 10)
    /// Per range of a number or date field, the matches with a value in it.
    case ranges(String, [FacetRange])
    /// Per range of a number, date or bool field, ranges chosen from the values matched: numbers by
    /// decade (`0`, `1–9`, `10–99`, … for integers, `[0.1, 1)` for doubles), dates by year (by
    /// month, `2024-03`, when all fall in one year), booleans by value; in ascending order, empty
    /// ranges left out.
    case automatic(String)

    /// The field counted.
    package var field: String {
        switch self {
        case let .terms(f, _), let .ranges(f, _), let .automatic(f): return f
        }
    }
}

/// A bucket of a range facet: values from `lower` (inclusive) to `upper` (exclusive); nil: open.
public struct FacetRange: Equatable, Sendable {
    package var label: String
    package var lower: FieldValue?
    package var upper: FieldValue?

    public init(_ label: String, from lower: FieldValue? = nil, to upper: FieldValue? = nil) {
        self.label = label
        self.lower = lower
        self.upper = upper
    }
}

/// The counts of one facet.
public struct FacetResult: Sendable {
    /// The field counted.
    public var field: String
    /// Values (or range labels) and how many matches hold them, most frequent first for terms, in
    /// the order asked for ranges.
    public var buckets: [(value: String, count: Int)]
    /// Matches holding a value of the field outside `buckets` only (terms beyond the top).
    public var others: Int
    /// Matches with no value in the field.
    public var missing: Int

    package init(field: String, buckets: [(value: String, count: Int)], others: Int, missing: Int) {
        self.field = field
        self.buckets = buckets
        self.others = others
        self.missing = missing
    }
}
