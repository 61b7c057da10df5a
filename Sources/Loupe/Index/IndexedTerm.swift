/// How a token becomes dictionary terms, so that exact spellings can rank above folded matches and
/// `--exact` can turn folding off:
///
/// - a token whose exact form (case-folded, not transliterated) equals its folded form — every ASCII
///   word, every Han/kana/Thai word — is indexed once, as that form: `moscow`, `東京`;
/// - a token whose forms differ is indexed twice at the same position: its exact form as is
///   (`çavuşoğlu`, `москва`) and its folded form behind a marker byte (`\u{1}cavusoglu`, `\u{1}moskva`).
///
/// So the plain terms are exactly the case-folded original spellings, and a folded query term `t`
/// matches the union of `t` and `\u{1}t`. The two never collide: a marked term starts with 0x01, which
/// no analyzed word contains.
public enum IndexedTerm {
    /// The byte that marks a folded form.
    public static let marker: Character = "\u{1}"
    /// The marker as the key byte it is.
    static let markerByte: UInt8 = 0x01

    /// The dictionary term of folded form `term` of a token whose exact form differs.
    @inline(__always) public static func folded(_ term: String) -> String { "\u{1}" + term }

    /// The text of a dictionary term for display: marked terms without their marker.
    public static func display(_ term: String) -> String { term.first == marker ? String(term.dropFirst()) : term }
}
