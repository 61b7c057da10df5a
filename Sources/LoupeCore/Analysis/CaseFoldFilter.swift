/// NFKC + full Unicode case folding (ICU's NFKC_Casefold): `Straße` → `strasse`, `ＡＢＣ` → `abc`,
/// `ﬁle` → `file`, `İstanbul` → `i̇stanbul` (the dot stays as U+0307 until transliteration removes it).
/// Pure-ASCII terms are lowercased without calling ICU (NFKC_Casefold of ASCII is its lowercase).
public final class CaseFoldFilter: TermFilter, ASCIIAwareTermFilter {
    private let normalizer: ICUNFKCCasefold

    /// Throws when ICU cannot open its NFKC_Casefold normalizer.
    public init() throws { normalizer = try ICUNFKCCasefold() }

    /// Pure-ASCII terms pass untouched but for their case.
    package var asciiWords: ASCIIWordEffect { .lowercased }

    public func filter(_ term: String) -> String? {
        if term.isASCII { return term.asciiLowercased }
        guard let out = try? normalizer.normalize(Array(term.utf16)) else { AnalysisFailures.shared.record(); return term }
        return String(utf16Units: out)
    }
}
