/// Other spellings of a whole word, indexed as folded forms at its position and, for the first kind,
/// searched beside a query word's own:
///
/// - **Spellings** (`spellings(of:)`, both ways): the German `ae oe ue` of `ä ö ü` (`Müller` ↔
///   `Mueller`, `Köln` ↔ `Koeln`); the national Ukrainian and informal Russian romanizations of Cyrillic
///   beside BGN's (`Київ` ↔ `kyiv`, `Чехов` ↔ `chehov`: `Romanizations`); Katakana written in Hiragana
///   (`ヒラガナ` ↔ `ひらがな`); a Catalan word without its middle dot (`col·lecció` ↔ `colleccio`).
/// - **Readings and bases** (`readings(of:)`, indexed only: a query word does not widen to them): a
///   Han word's Mandarin reading without tones (ICU `Han-Latin`: `中国` → `zhongguo`, so pinyin typed
///   finds it; a query in Han characters does not look for its homophones), and an emoji sequence's
///   base emoji (`👍🏽` → `👍`, `👩‍💻` → `👩`: skin tones, presentation selectors and what a ZWJ joins go).
extension Analyzer {
    /// The transform of a Han word's reading: pinyin, its tone marks and spaces removed.
    static let hanLatinID = "Han-Latin; NFD; [:Nonspacing Mark:] Remove; [:White_Space:] Remove; NFC; Latin-ASCII; Any-Lower"

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

    /// The readings and bases of the case-folded word `exact` (see above), folded.
    func readings(of exact: String) -> [String] {
        guard let first = exact.unicodeScalars.first, first.value >= 0x2000 else { return [] }
        var out: [String] = []
        // An emoji with more after it (a skin tone, a presentation selector, what a ZWJ joined: case
        // folding has removed the joiner itself): its first emoji.
        if first.properties.isEmoji, !(0x1F1E6...0x1F1FF).contains(first.value),
           exact.unicodeScalars.dropFirst().contains(where: { $0.value != 0xFE0F }) {
            out.append(String(first))
        }
        if exact.unicodeScalars.allSatisfy({ ICUScript.of($0) == ICUScript.han }), let t = hanLatin,
           let units = try? t.transliterate(Array(exact.utf16)) {
            let reading = String(utf16Units: units)
            if !reading.isEmpty, reading.isASCII { out.append(reading) }
        }
        return out
    }
}
