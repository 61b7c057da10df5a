import LoupeCore

/// Search results as JSON Lines: one `SearchHitRecord` object per hit, then one `SearchSummaryRecord`.
/// What `loupe search --json` prints, made here so that a server can send the same objects.
///
/// A hit line (keys sorted; `explanation` only when asked for):
///
///     {"path":"news/weather.md","rank":1,"score":2.57,"snippets":[{"documentHighlights":[[20,32]],
///      "end":40,"highlights":[[20,32]],"start":0,"text":"Snow in Moscow Москва: идёт снег."}],
///      "title":"Snow in Moscow","type":"hit"}
///
/// and the summary that ends the results:
///
///     {"exact":true,"milliseconds":1.8,"offset":0,"returned":1,"total":1,"type":"summary"}
///
/// A score that is not a finite number (a query boost of `1e38` overflows) is written as `null`:
/// JSON has no infinity, and the encoding must not fail on it.
package struct SearchHitRecord: Codable, Sendable, Equatable {
    /// A passage of the hit's text; offsets are UTF-8 byte offsets.
    package struct Passage: Codable, Sendable, Equatable {
        /// The passage (white space runs shown as one space).
        package var text: String
        /// Where the passage starts in the document's text.
        package var start: Int
        /// Where it ends in the document's text, exclusive.
        package var end: Int
        /// `[start, end]` of each highlighted word within `text`.
        package var highlights: [[Int]]
        /// `[start, end]` of each highlighted word within the document's text.
        package var documentHighlights: [[Int]]
        /// The page of the passage's first highlighted word (its start when none), for documents with
        /// pages (PDF); absent otherwise. Set by the caller, which knows the document's page breaks.
        package var page: Int?

        /// The record of `snippet`.
        package init(_ snippet: Snippet) {
            text = snippet.text
            start = snippet.start
            end = snippet.end
            highlights = snippet.highlights.map { [$0.lowerBound, $0.upperBound] }
            documentHighlights = snippet.documentHighlights.map { [$0.lowerBound, $0.upperBound] }
        }
    }

    /// One BM25 part of the score (see `ScoreExplanation`), non-finite numbers as `null`.
    package struct Part: Codable, Sendable, Equatable {
        /// The field.
        package var field: String
        /// The term (`"a b"` for a phrase, `=term` for an exact form).
        package var term: String
        /// Term frequency (for a word in several forms, the weighted sum over them).
        package var tf: Float?
        /// The field's length in words.
        package var length: Int
        /// The field's average length in words.
        package var averageLength: Double?
        /// The term's idf.
        package var idf: Float?
        /// Field boost × query boost.
        package var boost: Float?
        /// This part of the score.
        package var score: Float?

        /// The record of `e`.
        package init(_ e: ScoreExplanation) {
            field = e.field
            term = e.term
            tf = finite(e.tf)
            length = e.length
            averageLength = finite(e.averageLength)
            idf = finite(e.idf)
            boost = finite(e.boost)
            score = finite(e.score)
        }

        package func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(field, forKey: .field)
            try c.encode(term, forKey: .term)
            try c.encode(tf, forKey: .tf)
            try c.encode(length, forKey: .length)
            try c.encode(averageLength, forKey: .averageLength)
            try c.encode(idf, forKey: .idf)
            try c.encode(boost, forKey: .boost)
            try c.encode(score, forKey: .score)
        }
    }

    /// Always `"hit"`: tells hit lines from the summary line.
    package var type = "hit"
    /// 1-based rank in the whole ranking (the offset included).
    package var rank: Int
    /// The BM25 score; nil (`null`) when it is not finite.
    package var score: Float?
    /// The stored path (empty when the index stores none).
    package var path: String
    /// The title: the stored one, else what the caller gave.
    package var title: String
    /// The best passages, when asked for.
    package var snippets: [Passage]
    /// The parts of the score, when asked for; absent from the JSON otherwise.
    package var explanation: [Part]?
    /// Stored fields the caller chose (`--fields`); absent from the JSON when none were asked for.
    package var fields: [String: String]?

    /// The record of `hit` at `rank`; `title` overrides the stored one (files that declare none
    /// show their first line, which the caller reads).
    package init(_ hit: SearchHit, rank: Int, title: String? = nil, explain: Bool = false) {
        self.rank = rank
        score = finite(hit.score)
        path = hit.path ?? ""
        self.title = title ?? hit.title ?? ""
        snippets = hit.snippets.map(Passage.init)
        explanation = explain ? hit.explanation.map(Part.init) : nil
    }

    package func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encode(rank, forKey: .rank)
        try c.encode(score, forKey: .score) // null, not absent, when not finite
        try c.encode(path, forKey: .path)
        try c.encode(title, forKey: .title)
        try c.encode(snippets, forKey: .snippets)
        try c.encodeIfPresent(explanation, forKey: .explanation)
        try c.encodeIfPresent(fields, forKey: .fields)
    }
}

/// The last line of a search's JSON Lines output: how many documents matched and how long it took.
package struct SearchSummaryRecord: Codable, Sendable, Equatable {
    /// Always `"summary"`.
    package var type = "summary"
    /// Documents that matched; a lower bound when `exact` is false.
    package var total: Int
    /// Whether `total` is exact (false: top-k pruning skipped documents that could not rank).
    package var exact: Bool
    /// Hits returned (the page after `offset`).
    package var returned: Int
    /// Hits skipped before the page.
    package var offset: Int
    /// Time of the search, snippets included.
    package var milliseconds: Double
    /// The counts per value asked for (`SearchOptions.facets`); absent when none were.
    package var facets: [Facet]?

    /// One facet's counts.
    package struct Facet: Codable, Sendable, Equatable {
        package struct Bucket: Codable, Sendable, Equatable {
            package var value: String
            package var count: Int
        }
        package var field: String
        package var buckets: [Bucket]
        /// Matches with only values outside `buckets`.
        package var others: Int
        /// Matches without a value.
        package var missing: Int
    }

    /// The summary of `results`, a page that skipped `offset` hits and took `milliseconds`.
    package init(_ results: SearchResults, offset: Int, milliseconds: Double) {
        total = results.totalHits
        exact = results.totalHitsIsExact
        returned = results.hits.count
        self.offset = offset
        self.milliseconds = milliseconds.isFinite ? milliseconds : 0
        facets = results.facets.isEmpty ? nil : results.facets.map {
            Facet(field: $0.field, buckets: $0.buckets.map { Facet.Bucket(value: $0.value, count: $0.count) }, others: $0.others, missing: $0.missing)
        }
    }
}

/// `x`, or nil when it is infinite or NaN (JSON has no such numbers).
private func finite<F: BinaryFloatingPoint>(_ x: F) -> F? { x.isFinite ? x : nil }
