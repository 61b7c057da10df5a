/// One indexed word: its folded term, its position among the words of its field, and the byte range
/// (UTF-8 offsets, `startOffset ..< endOffset`) of the original text it came from.
public struct Token: Equatable, Hashable, Sendable {
    /// The term as indexed and searched (folded, transliterated).
    public var term: String
    /// The exact form (case-folded, not transliterated: `çavuşoğlu`, `москва`) when it differs from
    /// `term`; nil otherwise. Indexed at the same position so exact spellings can rank first.
    public var exact: String?
    /// Folded Snowball stems in the text's language that differ from `term`: the word's, then those
    /// of the words inside it (`l'hommes` → `homm`). Indexed at the same position as
    /// `IndexedTerm.stemmed(stem, language: language)`.
    public var stems: [String]
    /// The language the token was analyzed in (nil: unknown, no stems).
    public var language: Language?
    /// More folded forms at the same position: the words inside the token (`l'homme` → `homme`), the
    /// German `ue/oe/ae` spelling, CJK bigrams (see `Analyzer+Forms.swift`).
    public var alternates: [String]
    /// 0-based word position in the field; phrase queries compare these.
    public var position: Int
    /// UTF-8 byte offset of the first byte of the word in the original text.
    public var startOffset: Int
    /// UTF-8 byte offset one past the last byte of the word in the original text.
    public var endOffset: Int

    /// A token; `exact`, `stems`, `alternates` and `language` default to none.
    package init(term: String, exact: String? = nil, stems: [String] = [], alternates: [String] = [],
                language: Language? = nil, position: Int, startOffset: Int, endOffset: Int) {
        self.language = language
        self.term = term
        self.exact = exact
        self.stems = stems
        self.alternates = alternates
        self.position = position
        self.startOffset = startOffset
        self.endOffset = endOffset
    }

    /// The first stem (the word's own, for a token without apostrophes), if any.
    package var stem: String? { stems.first }

    /// The dictionary terms the token is indexed as (see `IndexedTerm`), plain first.
    package var indexedTerms: [String] {
        var out = [exact ?? term]
        if exact != nil { out.append(IndexedTerm.folded(term)) }
        out += alternates.map(IndexedTerm.folded)
        if let language { out += stems.map { IndexedTerm.stemmed($0, language: language) } }
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }
    }

    /// The token in one line, for test messages: `term|exact+alternate~stem@position[start..<end]`.
    package var description: String {
        var s = term + (exact.map { "|" + $0 } ?? "")
        for a in alternates { s += "+" + a }
        for st in stems { s += "~" + st }
        return s + "@\(position)[\(startOffset)..<\(endOffset)]"
    }
}
