/// A light stemmer for Ukrainian, after the shape of Snowball's Russian stemmer (a reflexive ending,
/// then one verb, adjective or noun ending) with Ukrainian endings and letters (`і ї є ґ`), without
/// a dictionary: `файлами`, `файлів` → `файл`, `системою` → `систем`, `використовується`,
/// `використовують`, `використовуватиме` → `використов`. Then the stem's end is normalized:
///
/// - a soft sign or `і` left at the end goes (`вчитель`, `вчителя` → `вчител`; `станцій`, `станція`
///   → `станц`);
/// - a stem ending as an ending does (`-ам`, `-ом`, `-ат`, …) loses it too, since the bare word
///   would lose it: `програм` → `прогр`, so `програма`, `програмами` → `прогр`; `результат`,
///   `результати` → `результ` although `-ати` is also an infinitive (`виконати`, `виконує` → `викон`);
/// - a doubled final consonant is single (`виконання`, `виконань` → `виконан`);
/// - `-іст` is `-ост`, the `і`/`о` alternation of the abstract nouns in `-ість` (`кількість`,
///   `кількості` → `кількост`).
///
/// `ґ` is read as `г` and apostrophes go (`пам'ять` → `памят`) first, since both are typed either
/// way. Endings that would also cut common nouns are left out or guarded: the present `-ять`
/// (`пам'ять`), the past tense (`-ла` ends `школа`), and `-ем` is an instrumental ending only after
/// `ж ш ч щ ц` (`користувачем`), not in the genitive plural `систем`. Stems keep at least 3 letters,
/// a vowel among them.
final class UkrainianStemmer: Stemmer {
    static let reflexive = SuffixTable(["ся", "сь"])
    /// The infinitive and synthetic-future endings with the vowel before them: `-ати`, `-итиме`,
    /// `-уватимуть`, … (`-тиметь` is `-тиметься` once the reflexive went).
    static let verbForms: [String] = ["а", "я", "и", "і", "ува", "юва"].flatMap { v in
        ["ти", "тиму", "тимеш", "тиме", "тимемо", "тимете", "тимуть", "тиметь"].map { v + $0 }
    }
    static let endings = SuffixTable([
        // Nouns.
        "ами", "ями", "ах", "ях", "ам", "ям", "ові", "еві", "єві", "ом", "ем", "єм", "ою", "ею", "єю",
        "ів", "їв", "ей", "а", "я", "о", "е", "є", "и", "і", "ї", "у", "ю", "й", "ь",
        // Adjectives.
        "ий", "ій", "ого", "ього", "ому", "ьому", "им", "ім", "их", "іх", "ими", "іми", "ої", "ьої", "ьою",
        // Verbs: the present (with the vowel of the infinitive where it shows), gerunds.
        "ує", "ює", "ують", "юють", "ють", "уть", "ить", "іть", "єть", "еть", "уєть", "юєть",
        "ає", "яє", "ають", "яють", "аєть", "яєть", "аєш", "яєш", "аємо", "яємо", "аєте", "яєте",
        "уєш", "юєш", "єш", "еш", "иш", "ємо", "емо", "имо", "єте", "ете", "ите",
        "уючи", "ючи", "учи", "ячи", "ачи",
    ] + verbForms)
    /// Endings that also end stems of words with no ending: dropped from every stem.
    static let stemEnds = SuffixTable(["ам", "ям", "ом", "ем", "ат", "ят", "ит", "іт"])
    static let vowels: Set<Unicode.Scalar> = ["а", "е", "є", "и", "і", "ї", "о", "у", "ю", "я"]
    static let hushing: Set<Unicode.Scalar> = ["ж", "ш", "ч", "щ", "ц"]
    static let apostrophes: Set<Unicode.Scalar> = ["'", "\u{2019}", "\u{02BC}"]

    func stem(_ word: String) -> String {
        // A word with no Cyrillic letter is left as it is (`l'homme` kept its apostrophe), without
        // the work (a query word is stemmed in every language the index holds).
        guard word.unicodeScalars.contains(where: { (0x400...0x4FF).contains($0.value) }) else { return word }
        var w: [Unicode.Scalar] = []
        for s in word.unicodeScalars where !Self.apostrophes.contains(s) { w.append(s == "ґ" ? "г" : s) }
        guard w.count >= 4, w.isAllLetters else { return w.count == word.unicodeScalars.count ? word : w.string }
        let hasVowel = { (stem: ArraySlice<Unicode.Scalar>) in stem.contains(where: Self.vowels.contains) }
        let allowed = { (ending: [Unicode.Scalar], stem: ArraySlice<Unicode.Scalar>) -> Bool in
            guard hasVowel(stem) else { return false }
            return ending != ["е", "м"] || stem.last.map(Self.hushing.contains) == true
        }
        Self.reflexive.strip(&w, minimumStem: 4) { _, stem in hasVowel(stem) }
        Self.endings.strip(&w, minimumStem: 3, allowed: allowed)
        if w.count >= 4, w.last == "ь" || w.last == "і" { w.removeLast() }
        while Self.stemEnds.strip(&w, minimumStem: 3, allowed: allowed) {}
        if w.count >= 5, w[w.count - 1] == w[w.count - 2], !Self.vowels.contains(w[w.count - 1]) { w.removeLast() }
        if w.count >= 5, w.hasSuffix("іст") { w[w.count - 3] = "о" }
        return w.string
    }
}
