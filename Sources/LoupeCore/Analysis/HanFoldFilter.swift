/// Folds traditional Han characters to simplified ones (ICU's `Traditional-Simplified`), so `中國`
/// and `中国`, `東京` and `东京` are one folded form. Terms without Han pass unchanged.
public final class HanFoldFilter: TermFilter {
    static let transformID = "Traditional-Simplified"

    private let transliterator: ICUTransliterator

    /// Throws when ICU cannot open the transform.
    public init() throws { transliterator = try CompiledTransforms.make(Self.transformID) }

    public var isFolding: Bool { true }

    public func filter(_ term: String) -> String? {
        if term.isASCII { return term }
        guard term.unicodeScalars.contains(where: { $0.properties.isIdeographic }) else { return term }
        guard let out = try? transliterator.transliterate(Array(term.utf16)) else { return term }
        return String(utf16Units: out)
    }
}
