/// Matches documents where the terms occur at consecutive positions in one field, scoring BM25 with the
/// phrase's frequency as tf and the sum of its terms' IDFs (as Lucene does). Positions are decoded only
/// for documents that contain every term.
final class PhraseScorer: Scorer {
    /// In phrase order (for the positions); `order` lists them rarest first (for the intersection).
    private let terms: [DocPostings]
    private let order: [Int]
    /// The first two terms again, as `let` properties: calls on them cost no reference counting
    /// (an array element retains and releases on every call: ~15 % of phrase query time). A
    /// two-word phrase runs on these alone.
    private let first: DocPostings, second: DocPostings
    /// The rarer and the other of the first two, also as `let`s: picking one of `first` and
    /// `second` into a local per call retained and released it (13 % of a common phrase's time).
    private let lead: DocPostings, other: DocPostings
    private let norms: Norms
    private let field: Int
    private let weight: Float
    private let lengthTable: [Float]
    private let about: LeafExplanation?
    @exclusivity(unchecked) private(set) var doc: Int32 = -1
    @exclusivity(unchecked) private var phraseFreq = 0
    /// Per term, the current document's positions and a cursor in them (reused from doc to doc);
    /// the first two again as `let`s for the two-word path.
    private let lists: [PositionBuffer]
    private let firstPositions: PositionBuffer, secondPositions: PositionBuffer
    @exclusivity(unchecked) private var cursors: [Int]
    /// Occurrences of the phrase in the current document.
    var phraseFrequency: Int { phraseFreq }

    init(terms: [DocPostings], norms: Norms, field: Int, weight: Float, lengthTable: [Float], about: LeafExplanation? = nil) {
        self.about = about
        self.terms = terms // at least one (the binder makes no empty phrase)
        order = terms.indices.sorted { terms[$0].cost < terms[$1].cost }
        first = terms[0]
        second = terms.count > 1 ? terms[1] : terms[0]
        (lead, other) = first.cost <= second.cost ? (first, second) : (second, first)
        lists = terms.map { _ in PositionBuffer() }
        firstPositions = lists[0]
        secondPositions = lists.count > 1 ? lists[1] : lists[0]
        cursors = Array(repeating: 0, count: terms.count)
        self.norms = norms
        self.field = field
        self.weight = weight
        self.lengthTable = lengthTable
    }

    /// From `start`, the first doc where all terms occur and the phrase does too.
    private func find(_ start: Int32) throws -> Int32 {
        var target = start
        if terms.count == 2 {
            while target != PostingsFormat.noMoreDocs {
                let d = try other.advance(to: target)
                if d != target {
                    target = try lead.advance(to: d)
                    continue
                }
                phraseFreq = try countPairPhrases()
                if phraseFreq > 0 { break }
                target = try lead.next()
            }
            doc = target
            return target
        }
        outer: while target != PostingsFormat.noMoreDocs {
            for i in order {
                let d = try terms[i].advance(to: target)
                if d != target {
                    target = d
                    continue outer
                }
            }
            phraseFreq = try countPhrases()
            if phraseFreq > 0 { break }
            target = try terms[order[0]].next()
        }
        doc = target
        return target
    }

    /// `countPhrases` for two terms: positions p of the first with p + 1 among the second's.
    private func countPairPhrases() throws -> Int {
        firstPositions.removeAll()
        try first.appendPositions(to: firstPositions)
        secondPositions.removeAll()
        try second.appendPositions(to: secondPositions)
        return firstPositions.withPositions { a in
            secondPositions.withPositions { b in
                var count = 0, j = 0
                for p in a {
                    let want = p + 1
                    while j < b.count && b[j] < want { j += 1 }
                    if j == b.count { break }
                    if b[j] == want { count += 1 }
                }
                return count
            }
        }
    }

    /// Occurrences of the phrase in the current doc: positions p with term i at p + i for every i.
    private func countPhrases() throws -> Int {
        for i in terms.indices {
            lists[i].removeAll()
            try terms[i].appendPositions(to: lists[i])
        }
        for i in cursors.indices { cursors[i] = 0 }
        var count = 0
        for k in 0..<lists[0].count {
            let p = lists[0][k]
            var matched = true
            for i in 1..<lists.count {
                let want = p + Int32(i), list = lists[i]
                while cursors[i] < list.count && list[cursors[i]] < want { cursors[i] += 1 }
                if cursors[i] == list.count || list[cursors[i]] != want {
                    matched = false
                    break
                }
            }
            if matched { count += 1 }
        }
        return count
    }

    func next() throws -> Int32 {
        if terms.count == 2 { return try find(try lead.next()) }
        return try find(try terms[order[0]].next())
    }
    func advance(to target: Int32) throws -> Int32 {
        if terms.count == 2 { return try find(try lead.advance(to: target)) }
        return try find(try terms[order[0]].advance(to: target))
    }
    var cost: Int { terms.map(\.cost).min() ?? 0 }

    /// The phrase frequency enters BM25 like a tf, so the weight bounds the score.
    var maxScore: Float { weight }

    func score() throws -> Float {
        let norm = try norms.norm(field: field, doc: doc)
        return BM25.score(weight: weight, tf: Float(phraseFreq), lengthPart: lengthTable[Int(norm)])
    }

    func explain(into parts: inout [ScoreExplanation]) throws {
        let norm = try norms.norm(field: field, doc: doc)
        if let about { parts.append(about.part(tf: Float(phraseFreq), norm: norm, score: try score())) }
    }
}
