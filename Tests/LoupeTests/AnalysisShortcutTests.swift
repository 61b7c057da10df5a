import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore

/// The shortcuts indexing takes through analysis give what the long way gives.
@Suite struct AnalysisShortcutTests {
    /// The Latin and Inherited (marks) scalars, which `TransliterateFilter` spells a scalar at a time.
    static let latinScalars: [Unicode.Scalar] = (UInt32(0x80)..<0xE0200).compactMap { v in
        guard let s = Unicode.Scalar(v) else { return nil }
        let script = ICUScript.of(s)
        return script == ICUScript.latin || script == ICUScript.inherited ? s : nil
    }

    /// Every Latin letter and mark, alone, between letters, doubled, before an apostrophe, after an
    /// ASCII capital and before a digit: the Latin transform spells it as the full transform (script
    /// transforms and `Any-Latin` first) does, and the filter (a scalar at a time) as both do.
    @Test func transliteratesLatinAsTheFullTransform() throws {
        let f = try TransliterateFilter()
        var checked = 0
        for s in Self.latinScalars {
            let c = String(s)
            for w in [c, "a\(c)b", c + c, "\(c)'s", "Z\(c)", "\(c)1"] {
                let expected = try f.transliterateFully(w)
                #expect(try f.transliterateLatin(w) == expected, "\(w) U+\(String(s.value, radix: 16))")
                #expect(f.filter(w) == (expected.isEmpty ? nil : expected), "\(w) U+\(String(s.value, radix: 16))")
                checked += 1
            }
        }
        #expect(checked > 10000)
    }

    /// Random words of Latin letters, marks and ASCII (seeded): spelled a scalar at a time as the full
    /// transform spells them whole. `LOUPE_EXHAUSTIVE=1` checks every pair of such scalars instead.
    @Test func spellsLatinWordsAScalarAtATime() throws {
        let f = try TransliterateFilter()
        var rng = SplitMix64(seed: 1818)
        let ascii = (UInt32(0x41)...0x7A).compactMap(Unicode.Scalar.init) + ["'", "1", "·"]
        let pool = Self.latinScalars + ascii
        for _ in 0..<3000 {
            var w = String.UnicodeScalarView()
            for _ in 0..<(1 + rng.below(4)) { w.append(pool[rng.below(pool.count)]) }
            let word = String(w)
            let expected = try f.transliterateFully(word)
            #expect(f.filter(word) == (word.unicodeScalars.allSatisfy { $0.isASCII } ? word : expected.isEmpty ? nil : expected),
                    "\(word) \(word.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        guard ProcessInfo.processInfo.environment["LOUPE_EXHAUSTIVE"] == "1" else { return }
        var failures = 0
        for a in pool where a != "·" { for b in pool where b != "·" {
            var w = String.UnicodeScalarView()
            w.append(a); w.append(b)
            let word = String(w)
            if word.unicodeScalars.allSatisfy(\.isASCII) { continue }
            let expected = try f.transliterateFully(word)
            if f.filter(word) != (expected.isEmpty ? nil : expected) { failures += 1; if failures < 20 { Issue.record("\(word)") } }
        } }
        #expect(failures == 0)
    }

    /// The Cyrillic and Greek scalars, which `TransliterateFilter` spells by their script's transform
    /// alone and then a scalar at a time.
    static let cyrillicAndGreekScalars: [Unicode.Scalar] = (UInt32(0x370)..<0x2000).compactMap { v in
        guard let s = Unicode.Scalar(v) else { return nil }
        let script = ICUScript.of(s)
        return script == ICUScript.cyrillic || script == ICUScript.greek ? s : nil
    }

    /// Whether the filter spells `word` as the full transform does.
    static func spellsAsTheFullTransform(_ f: TransliterateFilter, _ word: String) throws -> Bool {
        let expected = try f.transliterateFully(word)
        return f.filter(word) == (word.unicodeScalars.allSatisfy(\.isASCII) ? word : expected.isEmpty ? nil : expected)
    }

    /// Every Cyrillic and Greek scalar alone, doubled, between letters, after a vowel, before a
    /// vowel, with a stress mark, after an ASCII capital; every pair of the Russian, Ukrainian and
    /// Greek letters (with BGN's and UNGEGN's context rules: `е` after a vowel, `μπ`, `αυ`); and
    /// words of the texts: the script's transform alone, then the Latin tail a scalar at a time,
    /// spells each as the full transform. `LOUPE_EXHAUSTIVE=1` checks every pair of Cyrillic and
    /// Greek scalars; `LOUPE_WORDS=FILE` every word of FILE (one a line, case-folded first) that is
    /// in transliterated scripts only.
    @Test func spellsCyrillicAndGreekAsTheFullTransform() throws {
        let f = try TransliterateFilter()
        var checked = 0
        for s in Self.cyrillicAndGreekScalars {
            let c = String(s)
            let (v, w) = ICUScript.of(s) == ICUScript.greek ? ("α", "μ") : ("а", "м")
            for word in [c, c + c, "\(w)\(c)\(w)", "\(v)\(c)", "\(c)\(v)", "\(c)\u{301}", "Z\(c)", "\(c)ʹ\(v)"] {
                #expect(try Self.spellsAsTheFullTransform(f, word), "\(word) U+\(String(s.value, radix: 16))")
                checked += 1
            }
        }
        let russian = Array("абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґ").map(String.init)
        let greek = Array("αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰ").map(String.init)
        for alphabet in [russian, russian.map { $0.uppercased() }, greek] {
            for a in alphabet { for b in alphabet {
                #expect(try Self.spellsAsTheFullTransform(f, a + b), "\(a + b)")
                #expect(try Self.spellsAsTheFullTransform(f, a + b + alphabet[0]), "\(a + b)")
                checked += 2
            } }
        }
        for word in ["москве", "щука", "хрущёв", "київ", "зʼїзд", "подъезд", "объём", "ελλάδα", "μπαμπάς", "ευχαριστώ",
                     "αυτοκίνητο", "ντομάτα", "γκρεμός", "ταΐζω", "λέξεις", "σύνταξη"] {
            #expect(try Self.spellsAsTheFullTransform(f, word), "\(word)")
        }
        #expect(checked > 10000)
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["LOUPE_WORDS"] {
            let fold = try CaseFoldFilter()
            var failures = 0, words = 0
            for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
                // Words of scripts the filter keeps as they are (Hebrew, Arabic, …) are not its business.
                guard let word = fold.filter(String(line)),
                      word.unicodeScalars.allSatisfy({ TransliterateFilter.transliterates(script: ICUScript.of($0)) })
                else { continue }
                words += 1
                if try !Self.spellsAsTheFullTransform(f, word) {
                    failures += 1
                    if failures < 20 { Issue.record("\(word): \(f.filter(word) ?? "nil") ≠ \(try f.transliterateFully(word))") }
                }
            }
            print("LOUPE_WORDS: \(words) words, \(failures) failures")
            #expect(failures == 0)
        }
        guard environment["LOUPE_EXHAUSTIVE"] == "1" else { return }
        var failures = 0
        for a in Self.cyrillicAndGreekScalars { for b in Self.cyrillicAndGreekScalars {
            var w = String.UnicodeScalarView()
            w.append(a); w.append(b)
            if try !Self.spellsAsTheFullTransform(f, String(w)) { failures += 1; if failures < 20 { Issue.record("\(String(w))") } }
        } }
        #expect(failures == 0)
    }

    /// No scalar below `HanFoldFilter.firstIdeographic` is ideographic, and it is: the filter's
    /// shortcut skips no Han.
    @Test func noIdeographBelowTheFirst() {
        let below = (UInt32(0)..<HanFoldFilter.firstIdeographic).compactMap(Unicode.Scalar.init)
        #expect(below.count > 10_000)
        #expect(!below.contains { $0.properties.isIdeographic })
        #expect(Unicode.Scalar(HanFoldFilter.firstIdeographic)!.properties.isIdeographic)
        #expect(HanFoldFilter.isIdeographic("東") && !HanFoldFilter.isIdeographic("ж"))
    }

    /// Standard analyzers on several threads share the words they analyze through one cache; what
    /// each gets (tokens and dictionary keys) is what an analyzer of the same pipeline without a
    /// cache gets.
    @Test func standardAnalyzersShareWordsAcrossThreads() throws {
        let text = "Çavuşoğlu'nun Москве running Müller 東京都 l'homme Ελλάδα straße Київ ﬁle"
        let languages: [Language?] = [nil, .english, Language(code: "ru"), Language(code: "tr"), Language(code: "fr")]
        let alone = try Analyzer.standard(cache: nil)
        let keys = Self.keys
        let cache = AnalysisCache(limit: 64)
        let expected = try languages.map { (try alone.tokens(text, language: $0), keys(alone, $0)) }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            guard let a = try? Analyzer.standard(cache: cache) else { return results.add(false) }
            for (l, e) in zip(languages, expected) {
                results.add((try? a.tokens(text, language: l)) == e.0 && keys(a, l) == e.1)
            }
        }
        #expect(results.all == Array(repeating: true, count: 4 * languages.count))
    }

    @Sendable static func keys(_ a: Analyzer, _ l: Language?) -> [String] {
        var out: [String] = []
        _ = try? a.forEachTerm(in: "Çavuşoğlu'nun Москве running Müller 東京都 l'homme Ελλάδα straße Київ ﬁle", language: l) { m, t, p in
            out.append("\(m) \(String(decoding: t, as: UTF8.self)) \(p)")
        }
        return out
    }

    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Bool] = []
        func add(_ v: Bool) { lock.lock(); values.append(v); lock.unlock() }
        var all: [Bool] { lock.lock(); defer { lock.unlock() }; return values }
    }

    /// The ASCII stem cache gives every word its stem key while a flood of words seen once passes
    /// through its slots (second chances, evictions, words too long to keep): a seeded stream of
    /// frequent and one-off words, each answer checked against the stemmer.
    @Test func asciiStemCacheAnswersAsTheStemmer() {
        let cache = ASCIIStemCache(language: .english)
        let stemmers = Stemmers()
        var rng = SplitMix64(seed: 7)
        let frequent = ["running", "runs", "connection", "the", "happily", "indexes", "indexing", "a"]
        var stemmed = 0
        for i in 0..<60_000 {
            let word: String
            switch rng.below(4) {
            case 0, 1: word = frequent[rng.below(frequent.count)]
            case 2: word = "word\(i)ing"
            default: word = String(repeating: "x", count: 20 + rng.below(20)) + "ations"
            }
            let expected = stemmers.stem(word, in: .english).flatMap { $0 != word && !$0.isEmpty ? "en:" + $0 : nil }
            var got: String?
            var w = word
            w.withUTF8 { bytes in
                cache.withStem(of: bytes, stem: { stemmers.stem($0, in: .english) }) { got = String(decoding: $0, as: UTF8.self) }
            }
            #expect(got == expected, "\(word)")
            if expected != nil { stemmed += 1 }
        }
        #expect(stemmed > 30_000)
    }

    /// The ASCII stem cache of a language met in a few words stays at its first size; under a
    /// flood of new words it grows to its full size, answering as the stemmer all along (words
    /// cached before a growth are still answered after it).
    @Test func asciiStemCacheGrowsOnlyWhenItMisses() {
        let stemmers = Stemmers()
        func stemKey(_ cache: ASCIIStemCache, _ word: String) -> String? {
            var got: String?
            var w = word
            w.withUTF8 { bytes in
                cache.withStem(of: bytes, stem: { stemmers.stem($0, in: .english) }) { got = String(decoding: $0, as: UTF8.self) }
            }
            return got
        }
        let small = ASCIIStemCache(language: .english)
        for i in 0..<5_000 { _ = stemKey(small, ["running", "connections", "the", "happily"][i % 4]) }
        #expect(small.slots == ASCIIStemCache.initialSlots)
        #expect(stemKey(small, "running") == "en:run")
        #expect(stemKey(small, "the") == nil)

        let big = ASCIIStemCache(language: .english)
        var rng = SplitMix64(seed: 11)
        for i in 0..<60_000 {
            let word = rng.below(2) == 0 ? "connections" : "word\(i)ing"
            let expected = stemmers.stem(word, in: .english).flatMap { $0 != word && !$0.isEmpty ? "en:" + $0 : nil }
            #expect(stemKey(big, word) == expected, "\(word)")
        }
        #expect(big.slots == ASCIIStemCache.maxSlots)
        #expect(stemKey(big, "connections") == "en:connect")
    }

    /// `String(utf16Units:)` is `String(decoding:as: UTF16.self)`, unpaired surrogates included.
    @Test func utf16UnitsDecodeAsTheStandardLibrary() {
        var rng = SplitMix64(seed: 18)
        let pool: [UInt16] = [0x41, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xE000, 0xFFFD, 0xFFFF]
        for _ in 0..<2000 {
            let units = (0..<Int.random(in: 0...8, using: &rng)).map { _ in
                Bool.random(using: &rng) ? pool.randomElement(using: &rng)! : UInt16.random(in: 0...0xFFFF, using: &rng)
            }
            #expect(String(utf16Units: units) == String(decoding: units, as: UTF16.self), "\(units)")
            #expect(Array(String(utf16Units: units).utf8) == Array(String(decoding: units, as: UTF16.self).utf8))
        }
        #expect(String(utf16Units: Array("a😀é".utf16)) == "a😀é")
    }

    /// The byte-walking compatibility filter gives the text, and the offset maps, of a scalar walk:
    /// bytes before the first compatibility character map to themselves, every later byte to its
    /// character.
    @Test func compatibilityFilterNormalizesTheTextOnly() throws {
        let f = try CompatibilityCharFilter()
        #expect(f.normalizedText("plain ascii") == nil)
        #expect(f.normalizedText("déjà vu, Москва") == nil)
        #expect(f.normalizedText("H₂O at 20 ℃, ﬁle") == "H2O at 20 °C, file")
        #expect(f.normalizedText("prix\u{00A0}: 3 €") == "prix : 3 €")
        let n = try #require(f.normalize("é²x"))
        #expect(n.text == "é2x")
        // é is bytes 0–1 (before the first compatibility character: byte by byte), ² bytes 2–3, x byte 4.
        #expect(n.starts == [0, 1, 2, 4])
        #expect(n.ends == [1, 2, 4, 5])
        let m = try #require(f.normalize("ﬁé"))
        #expect(m.text == "fié")
        #expect(m.starts == [0, 0, 3, 3])
        #expect(m.ends == [3, 3, 5, 5])
        #expect(f.normalizedText("ﬁé") == m.text)
    }
}
