/// One key hits are sorted by: a fast field's value or the score, ascending or descending.
/// Documents missing the field come last either way; ties go to the next key, then to the lower
/// doc id.
public struct SortField: Equatable, Sendable {
    /// What is compared.
    package enum Key: Equatable, Sendable {
        /// The BM25 score.
        case score
        /// A fast field's value: numbers and dates by value, keywords by bytes; of several values,
        /// the smallest when ascending and the largest when descending.
        case field(String)
    }

    package var key: Key
    package var descending: Bool

    /// By fast field `name`.
    public static func field(_ name: String, descending: Bool = false) -> SortField { SortField(key: .field(name), descending: descending) }
    /// By score, best first.
    public static let score = SortField(key: .score, descending: true)

    package init(key: Key, descending: Bool) {
        self.key = key
        self.descending = descending
    }

    /// `name` ascending, `-name` descending, `score` / `-score` by score (`--sort -modified`).
    package init(parsing text: String) {
        let descending = text.hasPrefix("-")
        let name = descending || text.hasPrefix("+") ? String(text.dropFirst()) : text
        self.init(key: name == "score" || name == "_score" ? .score : .field(name), descending: name == "score" || name == "_score" ? !descending : descending)
    }
}

/// A hit's value of one sort key.
package enum SortValue: Hashable, Sendable {
    /// The document has no value in the field.
    case missing
    /// A number, date or bool's ordered key (see `FieldValue`): compare these, not what they stand for.
    case key(Int64)
    /// A keyword.
    case text(String)
    /// The score.
    case score(Float)

    /// -1, 0, 1 for `a` before, with or after `b` in `field`'s order (missing last).
    static func compare(_ a: SortValue, _ b: SortValue, descending: Bool) -> Int {
        var c = 0
        switch (a, b) {
        case (.missing, .missing): return 0
        case (.missing, _): return 1
        case (_, .missing): return -1
        case let (.key(x), .key(y)): c = x < y ? -1 : (x > y ? 1 : 0)
        case let (.score(x), .score(y)): c = x < y ? -1 : (x > y ? 1 : 0)
        case let (.text(x), .text(y)): c = x == y ? 0 : (x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1)
        default: c = 0
        }
        return descending ? -c : c
    }
}

/// Where a hit stands in a sorted search: its values of the sort keys and its doc id. Hand the
/// last hit's to `SearchOptions.searchAfter` for the next page.
public struct SortKey: Hashable, Sendable {
    package var values: [SortValue]
    /// The global doc id: the last tie-break (valid for the snapshot the hit came from).
    package var doc: Int32

    package init(values: [SortValue], doc: Int32) {
        self.values = values
        self.doc = doc
    }

    /// Whether `self` sorts before `other` under `fields`.
    func precedes(_ other: SortKey, _ fields: [SortField]) -> Bool {
        for (i, f) in fields.enumerated() where i < values.count && i < other.values.count {
            let c = SortValue.compare(values[i], other.values[i], descending: f.descending)
            if c != 0 { return c < 0 }
        }
        return doc < other.doc
    }
}
