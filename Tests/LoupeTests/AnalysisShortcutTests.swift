import Testing
@testable import LoupeCore

/// The shortcuts indexing takes through analysis give what the long way gives.
@Suite struct AnalysisShortcutTests {
    /// Every Latin-script scalar, alone, between letters, doubled, before an apostrophe and after
    /// an ASCII capital: the Latin transform spells it as the full transform (script transforms and
    /// `Any-Latin` first) does.
    @Test func transliteratesLatinAsTheFullTransform() throws {
        let full = try ICUTransliterator(id: TransliterateFilter.russianTransformID)
        let latin = try ICUTransliterator(id: TransliterateFilter.latinTransformID)
        var checked = 0
        for v in UInt32(0x80)..<0x20000 {
            guard let s = Unicode.Scalar(v), ICUScript.of(s) == ICUScript.latin else { continue }
            let c = String(s)
            for w in [c, "a\(c)b", c + c, "\(c)'s", "Z\(c)", "\(c)1"] {
                let units = Array(w.utf16)
                let expected = try full.transliterate(units), got = try latin.transliterate(units)
                #expect(got == expected, "\(w) U+\(String(v, radix: 16))")
                checked += 1
            }
        }
        #expect(checked > 8000)
    }

    /// A word of Latin letters goes through the Latin transform, one with any other script through
    /// the full one: both fold as before.
    @Test func transliterateFilterPicksTheTransform() throws {
        let f = try TransliterateFilter()
        #expect(f.filter("çavuşoğlu") == "cavusoglu")
        #expect(f.filter("straße") == "strasse")
        #expect(f.filter("łódź") == "lodz")
        #expect(f.filter("москва") == "moskva")
        #expect(f.filter("київ") == "kyyiv")
        #expect(f.filter("i̇stanbul") == "istanbul")
    }

    /// `String(utf16Units:)` is `String(decoding:as: UTF16.self)`, unpaired surrogates included.
    @Test func utf16UnitsDecodeAsTheStandardLibrary() {
        var rng = KillTests.Random(state: 18)
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
