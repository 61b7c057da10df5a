import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// Documents in several languages: each passage is analyzed in its own language, and a document holds
/// every language of its passages.
@Suite struct PassageLanguageTests {
    /// Mostly French, with an English block (console output explained in English) in the middle.
    static let frenchPage = """
        Configuration des interfaces

        Pour configurer les interfaces, il faut modifier le fichier qui décrit la machine. Chaque interface y \
        est déclarée avec son adresse et sa passerelle ; les paramètres sont lus au démarrage par le système, puis \
        appliqués dans l'ordre où ils apparaissent. Les journaux du système indiquent souvent la ligne fautive.

        $ sudo ifup eth0
        The interface is already up and its address was assigned by the server. Check that the cable is plugged \
        in and that the switch shows the link as active before you try again; the daemon keeps retrying in the \
        background while it waits for an answer.

        Si la commande échoue, relisez attentivement le fichier : une faute de frappe dans le nom de l'interface \
        suffit à empêcher son activation, et il est prudent de consulter les messages avant de redémarrer.
        """

    /// Mostly English (English yields to a language holding a sixth of a text, as in CLD2's summary), with a French
    /// paragraph.
    static let englishPage = """
        Network configuration

        The installer writes the interface definitions to a single file, which the system reads at boot time and \
        applies in the order they appear. Each interface is declared with its address, its netmask and its \
        gateway. When a cable is unplugged the daemon waits in the background, and the log shows every attempt.

        Avant de modifier ce fichier, il est prudent d'en garder une copie : une faute de frappe dans le nom \
        d'une interface suffit à empêcher son activation, et les réseaux déclarés ensuite ne seront pas \
        configurés non plus, même si le reste du fichier est correct.

        To check the result, bring the interface up by hand and read the messages it prints. A link that stays \
        down usually means that the switch port is disabled or that the driver for the card was not loaded by \
        the kernel, which the output of the kernel log will confirm.

        When the same file is shared between several machines, keep one copy under version control and install         it with the configuration management tool of your choice, so that a change made on one host is reviewed         before it reaches the others.

        Finally, remember that the network service is restarted whenever the package is upgraded, which briefly         drops every connection.

        The same rules apply to wireless interfaces, except that the access point and its passphrase must be         known before the link can come up at all.

        Servers that must stay reachable often have two cards bonded together, so that the machine keeps its         address when one of the cables or one of the switches fails. The bonding driver takes care of the         details, and the file only needs to name the cards and the mode they run in.

        Virtual machines and containers add bridges to the picture. A bridge is declared like any other \
        interface, with the list of the ports it joins; the guests then see the same network as the host, \
        and each of them gets its address from the same server as the machines that sit next to it.
        """

    static let fr = Language(code: "fr")!

    /// The byte offset of `needle` in `text`.
    static func offset(of needle: String, in text: String) throws -> Int {
        let r = try #require(text.range(of: needle))
        return text.utf8.distance(from: text.startIndex, to: r.lowerBound)
    }

    @Test func passagesAreToldApart() throws {
        let detector = CLD2Detector()
        let french = detector.passages(of: Self.frenchPage)
        #expect(french.main == Self.fr)
        #expect(Set(french.languages) == [Self.fr, .english])
        let english = detector.passages(of: Self.englishPage)
        #expect(english.main == .english)
        #expect(Set(english.languages) == [Self.fr, .english])
        // Each passage's language at a sentence well inside it.
        func language(_ p: LanguagePassages, at offset: Int) -> Language? {
            p.passages.last { $0.start <= offset }?.language
        }
        #expect(language(french, at: try Self.offset(of: "already up", in: Self.frenchPage)) == .english)
        #expect(language(french, at: try Self.offset(of: "relisez", in: Self.frenchPage)) == Self.fr)
        #expect(language(french, at: try Self.offset(of: "est déclarée", in: Self.frenchPage)) == Self.fr)
        #expect(language(english, at: try Self.offset(of: "prudent", in: Self.englishPage)) == Self.fr)
        #expect(language(english, at: try Self.offset(of: "stays down", in: Self.englishPage)) == .english)
        // One language throughout: no passages beside the main one.
        let plain = detector.passages(of: String(repeating: "The daemon waits for the cable and then it retries. ", count: 8))
        #expect(plain == LanguagePassages(.english))
    }

    /// The tokens of each passage carry its stems: French words French stems, English words English ones.
    @Test func eachPassageIsStemmedInItsLanguage() throws {
        let a = try Analyzer.standard()
        let passages = CLD2Detector().passages(of: Self.frenchPage)
        let tokens = try a.tokens(Self.frenchPage, language: passages.main, passages: passages)
        func token(_ word: String) throws -> Token { try #require(tokens.first { $0.term == word }, "\(word)") }
        #expect(try token("journaux").stems == ["journal"])
        #expect(try token("retrying").stems == ["retri"])
        #expect(try token("retrying").language == .english)
        #expect(try token("relisez").language == Self.fr)
    }

    /// Without a language named, each passage is found by its words' other forms in its own language.
    @Test func anIndexFindsEachPassageByItsLanguagesForms() throws {
        let dir = MemoryDirectory()
        let writer = try IndexWriter(directory: dir, schema: Schema([FieldSpec("path", isPath: true), FieldSpec("body", stored: false)]))
        try writer.add(Document(["path": "fr.txt", "body": Self.frenchPage]))
        try writer.add(Document(["path": "en.txt", "body": Self.englishPage]))
        for i in 0..<3 {
            try writer.add(Document(["path": "other\(i).txt", "body": "Report \(i) on the weather, the roads and the river level this week."]))
        }
        try writer.commit()
        let s = try Searcher(directory: dir)
        func paths(_ q: String) throws -> [String] { try s.search(q).hits.map { $0.fields["path"] ?? "" }.sorted() }
        // French forms in French passages (`journaux` in the French page, `réseaux` in the English one's
        // French paragraph), English forms in English ones (`retrying` in the French page's block).
        #expect(try paths("journal") == ["fr.txt"])
        #expect(try paths("réseau") == ["en.txt"])
        #expect(try paths("retried") == ["fr.txt"])
        // Each page holds both languages; the language column keeps each page's main one.
        let reader = try IndexReader(directory: dir)
        let counts = Dictionary(uniqueKeysWithValues: try reader.languageDistribution().map { ($0.language?.code ?? "-", $0.documents) })
        #expect(counts == ["en": 5, "fr": 2])
        let column = try reader.segments[0].languageColumn(field: 1)
        #expect((0..<5).map { column.code(of: Int32($0)) } == ["fr", "en", "en", "en", "en"])
        _ = try reader.verifyDeep()
    }

    /// A word held as typed only in the French passages of English pages is still a French word: its
    /// French stems are kept, and find the other form in another English page's French passage.
    @Test func aWordInAnotherLanguagesPassagesKeepsItsStems() throws {
        let dir = MemoryDirectory()
        let writer = try IndexWriter(directory: dir, schema: Schema([FieldSpec("path", isPath: true), FieldSpec("body", stored: false)]))
        let typed = Self.englishPage.replacingOccurrences(of: "les réseaux déclarés ensuite ne seront pas configurés",
                                                          with: "le réseau déclaré ensuite ne sera pas configuré")
        #expect(typed != Self.englishPage)
        try writer.add(Document(["path": "forms.txt", "body": Self.englishPage]))
        try writer.add(Document(["path": "typed.txt", "body": typed]))
        try writer.commit()
        let s = try Searcher(directory: dir)
        let column = try s.reader.segments[0].languageColumn(field: 1)
        #expect(column.code(of: 1) == "en")
        #expect(try s.search("réseau").hits.map { $0.fields["path"] ?? "" }.sorted() == ["forms.txt", "typed.txt"])
    }

    /// The same pages with one language each (what whole-page detection gave): the other language's
    /// passages lose their forms.
    @Test func oneLanguagePerPageMissesTheOtherPassages() throws {
        let dir = MemoryDirectory()
        let s = try buildLanguageIndex([("fr.txt", Self.frenchPage, "fr"), ("en.txt", Self.englishPage, "en")], in: dir)
        #expect(try s.search("réseau").hits.isEmpty)
        #expect(try s.search("retried").hits.isEmpty)
        #expect(try s.search("journal").hits.map { $0.fields["path"] ?? "" } == ["fr.txt"])
    }

    /// `loupe stats` counts a page under every language it holds.
    @Test func statsCountEveryLanguageADocumentHolds() throws {
        let tmp = TempDir()
        tmp.write("d/fr.txt", Self.frenchPage)
        tmp.write("d/en.txt", Self.englishPage)
        tmp.write("d/more.txt", "He was running fast through the streets of the old city with his friends.")
        #expect(try CLI.run(["index", "d"], cwd: tmp.path).status == 0)
        let stats = try CLI.run(["stats"], cwd: tmp.path)
        #expect(stats.stdout.contains("languages:    en 3, fr 2"), "\(stats.stdout)")
        #expect(try CLI.run(["search", "réseau"], cwd: tmp.path).stdout.contains("en.txt"))
        #expect(try CLI.run(["check", "--deep"], cwd: tmp.path).status == 0)
        // `loupe analyze --languages` shows the passages indexing analyzed.
        let shown = try CLI.run(["analyze", "--languages", Self.frenchPage], cwd: tmp.path).stdout
        #expect(shown.contains("main:     fr") && shown.contains(" en\n"), "\(shown)")
    }
}
