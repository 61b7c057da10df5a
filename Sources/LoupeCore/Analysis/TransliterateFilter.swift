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
package final class TransliterateFilter: ASCIIAwareTermFilter {
    /// What every transform ends with: marks and primes removed, the rest spelled in ASCII, lowercase.
    private static let tail = "Any-Latin; NFD; [:Nonspacing Mark:] Remove; [\\u02B9\\u02BA\\u02BC\\u02EE] Remove; NFC; Latin-ASCII; Any-Lower"
    /// The ICU transform applied to eligible terms.
    static let russianTransformID = "Russian-Latin/BGN; Greek-Latin/UNGEGN; Armenian-Latin/BGN; " + tail
    /// The transform for a Cyrillic word with a letter only Ukrainian writes (`і ї є ґ`).
    static let ukrainianTransformID = "Ukrainian-Latin/BGN; " + tail
    /// The transform for a word of Latin letters and marks (and ASCII): the tail without `Any-Latin`
    /// and the script transforms, which leave Latin as it is (`AnalysisShortcutTests` checks every
    /// Latin letter and mark); applied a scalar at a time (`foldLatin`).
    static let latinTransformID = "NFD; [:Nonspacing Mark:] Remove; [\\u02B9\\u02BA\\u02BC\\u02EE] Remove; NFC; Latin-ASCII; Any-Lower"

    /// The script transforms alone, the first step of the transforms above for a Cyrillic or Greek
    /// word (`foldScript`).
    static let russianAloneID = "Russian-Latin/BGN"
    static let ukrainianAloneID = "Ukrainian-Latin/BGN"
    static let greekAloneID = "Greek-Latin/UNGEGN"

    private let russian: ICUTransliterator
    private let ukrainian: ICUTransliterator
    private let latin: ICUTransliterator
    private let russianAlone: ICUTransliterator
    private let ukrainianAlone: ICUTransliterator
    private let greekAlone: ICUTransliterator

    /// Throws when ICU cannot open the transforms (they are compiled once per process, then cloned).
    package init() throws {
        russian = try CompiledTransforms.make(Self.russianTransformID)
        ukrainian = try CompiledTransforms.make(Self.ukrainianTransformID)
        latin = try CompiledTransforms.make(Self.latinTransformID)
        russianAlone = try CompiledTransforms.make(Self.russianAloneID)
        ukrainianAlone = try CompiledTransforms.make(Self.ukrainianAloneID)
        greekAlone = try CompiledTransforms.make(Self.greekAloneID)
    }

    package var isFolding: Bool { true }

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

    /// Pure-ASCII terms pass untouched.
    package var asciiWords: ASCIIWordEffect { .unchanged }

    package func filter(_ term: String) -> String? {
        if term.isASCII { return term }
        var latinOnly = true
        // The one script other than Latin and Inherited the term's scalars are in (common: several).
        var other: Int32?
        for scalar in term.unicodeScalars where scalar.value >= 0x80 {
            let script = ICUScript.of(scalar)
            if !Self.transliterates(script: script) { return term }
            if script != ICUScript.latin && script != ICUScript.inherited {
                latinOnly = false
                other = other == nil || other == script ? script : ICUScript.common
            }
        }
        if latinOnly, let folded = foldLatin(term) { return folded.isEmpty ? nil : folded }
        let ukrainianOnly = Self.writesUkrainian(term)
        let folded: String?
        switch other {
        case ICUScript.greek: folded = foldScript(term, greekAlone, nil, chain: 0)
        case ICUScript.cyrillic where ukrainianOnly: folded = foldScript(term, ukrainianAlone, ukrainian, chain: 2)
        case ICUScript.cyrillic: folded = foldScript(term, russianAlone, russian, chain: 1)
        default: folded = nil
        }
        if let folded { return folded.isEmpty ? nil : folded }
        let t = ukrainianOnly ? ukrainian : russian
        // A failure here is a buffer ICU could not fill (out of memory): keep the term unfolded, counted.
        guard let out = try? t.transliterate(Array(term.utf16)) else { AnalysisFailures.shared.record(); return term }
        let result = String(utf16Units: out)
        return result.isEmpty ? nil : result
    }

    /// Whether `term` has a letter only Ukrainian writes (`і ї є ґ`): the Ukrainian transform spells it.
    private static func writesUkrainian(_ term: String) -> Bool {
        term.unicodeScalars.contains { [0x0456, 0x0457, 0x0454, 0x0491].contains($0.value) }
    }

    /// Each Latin letter or mark seen, spelled by the Latin transform alone (UTF-8); and, keyed
    /// `scalar | chain << 24`, the BGN primes and middle dot as the full transform of a chain spells them.
    private var latinSpellings: [UInt32: [UInt8]] = [:]

    /// A term of ASCII, Latin letters and marks spelled a scalar at a time: ASCII lowercased, every
    /// other scalar as the Latin transform spells it alone. The transform spells such a term as the
    /// full transform does (script transforms and `Any-Latin` leave Latin as it is), and a scalar at
    /// a time (it decomposes, drops marks and spells each letter on its own, then lowercases), as
    /// `AnalysisShortcutTests` checks; so a word costs table lookups, not a transliteration. Nil
    /// when ICU fails on a scalar. `symbols` (from `foldScript`): the full transform that spells
    /// `ʹ ʺ ·`, and its number in `latinSpellings`' keys.
    private func foldLatin(_ term: String, symbols: (transform: ICUTransliterator, chain: UInt32)? = nil) -> String? {
        var out = [UInt8]()
        out.reserveCapacity(term.utf8.count)
        for s in term.unicodeScalars {
            var v = s.value
            if v < 0x80 {
                out.append(UInt8(v) &- 65 < 26 ? UInt8(v) | 0x20 : UInt8(v))
                continue
            }
            var transform = latin
            if let symbols, Self.isBGNSymbol(v) {
                v |= symbols.chain << 24
                transform = symbols.transform
            }
            if let spelled = latinSpellings[v] {
                out.append(contentsOf: spelled)
            } else {
                guard let t = try? transform.transliterate(Array(String(s).utf16)) else { return nil }
                let spelled = Array(String(utf16Units: t).utf8)
                latinSpellings[v] = spelled
                out.append(contentsOf: spelled)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The soft and hard sign primes and the middle dot BGN's Cyrillic transforms write (`ʹ ʺ ·`).
    private static func isBGNSymbol(_ v: UInt32) -> Bool { v == 0x02B9 || v == 0x02BA || v == 0x00B7 }

    /// A Cyrillic or Greek term spelled by its script's transform `script` alone (context rules:
    /// `щ`, `е` after a vowel, `μπ`), then a scalar at a time (`foldLatin`) when what it leaves is
    /// ASCII, Latin letters and marks, and for Cyrillic the primes and middle dot BGN writes: the rest
    /// of the full transform (`full`) leaves Latin as it is and spells it a scalar at a time (the
    /// Latin tail), and spells `ʹ ʺ ·` as it does alone (`·` becomes `:` in the Russian chain), as
    /// `AnalysisShortcutTests` checks on every Cyrillic and Greek scalar in context, every pair of
    /// Russian, Ukrainian and Greek letters, and every word of the inflection corpus. One rule set
    /// instead of the whole compound. Nil when ICU fails or leaves another scalar (the caller then
    /// runs the full transform).
    private func foldScript(_ term: String, _ script: ICUTransliterator, _ full: ICUTransliterator?, chain: UInt32) -> String? {
        guard let out = try? script.transliterate(Array(term.utf16)) else { return nil }
        let spelled = String(utf16Units: out)
        for s in spelled.unicodeScalars where s.value >= 0x80 {
            if full != nil, Self.isBGNSymbol(s.value) { continue }
            let script = ICUScript.of(s)
            if script != ICUScript.latin && script != ICUScript.inherited { return nil }
        }
        return foldLatin(spelled, symbols: full.map { ($0, chain) })
    }

    /// The Latin transform's spelling of `term` in one call (what `foldLatin` matches).
    func transliterateLatin(_ term: String) throws -> String { String(utf16Units: try latin.transliterate(Array(term.utf16))) }

    /// The full transform's spelling of `term` in one call (the Ukrainian one for a word with a letter
    /// only Ukrainian writes, as `filter` chooses).
    func transliterateFully(_ term: String) throws -> String {
        let t = Self.writesUkrainian(term) ? ukrainian : russian
        return String(utf16Units: try t.transliterate(Array(term.utf16)))
    }
}
