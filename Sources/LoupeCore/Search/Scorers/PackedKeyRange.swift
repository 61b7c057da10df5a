/// The documents of a segment whose one packed column value lies in a range, the value as packed
/// (key − the column's base): `values[doc] − lower ≤ span`, compared unsigned, so a test is one
/// subtraction and one comparison. What a range filter on a dense fast field runs, alone (`mark`)
/// or as a filter's check of each candidate (`admits`, inline in `FilteredScorer`).
struct PackedKeyRange {
    let values: PackedInts
    let lower: UInt64, span: UInt64
    /// Documents of the segment: those at or past it are never admitted.
    let docCount: Int

    @inline(__always) private func holds(_ doc: Int) -> Bool { values[doc] &- lower <= span }

    /// Whether `doc` is in the range (false for a doc id outside the segment).
    @inline(__always) func admits(_ doc: Int32) -> Bool { doc >= 0 && Int(doc) < docCount && holds(Int(doc)) }

    /// Marks every document in the range, a word of the bit set at a time.
    func mark(into bits: MatchBits) {
        for w in 0..<bits.wordCount {
            let first = w << 6, count = min(64, docCount - first)
            var word: UInt64 = 0
            for j in 0..<count where holds(first + j) { word |= 1 << UInt64(j) }
            bits.words[w] |= word
        }
    }
}
