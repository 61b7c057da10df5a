/// A parsed query, before it is bound to an index. `text` holds words as typed, analyzed when the
/// query is bound, once per analyzer of the fields it searches; the other leaves hold analyzed text
/// (what the index holds). `QueryParser` builds these from strings, and callers may build them directly.
public indirect enum Query: Equatable, Sendable {
    /// Words as typed (one word, or the words of a quoted phrase), analyzed by the analyzer of each
    /// field searched (`FieldSpec.analyzer`) into the other cases: a word in its forms (`word`), a
    /// phrase of the tokens when analysis splits the text (`phrase`), and so on (see `TextQuery`).
    /// What the parser makes of words.
    case text(String, field: String? = nil, match: TextMatch = .words)
    /// Documents containing the folded term `term` in `field` (nil: in every indexed field, each with
    /// its boost), whatever its original spelling: `cavusoglu` matches `Cavusoglu` and `Çavuşoğlu`.
    case term(String, field: String? = nil)
    /// Documents containing a word in any of its forms, scored as one term: the exact spelling
    /// ranks above the folded form, which ranks above a stem (see `TermQuery.word`). What the
    /// parser makes of a word.
    case word(Word, field: String? = nil)
    /// Documents containing exactly this case-folded, untransliterated form (`çavuşoğlu` matches
    /// `Çavuşoğlu` but not `Cavusoglu`). For words without diacritics or other scripts it equals `term`.
    case exact(String, field: String? = nil)
    /// Documents where `terms` occur at consecutive positions in one field; with `exact`, the terms
    /// are exact forms.
    case phrase([String], field: String? = nil, exact: Bool = false)
    /// Documents containing any term of `field` that starts with `prefix`: every such document,
    /// the matched terms scored as one (see `PrefixQuery`).
    case prefix(String, field: String? = nil)
    /// Documents containing a term within `maxEdits` (0–2) edits of `term`, a transposition of two
    /// neighbours counting as one (Damerau–Levenshtein; see `FuzzyQuery`).
    case fuzzy(String, maxEdits: Int, field: String? = nil)
    /// Clauses combined Lucene-style: every `must` matches, no `mustNot` matches, and `should` clauses
    /// add to the score (and, when there is no `must`, at least one of them must match).
    case boolean([Clause])
    /// `query` with its score multiplied by `boost`.
    case boosted(Query, Float)
    /// Documents whose fast field `field` has a value between the bounds (nil: open), unscored
    /// (each scores 1, or its boost): numbers, dates and bools by value, keywords in byte order.
    case range(String, lower: RangeBound?, upper: RangeBound?)
    /// Documents with at least one value in `field` (a fast field's column, or an indexed field's
    /// words); under `mustNot`, those missing it.
    case exists(String)
    /// Every live document (`*`).
    case all
    /// Matches nothing (an empty query, or words that analysis drops entirely).
    case none

    /// How a clause of a boolean query takes part.
    public enum Occur: Sendable {
        /// The clause must match, and adds to the score.
        case must
        /// The clause adds to the score; when no clause is `must`, at least one `should` must match.
        case should
        /// The clause must not match; it does not score.
        case mustNot
        /// The clause must match, and does not score (Lucene's FILTER): what the query language
        /// makes of a value of a keyword, number or date field (`tag:swift`, `price:[10 TO 50]`).
        /// Unlike Lucene's, it does not make the `should` clauses optional: without a `must`, one
        /// of them must still match (`budget ext:pdf` needs `budget`).
        case filter
    }

    /// How `text` matches, once analyzed.
    public enum TextMatch: Equatable, Sendable {
        /// A word in all its forms; several tokens are a phrase, its exact spelling ranking first.
        case words
        /// The exact forms only (`SearchOptions.exact`): `Çavuşoğlu` misses `Cavusoglu`.
        case exact
        /// Terms starting with the word's folded form (`word*`).
        case prefix
        /// Terms within `maxEdits` (0–2) edits of the word's folded form (`word~2`).
        case fuzzy(maxEdits: Int)
    }

    /// A query word's forms: `folded` (what analysis indexes), the `exact` spelling when it differs
    /// (case-folded, not transliterated), and its stems when the analyzer stems.
    public struct Word: Equatable, Sendable {
        /// The folded form: what analysis indexes.
        package var folded: String
        /// The exact spelling (case-folded, not transliterated) when it differs from `folded`.
        package var exact: String?
        /// The word's stems in the query languages (empty when the analyzer does not stem).
        package var stems: [String]
        /// Those of `stems` whose bare spelling is another word, not a form of the stem (French
        /// `corrigee` stems to `corrige`, but the word `corrige` stems to `corrig`): matched only as
        /// stem terms.
        package var unspelledStems: Set<String>
        /// Other spellings of the word, folded (`Müller` → `mueller`, `Київ` → `kyiv`), matched as
        /// its folded form is.
        package var spellings: [String]

        /// A word of these forms.
        package init(folded: String, exact: String? = nil, stems: [String] = [], unspelledStems: Set<String> = [],
                    spellings: [String] = []) {
            self.folded = folded
            self.exact = exact
            self.stems = stems
            self.unspelledStems = unspelledStems
            self.spellings = spellings
        }
    }

    /// One end of a `range`: a value of the field's type (a string for keywords) and whether the
    /// value itself is in the range.
    public struct RangeBound: Equatable, Sendable {
        public var value: FieldValue
        public var inclusive: Bool
        public init(_ value: FieldValue, inclusive: Bool = true) {
            self.value = value
            self.inclusive = inclusive
        }
    }

    /// One clause of a boolean query: a query and how it takes part.
    public struct Clause: Equatable, Sendable {
        /// How the clause takes part.
        public var occur: Occur
        /// The clause's query.
        public var query: Query
        /// A clause of `query` taking part as `occur`.
        public init(_ occur: Occur, _ query: Query) {
            self.occur = occur
            self.query = query
        }
    }
}

extension Query {
    /// Levels of nesting a query may have when it is bound: binding and scoring walk the tree
    /// recursively, and a thread's stack is finite. The parser's queries stay far below it.
    package static let maxDepth = 512

    /// Levels of nesting (a word is 1), counted without recursion.
    package var depth: Int {
        var deepest = 0
        var stack: [(Query, Int)] = [(self, 1)]
        while let (q, d) = stack.popLast() {
            deepest = Swift.max(deepest, d)
            switch q {
            case let .boolean(cs): for c in cs { stack.append((c.query, d + 1)) }
            case let .boosted(inner, _): stack.append((inner, d + 1))
            default: break
            }
        }
        return deepest
    }

    /// The largest product of the boosts on a path from the root to a leaf (1 without boosts).
    package var largestBoost: Float {
        var largest: Float = 1
        var stack: [(Query, Float)] = [(self, 1)]
        while let (q, b) = stack.popLast() {
            switch q {
            case let .boolean(cs): for c in cs { stack.append((c.query, b)) }
            case let .boosted(inner, f):
                guard f.isFinite, f >= 0 else { return .nan } // no valid product
                stack.append((inner, b * f))
            default: largest = Swift.max(largest, b)
            }
        }
        return largest
    }
}
