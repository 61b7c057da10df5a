/// A light stemmer for Polish, in the spirit of Dolamic & Savoy's light stemmers (suffix stripping
/// without a dictionary): one case or adjective ending goes (`plikami` → `plik`, `nowego` → `now`),
/// or an infinitive or `-uj-` present ending (`programować`, `programuje` → `program`); then the
/// stem's end is normalized so that the forms of one word meet:
///
/// - a stem ending as an ending does, `-em` or `-ow`, loses it too, since the bare word would lose
///   it (`system` → `syst`, so `systemem` → `syst`; `systemowy` → `syst`);
/// - an `i` left before the ending marks a soft consonant: `linia`, `linii`, `liniami` → `lin`,
///   `plikiem` → `plik`;
/// - `rz`, `dz` end the stem as `r`, `d` (`komputerze` → `komputer`, `sądzie` → `sąd`);
/// - a mobile `e` goes from a final `-ek`, `-ec` (`budynek`, `budynku` → `budynk`; `koniec`, `końca`
///   → `konc` once folded).
///
/// Diacritics stay (`ó`, `ń`, `ś` are folded after stemming, so `samochód` and `samochodu` meet
/// there). Present-tense person endings other than `-uj-` are left alone: `-emy`, `-amy` would cut
/// `problemy`, `reklamy`. Stems keep at least 3 letters.
final class PolishStemmer: Stemmer {
    static let endings = SuffixTable([
        // Nouns.
        "owie", "owi", "ami", "ach", "ów", "om", "em", "ą", "ę", "a", "e", "i", "o", "u", "y",
        // Adjectives.
        "ego", "emu", "ych", "ich", "ymi", "imi", "ej", "ym", "im",
        // Verbs: infinitives, the `-uj-` present and its participle.
        "ować", "ywać", "iwać", "ać", "eć", "ić", "yć",
        "uje", "ują", "uję", "ujesz", "ujemy", "ujecie", "ując", "ujący", "ująca", "ujące", "ujących",
    ])
    /// Endings that also end stems of words with no ending: dropped from every stem, so `system`,
    /// `systemu` and `systemem` meet at `syst`, `Kraków` and `Krakowa` at `krak`.
    static let stemEnds = SuffixTable(["em", "ow"])

    func stem(_ word: String) -> String {
        // Every rule reads Latin letters at the end: a word of another script is left as it is,
        // without the work (a query word is stemmed in every language the index holds).
        guard let last = word.unicodeScalars.last, last.value <= 0x24F else { return word }
        var w = Array(word.unicodeScalars)
        guard w.count >= 3, w.isAllLetters else { return word }
        Self.endings.strip(&w, minimumStem: 3)
        if w.count >= 4, w.last == "i" { w.removeLast() }
        while Self.stemEnds.strip(&w, minimumStem: 3) {}
        if w.hasSuffix("rz") || w.hasSuffix("dz") { w.removeLast() }
        if w.count >= 5, w.last == "k" || w.last == "c", w[w.count - 2] == "e" {
            let drop = w[w.count - 3] == "i" ? 2 : 1
            w.removeSubrange((w.count - 1 - drop)..<(w.count - 1))
        }
        return w.string
    }
}
