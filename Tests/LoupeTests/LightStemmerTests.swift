import Testing
@_spi(Benchmarks) @testable import LoupeCore

/// Loupe's own stemmers for the languages Snowball 2.2 lacks (Polish, Czech, Ukrainian).
@Suite struct LightStemmerTests {
    let analyzer = try! Analyzer.standard()

    /// The stem of `word` in `code` as the index keeps it (folded: diacritics and Cyrillic romanized).
    func stem(_ word: String, _ code: String) -> String {
        let s = analyzer.stemmers?.stem(word, in: Language(code: code)!) ?? "<none>"
        return analyzer.foldOnly(s) ?? "<dropped>"
    }

    /// Each group holds forms of one word: they share one stem, of three letters or more, and the
    /// groups' stems differ from one another.
    func expectConflated(_ code: String, _ groups: [[String]], sourceLocation: SourceLocation = #_sourceLocation) {
        var stems: [String] = []
        for forms in groups {
            let s = Set(forms.map { stem($0, code) })
            #expect(s.count == 1, "\(code) \(forms) → \(forms.map { stem($0, code) })", sourceLocation: sourceLocation)
            #expect(s.allSatisfy { $0.count >= 3 }, "\(code) \(s)", sourceLocation: sourceLocation)
            stems.append(s.first ?? "")
        }
        #expect(Set(stems).count == groups.count, "\(code) groups collide: \(stems)", sourceLocation: sourceLocation)
    }

    /// The letter shortcut answers as the Alphabetic property over its ranges and around them.
    @Test func letterShortcutIsTheAlphabeticProperty() {
        let scalars = (UInt32(0)..<0x600).compactMap(Unicode.Scalar.init)
        #expect(scalars.filter { [Unicode.Scalar].isLetter($0) != $0.properties.isAlphabetic } == [])
        #expect([Unicode.Scalar].isLetter("ж") && [Unicode.Scalar].isLetter("ł") && ![Unicode.Scalar].isLetter("÷"))
    }

    /// Stripping through the endings of the word's last scalar strips what trying every ending
    /// longest first strips, for every word that ends as an ending does (and a few that do not).
    @Test func suffixBucketsStripAsTheFullList() {
        for table in [UkrainianStemmer.endings, UkrainianStemmer.stemEnds, UkrainianStemmer.reflexive,
                      PolishStemmer.endings, PolishStemmer.stemEnds, CzechStemmer.endings, CzechStemmer.stemEnds] {
            var checked = 0
            for e in table.endings {
                for stem in ["", "к", "кра", "працю", "ab", "prac", "dom", "ověř"] {
                    let word = Array(stem.unicodeScalars) + e
                    for minimum in [1, 3, 4] {
                        var fast = word, slow = word
                        table.strip(&fast, minimumStem: minimum)
                        if let first = table.endings.first(where: { word.count - $0.count >= minimum && word.hasSuffix($0) }) {
                            slow.removeLast(first.count)
                        }
                        #expect(fast == slow, "\(String(String.UnicodeScalarView(word)))")
                        checked += 1
                    }
                }
            }
            #expect(checked >= 24)
        }
    }

    @Test func polishFormsMeet() {
        expectConflated("pl", [
            ["dom", "domu", "domem", "domach", "domy", "domów", "domowi"],
            ["system", "systemu", "systemy", "systemów", "systemie", "systemem", "systemami"],
            ["plik", "pliku", "plików", "plikami", "pliki", "plikiem", "plikach"],
            ["linia", "linii", "linię", "liniami"],
            ["budynek", "budynku", "budynki", "budynkiem"],
            ["komputer", "komputera", "komputerze", "komputerów"],
            ["nowy", "nowego", "nowemu", "nowymi", "nowa", "nową"],
            ["samochód", "samochodu", "samochodem"],
            ["katalog", "katalogu", "katalogi", "katalogów"],
        ])
    }

    @Test func czechFormsMeet() {
        expectConflated("cs", [
            ["soubor", "souboru", "souborů", "soubory", "souborem", "souborech"],
            ["systém", "systému", "systémy", "systémů"],
            ["dům", "domu", "domy", "domech"],
            ["kniha", "knihy", "knize", "knihou"],
            ["ruka", "ruce", "ruku", "rukou"],
            ["chlapec", "chlapce", "chlapci", "chlapcem"],
            ["nový", "nového", "novému", "nových", "nová"],
            ["adresář", "adresáře", "adresářů", "adresářem"],
        ])
    }

    @Test func ukrainianFormsMeet() {
        expectConflated("uk", [
            ["файл", "файлу", "файли", "файлів", "файлами", "файлом", "файлі"],
            ["система", "системи", "системою", "систем", "системі", "системами"],
            ["користувач", "користувача", "користувачем", "користувачів"],
            ["станція", "станції", "станцію", "станцій"],
            ["кількість", "кількості", "кількістю"],
            ["новий", "нового", "новому", "нових", "нова", "новою"],
            ["програма", "програми", "програму", "програм", "програмою"],
            ["використовувати", "використовує", "використовують", "використовується"],
            ["кімната", "кімнати", "кімнату", "кімнат"],
            ["результат", "результату", "результати", "результатів"],
            ["виконати", "виконує", "виконувати", "виконуватиме", "виконуватиметься", "виконують"],
        ])
        // ґ is read as г, apostrophes go.
        #expect(stem("ґанок", "uk") == stem("ганок", "uk"))
        #expect(stem("пам'ять", "uk") == stem("пам’яті", "uk"))
    }

    /// Short words are kept whole; words with digits and words of another script are left alone.
    @Test func shortAndForeignWordsAreKept() {
        #expect(stem("dom", "pl") == "dom")
        #expect(stem("ale", "pl") == "ale")
        #expect(stem("mp3", "pl") == "mp3")
        #expect(stem("ono", "cs") == "ono")
        #expect(stem("він", "uk") == analyzer.foldOnly("він"))
        #expect(stem("files", "uk") == "files")
        #expect(stem("файлами", "pl") == analyzer.foldOnly("файлами"))
    }

    @Test func theTableChoosesTheStemmer() {
        for code in ["pl", "cs", "uk", "en", "ru"] { #expect(Stemmers.stems(Language(code: code)!), "\(code)") }
        #expect(!Stemmers.stems(Language(code: "zh")!))
        #expect(Stemmers.make(Language(code: "pl")!) is PolishStemmer)
        #expect(Stemmers.make(Language(code: "de")!) is SnowballStemmer)
        #expect(Stemmers.make(Language(code: "he")!) == nil)
    }

    /// Through the index, with the language forced: a query word finds a document holding only
    /// other forms of it.
    @Test(arguments: [
        ("pl", "Usunięto kilka plikami zarządzanych katalogów z dysku.", "plik"),
        ("cs", "Program zapisuje změny do souborů v domovském adresáři.", "soubor"),
        ("uk", "Програма зберігає зміни у файлах домашнього каталогу.", "файл"),
    ])
    func aQueryWordFindsAnotherForm(_ code: String, _ body: String, _ query: String) throws {
        let dir = MemoryDirectory()
        let writer = try IndexWriter(directory: dir, schema: .files)
        var doc = Document(["path": "a.txt", "body": body])
        doc.language = Language(code: code)
        try writer.add(doc)
        try writer.add(["path": "b.txt", "body": "Nothing related here at all, only English words about the weather."])
        try writer.commit()
        let s = try Searcher(directory: dir)
        s.queryLanguages = [Language(code: code)!]
        #expect(try s.search(query).hits.map { $0.fields["path"] ?? "" } == ["a.txt"], "\(code) \(query)")
        s.queryLanguages = []
        #expect(try s.search(query).hits.isEmpty, "\(code) \(query) without stems")
    }
}
