/// Other spellings of a whole word, indexed as folded forms at its position (`SpellingFilter`) and
/// searched beside a query word's own (both ways): the German `ae oe ue` of `ä ö ü` (`Müller` ↔
/// `Mueller`, `Köln` ↔ `Koeln`); the national Ukrainian and informal Russian romanizations of
/// Cyrillic beside BGN's (`Київ` ↔ `kyiv`, `Чехов` ↔ `chehov`: `Romanizations`); Katakana written in
/// Hiragana (`ヒラガナ` ↔ `ひらがな`); a Catalan word without its middle dot (`col·lecció` ↔
/// `colleccio`). Readings (`中国` → `zhongguo`), indexed only, are `ReadingFilter`'s.
extension Analyzer {
    /// The other spellings of the case-folded word `exact` (not folded yet), without duplicates.
    static func spellings(of exact: String) -> [String] {
        var out: [String] = []
        var german = false, cyrillic = false, katakana = false, middleDot = false
        for s in exact.unicodeScalars where s.value >= 0xB7 {
            switch s.value {
            case 0xB7: middleDot = true
            case 0xE4, 0xF6, 0xFC: german = true
            case 0x0400...0x04FF: cyrillic = true
            case 0x30A1...0x30F6: katakana = true
            default: break
            }
        }
        if german {
            var g = ""
            for s in exact.unicodeScalars {
                switch s {
                case "ä": g += "ae"
                case "ö": g += "oe"
                case "ü": g += "ue"
                default: g.unicodeScalars.append(s)
                }
            }
            out.append(g)
        }
        if middleDot {
            var m = String.UnicodeScalarView()
            for s in exact.unicodeScalars where s.value != 0xB7 { m.append(s) }
            out.append(String(m))
        }
        if cyrillic {
            if let u = Romanizations.ukrainian(exact) { out.append(u) } else if let r = Romanizations.russian(exact) { out.append(r) }
        }
        if katakana, let h = hiragana(of: exact) { out.append(h) }
        return out
    }

    /// `word` with its Katakana written in Hiragana; nil when it has none.
    static func hiragana(of word: String) -> String? {
        guard word.unicodeScalars.contains(where: { (0x30A1...0x30F6).contains($0.value) }) else { return nil }
        var h = String.UnicodeScalarView()
        for s in word.unicodeScalars {
            h.append((0x30A1...0x30F6).contains(s.value) ? Unicode.Scalar(s.value - 0x60)! : s)
        }
        return String(h)
    }

    /// `text` in Katakana when it is one run of Hiragana (and the prolonged sound mark), else nil.
    static func katakana(ofHiragana text: String) -> String? {
        guard !text.isEmpty, text.unicodeScalars.allSatisfy({ (0x3041...0x3096).contains($0.value) || $0.value == 0x30FC }) else { return nil }
        var k = String.UnicodeScalarView()
        for s in text.unicodeScalars { k.append(s.value == 0x30FC ? s : Unicode.Scalar(s.value + 0x60)!) }
        return String(k)
    }
}
