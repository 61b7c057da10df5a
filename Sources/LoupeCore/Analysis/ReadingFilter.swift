/// Adds the readings and bases of a word, indexed only (a query word does not widen to them): a
/// Han word's Mandarin reading without tones (ICU `Han-Latin`: `中国` → `zhongguo`, so pinyin typed
/// finds it), and an emoji sequence's base emoji (`👍🏽` → `👍`, `👩‍💻` → `👩`: skin tones,
/// presentation selectors and what a ZWJ joins go).
package final class ReadingFilter: ASCIIAwareTokenFilter {
    package init() {}

    /// A plain ASCII word has no reading.
    package var ignoresPlainASCII: Bool { true }

    /// The transform of Han readings, made on the first Han word; nil when ICU cannot open it (the
    /// readings are then not indexed).
    private lazy var hanLatin: ICUTransliterator? = try? CompiledTransforms.make(Self.hanLatinID)

    /// The transform of a Han word's reading: pinyin, its tone marks and spaces removed.
    static let hanLatinID = "Han-Latin; NFD; [:Nonspacing Mark:] Remove; [:White_Space:] Remove; NFC; Latin-ASCII; Any-Lower"

    package func addForms(to word: inout WordForms) {
        for r in readings(of: word.exact) { word.addSpelling(r) }
    }

    /// The readings and bases of the case-folded word `exact` (see above), not folded yet.
    func readings(of exact: String) -> [String] {
        guard let first = exact.unicodeScalars.first, first.value >= 0x2000 else { return [] }
        var out: [String] = []
        // An emoji with more after it (a skin tone, a presentation selector, what a ZWJ joined: case
        // folding has removed the joiner itself): its first emoji.
        if first.properties.isEmoji, !(0x1F1E6...0x1F1FF).contains(first.value),
           exact.unicodeScalars.dropFirst().contains(where: { $0.value != 0xFE0F }) {
            out.append(String(first))
        }
        if exact.unicodeScalars.allSatisfy({ ICUScript.of($0) == ICUScript.han }), let t = hanLatin {
            if let units = try? t.transliterate(Array(exact.utf16)) {
                let reading = String(utf16Units: units)
                if !reading.isEmpty, reading.isASCII { out.append(reading) }
            } else {
                AnalysisFailures.shared.record()
            }
        }
        return out
    }
}
