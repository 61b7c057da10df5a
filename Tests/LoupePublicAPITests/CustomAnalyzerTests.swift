import Foundation
import Loupe
import LoupeTestSupport
import Testing

/// An app's own analysis pipeline, written outside the library with the public parts only: a
/// tokenizer, a token filter that adds a synonym at the position of its word, a stemmer, and the
/// analyzer made of them, registered under a name, indexed with and searched through.
@Suite struct CustomAnalyzerTests {
    /// Words are runs of ASCII letters and digits; anything else separates them.
    final class ASCIIRunTokenizer: Tokenizer {
        func forEachWord(inUTF8 text: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) throws {
            var start: Int?
            for i in 0...text.count {
                let isWord = i < text.count && (text[i] < 0x80 && (Character(Unicode.Scalar(text[i])).isLetter
                    || Character(Unicode.Scalar(text[i])).isNumber))
                if isWord, start == nil { start = i }
                if !isWord, let s = start { body(s, i); start = nil }
            }
        }
    }

    /// Adds each synonym of a word at the word's position (a colocated token).
    final class SynonymFilter: TokenFilter {
        let synonyms: [String: [String]]
        init(_ synonyms: [String: [String]]) { self.synonyms = synonyms }
        func addForms(to word: inout WordForms) {
            for s in synonyms[word.term] ?? [] { word.add(s) }
        }
    }

    /// Strips a plural `s` (a toy English stemmer).
    final class PluralStemmer: Stemmer {
        func stem(_ word: String) -> String {
            word.count > 3 && word.hasSuffix("s") && !word.hasSuffix("ss") ? String(word.dropLast()) : word
        }
    }

    /// A tokenizer that reports a word past the end of its text.
    final class BrokenTokenizer: Tokenizer {
        func forEachWord(inUTF8 text: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) throws {
            body(0, text.count + 5)
        }
    }

    static func makeAnalyzer(cache: AnalysisCache?) throws -> Analyzer {
        try Analyzer(tokenizer: ASCIIRunTokenizer(), filters: [CaseFoldFilter(), LengthFilter()],
                     tokenFilters: [SynonymFilter(["automobile": ["car"]]),
                                    StemFilter(stemmers: { $0 == .english ? PluralStemmer() : nil })],
                     cache: cache)
    }

    @Test func aSynonymSharesItsWordsPosition() throws {
        // A form that would read as a marked dictionary term, or an empty one, is not added.
        let marked = try Analyzer(tokenizer: ASCIIRunTokenizer(), filters: [CaseFoldFilter()],
                                  tokenFilters: [SynonymFilter(["tree": ["\u{1}tree", "", "wood"]])])
        #expect(try marked.tokens("tree")[0].alternates == ["wood"])

        let analyzer = try Self.makeAnalyzer(cache: nil)
        let tokens = try analyzer.tokens("Automobile dealers", language: .english)
        #expect(tokens.map(\.term) == ["automobile", "dealers"])
        #expect(tokens.map(\.position) == [0, 1])
        #expect(tokens[0].alternates == ["car"])
        #expect(tokens[1].stems == ["dealer"])
        // No language: no stems.
        #expect(try analyzer.tokens("dealers")[0].stems == [])
    }

    @Test func anIndexWithTheCustomAnalyzerFindsSynonymsAndPhrasesThroughThem() throws {
        let dir = TempDir()
        var registry = AnalyzerRegistry()
        let cache = AnalysisCache(limit: 1000)
        registry.register("synonyms") { try Self.makeAnalyzer(cache: cache) }
        let schema = Schema([.keyword("name", caseSensitive: true), .text("text", analyzer: "synonyms")])
        let w = try IndexWriter(path: dir.path, schema: schema, analyzers: registry)
        for (name, text) in [("a", "The automobile dealers sold one automobile"), ("b", "A car wash downtown"),
                             ("c", "dealers of bicycles"), ("d", "wash the dealer car")] {
            var doc = Document(["name": name, "text": text])
            doc.language = .english
            try w.add(doc)
        }
        try w.commit()
        let searcher = try SharedSearcher(path: dir.path, analyzers: registry)
        func names(_ q: String) throws -> [String] {
            try searcher.search(q, options: SearchOptions(limit: 10)).hits.compactMap { $0[field: "name"] }.sorted()
        }
        // The synonym finds the document that only holds its word.
        #expect(try names("car") == ["a", "b", "d"])
        #expect(try names("automobile") == ["a"])
        // A phrase through the synonym: `car` stands at the position of `automobile`.
        #expect(try names("\"car dealers\"") == ["a"])
        #expect(try names("\"automobile dealers\"") == ["a"])
        #expect(try names("\"dealers car\"") == [])
        #expect(try names("\"car wash\"") == ["b"])
        // The custom stemmer: `dealer` finds the documents with `dealers`.
        #expect(try names("dealer") == ["a", "c", "d"])
    }

    /// Says every text is English, however short.
    final class EnglishDetector: LanguageDetector {
        func language(of text: String) -> Language? { .english }
        var minimumBytes: Int { 0 }
    }

    /// Language detection is a step of the analyzer: a document that names no language gets the
    /// one its field's detector tells (here: English, so the plural stemmer applies), and none
    /// without a detector.
    @Test func theAnalyzersDetectorTellsTheLanguageOfAText() throws {
        for detects in [true, false] {
            let dir = TempDir()
            var registry = AnalyzerRegistry()
            registry.register("plain") {
                try Analyzer(tokenizer: ASCIIRunTokenizer(), filters: [CaseFoldFilter()],
                             tokenFilters: [StemFilter(stemmers: { $0 == .english ? PluralStemmer() : nil })],
                             detector: detects ? EnglishDetector() : nil)
            }
            let schema = Schema([.keyword("name", caseSensitive: true), .text("text", analyzer: "plain")])
            let w = try IndexWriter(path: dir.path, schema: schema, analyzers: registry)
            try w.add(["name": "a", "text": "dealers"])
            try w.commit()
            let searcher = try SharedSearcher(path: dir.path, analyzers: registry)
            let found = try searcher.search("dealer").hits.compactMap { $0[field: "name"] }
            #expect(found == (detects ? ["a"] : []), "detector: \(detects)")
        }
    }

    /// A tokenizer's error is not dropped: a word outside the text is an error of the analysis.
    @Test func aTokenizerReportingAWordOutsideTheTextIsAnError() throws {
        let analyzer = try Analyzer(tokenizer: BrokenTokenizer(), filters: [CaseFoldFilter()])
        #expect(throws: LoupeError.self) { try analyzer.tokens("abc") }
    }
}
