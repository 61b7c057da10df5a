/// Sums of scorers, whichever shape they take: what MaxScore opens up into its clauses.
protocol SumScorer: Scorer {
    /// The direct sub-scorers.
    var clauses: [Scorer] { get }
}

extension SumScorer {
    /// The sub-scorers with nested sums opened up (a sum of sums is one sum): what MaxScore runs
    /// over, one clause per word and field, each with its own bound.
    var flattenedClauses: [Scorer] {
        clauses.flatMap { ($0 as? SumScorer)?.flattenedClauses ?? [$0] }
    }
}

/// Builds the composite scorers, two-way ones where they fit: a word searched in two fields, a
/// two-word query. Their children are `let` properties, so calling them costs no reference
/// counting, where an array of `Scorer` existentials retains and releases each element it hands
/// out (that was ~20 % of AND query time). Wider ones are trees of pairs up to 4 children, then the
/// n-ary scorers.
enum Scorers {
    static func or(_ subs: [Scorer]) -> Scorer {
        switch subs.count {
        case 0: return EmptyScorer()
        case 1: return subs[0]
        case 2: return PairDisjunctionScorer(subs[0], subs[1])
        case 3, 4: return PairDisjunctionScorer(or(Array(subs[..<2])), or(Array(subs[2...])))
        default: return DisjunctionScorer(subs)
        }
    }

    static func and(_ subs: [Scorer]) -> Scorer {
        // Cheapest first: the rarest part proposes candidates; in a tree, the rarest pair leads.
        let sorted = subs.sorted { $0.cost < $1.cost }
        switch sorted.count {
        case 0: return EmptyScorer()
        case 1: return sorted[0]
        case 2...4: return PairConjunctionScorer(sorted[0], and(Array(sorted[1...])))
        default: return ConjunctionScorer(sorted)
        }
    }
}

/// Matches what either of two scorers matches; scores the sum of the matching ones.
final class PairDisjunctionScorer: SumScorer, MatchMarking {
    private let a: Scorer, b: Scorer
    @exclusivity(unchecked) private(set) var doc: Int32 = -1
    /// The children's current docs, from what their next/advance returned.
    @exclusivity(unchecked) private var docA: Int32 = -1, docB: Int32 = -1

    init(_ a: Scorer, _ b: Scorer) {
        self.a = a
        self.b = b
    }

    var clauses: [Scorer] { [a, b] }

    var canMarkMatches: Bool { Matching.canMark([a, b]) }
    func markMatches(into bits: MatchBits) throws { try Matching.mark([a, b], into: bits) }
    var maxScore: Float { get throws { try a.maxScore + b.maxScore } }
    var cost: Int { a.cost + b.cost }

    func next() throws -> Int32 {
        let current = doc
        if docA == current { docA = try a.next() } // both at the start (-1)
        if docB == current { docB = try b.next() }
        doc = min(docA, docB)
        return doc
    }

    func advance(to target: Int32) throws -> Int32 {
        if docA < target { docA = try a.advance(to: target) }
        if docB < target { docB = try b.advance(to: target) }
        doc = min(docA, docB)
        return doc
    }

    func score() throws -> Float {
        var sum: Float = 0
        if docA == doc { sum += try a.score() }
        if docB == doc { sum += try b.score() }
        return sum
    }

    func explain(into parts: inout [ScoreExplanation]) throws {
        if docA == doc { try a.explain(into: &parts) }
        if docB == doc { try b.explain(into: &parts) }
    }
}

/// Matches what both of two scorers match (leapfrog, `lead` proposing); scores the sum.
final class PairConjunctionScorer: Scorer {
    private let lead: Scorer, other: Scorer
    @exclusivity(unchecked) private(set) var doc: Int32 = -1

    /// `lead` should be the cheaper.
    init(_ lead: Scorer, _ other: Scorer) {
        self.lead = lead
        self.other = other
    }

    var cost: Int { lead.cost }
    var maxScore: Float { get throws { try lead.maxScore + other.maxScore } }

    private func align(_ start: Int32) throws -> Int32 {
        var target = start
        while target != PostingsFormat.noMoreDocs {
            let d = try other.advance(to: target)
            if d == target { break }
            target = try lead.advance(to: d)
        }
        doc = target
        return target
    }

    func next() throws -> Int32 { try align(try lead.next()) }
    func advance(to target: Int32) throws -> Int32 { try align(try lead.advance(to: target)) }
    func score() throws -> Float { try lead.score() + other.score() }

    func explain(into parts: inout [ScoreExplanation]) throws {
        try lead.explain(into: &parts)
        try other.explain(into: &parts)
    }
}
