/// The romanizations of Cyrillic people type besides BGN's (which `TransliterateFilter` gives as the
/// folded form), each an extra spelling of the word (`Analyzer.spellings`):
///
/// - **Ukrainian, the national system** (the 2010 cabinet table, used for names and maps: `Київ` →
///   `kyiv`, `Харків` → `kharkiv`, `Запоріжжя` → `zaporizhzhia`): for a word with a letter only Ukrainian
///   writes (`і ї є ґ`). `є ї й ю я` are `ye yi y yu ya` at the start of a word and `ie i i iu ia` after it.
/// - **Russian, the informal one** (what people type without a table: `х` → `h`, `щ` → `sch`, `е` → `e`
///   everywhere, `й` → `y`, `ё` → `e`; `Чехов` → `chehov`, `Хрущёв` → `hruschev`): for other Cyrillic words.
///
/// Tables of lower-case letters (the input is case-folded); a word with another Cyrillic letter
/// (Serbian, Bulgarian, Kazakh ones) has neither.
enum Romanizations {
    /// The national Ukrainian romanization of the case-folded `word`, nil when it is not a Ukrainian
    /// word of the table's letters.
    static func ukrainian(_ word: String) -> String? {
        guard word.unicodeScalars.contains(where: { "іїєґ".unicodeScalars.contains($0) }) else { return nil }
        var out = ""
        var first = true
        for s in word.unicodeScalars {
            if s == "'" || s == "\u{2019}" || s == "\u{02BC}" || s == "ь" { first = false; continue }
            let initial: String?
            switch s {
            case "є": initial = first ? "ye" : "ie"
            case "ї": initial = first ? "yi" : "i"
            case "й": initial = first ? "y" : "i"
            case "ю": initial = first ? "yu" : "iu"
            case "я": initial = first ? "ya" : "ia"
            default: initial = nil
            }
            if let initial { out += initial } else if let m = ukrainianTable[s] { out += m } else { return nil }
            first = false
        }
        return out
    }

    /// The informal Russian romanization of the case-folded `word`, nil when it has a letter outside
    /// the Russian alphabet.
    static func russian(_ word: String) -> String? {
        guard word.unicodeScalars.contains(where: { (0x0430...0x044F).contains($0.value) || $0 == "ё" }) else { return nil }
        var out = ""
        for s in word.unicodeScalars {
            guard let m = russianTable[s] else { return nil }
            out += m
        }
        return out
    }

    private static func table(_ letters: String, _ spellings: [String]) -> [Unicode.Scalar: String] {
        var t: [Unicode.Scalar: String] = [:]
        for (s, m) in zip(letters.unicodeScalars, spellings) { t[s] = m }
        return t
    }

    private static let ukrainianTable = table(
        "абвгґдежзиіклмнопрстуфхцчшщ",
        ["a", "b", "v", "h", "g", "d", "e", "zh", "z", "y", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f",
         "kh", "ts", "ch", "sh", "shch"])

    private static let russianTable = table(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f",
         "h", "ts", "ch", "sh", "sch", "", "y", "", "e", "yu", "ya"])
}
