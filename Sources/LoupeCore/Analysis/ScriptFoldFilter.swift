/// Folds the spelling variants of the scripts transliteration leaves alone, the way users type them
/// (after `CaseFoldFilter`, before `TransliterateFilter`):
///
/// - **Arabic** (as Lucene's `ArabicNormalizationFilter`): vowel marks and other harakat (U+064B–U+065F,
///   the superscript alef U+0670, Quranic marks U+06D6–U+06ED) and the tatweel `ـ` go; `آ أ إ ٱ` → `ا`;
///   `ى` → `ي`; `ة` → `ه`.
/// - **Persian** (as `PersianNormalizationFilter`): `ک` → `ك`, `ی` → `ي`, `ە ۀ ہ ۂ` → `ه` (so Persian and
///   Arabic spellings of a word meet).
/// - **Hebrew**: niqqud and cantillation (the nonspacing marks U+0591–U+05C7) go.
/// - **Devanagari** (the Hindi normalizations): the nukta `़` goes (`क़` → `क`), chandrabindu `ँ` → anusvara
///   `ं`, the candra vowels `ॅ ॉ ऍ ऑ` → `े ो ए ओ`, a nasal consonant and virama before a consonant → anusvara
///   (`हिन्दी` → `हिंदी`).
/// - **Native digits** of every script (`٢٠٢٥`, `۱۲`, `१२`, `១២`) → ASCII digits.
///
/// Terms without any of these characters come back unchanged, without allocating.
package final class ScriptFoldFilter: ASCIIAwareTermFilter {
    /// A stateless filter: the folds are tables, no ICU object is opened.
    package init() {}

    package var isFolding: Bool { true }

    /// Pure-ASCII terms pass untouched.
    package var asciiWords: ASCIIWordEffect { .unchanged }

    package func filter(_ term: String) -> String? {
        if term.isASCII { return term }
        let nasal = term.unicodeScalars.contains("\u{094D}")
        if !nasal && !term.unicodeScalars.contains(where: Self.changes) { return term }
        let a = Array(term.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < a.count {
            // A nasal consonant with a virama before a consonant is the anusvara (`न्द` → `ंद`).
            if nasal, i + 2 < a.count, Self.isNasal(a[i]), a[i + 1].value == 0x094D, (0x0915...0x0939).contains(a[i + 2].value) {
                out.append("\u{0902}")
                i += 2
                continue
            }
            if let m = Self.map(a[i]) { out.append(contentsOf: m.unicodeScalars) }
            i += 1
        }
        return String(out)
    }

    /// `ङ ञ ण न म`: the nasal consonants Hindi also writes as the anusvara before a consonant.
    private static func isNasal(_ s: Unicode.Scalar) -> Bool { [0x0919, 0x091E, 0x0923, 0x0928, 0x092E].contains(s.value) }

    /// Whether `map` changes `s`.
    private static func changes(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x0591 { return false }
        if (0x0591...0x06FF).contains(v) || (0x0900...0x097F).contains(v) { return map(s) != String(s) }
        return s.properties.numericType == .decimal
    }

    /// The folded text of one scalar: "" to drop it.
    private static func map(_ s: Unicode.Scalar) -> String? {
        let v = s.value
        switch v {
        // Hebrew points and cantillation (keep maqaf U+05BE, paseq U+05C0, sof pasuq U+05C3, U+05C6).
        case 0x0591...0x05BD, 0x05BF, 0x05C1, 0x05C2, 0x05C4, 0x05C5, 0x05C7: return ""
        // Arabic harakat, superscript alef, Quranic marks, tatweel.
        case 0x064B...0x065F, 0x0670, 0x06D6...0x06ED, 0x0640: return ""
        case 0x0622, 0x0623, 0x0625, 0x0671: return "\u{0627}" // آ أ إ ٱ → ا
        case 0x0649: return "\u{064A}" // ى → ي
        case 0x0629: return "\u{0647}" // ة → ه
        case 0x06A9: return "\u{0643}" // ک → ك
        case 0x06CC: return "\u{064A}" // ی → ي
        case 0x06D5, 0x06C0, 0x06C1, 0x06C2: return "\u{0647}" // ە ۀ ہ ۂ → ه
        // Devanagari.
        case 0x093C: return "" // nukta
        case 0x0901: return "\u{0902}" // chandrabindu → anusvara
        case 0x0945: return "\u{0947}" // candra e sign → e sign
        case 0x0949: return "\u{094B}" // candra o sign → o sign
        case 0x090D: return "\u{090F}" // candra e → e
        case 0x0911: return "\u{0913}" // candra o → o
        default:
            if v >= 0x0660, s.properties.numericType == .decimal, let n = s.properties.numericValue, n >= 0, n <= 9 {
                return String(Int(n))
            }
            return String(s)
        }
    }
}
