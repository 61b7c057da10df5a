/// Adds the parts of a word the tokenizer keeps whole (identifiers, addresses, digit groups, `C++`:
/// see `Analyzer+Parts.swift`), each in the form the non-folding term filters give it, so that a
/// part finds the whole and a `StemFilter` after this filter stems each part.
package final class WordPartsFilter: ASCIIAwareTokenFilter {
    package init() {}

    /// A plain ASCII word has neither delimiters nor inner capitals: no parts.
    package var ignoresPlainASCII: Bool { true }

    package func addForms(to word: inout WordForms) {
        for p in Analyzer.wordParts(word.word) {
            if let x = word.exactForm(of: p) { word.add(x) }
        }
    }
}
