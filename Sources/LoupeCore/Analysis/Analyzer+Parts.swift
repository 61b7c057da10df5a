/// The parts of a word the tokenizer keeps whole, indexed as more folded forms at its position (as
/// Lucene's `WordDelimiterGraphFilter` and `UAX29URLEmailTokenizer` do), so that a part finds the whole
/// and the whole (or a phrase holding it) still matches as written:
///
/// - **Identifiers**: `camelCaseResponse` → `camel`, `case`, `response`; `HTTPServer` → `http`, `server`
///   (an upper-case run ends before the capital of a lower-case run of two or more: `APIs` stays
///   whole); `snake_case` → `snake`, `case`; `__init__` → `init`; `foo.bar` → `foo`, `bar`.
/// - **E-mail addresses and host names**: `john.doe@example.com` → `john.doe`, `example.com`, `john`,
///   `doe`, `example`, `com`; `www.example.org` → `example.org` (the names under a host name, from its
///   last label of letters), `www`, `example`, `org`.
/// - **Digit groups**: `1,000`, `1.000`, `1;000` → `1000` (a group of 1–3 digits, then groups of exactly 3);
///   other numbers (`3.14`, `192.168.1.1`) keep no parts.
/// - **`C++`, `C#`** (made one word by `WordJoins.symbolEnd`) → `c`.
///
/// A word of ASCII letters and digits with no inner capital has no parts: indexing's ASCII shortcut
/// (`Analyzer.forEachTerm`) skips it on `hasParts(ascii:)`, the same test.
extension Analyzer {
    /// Parts a word yields at most (a long dotted or underscored token is not a sentence).
    static let maxParts = 16

    /// Whether `word` (ASCII letters and digits only) splits at an inner capital: a capital after a
    /// lower-case letter (`camelCase`), or the last capital of an upper-case run before two or more
    /// lower-case letters (`HTTPServer`).
    @inline(__always) static func hasCamelBoundary(ascii word: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 1
        while i < word.count {
            if isUpper(word[i]) {
                let prev = word[i - 1]
                if isLower(prev) { return true }
                if isUpper(prev), i + 2 < word.count, isLower(word[i + 1]), isLower(word[i + 2]) { return true }
            }
            i += 1
        }
        return false
    }

    @inline(__always) private static func isUpper(_ b: UInt8) -> Bool { b &- 0x41 < 26 }
    @inline(__always) private static func isLower(_ b: UInt8) -> Bool { b &- 0x61 < 26 }

    /// The parts of `word` (as the tokenizer gave it, before case folding), in the word's own spelling;
    /// none for a word without delimiters or inner capitals.
    static func wordParts(_ word: String) -> [String] {
        let scalars = Array(word.unicodeScalars)
        guard scalars.count >= 2 else { return [] }
        // `C++`, `C#`.
        if scalars.count <= 3, scalars[0].isASCII, scalars.dropFirst().allSatisfy({ $0 == "+" || $0 == "#" }) {
            return [String(scalars[0])]
        }
        func isDelimiter(_ s: Unicode.Scalar) -> Bool { s == "_" || s == "." || s == "@" || s == "," || s == ";" }
        let hasDelimiter = scalars.contains(where: isDelimiter)
        // Digit groups.
        if hasDelimiter, scalars.allSatisfy({ ("0"..."9").contains($0) || $0 == "," || $0 == "." || $0 == ";" }) {
            let groups = word.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "," || $0 == "." || $0 == ";" })
            guard groups.count >= 2, (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return [] }
            return [groups.joined()]
        }
        var out: [String] = []
        func add(_ s: String) { if !s.isEmpty, s != word, out.count < maxParts, !out.contains(s) { out.append(s) } }
        if hasDelimiter {
            // Addresses and host names.
            let at = word.split(separator: "@", omittingEmptySubsequences: true).map(String.init)
            for piece in at where at.count > 1 { add(piece) }
            for piece in at {
                let labels = piece.split(separator: ".", omittingEmptySubsequences: true)
                if labels.count >= 3, let last = labels.last, last.count >= 2, last.unicodeScalars.allSatisfy(\.properties.isAlphabetic) {
                    for i in 1..<(labels.count - 1) { add(labels[i...].joined(separator: ".")) }
                }
            }
        }
        // Segments between delimiters, each split at its inner capitals.
        let segments = hasDelimiter ? word.split(whereSeparator: { $0.unicodeScalars.allSatisfy(isDelimiter) }).map(String.init) : [word]
        for segment in segments {
            let pieces = camelPieces(segment)
            add(segment)
            if pieces.count > 1 { for p in pieces { add(p) } }
        }
        return out
    }

    /// `word` cut at its inner capitals (see `hasCamelBoundary`); one piece when it has none.
    static func camelPieces(_ word: String) -> [String] {
        let s = Array(word.unicodeScalars)
        func upper(_ i: Int) -> Bool { i < s.count && s[i].properties.isUppercase }
        func lower(_ i: Int) -> Bool { i >= 0 && i < s.count && s[i].properties.isLowercase }
        var cuts: [Int] = []
        for i in 1..<max(1, s.count) where upper(i) {
            if lower(i - 1) || (upper(i - 1) && lower(i + 1) && lower(i + 2)) { cuts.append(i) }
        }
        guard !cuts.isEmpty else { return [word] }
        var out: [String] = []
        var from = 0
        for c in cuts + [s.count] {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: s[from..<c])
            out.append(String(v))
            from = c
        }
        return out
    }
}
