import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

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
        expectTokens(analyzer, "Москва — столица", [("moskva", "Москва"), ("stolitsa", "столица")])
    }

    @Test func greekIsTransliterated() {
        expectTokens(analyzer, "Ελλάδα και Αθήνα", [("ellada", "Ελλάδα"), ("kai", "και"), ("athina", "Αθήνα")])
    }

    @Test func arabicStaysInItsScript() throws {
        // Teh marbuta folds to heh (ScriptFoldFilter); the exact forms keep it.
        expectTokens(analyzer, "القاهرة عاصمة مصر", [("القاهره", "القاهرة"), ("عاصمه", "عاصمة"), ("مصر", "مصر")])
        #expect(try analyzer.tokens("القاهرة").first?.exact == "القاهرة")
    }

    @Test func chineseIsSegmentedByDictionaryAndKeptAsHan() throws {
        expectTokens(analyzer, "东京都的人口很多", try analyzer.tokens("东京都的人口很多").map { ($0.term, $0.term) })
        let terms = try analyzer.terms("我爱北京天安门")
        #expect(terms.count >= 3, "dictionary segmentation splits a sentence into words")
        #expect(terms.joined() == "我爱北京天安门", "Han stays Han: no pinyin")
    }

    @Test func japaneseMixedScripts() throws {
        expectTokens(analyzer, "東京都の人口、カタカナ", [
            ("东京", "東京"), ("都", "都"), ("の", "の"), ("人口", "人口"), ("カタカナ", "カタカナ"),
        ])
        #expect(try analyzer.tokens("東京").first?.exact == "東京", "the traditional spelling is the exact form")
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

@Suite struct ASCIIWordBreakerTests {
    /// The words ICU's break iterator finds in `text`, and the ones `ASCIIWordBreaker` finds.
    func both(_ tokenizer: ICUTokenizer, _ text: String) throws -> (icu: [Range<Int>], ascii: [Range<Int>]) {
        var icu: [Range<Int>] = [], ascii: [Range<Int>] = []
        try tokenizer.forEachICUWord(in: text) { icu.append($0..<$1) }
        var t = text
        t.withUTF8 { bytes in
            #expect(ASCIIWordBreaker.isASCII(bytes))
            ASCIIWordBreaker.forEachWord(in: bytes) { ascii.append($0..<$1) }
        }
        return (icu, ascii)
    }

    /// Random strings over an alphabet holding every ASCII word-break class (letters, digits, `_`,
    /// `.` `'` `,` `;` `:`, spaces, tabs, line ends, other punctuation, control bytes), weighted
    /// so the middle characters often fall between letters or digits: the same words as ICU.
    @Test func sameWordsAsICUOnRandomASCII() throws {
        let tokenizer = try ICUTokenizer()
        let alphabet = Array("aZz09_.',;: \t\r\n-\"!@#$%^&*()[]{}<>/\\|?~`+=\u{0}\u{7}\u{b}\u{c}\u{7f}".utf8)
        let common = Array("ab9_.'".utf8)
        var rng = SplitMix64(seed: 2026)
        var checked = 0
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<(1 + rng.below(24)) {
                bytes.append(rng.below(2) == 0 ? common[rng.below(common.count)] : alphabet[rng.below(alphabet.count)])
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let (icu, ascii) = try both(tokenizer, text)
            #expect(icu == ascii, "\(bytes)")
            if icu != ascii { break }
            checked += icu.count
        }
        #expect(checked > 10_000)
    }

    /// Real text: the English sample files and hand-picked cases.
    @Test func sameWordsAsICUOnText() throws {
        let tokenizer = try ICUTokenizer()
        var texts = ["e.g. 3.14 don't 1'2 a.1 1.a a_.b x__y _ __ _a a_ _1 a:b 1:2 1;2 1,2 a,b a..b 1..2 a'.b x'",
                     "U.S.A. isn't 1,000,000.50 v1.2.3 foo_bar() #include <stdio.h> e-mail x@y.org 'quoted' \"q\"",
                     "\r\n\r\nline\rbreaks\nand\u{b}vertical\u{c}tabs   spaces\t\ttabs", ""]
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Samples/multilingual")
        if let e = FileManager.default.enumerator(atPath: samples.path) {
            for case let f as String in e {
                if let t = try? String(contentsOfFile: samples.path + "/" + f, encoding: .utf8), t.utf8.allSatisfy({ $0 < 0x80 }) {
                    texts.append(t)
                }
            }
        }
        #expect(texts.count > 4, "some sample file is pure ASCII")
        for text in texts {
            let (icu, ascii) = try both(tokenizer, text)
            #expect(icu == ascii, "\(text.prefix(60))")
        }
    }

    /// The long form, on a real corpus: `LOUPE_ASCII_CORPUS=DIR swift test --filter ASCIIWordBreakerTests`
    /// compares the two on every pure-ASCII file under DIR (without it, a few of the sample files).
    @Test func sameWordsAsICUOnACorpus() throws {
        let root = ProcessInfo.processInfo.environment["LOUPE_ASCII_CORPUS"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Samples").path
        let tokenizer = try ICUTokenizer()
        let (files, words, _) = try compareBreakerWithICU(root: root, paths: filesUnder(root), take: { $0.allSatisfy { $0 < 0x80 } }) {
            let r = try both(tokenizer, $0)
            return (r.icu, r.ascii)
        }
        print("ASCII word breaker: \(files) files, \(words) words, the same as ICU's")
        #expect(files > 0)
    }

    @Test func asciiCheck() {
        for (text, ascii) in [("", true), ("plain text, longer than eight bytes", true), ("caf\u{e9}", false),
                              ("eight by", true), ("seven b\u{e9}ytes and more", false), ("\u{7f}", true)] {
            var t = text
            #expect(t.withUTF8 { ASCIIWordBreaker.isASCII($0) } == ascii, "\(text)")
        }
    }
}

@Suite struct ForEachTermTests {
    /// What indexing runs (`forEachTerm`, bytes) gives the same terms, exact forms and positions as
    /// `analyze` (tokens), for ASCII with and without capitals, accented Latin, Cyrillic, CJK, Thai,
    /// overlong words and mixed text.
    @Test func sameTermsAsAnalyze() throws {
        let analyzer = try Analyzer.standard()
        let texts = ["plain lower case words", "Mixed CASE Words and USA e.g. 3.14", "Mevlüt Çavuşoğlu met İstanbul",
                     "Москва — столица России", "東京都の人口", "ภาษาไทยง่ายนิดเดียว", "Straße STRASSE straße",
                     String(repeating: "x", count: 300) + " after " + String(repeating: "é", count: 200), "", "   ",
                     "café CAFÉ Café naïve x@y.org don't"]
        for language in [nil, Language.english, Language(code: "de"), Language(code: "ru"), Language(code: "fr")] {
            for text in texts + ["l'homme O'Neil's running RUNNING Москве 中国人 Müller internationalizationsarchitectures"] {
                var got: [(String, Int)] = []
                let length = try analyzer.forEachTerm(in: text, language: language) { marker, term, position in
                    let t = String(decoding: term, as: UTF8.self)
                    got.append((marker == 0 ? t : String(UnicodeScalar(marker)) + t, position))
                }
                let want = try analyzer.tokens(text, language: language)
                #expect(got.map(\.0) == want.flatMap(\.indexedTerms), "terms of \(text.prefix(40)) in \(String(describing: language))")
                #expect(got.map(\.1) == want.flatMap { t in t.indexedTerms.map { _ in t.position } }, "positions of \(text.prefix(40))")
                #expect(length == want.count)
            }
        }
    }
}
