/// Adds the stem of a word in the text's language, and those of the words the filters before it
/// added (`WordForms.add`): the stem of the exact form, then folded, kept when it differs from the
/// folded form (`Москве` → `moskv`, `running` → `run`). Stems are indexed in the stem rung
/// (`IndexedTerm.stemmed`), named by their language, so each language's stem has its own document
/// frequency. Text of no known language gets no stems.
///
/// A query word is stemmed with the same stemmers, in every language its index holds
/// (`Analyzer.queryLanguages`). Put it after the filters whose words it should stem.
public final class StemFilter: TokenFilter {
    let stemmers: Stemmers

    /// Loupe's stemmers: its own for Polish, Czech and Ukrainian, Snowball for the languages
    /// libstemmer has (`Language.snowballAlgorithm`).
    public init() { stemmers = Stemmers() }

    /// Stems with the stemmer `make` returns for a language (nil: not stemmed), made once per
    /// language the analyzer meets.
    public init(stemmers make: @escaping (Language) -> (any Stemmer)?) { stemmers = Stemmers(make: make) }

    public func addForms(to word: inout WordForms) {
        guard let language = word.language else { return }
        if word.stemsWord { addStem(of: word.exact, folded: word.term, language, to: &word) }
        for (w, f) in word.words { addStem(of: w, folded: f, language, to: &word) }
    }

    /// The stem of `exact`, folded, unless it folds to `folded` (the form it stems).
    private func addStem(of exact: String, folded: String, _ language: Language, to word: inout WordForms) {
        guard let s = stemmers.stem(exact, in: language), !s.isEmpty, s != exact,
              let f = word.analyzer.foldOnlyCached(s), f != folded else { return }
        word.stems.append(f)
    }
}
