/// A step after the `TermFilter` chain that adds forms of a word at the word's own position
/// (colocated tokens, as FTS5's `FTS5_TOKEN_COLOCATED` or Lucene's position increment 0): stems,
/// the words inside a token, other spellings, synonyms. A query for a form finds the word, and a
/// phrase through the word still matches, since every form has the word's position.
///
/// Forms are indexed in the folded rung (see `IndexedTerm`): a query word matches them at the
/// folded form's weight, below the word's exact spelling. `StemFilter` adds to the stem rung.
///
/// The analyzer runs the token filters in order on each distinct word and may remember the
/// result (`AnalysisCache`), so a filter must be a pure function of the word and the language
/// (same input, same forms). A filter need not be thread-safe: each thread has its own `Analyzer`.
///
/// Example, a synonym filter:
///
/// ```swift
/// final class SynonymFilter: TokenFilter {
///     let synonyms: [String: [String]]
///     init(_ synonyms: [String: [String]]) { self.synonyms = synonyms }
///     func addForms(to word: inout WordForms) {
///         for s in synonyms[word.term] ?? [] { word.add(s) }
///     }
/// }
/// ```
public protocol TokenFilter: AnyObject {
    /// Adds the forms of `word` (`word.add`).
    func addForms(to word: inout WordForms)
}

/// A `TokenFilter` of Loupe's own that tells whether it adds nothing to a *plain ASCII word*: 1 to
/// 255 ASCII letters and digits, with no inner capital starting a new part (`camelCase`,
/// `HTTPServer`). When every filter says so, the analyzer indexes such words (most English text)
/// without building their forms; a filter that does not conform (an app's own) counts as adding
/// forms to them.
package protocol ASCIIAwareTokenFilter: TokenFilter {
    var ignoresPlainASCII: Bool { get }
}


/// One word as the `TokenFilter`s see it, and the forms they add at its position.
public struct WordForms {
    /// The word as the tokenizer cut it from the text (`O'Neil's`, `camelCaseResponse`).
    public let word: String
    /// The word through the term filters that do not fold (`çavuşoğlu'nun`, `москве`): the token's
    /// exact form.
    public let exact: String
    /// The word through every term filter (`cavusoglu'nun`, `moskve`): the token's term.
    public let term: String
    /// The language of the text (nil: unknown).
    public let language: Language?

    /// Folds forms as the analyzer's term filters do.
    let analyzer: Analyzer
    /// The forms added, folded, in order (duplicates and the term itself removed at the end).
    var alternates: [String] = []
    /// The forms added as words (`add`): each with its folded form, what `StemFilter` stems.
    var words: [(exact: String, folded: String)] = []
    /// The stems added (`StemFilter`), folded.
    var stems: [String] = []
    /// Whether the stem filter stems the word itself (false for a word a filter took apart into
    /// the words it holds, `l'homme`).
    var stemsWord = true

    init(word: String, exact: String, term: String, language: Language?, analyzer: Analyzer) {
        self.word = word
        self.exact = exact
        self.term = term
        self.language = language
        self.analyzer = analyzer
    }

    /// Adds a word at this position (`homme` inside `l'homme`, a synonym), in the form the term
    /// filters without folding give (lowercase): it is folded as the term is, and a `StemFilter`
    /// after this filter adds its stem too. Nothing is added when it folds to the term itself, the
    /// folding filters drop it, or it starts with a control character (the bytes below 0x20 mark
    /// the dictionary's other kinds of terms, see `IndexedTerm`).
    public mutating func add(_ form: String) {
        guard let f = analyzer.foldOnlyCached(form), f != term, Self.isIndexable(f) else { return }
        alternates.append(f)
        words.append((form, f))
    }

    /// Adds another spelling of the word (`mueller` for `müller`): folded as the term is, not
    /// stemmed; nothing is added in the cases `add` names.
    package mutating func addSpelling(_ spelling: String) {
        guard let f = analyzer.foldOnlyCached(spelling), f != term, Self.isIndexable(f) else { return }
        alternates.append(f)
    }

    /// Whether `form` can be a form's dictionary term: not empty, not starting with a marker byte.
    @inline(__always) static func isIndexable(_ form: String) -> Bool { (form.utf8.first ?? 0) >= 0x20 }

    /// Adds a form already folded (a piece of the term), as it is.
    mutating func addFolded(_ form: String) { alternates.append(form) }

    /// `text` through the term filters that do not fold (nil: dropped): a piece of `word` in the
    /// form `add` takes.
    func exactForm(of text: String) -> String? { analyzer.chain(text, folding: false) }
}
