import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// Words of a language the index holds little of, and words of another language inside a document.
@Suite struct MinorityLanguageTests {
    static let czech = "Otevřete okno se seznamem souborů a vyberte v souborech ten, který chcete uložit do souboru na disku."

    /// Apostrophes and elisions are split by every language's rules, the document's first.
    @Test func apostrophesSplitWhateverTheLanguage() throws {
        let a = try Analyzer.standard()
        for (word, part) in [("s'avérera", "averera"), ("dell'arte", "arte"), ("Çavuşoğlu'nun", "cavusoglu"), ("qu'il", "il")] {
            let t = try #require(a.tokens(word, language: .english).first)
            #expect(t.alternates.contains(part), "\(word) → \(t)")
        }
        // The document's own rules still apply: an English possessive.
        expectForms(a, "O'Neil's", language: "en", [("o'neil's+o'neil+oneil", "O'Neil's")])
        // And a French elision in a French text gives no English spelling without the apostrophe.
        expectForms(a, "l'homme", language: "fr", [("l'homme+homme~homm", "l'homme")])
    }

    @Test func aFrenchPhraseInAnEnglishDocumentIsFound() throws {
        let dir = MemoryDirectory()
        let s = try buildLanguageIndex([
            ("en.txt", "The installer then prints: la configuration s'avérera correcte. Meeting with Çavuşoğlu'nun staff.", "en"),
            ("other.txt", "Nothing to see here at all.", "en"),
        ], in: dir)
        for q in ["averera", "cavusoglu"] {
            #expect(try s.search(q).hits.map { $0.fields["path"] ?? "" } == ["en.txt"], "\(q)")
        }
    }

    /// One Czech document among 2,000 English ones: a query word is stemmed in Czech too.
    @Test func aMinorityLanguageIsStemmed() throws {
        let dir = MemoryDirectory()
        var docs: [(path: String, body: String, language: String)] = (0..<2000).map {
            ("en\($0).txt", "Report \($0) on the weather, the roads and the river level this week.", "en")
        }
        docs.append(("cs.txt", Self.czech, "cs"))
        let s = try buildLanguageIndex(docs, in: dir)
        #expect(s.queryLanguages.map(\.code).contains("cs"))
        // No document holds `soubor` itself: its Czech stem finds the others.
        #expect(try s.search("soubor").hits.map { $0.fields["path"] ?? "" } == ["cs.txt"])
        // English stop words stay those of the index's real languages.
        #expect(!s.analyzers.stopWordLanguages.map(\.code).contains("cs"))
    }
}

/// Whole words before stem-only matches.
@Suite struct StemOnlyRankingTests {
    /// One page with the word (typed without its accents), ten short pages saying a word of the same
    /// stem five times each, among 2,000 others: the word's page comes first, and a stem-only page
    /// shows its stem highlighted.
    @Test func theFoldedWordRanksAboveItsStemOnly() throws {
        let dir = MemoryDirectory()
        var docs: [(path: String, body: String, language: String)] = (0..<2000).map {
            ("other\($0).txt", "Le rapport \($0) parle de la météo, des routes et du niveau de la rivière.", "fr")
        }
        docs += (0..<10).map { ("evolution\($0).txt", "Évolution, évolution, évolution, évolutions et évolution.", "fr") }
        docs.append(("word.txt", "Le système a beaucoup évolué depuis dix ans selon le projet.", "fr"))
        let s = try buildLanguageIndex(docs, in: dir)
        let hits = try s.search("evolue", options: SearchOptions(limit: 11)).hits.map { $0.fields["path"] ?? "" }
        #expect(hits.first == "word.txt", "\(hits)")
        #expect(hits.count == 11 && hits.dropFirst().allSatisfy { $0.hasPrefix("evolution") }, "\(hits)")
    }
}

extension StemOnlyRankingTests {
    @Test func aStemOnlyHitShowsItsStemHighlighted() throws {
        let dir = MemoryDirectory()
        let writer = try IndexWriter(directory: dir, schema: Schema([FieldSpec("path", isPath: true), FieldSpec("body", stored: true)]))
        var doc = Document(["path": "a.txt", "body": "Une évolution rapide du système."])
        doc.language = Language(code: "fr")
        try writer.add(doc)
        try writer.commit()
        let hit = try #require(try Searcher(directory: dir).search("évolué", options: SearchOptions(snippets: 1)).hits.first)
        let snippet = try #require(hit.snippets.first)
        #expect(snippet.marked(open: "[", close: "]").contains("[évolution]"), "\(snippet)")
    }
}
