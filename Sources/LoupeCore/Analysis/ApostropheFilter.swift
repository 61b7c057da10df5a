/// Adds the words inside a token with apostrophes, each also stemmed by a `StemFilter` after it
/// (the whole token stays findable too; the token itself is then not stemmed):
///
/// - Turkish and Azerbaijani (as Lucene's `ApostropheFilter`): the suffix after the apostrophe
///   belongs to the word before it: `Çavuşoğlu'nun` → `cavusoglu`, `İstanbul'da` → `istanbul`;
/// - French, Italian, Catalan (as `ElisionFilter`): an elided article or pronoun belongs to the word
///   after it: `l'homme` → `homme`, `s'avérera` → `averera`, `dell'arte` → `arte`;
/// - English: a possessive `'s` goes (`O'Neil's` → `o'neil`), and the word is also spelled without
///   its apostrophes (`oneil`, `dont`).
///
/// Text in one of these languages gets its rules, then the others' (a passage in another language
/// than the page's keeps its words: `s'avérera` → `averera` in a page detected as English); text
/// whose language is unknown (and every query) gets all three.
package final class ApostropheFilter: ASCIIAwareTokenFilter {
    package init() {}

    /// A plain ASCII word has no apostrophe.
    package var ignoresPlainASCII: Bool { true }

    package func addForms(to word: inout WordForms) {
        let exact = word.exact
        guard exact.unicodeScalars.contains(where: { $0 == "'" || $0 == "\u{2019}" }) else { return }
        word.stemsWord = false
        // The language's rules first, then every language's.
        var words = Self.apostropheWords(exact, word.language)
        if word.language != nil {
            for w in Self.apostropheWords(exact, nil) where !words.contains(w) { words.append(w) }
        }
        for w in words { word.add(w) }
    }

    /// Elided articles and pronouns, per language (lowercase, without the apostrophe).
    static let elisions: [String: Set<String>] = [
        "fr": ["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"],
        "it": ["l", "d", "c", "m", "s", "t", "v", "un", "dell", "all", "dall", "nell", "sull", "coll", "pell", "quell", "quest", "nessun"],
        "ca": ["l", "d", "m", "n", "s", "t"],
    ]

    /// The words inside a case-folded token with apostrophes, by the rules of `language` (nil: all).
    static func apostropheWords(_ exact: String, _ language: Language?) -> [String] {
        let parts = exact.split(whereSeparator: { $0 == "'" || $0 == "\u{2019}" }).map(String.init)
        guard parts.count >= 2 else { return [] }
        let code = language?.code
        var out: [String] = []
        // Elision: the article before the first apostrophe.
        let elisionLanguages = code.map { elisions[$0] != nil ? [$0] : [] } ?? ["fr", "it", "ca"]
        if elisionLanguages.contains(where: { elisions[$0]!.contains(parts[0]) }) {
            out.append(parts.dropFirst().joined(separator: "'"))
        }
        // Turkish: the suffix after the apostrophe belongs to the word before it.
        if code == "tr" || code == "az" || (code == nil && parts[0].unicodeScalars.count >= 2 && out.isEmpty) {
            out.append(parts[0])
        }
        // English: the possessive 's; the word without its apostrophes (not for an elision when the
        // language is unknown: `l'homme` is not `lhomme`).
        if code == "en" || (code == nil && out.isEmpty) {
            var w = exact
            if parts.count >= 2, parts.last == "s" { w = parts.dropLast().joined(separator: "'") }
            if w != exact { out.append(w) }
            let joined = (w == exact ? parts : Array(parts.dropLast())).joined()
            if !joined.isEmpty { out.append(joined) }
        }
        return out
    }
}
