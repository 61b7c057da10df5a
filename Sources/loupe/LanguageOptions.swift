import ArgumentParser
import Loupe

/// `--language CODE`: an ISO 639-1 code, checked when the command line is parsed.
extension Language: ExpressibleByArgument {
    public init?(argument: String) { self.init(code: argument) }
}

/// What `search` and `bench` say about how query words match and rank: by default each word is
/// stemmed in every language the index holds (`--language` names the one, `--no-stem` turns the rung
/// off) and neighbouring words found together raise a hit (`--no-proximity`: BM25 alone).
struct StemOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Stem query words in this language only (an ISO 639-1 code such as ru; default: every language the index holds).", valueName: "CODE"))
    var language: Language?

    @Flag(name: .customLong("no-stem"), help: "Match words in their written, folded and transliterated forms only, not in their other inflections.")
    var noStem = false

    @Flag(name: .customLong("no-proximity"), help: "Rank by the words' scores alone: neighbouring query words found together do not raise a hit.")
    var noProximity = false

    func validate() throws {
        if noStem && language != nil { throw ValidationError("--no-stem and --language exclude each other") }
    }

    /// Applies the choice to `searcher`.
    func apply(to searcher: Searcher) {
        if noStem { searcher.queryLanguages = [] } else if let language { searcher.queryLanguages = [language] }
    }

    /// Applies the choice to `options`.
    func apply(to options: inout SearchOptions) {
        if noProximity { options.proximity = false }
    }
}
