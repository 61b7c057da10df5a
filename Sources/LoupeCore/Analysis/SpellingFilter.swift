/// Adds the other spellings of a word (`Analyzer.spellings(of:)`): the German `ae oe ue` of
/// `ä ö ü`, the national Ukrainian and informal Russian romanizations of Cyrillic beside BGN's,
/// Katakana in Hiragana, a Catalan word without its middle dot. An analyzer with this filter
/// also looks for a query word's other spellings.
package final class SpellingFilter: ASCIIAwareTokenFilter {
    package init() {}

    /// A plain ASCII word has no other spelling.
    package var ignoresPlainASCII: Bool { true }

    package func addForms(to word: inout WordForms) {
        for s in Analyzer.spellings(of: word.exact) { word.addSpelling(s) }
    }
}
