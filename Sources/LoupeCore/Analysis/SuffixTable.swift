/// The inflection endings of a light stemmer (`PolishStemmer`, `CzechStemmer`, `UkrainianStemmer`),
/// tried longest first on a word held as Unicode scalars: an ending is stripped only when the stem
/// left keeps `minimumStem` scalars, so short words are not cut to nothing.
struct SuffixTable {
    private let endings: [[Unicode.Scalar]]

    init(_ endings: [String]) {
        self.endings = endings.map { Array($0.unicodeScalars) }.sorted { $0.count > $1.count }
    }

    /// Removes from `word` the longest ending that leaves `minimumStem` scalars and that `allowed`
    /// accepts (given the ending and the stem before it); returns whether one was removed.
    /// - Complexity: O(endings × ending length).
    @discardableResult
    func strip(_ word: inout [Unicode.Scalar], minimumStem: Int,
               allowed: (_ ending: [Unicode.Scalar], _ stem: ArraySlice<Unicode.Scalar>) -> Bool = { _, _ in true }) -> Bool {
        for e in endings where word.count - e.count >= minimumStem && word.hasSuffix(e) {
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
    var isAllLetters: Bool { allSatisfy { $0.properties.isAlphabetic } }
}
