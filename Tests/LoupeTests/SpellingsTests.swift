import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// The spellings of a word beside its own: German without umlauts both ways, other romanizations of
/// Cyrillic, Katakana as Hiragana, the Catalan middle dot, Hindi's anusvara, a Han word's pinyin and
/// an emoji's base.
@Suite struct SpellingsTests {
    @Test func wordsGetTheirOtherSpellings() throws {
        let a = try Analyzer.standard()
        expectForms(a, "Mueller Müller Köln", language: nil,
                    [("mueller", "Mueller"), ("muller|müller+mueller", "Müller"), ("koln|köln+koeln", "Köln")])
        expectForms(a, "Чехов Київ Хрущёв Запоріжжя", language: nil,
                    [("chekhov|чехов+chehov", "Чехов"), ("kyyiv|київ+kyiv", "Київ"), ("khrushchev|хрущёв+hruschev", "Хрущёв"),
                     ("zaporizhzhya|запоріжжя+zaporizhzhia", "Запоріжжя")])
        expectForms(a, "ヒラガナ", language: nil, [("ヒラガナ+ひらがな+ヒラ+ラガ+ガナ", "ヒラガナ")])
        expectForms(a, "col·lecció", language: nil, [("col:leccio|col·lecció+colleccio", "col·lecció")])
        expectForms(a, "हिन्दी हिंदी", language: nil, [("हिंदी|हिन्दी", "हिन्दी"), ("हिंदी", "हिंदी")])
        expectForms(a, "中国 👍🏽 👍 👩‍💻", language: nil,
                    [("中国+zhongguo", "中国"), ("👍🏽+👍", "👍🏽"), ("👍", "👍"), ("👩💻+👩", "👩‍💻")])
    }

    @Test func eachSpellingFindsTheOthers() throws {
        let dir = MemoryDirectory()
        let docs: [(path: String, title: String, body: String)] = [
            ("mueller.txt", "", "Herr Mueller wohnt in Koeln."),
            ("chekhov.txt", "", "Антон Павлович Чехов написал пьесу."),
            ("kyiv.txt", "", "Я живу в Києві, а народився у місті Київ."),
            ("hiragana.txt", "", "ひらがな"),
            ("zhongguo.txt", "", "中国"),
            ("thumbs.txt", "", "great work 👍🏽"),
            ("hindi.txt", "", "मैं हिंदी बोलता हूँ"),
            ("catalan.txt", "", "una col·lecció de llibres"),
        ]
        let s = try buildIndex(docs, in: dir)
        for (q, path) in [("Müller", "mueller.txt"), ("Köln", "mueller.txt"), ("chehov", "chekhov.txt"), ("kyiv", "kyiv.txt"),
                          ("ヒラガナ", "hiragana.txt"), ("zhongguo", "zhongguo.txt"), ("👍", "thumbs.txt"),
                          ("हिन्दी", "hindi.txt"), ("colleccio", "catalan.txt")] {
            #expect(try s.search(q).hits.map { $0.fields["path"] ?? "" } == [path], "\(q)")
        }
    }

    /// Hiragana and Katakana find each other both ways, and the script typed ranks first (the
    /// Hiragana phrase of a Katakana word weighs as one folded form, not one per character).
    @Test func kanaFindTheOtherScriptAndRankTheirOwnFirst() throws {
        let dir = MemoryDirectory()
        let s = try buildIndex([("katakana.txt", "", "これはヒラガナのテストです"), ("hiragana.txt", "", "これはひらがなのテストです")], in: dir)
        func paths(_ q: String) throws -> [String] { try s.search(q).hits.map { $0.fields["path"] ?? "" } }
        #expect(try paths("ヒラガナ") == ["katakana.txt", "hiragana.txt"])
        #expect(try paths("ひらがな") == ["hiragana.txt", "katakana.txt"])
        #expect(try paths("てすと").count == 2)
    }
}
