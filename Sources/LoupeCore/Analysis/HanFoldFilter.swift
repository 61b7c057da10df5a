/// Folds traditional Han characters to simplified ones (ICU's `Traditional-Simplified`), so `中國`
/// and `中国`, `東京` and `东京` are one folded form. Terms without Han pass unchanged.
package final class HanFoldFilter: ASCIIAwareTermFilter {
    static let transformID = "Traditional-Simplified"

    private let transliterator: ICUTransliterator

    /// Throws when ICU cannot open the transform.
    package init() throws { transliterator = try CompiledTransforms.make(Self.transformID) }

    package var isFolding: Bool { true }

    /// Pure-ASCII terms pass untouched.
    package var asciiWords: ASCIIWordEffect { .unchanged }

    package func filter(_ term: String) -> String? {
        if term.isASCII { return term }
        guard term.unicodeScalars.contains(where: Self.isIdeographic) else { return term }
        guard let out = try? transliterator.transliterate(Array(term.utf16)) else { AnalysisFailures.shared.record(); return term }
        return String(utf16Units: out)
    }

    /// The first scalar with the Ideographic property (`〆`); below it none has it (checked by
    /// `AnalysisShortcutTests`), so Latin, Greek and Cyrillic words skip the property lookup.
    static let firstIdeographic: UInt32 = 0x3006

    /// Whether `s` has the Unicode Ideographic property.
    static func isIdeographic(_ s: Unicode.Scalar) -> Bool { s.value >= firstIdeographic && s.properties.isIdeographic }
}
