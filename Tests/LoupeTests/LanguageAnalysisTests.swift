import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// The one analysis helper of the language tests: the tokens of `text` analyzed in `language`, each
/// written `term|exact+alternate~stem` (only the parts it has), and the text each one's offsets cut.
func expectForms(_ analyzer: Analyzer, _ text: String, language: String?, _ expected: [(forms: String, original: String)],
                 sourceLocation: SourceLocation = #_sourceLocation) {
    let tokens: [Token]
    do { tokens = try analyzer.tokens(text, language: language.flatMap { Language(code: $0) }) } catch {
        Issue.record(error, sourceLocation: sourceLocation)
        return
    }
    let forms = tokens.map { t in
        t.term + (t.exact.map { "|" + $0 } ?? "") + t.alternates.map { "+" + $0 }.joined() + t.stems.map { "~" + $0 }.joined()
    }
    #expect(forms == expected.map(\.forms), "forms of \(text)", sourceLocation: sourceLocation)
    #expect(tokens.map(\.position) == Array(0..<tokens.count), "positions of \(text)", sourceLocation: sourceLocation)
    let bytes = Array(text.utf8)
    let cut = tokens.map { t -> String in
        guard t.startOffset >= 0, t.startOffset <= t.endOffset, t.endOffset <= bytes.count else { return "<bad offsets>" }
        return String(decoding: bytes[t.startOffset..<t.endOffset], as: UTF8.self)
    }
    #expect(cut == expected.map(\.original), "offsets of \(text)", sourceLocation: sourceLocation)
}

@Suite struct LanguageDetectionTests {
    /// A paragraph in each of the 20 languages of the inflection probes is detected as that language.
    @Test(arguments: [
        ("de", "Die Stadtverwaltung hat am Montag beschlossen, die alte Brücke über den Fluss im nächsten Sommer vollständig zu erneuern, weil die Pfeiler seit Jahren Risse zeigen."),
        ("fr", "Le conseil municipal a décidé lundi de rénover entièrement le vieux pont sur la rivière l'été prochain, car les piliers montrent des fissures depuis des années."),
        ("es", "El ayuntamiento decidió el lunes renovar por completo el viejo puente sobre el río el próximo verano, porque los pilares muestran grietas desde hace años."),
        ("it", "Il consiglio comunale ha deciso lunedì di rinnovare completamente il vecchio ponte sul fiume la prossima estate, perché i piloni mostrano crepe da anni."),
        ("pt", "A câmara municipal decidiu na segunda-feira renovar completamente a velha ponte sobre o rio no próximo verão, porque os pilares mostram rachaduras há anos."),
        ("ru", "Городской совет в понедельник решил полностью отремонтировать старый мост через реку следующим летом, потому что на опорах уже много лет видны трещины."),
        ("tr", "Belediye meclisi pazartesi günü nehir üzerindeki eski köprüyü gelecek yaz tamamen yenilemeye karar verdi, çünkü ayaklarda yıllardır çatlaklar görülüyor."),
        ("pl", "Rada miejska postanowiła w poniedziałek całkowicie odnowić stary most na rzece następnego lata, ponieważ na filarach od lat widać pęknięcia."),
        ("nl", "De gemeenteraad heeft maandag besloten de oude brug over de rivier volgende zomer volledig te vernieuwen, omdat de pijlers al jaren scheuren vertonen."),
        ("sv", "Kommunfullmäktige beslutade i måndags att helt renovera den gamla bron över floden nästa sommar, eftersom pelarna har visat sprickor i flera år."),
        ("da", "Byrådet besluttede mandag at renovere den gamle bro over floden fuldstændigt næste sommer, fordi søjlerne i årevis har vist revner og skader."),
        ("nb", "Bystyret vedtok mandag å pusse opp den gamle brua over elva fullstendig neste sommer, fordi pilarene i mange år har vist sprekker og skader."),
        ("el", "Το δημοτικό συμβούλιο αποφάσισε τη Δευτέρα να ανακαινίσει πλήρως την παλιά γέφυρα πάνω από το ποτάμι το επόμενο καλοκαίρι, επειδή οι κολόνες έχουν ρωγμές εδώ και χρόνια."),
        ("uk", "Міська рада в понеділок вирішила повністю відремонтувати старий міст через річку наступного літа, бо на опорах уже багато років видно тріщини."),
        ("ro", "Consiliul local a hotărât luni să renoveze complet podul vechi de peste râu în vara viitoare, deoarece stâlpii prezintă fisuri de mai mulți ani."),
        ("id", "Dewan kota memutuskan pada hari Senin untuk merenovasi sepenuhnya jembatan tua di atas sungai pada musim panas mendatang, karena tiang-tiangnya sudah retak selama bertahun-tahun."),
        ("fi", "Kaupunginvaltuusto päätti maanantaina kunnostaa joen yli kulkevan vanhan sillan kokonaan ensi kesänä, koska pilareissa on ollut halkeamia jo vuosia."),
        ("hu", "A városi tanács hétfőn úgy döntött, hogy jövő nyáron teljesen felújítja a folyó feletti régi hidat, mert a pilléreken évek óta repedések látszanak."),
        ("cs", "Městská rada v pondělí rozhodla, že příští léto kompletně opraví starý most přes řeku, protože na pilířích jsou už léta vidět praskliny."),
        ("ca", "L'ajuntament va decidir dilluns renovar completament el vell pont sobre el riu l'estiu vinent, perquè els pilars mostren esquerdes des de fa anys."),
    ])
    func detectsEachLanguage(_ code: String, _ paragraph: String) {
        #expect(Language.detect(paragraph)?.code == code, "\(paragraph.prefix(30))")
    }

    @Test func tooLittleTextIsUnknownAndCodesAreNormalized() {
        #expect(Language.detect("") == nil)
        #expect(Language.detect("42 17") == nil)
        #expect(Language(code: "iw")?.code == "he")
        #expect(Language(code: "NO")?.code == "nb")
        #expect(Language(code: "e1") == nil)
        #expect(Language(code: "de")?.snowballAlgorithm == "german")
        #expect(Language(code: "pl")?.snowballAlgorithm == nil)
    }
}

@Suite struct LanguageAnalysisTests {
    let analyzer = try! Analyzer.standard()

    /// Stems in the text's language, at the position and offsets of their word.
    @Test func stemsAtTheirWordsPositions() {
        expectForms(analyzer, "Москва, Москве и Москву", language: "ru", [
            ("moskva|москва~moskv", "Москва"), ("moskve|москве~moskv", "Москве"), ("i|и", "и"), ("moskvu|москву~moskv", "Москву"),
        ])
        expectForms(analyzer, "The runners were running", language: "en", [
            ("the", "The"), ("runners~runner", "runners"), ("were", "were"), ("running~run", "running"),
        ])
        expectForms(analyzer, "Häuser Straßen", language: "de", [("hauser|häuser+haeuser~haus", "Häuser"), ("strassen~strass", "Straßen")])
        // No language: no stem.
        expectForms(analyzer, "running", language: nil, [("running", "running")])
    }

    @Test func elisionAndApostrophes() {
        expectForms(analyzer, "l'homme s'avérera qu'il", language: "fr", [
            ("l'homme+homme~homm", "l'homme"), ("s'averera|s'avérera+averera~aver", "s'avérera"), ("qu'il+il", "qu'il"),
        ])
        expectForms(analyzer, "dell'arte", language: "it", [("dell'arte+arte", "dell'arte")]) // Snowball: arte is its own stem
        expectForms(analyzer, "l'aigua", language: "ca", [("l'aigua+aigua~aigu", "l'aigua")])
        expectForms(analyzer, "Çavuşoğlu'nun İstanbul'da", language: "tr", [
            ("cavusoglu'nun|çavuşoğlu'nun+cavusoglu", "Çavuşoğlu'nun"), ("istanbul'da|i̇stanbul'da+istanbul", "İstanbul'da"),
        ])
        expectForms(analyzer, "O'Neil's don't", language: "en", [("o'neil's+o'neil+oneil", "O'Neil's"), ("don't+dont+don", "don't")])
        // A typographic apostrophe is one too.
        expectForms(analyzer, "l’homme", language: "fr", [("l'homme|l’homme+homme~homm", "l’homme")])
    }

    @Test func arabicPersianHebrewHindiFolding() {
        expectForms(analyzer, "كِتَاب أحمد إسلام آمن مستشفى مكتبة ـعـربـي", language: nil, [
            ("كتاب|كِتَاب", "كِتَاب"), ("احمد|أحمد", "أحمد"), ("اسلام|إسلام", "إسلام"), ("امن|آمن", "آمن"),
            ("مستشفي|مستشفى", "مستشفى"), ("مكتبه|مكتبة", "مكتبة"), ("عربي|ـعـربـي", "ـعـربـي"),
        ])
        expectForms(analyzer, "کتاب یک", language: nil, [("كتاب|کتاب", "کتاب"), ("يك|یک", "یک")])
        expectForms(analyzer, "שָׁלוֹם", language: nil, [("שלום|שָׁלוֹם", "שָׁלוֹם")])
        expectForms(analyzer, "क़लम हँसी", language: nil, [("कलम|क़लम", "क़लम"), ("हंसी|हँसी", "हँसी")])
        expectForms(analyzer, "٢٠٢٥ ۱۲ १२", language: nil, [("2025|٢٠٢٥", "٢٠٢٥"), ("12|۱۲", "۱۲"), ("12|१२", "१२")])
    }

    @Test func practicalRomanizations() {
        expectForms(analyzer, "Чехов Хрущёв Щука сука Київ", language: nil, [
            ("chekhov|чехов+chehov", "Чехов"), ("khrushchev|хрущёв+hruschev", "Хрущёв"), ("shchuka|щука+schuka", "Щука"),
            ("suka|сука", "сука"), ("kyyiv|київ+kyiv", "Київ"),
        ])
        expectForms(analyzer, "Αθήνα Θεσσαλονίκη Երևան", language: nil, [
            ("athina|αθήνα", "Αθήνα"), ("thessaloniki|θεσσαλονίκη", "Θεσσαλονίκη"), ("yerevan|երեւան", "Երևան"),
        ])
    }

    @Test func germanUmlautSpellings() {
        expectForms(analyzer, "Müller Köln", language: nil, [("muller|müller+mueller", "Müller"), ("koln|köln+koeln", "Köln")])
    }

    @Test func cjkBigramsAndSimplifiedHan() {
        expectForms(analyzer, "中国人 中國 서울에서", language: nil, [
            ("中国人+zhongguoren+中国+国人", "中国人"), ("中国|中國+zhongguo", "中國"), ("서울에서+서울+울에+에서", "서울에서"),
        ])
    }

    @Test func compatibilityCharactersAndEmoji() {
        expectForms(analyzer, "H₂O m² ① ℃ ﷺ 🍕 👍🏽", language: nil, [
            ("h2o", "H₂O"), ("m2", "m²"), ("1", "①"), ("c", "℃"),
            ("صلي|صلى", "ﷺ"), ("الله", "ﷺ"), ("عليه", "ﷺ"), ("وسلم", "ﷺ"), ("🍕", "🍕"), ("👍🏽+👍", "👍🏽"),
        ])
    }

    @Test func queryFormsListEveryRung() throws {
        let forms = try analyzer.queryForms("Москве", languages: [Language(code: "ru")!])
        #expect(forms.map(\.term) == ["москве", "moskve", "\u{1}moskve", "\u{2}ru:moskv", "moskv", "\u{1}moskv"])
        #expect(forms.map(\.rung) == [.exact, .folded, .folded, .stemmed, .stemmed, .stemmed])
        #expect(try analyzer.queryForms("running", languages: []).map(\.rung) == [.exact, .folded])
    }

    /// Issue 13.13: a transform ICU cannot open is an error, not silently no transliteration.
    @Test func anICUFailureIsAnError() {
        #expect(throws: ICUError.self) { try CompiledTransforms.make("Latin-Nowhere") }
    }
}

@Suite struct LanguageSearchTests {
    /// Words in every form, through the library: each query finds the document that holds
    /// the word only in another form, spelling or script.
    @Test func wordsAreFoundInEveryForm() throws {
        let dir = MemoryDirectory()
        let docs: [(String, String)] = [
            ("ru.txt", "Мы долго гуляли по Москве и вернулись домой поздно вечером, потому что в городе было очень красиво."),
            ("tr.txt", "Dışişleri Bakanı Çavuşoğlu'nun açıklaması bugün Ankara'da yapılan toplantıda tartışıldı ve kabul edildi."),
            ("fr.txt", "Le livre raconte l'histoire de l'homme qui voulait changer le monde avec une idée qui s'avérera juste."),
            ("en.txt", "She was running along the river every morning before work, even when the weather was cold and wet."),
            ("ar.txt", "قرأت كِتَاب التاريخ في المكتبة"),
            ("chekhov.txt", "Антон Павлович Чехов написал много рассказов и пьес о жизни людей в России."),
            ("zh.txt", "中国人口"),
            ("ko.txt", "서울에서 만나요"),
            ("emoji.txt", "pizza night 🍕 tonight"),
            ("de.txt", "Der Maler Müller wohnte lange in Köln am Rhein und malte dort viele Bilder."),
        ]
        let writer = try IndexWriter(directory: dir, schema: .files)
        for (path, body) in docs { try writer.add(["path": path, "title": "", "body": body]) }
        try writer.commit()
        let s = try Searcher(directory: dir)
        for (query, path) in [("Москва", "ru.txt"), ("cavusoglu", "tr.txt"), ("homme", "fr.txt"), ("run", "en.txt"),
                              ("كتاب", "ar.txt"), ("chekhov", "chekhov.txt"), ("中国", "zh.txt"), ("서울", "ko.txt"),
                              ("🍕", "emoji.txt"), ("mueller", "de.txt"), ("koeln", "de.txt"), ("averera", "fr.txt")] {
            let hits = try s.search(query).hits.map { $0.fields["path"] ?? "" }
            #expect(hits.first == path, "\(query) → \(hits)")
        }
        // The languages of the index, and --no-stem: `run` no longer finds `running`.
        #expect(try s.reader.languages().map(\.code).contains("ru"))
        s.queryLanguages = []
        #expect(try s.search("run").hits.isEmpty)
    }

    @Test func theLanguageIsForcedAndCounted() throws {
        let dir = MemoryDirectory()
        let writer = try IndexWriter(directory: dir, schema: .files)
        var doc = Document(["path": "a.txt", "body": "running runs"])
        doc.language = Language(code: "de")
        try writer.add(doc)
        try writer.add(["path": "b.txt", "body": "Городской совет в понедельник решил полностью отремонтировать старый мост через реку следующим летом."])
        try writer.add(["path": "c.txt", "body": "Городской совет во вторник решил полностью покрасить старый мост через реку будущей весной."])
        try writer.commit()
        let reader = try IndexReader(directory: dir)
        let dist = try reader.languageDistribution()
        #expect(dist.map { $0.language?.code ?? "?" } == ["ru", "de"])
        #expect(dist.map(\.documents) == [2, 1])
        // The German stemmer, not the English one, stemmed a.txt: no English stem term.
        let seg = reader.segments[0]
        let body = try #require(reader.schema.number(of: "body"))
        #expect(try seg.termInfo(field: body, term: IndexedTerm.stemmed("run", language: .english)) == nil)
    }

    /// `loupe index DIR --language de`: every file is analyzed in the language named.
    @Test func aDirectoryIndexerNamesTheLanguage() throws {
        let dir = TempDir()
        dir.write("src/a.txt", "The runners were running home along the river every single morning of the week.")
        var ix = trustingIndexer(dir)
        ix.language = Language(code: "de")
        _ = try ix.run()
        let reader = try IndexReader(path: dir.path + "/idx")
        #expect(try reader.languageDistribution().map { $0.language?.code } == ["de"])
    }
}
