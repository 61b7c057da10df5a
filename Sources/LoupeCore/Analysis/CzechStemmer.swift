/// A light stemmer for Czech, in the spirit of Dolamic & Savoy's light stemmer (suffix stripping
/// without a dictionary): one case or adjective ending goes (`souborů`, `souborech` → `soubor`,
/// `nového` → `nov`), then a possessive `-ov`, `-ův` (`Novákova` → `Novák`) and an `-em`, `-ém` that
/// ends the bare word (`systém`, `systému` → `syst`), then the stem's end is
/// normalized so that the forms one word takes under palatalisation meet:
///
/// - `ů` before the last consonant is `o` (`dům`, `domu` → `dom`);
/// - `-čt`, `-št` are `-ck`, `-sk` (`němečtí`, `německý` → `německ`);
/// - a final `c`, `č` is `k`, `z`, `ž` is `h`, `ř` is `r`, `š` is `ch` (`ruce` → `ruk`, `knize` →
///   `knih`, `sestře` → `sestr`, `Češi` → `čech`);
/// - a mobile `e` before the last consonant goes in longer stems (`domeček`, `domečku` → `domečk`,
///   `chlapec`, `chlapce` → `chlapk`).
///
/// The `-ata`, `-ete` endings of young animals (`kuřata`) are left alone: they would cut `automaty`
/// to `autom`. Stems keep at least 3 letters.
final class CzechStemmer: Stemmer {
    static let endings = SuffixTable([
        // Nouns.
        "ami", "emi", "ovi", "ové", "ách", "ech", "ích", "ům", "ám", "em", "ěm", "ím", "ou",
        "a", "e", "ě", "i", "í", "o", "u", "ů", "y", "á", "é", "ý",
        // Adjectives (hard and soft).
        "ého", "ému", "ých", "ými", "ího", "ímu", "ími", "ém", "ým",
    ])
    /// Possessive suffixes, and endings that also end stems of words with no ending (`systém`,
    /// `modem`): dropped from every stem, so `systém` and `systému` meet at `syst`.
    static let stemEnds = SuffixTable(["ov", "ův", "em", "ém"])

    func stem(_ word: String) -> String {
        // Every rule reads Latin letters at the end: a word of another script is left as it is,
        // without the work (a query word is stemmed in every language the index holds).
        guard let last = word.unicodeScalars.last, last.value <= 0x24F else { return word }
        var w = Array(word.unicodeScalars)
        guard w.count >= 3, w.isAllLetters else { return word }
        Self.endings.strip(&w, minimumStem: 3)
        while Self.stemEnds.strip(&w, minimumStem: 3) {}
        if w.count >= 3, w[w.count - 2] == "ů" { w[w.count - 2] = "o" }
        if w.hasSuffix("čt") { w.replaceSuffix(2, with: "ck") }
        else if w.hasSuffix("št") { w.replaceSuffix(2, with: "sk") }
        else {
            switch w.last {
            case "c", "č": w.replaceSuffix(1, with: "k")
            case "z", "ž": w.replaceSuffix(1, with: "h")
            case "ř": w.replaceSuffix(1, with: "r")
            case "š": w.replaceSuffix(1, with: "ch")
            default: break
            }
        }
        if w.count >= 5, w[w.count - 2] == "e", !Self.vowels.contains(w[w.count - 1]) {
            w.remove(at: w.count - 2)
        }
        return w.string
    }

    static let vowels: Set<Unicode.Scalar> = ["a", "á", "e", "é", "ě", "i", "í", "o", "ó", "u", "ú", "ů", "y", "ý"]
}
