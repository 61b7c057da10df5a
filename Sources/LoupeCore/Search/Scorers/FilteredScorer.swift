/// A scorer that can tell whether one document matches without moving: a filter read from a
/// column. In a conjunction it is asked only about the other clauses' candidates, where moving it
/// with `advance` would test every document up to its next match.
protocol CheckingScorer: Scorer {
    /// Whether `doc` matches (any document of the segment, in any order).
    func admits(_ doc: Int32) throws -> Bool
    /// The same test as a bound check on one packed column value, when it is one: a filter then
    /// costs a load and a comparison per candidate, with no call at all.
    var keyRange: PackedKeyRange? { get }
}

extension CheckingScorer {
    var keyRange: PackedKeyRange? { nil }
}

/// The matches of `main` that every check admits, scored as `main` scores them: filter clauses
/// that read a column (`BooleanWeight`). The searcher runs a filtered disjunction through MaxScore
/// with the checks as its acceptance test, so a filter keeps the word's pruning.
final class FilteredScorer: MatchMarking {
    let main: Scorer
    /// The checks; the first one apart, called without the reference counting an array element
    /// costs (the usual filter is one check, asked about every candidate).
    private let first: CheckingScorer
    private let rest: [CheckingScorer]
    /// The first check as a range of a packed column, tested inline (nil: call `first`).
    private let firstRange: PackedKeyRange?

    /// `checks` must not be empty.
    init(_ main: Scorer, checks: [CheckingScorer]) {
        self.main = main
        first = checks[0]
        firstRange = first.keyRange
        rest = Array(checks.dropFirst())
    }

    var canMarkMatches: Bool { Matching.canMark([main]) }

    /// The main scorer's matches, then those a check refuses unmarked.
    func markMatches(into bits: MatchBits) throws {
        try Matching.mark([main], into: bits)
        try bits.filter { try admits($0) }
    }

    var doc: Int32 { main.doc }
    var cost: Int { main.cost }
    var maxScore: Float { get throws { try main.maxScore } }

    /// Whether every check admits `doc`.
    @inline(__always) func admits(_ doc: Int32) throws -> Bool {
        if let firstRange {
            guard firstRange.admits(doc) else { return false }
        } else {
            guard try first.admits(doc) else { return false }
        }
        for c in rest where !(try c.admits(doc)) { return false }
        return true
    }

    private func settle(_ first: Int32) throws -> Int32 {
        var d = first
        while d != PostingsFormat.noMoreDocs, !(try admits(d)) { d = try main.next() }
        return d
    }

    func next() throws -> Int32 { try settle(try main.next()) }
    func advance(to target: Int32) throws -> Int32 { try settle(try main.advance(to: target)) }
    func score() throws -> Float { try main.score() }
    func explain(into parts: inout [ScoreExplanation]) throws { try main.explain(into: &parts) }
}
