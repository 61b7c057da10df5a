/// Another scorer's matches at a constant score: a filter clause (score 0) or a constant-score query.
final class ConstantScorer: MatchMarking {
    private let inner: Scorer
    private let constant: Float

    var canMarkMatches: Bool { Matching.canMark([inner]) }
    func markMatches(into bits: MatchBits) throws { try Matching.mark([inner], into: bits) }

    init(_ inner: Scorer, score: Float) {
        self.inner = inner
        constant = score
    }

    var doc: Int32 { inner.doc }
    func next() throws -> Int32 { try inner.next() }
    func advance(to target: Int32) throws -> Int32 { try inner.advance(to: target) }
    func score() throws -> Float { constant }
    var maxScore: Float { constant }
    var cost: Int { inner.cost }

    func explain(into parts: inout [ScoreExplanation]) throws {
        if constant != 0 {
            parts.append(ScoreExplanation(field: "", term: "filter", tf: 0, length: 0, averageLength: 0, idf: 0, boost: constant, score: constant))
        }
    }
}

/// The documents of a segment for which `matches` holds, in doc order, at a constant score: what
/// range, exists and keyword-column queries run. `advance` tests documents from the target on, so
/// in a conjunction driven by a rarer clause it tests only that clause's candidates.
final class PredicateScorer: CheckingScorer, MatchMarking {
    private let docCount: Int32
    private let constant: Float
    private let matches: (Int32) throws -> Bool
    /// Marks every matching document at once, a column's loop without a call per document (nil:
    /// `matches` is asked of each).
    private let markAll: ((MatchBits) throws -> Void)?
    /// `matches` as a range of a packed column, when it is one.
    let keyRange: PackedKeyRange?
    @exclusivity(unchecked) private(set) var doc: Int32 = -1
    let cost: Int

    /// `cost`: about how many documents match (the segment's count when unknown).
    init(docCount: Int, score: Float, cost: Int? = nil, markAll: ((MatchBits) throws -> Void)? = nil,
         keyRange: PackedKeyRange? = nil, matches: @escaping (Int32) throws -> Bool) {
        self.keyRange = keyRange
        self.docCount = Int32(docCount)
        constant = score
        self.cost = cost ?? docCount
        self.markAll = markAll
        self.matches = matches
    }

    var canMarkMatches: Bool { true }

    func markMatches(into bits: MatchBits) throws {
        if let markAll { return try markAll(bits) }
        for d in 0..<docCount where try matches(d) { bits.insert(d) }
    }

    func next() throws -> Int32 { doc == PostingsFormat.noMoreDocs ? doc : try advance(to: doc + 1) }

    func advance(to target: Int32) throws -> Int32 {
        var d = max(target, doc)
        while d < docCount {
            if try matches(d) {
                doc = d
                return d
            }
            d += 1
        }
        doc = PostingsFormat.noMoreDocs
        return doc
    }

    func admits(_ doc: Int32) throws -> Bool { doc >= 0 && doc < docCount ? try matches(doc) : false }

    func score() throws -> Float { constant }
    var maxScore: Float { constant }

    func explain(into parts: inout [ScoreExplanation]) throws {
        parts.append(ScoreExplanation(field: "", term: "filter", tf: 0, length: 0, averageLength: 0, idf: 0, boost: constant, score: constant))
    }
}
