/// The inflection endings of a light stemmer (`PolishStemmer`, `CzechStemmer`, `UkrainianStemmer`),
/// tried longest first on a word held as Unicode scalars: an ending is stripped only when the stem
/// left keeps `minimumStem` scalars, so short words are not cut to nothing.
struct SuffixTable {
    /// The endings, longest first.
    let endings: [[Unicode.Scalar]]
    /// The endings by their last scalar, each list in the order of `endings`: only those can end a
    /// word, and the first of them that fits is the first of `endings` that fits.
    private let byLast: [Unicode.Scalar: [[Unicode.Scalar]]]

    init(_ endings: [String]) {
        self.endings = endings.map { Array($0.unicodeScalars) }.sorted { $0.count > $1.count }
        var byLast: [Unicode.Scalar: [[Unicode.Scalar]]] = [:]
        for e in self.endings { if let last = e.last { byLast[last, default: []].append(e) } }
        self.byLast = byLast
    }

    /// Removes from `word` the longest ending that leaves `minimumStem` scalars and that `allowed`
    /// accepts (given the ending and the stem before it); returns whether one was removed.
    /// - Complexity: O(endings with the word's last scalar × ending length).
    @discardableResult
    func strip(_ word: inout [Unicode.Scalar], minimumStem: Int,
               allowed: (_ ending: [Unicode.Scalar], _ stem: ArraySlice<Unicode.Scalar>) -> Bool = { _, _ in true }) -> Bool {
        guard let last = word.last, let candidates = byLast[last] else { return false }
        for e in candidates where word.count - e.count >= minimumStem && word.hasSuffix(e) {
            if allowed(e, word[..<(word.count - e.count)]) {
                word.removeLast(e.count)
                return true
            }
        }
        return false
    }
}

extension Array where Element == Unicode.Scalar {
    /// Whether the array ends with `suffix`.
    func hasSuffix(_ suffix: [Unicode.Scalar]) -> Bool {
        guard suffix.count <= count else { return false }
        return self[(count - suffix.count)...].elementsEqual(suffix)
    }

    /// Whether the array ends with the scalars of `suffix`.
    func hasSuffix(_ suffix: String) -> Bool { hasSuffix(Array(suffix.unicodeScalars)) }

    /// Replaces the last `count` scalars with those of `replacement`.
    mutating func replaceSuffix(_ count: Int, with replacement: String) {
        removeLast(count)
        append(contentsOf: replacement.unicodeScalars)
    }

    /// The scalars as a `String`.
    var string: String { String(String.UnicodeScalarView(self)) }

    /// Whether every scalar is alphabetic (a word with digits or marks in it is left alone).
    var isAllLetters: Bool { allSatisfy(Self.isLetter) }

    /// Whether `s` is alphabetic: lowercase ASCII, Latin-1 and Latin Extended-A letters and lowercase
    /// Cyrillic (`а`–`џ`) without a property lookup (`LightStemmerTests` checks those ranges).
    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if (0x61...0x7A).contains(v) || (0x430...0x45F).contains(v) || (0xDF...0x17F).contains(v) && v != 0xF7 { return true }
        return s.properties.isAlphabetic
    }
}
