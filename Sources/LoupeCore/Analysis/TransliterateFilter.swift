/// Transliterates a term to plain ASCII Latin when its script has a standard romanization that people
/// type on an ASCII keyboard, so `moskva` finds `Москва`, `ellada` finds `Ελλάδα`, `cavusoglu` finds
/// `Çavuşoğlu`, and the reverse (queries run through the same chain).
///
/// Which scripts are transliterated (the choice, written down):
/// - **Latin, Cyrillic, Greek, Armenian, Georgian**: yes. Cyrillic, Greek and Armenian go through the
///   practical romanizations people type (ICU's `Russian-Latin/BGN`, or `Ukrainian-Latin/BGN` for a
///   word with `і ї є ґ`; `Greek-Latin/UNGEGN`; `Armenian-Latin/BGN`): Чехов → `chekhov`, Хрущёв →
///   `khrushchev`, Щука → `shchuka` (not `suka`), Київ → `kyyiv`, Αθήνα → `athina`, Երևան → `yerevan`;
///   what they leave (Bulgarian, Serbian letters, Georgian) goes through `Any-Latin`. Diacritics go
///   (`NFD; [:Nonspacing Mark:] Remove`), special letters are spelled out by ICU's `Latin-ASCII`
///   (`ß`→`ss`, `ł`→`l`, `đ`→`d`, `ı`→`i`, `æ`→`ae`), soft/hard sign primes (`ʹ ʺ ʼ ˮ`) are dropped.
/// - **Han, Hiragana, Katakana, Hangul, Thai, Lao, Khmer, Myanmar, Arabic, Hebrew and every other
///   script**: no. `Any-Latin` turns Han into space-separated pinyin (`東京` → `dong jing`), which would
///   make CJK unsearchable by its own characters; abjads lose their vowels; Brahmic and Thai
///   romanizations are not what users type. These terms stay as NFKC_Casefold left them.
/// A term mixing a transliterated script with a kept one (rare: `Tokyo東京` is split by the tokenizer
/// anyway) is kept as is.
public final class TransliterateFilter: TermFilter {
    /// What every transform ends with: marks and primes removed, the rest spelled in ASCII, lowercase.
    private static let tail = "Any-Latin; NFD; [:Nonspacing Mark:] Remove; [\\u02B9\\u02BA\\u02BC\\u02EE] Remove; NFC; Latin-ASCII; Any-Lower"
    /// The ICU transform applied to eligible terms.
    static let russianTransformID = "Russian-Latin/BGN; Greek-Latin/UNGEGN; Armenian-Latin/BGN; " + tail
    /// The transform for a Cyrillic word with a letter only Ukrainian writes (`і ї є ґ`).
    static let ukrainianTransformID = "Ukrainian-Latin/BGN; " + tail
    /// The transform for a word of Latin letters (and ASCII): the tail without `Any-Latin`, which
    /// with the script transforms before it leaves Latin letters as they are but costs two thirds of a
    /// transliteration finding so (`transliteratesLatinAsTheFullTransform` checks every Latin letter).
    static let latinTransformID = "NFD; [:Nonspacing Mark:] Remove; [\\u02B9\\u02BA\\u02BC\\u02EE] Remove; NFC; Latin-ASCII; Any-Lower"

    private let russian: ICUTransliterator
    private let ukrainian: ICUTransliterator
    private let latin: ICUTransliterator

    /// Throws when ICU cannot open the transforms (they are compiled once per process, then cloned).
    public init() throws {
        russian = try CompiledTransforms.make(Self.russianTransformID)
        ukrainian = try CompiledTransforms.make(Self.ukrainianTransformID)
        latin = try CompiledTransforms.make(Self.latinTransformID)
    }

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
        var allLatin = true
        for scalar in term.unicodeScalars where scalar.value >= 0x80 {
            let script = ICUScript.of(scalar)
            if !Self.transliterates(script: script) { return term }
            if script != ICUScript.latin { allLatin = false }
        }
        let t: ICUTransliterator
        if allLatin {
            t = latin
        } else {
            let ukrainianOnly = term.unicodeScalars.contains { [0x0456, 0x0457, 0x0454, 0x0491].contains($0.value) }
            t = ukrainianOnly ? ukrainian : russian
        }
        // A failure here is a buffer ICU could not fill (out of memory): keep the term unfolded.
        guard let out = try? t.transliterate(Array(term.utf16)) else { return term }
        let result = String(utf16Units: out)
        return result.isEmpty ? nil : result
    }
}
