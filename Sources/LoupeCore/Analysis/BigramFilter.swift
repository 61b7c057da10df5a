/// Adds the character bigrams of a Han, kana or Hangul word of three characters or more (as Lucene's
/// `CJKBigramFilter`), so that `中国` finds `中国人` and `서울` finds `서울에서`.
package final class BigramFilter: ASCIIAwareTokenFilter {
    package init() {}

    /// A plain ASCII word has no CJK character.
    package var ignoresPlainASCII: Bool { true }

    package func addForms(to word: inout WordForms) {
        for b in Self.bigrams(word.term) { word.addFolded(b) }
    }

    /// The character bigrams of a word of three or more Han, kana or Hangul characters; none otherwise.
    static func bigrams(_ term: String) -> [String] {
        // Most words start with no CJK scalar: no array of scalars for them.
        guard let first = term.unicodeScalars.first, isCJK(first) else { return [] }
        let scalars = Array(term.unicodeScalars)
        guard scalars.count >= 3, scalars.allSatisfy(isCJK) else { return [] }
        return (0..<(scalars.count - 1)).map { i in
            var s = String.UnicodeScalarView()
            s.append(scalars[i])
            s.append(scalars[i + 1])
            return String(s)
        }
    }

    /// Han, Hiragana, Katakana (and the prolonged sound mark) or Hangul.
    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x1100 { return false }
        if s.value == 0x30FC { return true }
        let script = ICUScript.of(s)
        return script == ICUScript.han || script == ICUScript.hiragana || script == ICUScript.katakana
            || script == ICUScript.hangul
    }
}
