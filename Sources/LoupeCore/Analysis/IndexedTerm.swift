/// How a token becomes dictionary terms, so that exact spellings can rank above folded matches and
/// those above stems, and `--exact` can turn folding off:
///
/// - a token whose exact form (case-folded, not transliterated) equals its folded form — every ASCII
///   word, every Han/kana/Thai word — is indexed as that form: `moscow`, `東京`;
/// - a token whose forms differ is indexed at the same position as its exact form as is
///   (`çavuşoğlu`, `москва`) and its folded form behind a marker byte (`\u{1}cavusoglu`, `\u{1}moskva`);
/// - further folded forms of the token (words inside it, CJK bigrams, German `ue` spellings: see
///   `Analyzer+Forms.swift`) are indexed behind the same marker at the same position;
/// - its Snowball stem, when it differs from the folded form, behind a second marker and the code
///   of the language it was stemmed in, at the same position: `running` → `running`, `\u{2}en:run`;
///   `Москве` → `москве`, `\u{1}moskve`, `\u{2}ru:moskv` (each language's stems have their own
///   document frequencies);
/// - once per field of each document, its language behind a third marker at position 0:
///   `\u{3}ru` (see `IndexReader+Languages.swift`).
///
/// So the plain terms are exactly the case-folded original spellings, and a folded query term `t`
/// matches the union of `t` and `\u{1}t`; a stem `s` in language `l` the union of `\u{2}l:s`, `s` and
/// `\u{1}s` (a word equal to its stem has no stem term). They
/// never collide: a marked term starts with a byte below 0x20, which no analyzed word contains.
///
/// Example: `l'Homme` in French is `l'homme`, `\u{1}homme`, `\u{2}fr:homm` at one position.
package enum IndexedTerm {
    /// The byte that marks a folded form.
    package static let marker: Character = "\u{1}"
    /// The marker as the key byte it is.
    static let markerByte: UInt8 = 0x01
    /// The byte that marks a Snowball stem.
    static let stemMarkerByte: UInt8 = 0x02
    /// The byte that marks a document field's language.
    static let languageMarkerByte: UInt8 = 0x03

    /// The dictionary term of folded form `term` of a token whose exact form differs.
    @inline(__always) package static func folded(_ term: String) -> String { "\u{1}" + term }

    /// The dictionary term of `stem`, a folded Snowball stem in `language` (`\u{2}ru:moskv`).
    @inline(__always) package static func stemmed(_ stem: String, language: Language) -> String {
        "\u{2}" + language.code + ":" + stem
    }

    /// The dictionary term recording that a field of a document is in `language`.
    package static func language(_ language: Language) -> String { "\u{3}" + language.code }

    /// The dictionary terms a query term stands for: a folded term `t` is `t` and `\u{1}t`; a stem
    /// term `\u{2}l:s` is itself, `s` and `\u{1}s` (a word equal to its stem has no stem term).
    package static func variants(of term: String) -> [String] {
        guard let (_, s) = stemParts(term) else { return [term, folded(term)] }
        return [term, s, folded(s)]
    }

    /// The language code and the stem of stem term `term` (`\u{2}l:s`), read in place; nil for
    /// any other term.
    static func stemParts(_ term: String) -> (language: String, stem: String)? {
        let u = term.utf8
        guard u.first == stemMarkerByte, let colon = u.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        return (String(term[term.index(after: term.startIndex)..<colon]), String(term[term.index(after: colon)...]))
    }

    /// Whether a dictionary term carries a marker (is not a plain spelling).
    @inline(__always) package static func isMarked(_ term: String) -> Bool {
        guard let b = term.utf8.first else { return false }
        return b < 0x20
    }

    /// The text of a dictionary term for display: marked terms without their marker.
    package static func display(_ term: String) -> String { isMarked(term) ? String(term.dropFirst()) : term }
}
