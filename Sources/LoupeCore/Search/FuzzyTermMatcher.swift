/// Finds the terms of a sorted dictionary within `maxEdits` edits of a word, counting a transposition
/// of two adjacent characters as one edit (Damerau–Levenshtein, "optimal string alignment", as Lucene
/// and tantivy do: `weathre~1` finds `weather`). Characters are Unicode scalars.
///
/// It runs the edit-distance automaton over the dictionary rather than comparing every term: the
/// state after a key's first d characters is row d of the distance table against the word, and rows
/// are shared by keys with a common prefix (the dictionary is sorted, so only the part after the
/// previous key's common prefix is computed). A row's minimum never decreases further down, so once
/// it exceeds `maxEdits` no key with that prefix can match, and the walk seeks past them all (to the
/// prefix with its last byte raised by one): `radio~1` reads a few thousand keys of a million.
struct FuzzyTermMatcher {
    let target: [Unicode.Scalar]
    let maxEdits: Int

    init(_ word: String, maxEdits: Int) {
        target = Array(word.unicodeScalars)
        self.maxEdits = maxEdits
    }

    /// Calls `body(term, info, distance)` for every key of `dictionary` from `start` on that is
    /// `base` followed by a term within `maxEdits` edits of the word (the term given without `base`).
    func matches(in dictionary: TermDictionary, base: [UInt8], from start: [UInt8]? = nil,
                 _ body: (String, TermInfo, Int) throws -> Void) throws {
        let n = target.count
        let width = n + 1
        // rows[d * width + j]: distance between the key's first d scalars and the word's first j.
        var rows = [Int](0...n)
        var chars: [Unicode.Scalar] = [] // the current key's scalars
        var ends: [Int] = [] // byte end (in the suffix) of each scalar
        var previous: [UInt8] = [] // the previous key's suffix
        try dictionary.walk(from: start ?? base) { key, info in
            guard key.count >= base.count, key.starts(with: base) else { return .stop }
            let suffix = key[base.count...]
            // Scalars shared with the previous key keep their rows.
            var common = 0
            let limit = min(previous.count, suffix.count)
            while common < limit && previous[common] == suffix[suffix.startIndex + common] { common += 1 }
            var depth = 0
            while depth < ends.count && ends[depth] <= common { depth += 1 }
            chars.removeSubrange(depth...)
            ends.removeSubrange(depth...)
            rows.removeSubrange(((depth + 1) * width)...)
            previous = Array(suffix)
            var at = depth == 0 ? 0 : ends[depth - 1]
            while at < previous.count {
                let (c, length) = Self.decode(previous, at)
                at += length
                chars.append(c)
                ends.append(at)
                let d = chars.count
                let up = (d - 1) * width
                rows.append(d)
                var rowMin = d
                for j in 1...max(1, n) where n > 0 {
                    let cost = target[j - 1] == c ? 0 : 1
                    var v = min(rows[up + j] + 1, rows[up + width + j - 1] + 1, rows[up + j - 1] + cost)
                    if d > 1 && j > 1 && c == target[j - 2] && chars[d - 2] == target[j - 1] {
                        v = min(v, rows[up - width + j - 2] + 1)
                    }
                    rows.append(v)
                    rowMin = min(rowMin, v)
                }
                if rowMin > maxEdits {
                    // No key with this prefix can match: jump past all of them.
                    var next = Array(key[..<(base.count + at)])
                    while let last = next.last, last == 0xFF { next.removeLast() }
                    guard next.count > base.count else { return .stop }
                    next[next.count - 1] += 1
                    return .seek(next)
                }
            }
            let distance = rows[chars.count * width + n]
            if distance <= maxEdits {
                try body(String(decoding: previous, as: UTF8.self), info, distance)
            }
            return .next
        }
    }

    /// The scalar starting at `i` of UTF-8 `bytes` and its length; a malformed byte reads as itself.
    @inline(__always) static func decode(_ bytes: [UInt8], _ i: Int) -> (Unicode.Scalar, Int) {
        let b0 = bytes[i]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        let length = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 1
        guard length > 1, i + length <= bytes.count else { return (Unicode.Scalar(b0), 1) }
        var v = UInt32(b0) & (0x7F >> UInt32(length))
        for k in 1..<length {
            let b = bytes[i + k]
            guard b & 0xC0 == 0x80 else { return (Unicode.Scalar(b0), 1) }
            v = v << 6 | UInt32(b & 0x3F)
        }
        return (Unicode.Scalar(v) ?? Unicode.Scalar(b0), length)
    }

    /// The optimal-string-alignment distance between `a` and `b` (the automaton's measure, written
    /// plainly: what tests compare it with).
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
