import Testing
@testable import Loupe

@Suite struct AnalysisTests {
    let analyzer = try! Analyzer.standard()

    @Test func latinDiacriticsAreFoldedToASCII() {
        expectTokens(analyzer, "Mevlüt Çavuşoğlu, Łódź!", [
            ("mevlut", "Mevlüt"), ("cavusoglu", "Çavuşoğlu"), ("lodz", "Łódź"),
        ])
        expectTokens(analyzer, "Tôi đoán Đà Nẵng", [("toi", "Tôi"), ("doan", "đoán"), ("da", "Đà"), ("nang", "Nẵng")])
    }

    @Test func turkishDottedAndDotlessI() {
        expectTokens(analyzer, "İstanbul ISTANBUL yapıştır KITABIN", [
            ("istanbul", "İstanbul"), ("istanbul", "ISTANBUL"), ("yapistir", "yapıştır"), ("kitabin", "KITABIN"),
        ])
    }

    @Test func germanSharpS() {
        expectTokens(analyzer, "Große Straße STRASSE groß", [
            ("grosse", "Große"), ("strasse", "Straße"), ("strasse", "STRASSE"), ("gross", "groß"),
        ])
    }

    @Test func cyrillicIsTransliterated() {
        expectTokens(analyzer, "Москва — столица", [("moskva", "Москва"), ("stolica", "столица")])
    }

    @Test func greekIsTransliterated() {
        expectTokens(analyzer, "Ελλάδα και Αθήνα", [("ellada", "Ελλάδα"), ("kai", "και"), ("athena", "Αθήνα")])
    }

    @Test func arabicStaysInItsScript() {
        expectTokens(analyzer, "القاهرة عاصمة مصر", [("القاهرة", "القاهرة"), ("عاصمة", "عاصمة"), ("مصر", "مصر")])
    }

    @Test func chineseIsSegmentedByDictionaryAndKeptAsHan() {
        expectTokens(analyzer, "东京都的人口很多", analyzer.tokens("东京都的人口很多").map { ($0.term, $0.term) })
        let terms = analyzer.terms("我爱北京天安门")
        #expect(terms.count >= 3, "dictionary segmentation splits a sentence into words")
        #expect(terms.joined() == "我爱北京天安门", "Han stays Han: no pinyin")
    }

    @Test func japaneseMixedScripts() {
        expectTokens(analyzer, "東京都の人口、カタカナ", [
            ("東京", "東京"), ("都", "都"), ("の", "の"), ("人口", "人口"), ("カタカナ", "カタカナ"),
        ])
    }

    @Test func thaiIsSegmentedIntoWords() {
        expectTokens(analyzer, "ภาษาไทยง่ายนิดเดียว", [
            ("ภาษา", "ภาษา"), ("ไทย", "ไทย"), ("ง่าย", "ง่าย"), ("นิด", "นิด"), ("เดียว", "เดียว"),
        ])
    }

    @Test func compatibilityFormsAndCase() {
        expectTokens(analyzer, "ＡＢＣ ﬁle HELLO", [("abc", "ＡＢＣ"), ("file", "ﬁle"), ("hello", "HELLO")])
    }

    @Test func punctuationIsNotAToken() {
        expectTokens(analyzer, "  ... — !!! ", [])
        expectTokens(analyzer, "e-mail 3.14", [("e", "e"), ("mail", "mail"), ("3.14", "3.14")])
    }

    @Test func astralCharactersKeepOffsetsRight() {
        // 𝐀 is outside the BMP (a surrogate pair in UTF-16, 4 bytes in UTF-8); NFKC maps it to "a".
        expectTokens(analyzer, "𝐀bc naïve", [("abc", "𝐀bc"), ("naive", "naïve")])
    }

    @Test func overlongTermsAreDropped() {
        let long = String(repeating: "x", count: 300)
        expectTokens(analyzer, "short \(long) end", [("short", "short"), ("end", "end")])
    }

    @Test func individualFilters() throws {
        #expect(try CaseFoldFilter().filter("Straße") == "strasse")
        #expect(try TransliterateFilter().filter("東京") == "東京")
        #expect(try TransliterateFilter().filter("москва") == "moskva")
        #expect(LengthFilter(maxBytes: 3).filter("abcd") == nil)
    }
}
