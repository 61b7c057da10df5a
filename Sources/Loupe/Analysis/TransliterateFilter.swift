/// Transliterates a term to plain ASCII Latin when its script has a standard romanization that people
/// type on an ASCII keyboard, so `moskva` finds `Москва`, `ellada` finds `Ελλάδα`, `cavusoglu` finds
/// `Çavuşoğlu`, and the reverse (queries run through the same chain).
///
/// Which scripts are transliterated (the choice, written down):
/// - **Latin, Cyrillic, Greek, Armenian, Georgian**: yes. Diacritics go (`NFD; [:Nonspacing Mark:]
///   Remove`), special letters are spelled out by ICU's `Latin-ASCII` (`ß`→`ss`, `ł`→`l`, `đ`→`d`,
///   `ı`→`i`, `æ`→`ae`), Cyrillic soft/hard sign primes (`ʹ ʺ`) are dropped.
/// - **Han, Hiragana, Katakana, Hangul, Thai, Lao, Khmer, Myanmar, Arabic, Hebrew and every other
///   script**: no. `Any-Latin` turns Han into space-separated pinyin (`東京` → `dong jing`), which would
///   make CJK unsearchable by its own characters; abjads lose their vowels; Brahmic and Thai
///   romanizations are not what users type. These terms stay as NFKC_Casefold left them.
/// A term mixing a transliterated script with a kept one (rare: `Tokyo東京` is split by the tokenizer
/// anyway) is kept as is.
public final class TransliterateFilter: TermFilter {
    /// The ICU transform applied to eligible terms.
    public static let transformID = "Any-Latin; NFD; [:Nonspacing Mark:] Remove; [\\u02B9\\u02BA] Remove; NFC; Latin-ASCII; Any-Lower"

    /// Opened on first use: compiling the compound transform costs ~20 ms, which a reader answering
    /// only ASCII queries (or an index open) should not pay.
    private lazy var transliterator: ICUTransliterator? = try? ICUTransliterator(id: Self.transformID)

    public init() throws {}

    public var isFolding: Bool { true }

    /// Whether terms in `script` (an ICU UScriptCode) are transliterated.
    static func transliterates(script: Int32) -> Bool {
        switch script {
        case ICUScript.latin, ICUScript.cyrillic, ICUScript.greek, ICUScript.armenian, ICUScript.georgian,
             ICUScript.common, ICUScript.inherited:
            return true
        default:
            return false
        }
    }

    public func filter(_ term: String) -> String? {
        if term.isASCII { return term }
        for scalar in term.unicodeScalars where scalar.value >= 0x80 {
            if !Self.transliterates(script: ICUScript.of(scalar)) { return term }
        }
        guard let t = transliterator, let out = try? t.transliterate(Array(term.utf16)) else { return term }
        let result = String(decoding: out, as: UTF16.self)
        return result.isEmpty ? nil : result
    }
}
