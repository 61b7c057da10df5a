/// A scorer called without reference counting: `_withUnsafeGuaranteedRef` hands the callee a
/// borrowed reference, where loading a class reference from an array (even `unowned(unsafe)`)
/// retains and releases it around every call (a quarter of a term query's time). Whoever makes
/// one keeps the scorer alive (the composite's own array of them).
struct ScorerRef<S: Scorer> {
    let ref: Unmanaged<S>
    init(_ scorer: S) { ref = Unmanaged.passUnretained(scorer) }
    @inline(__always) var maxScore: Float { get throws { try ref._withUnsafeGuaranteedRef { try $0.maxScore } } }
    @inline(__always) func next() throws -> Int32 { try ref._withUnsafeGuaranteedRef { try $0.next() } }
    @inline(__always) func advance(to t: Int32) throws -> Int32 { try ref._withUnsafeGuaranteedRef { try $0.advance(to: t) } }
    @inline(__always) func score() throws -> Float { try ref._withUnsafeGuaranteedRef { try $0.score() } }
}

/// A scorer of any kind as a concrete final class, so that `ScorerRef` can hold it (`Unmanaged`
/// needs a class); its own call on the `let` existential costs no reference counting either.
final class ForwardingScorer: Scorer {
    private let inner: Scorer
    init(_ inner: Scorer) { self.inner = inner }
    var doc: Int32 { inner.doc }
    func next() throws -> Int32 { try inner.next() }
    func advance(to target: Int32) throws -> Int32 { try inner.advance(to: target) }
    func score() throws -> Float { try inner.score() }
    var maxScore: Float { get throws { try inner.maxScore } }
    var cost: Int { inner.cost }
    func explain(into parts: inout [ScoreExplanation]) throws { try inner.explain(into: &parts) }
}

/// Scores one term in one field of a segment with BM25.
final class TermScorer: MatchMarking {
    private let postings: DocPostings
    /// `postings` when it is one term's iterator (the usual case): read directly in `score()`, not
    /// through the protocol's witnesses.
    private let single: PostingsIterator?
    private let norms: Norms
    private let normColumn: Int
    private let weight: Float
    private let lengthTable: [Float]
    private let about: LeafExplanation?

    init(postings: DocPostings, norms: Norms, field: Int, weight: Float, lengthTable: [Float], about: LeafExplanation? = nil) {
        self.postings = postings
        self.about = about
        single = postings as? PostingsIterator
        self.norms = norms
        normColumn = norms.column(of: field)
        self.weight = weight
        self.lengthTable = lengthTable
        precondition(lengthTable.count == 256, "a length table has an entry per norm byte")
    }

    var doc: Int32 { postings.doc }
    var cost: Int { postings.cost }
    func next() throws -> Int32 { try postings.next() }
    func advance(to target: Int32) throws -> Int32 { try postings.advance(to: target) }
    /// The best score any posting can reach: from the blocks' max freq / min norm and the tail's
    /// postings; `weight` (tf / (tf + lengthPart) < 1) when the postings are a union of terms.
    /// Damage in the postings' tail is an error naming the file, not a looser bound.
    var maxScore: Float {
        get throws {
            if let bound { return bound }
            guard let p = single else { return weight }
            let (w, table) = (weight, lengthTable)
            let b = try p.upperBound(norm: { try norms.norm(column: normColumn, doc: $0) }) { tf, norm in
                BM25.score(weight: w, tf: Float(tf), lengthPart: table[Int(norm)])
            }
            bound = b
            return b
        }
    }
    private var bound: Float?

    @inline(__always) func score() throws -> Float {
        let (doc, freq) = single.map { ($0.doc, $0.freq) } ?? (postings.doc, postings.freq)
        let norm = try norms.norm(column: normColumn, doc: doc)
        let lengthPart = lengthTable.withUnsafeBufferPointer { $0[Int(norm)] } // 256 entries, a byte's range
        return BM25.score(weight: weight, tf: Float(freq), lengthPart: lengthPart)
    }

    var canMarkMatches: Bool { single != nil || (postings as? UnionPostings) != nil }

    func markMatches(into bits: MatchBits) throws {
        if let single { return try single.forEachRemainingDoc { bits.insert($0) } }
        try (postings as? UnionPostings)?.forEachDocOfEachTerm { bits.insert($0) }
    }

    func explain(into parts: inout [ScoreExplanation]) throws {
        guard let about else { return parts.append(ScoreExplanation(field: "", term: "", tf: Float(postings.freq), length: 0, averageLength: 0, idf: 0, boost: 1, score: try score())) }
        parts.append(about.part(tf: Float(postings.freq), norm: try norms.norm(column: normColumn, doc: postings.doc), score: try score()))
    }
}

/// Matches documents matched by any sub-scorer; scores the sum of the matching ones.
final class DisjunctionScorer: SumScorer, MatchMarking {
    private let owned: [Scorer]
    /// `owned`, called without reference counting in the loops (`forwarders` keeps them alive).
    private let forwarders: [ForwardingScorer]
    private let subs: [ScorerRef<ForwardingScorer>]
    @exclusivity(unchecked) private(set) var doc: Int32 = -1
    /// Each sub-scorer's current doc, from what its next/advance returned (no call to read it).
    @exclusivity(unchecked) private var docs: [Int32]

    init(_ subs: [Scorer]) {
        owned = subs
        forwarders = subs.map(ForwardingScorer.init)
        self.subs = forwarders.map(ScorerRef.init)
        docs = [Int32](repeating: -1, count: subs.count)
    }

    /// The sub-scorers (MaxScore evaluates a top-level disjunction itself).
    var clauses: [Scorer] { owned }

    var canMarkMatches: Bool { Matching.canMark(owned) }
    func markMatches(into bits: MatchBits) throws { try Matching.mark(owned, into: bits) }

    var maxScore: Float { get throws { try owned.reduce(0) { $0 + (try $1.maxScore) } } }
    var cost: Int { owned.reduce(0) { $0 + $1.cost } }

    private func settle() -> Int32 {
        var m = PostingsFormat.noMoreDocs
        for d in docs where d < m { m = d }
        doc = m
        return m
    }

    func next() throws -> Int32 {
        let current = doc
        for i in subs.indices where docs[i] == current { docs[i] = try subs[i].next() } // all at the start (-1)
        return settle()
    }

    func advance(to target: Int32) throws -> Int32 {
        for i in subs.indices where docs[i] < target { docs[i] = try subs[i].advance(to: target) }
        return settle()
    }

    func score() throws -> Float {
        var sum: Float = 0
        for i in subs.indices where docs[i] == doc { sum += try subs[i].score() }
        return sum
    }

    func explain(into parts: inout [ScoreExplanation]) throws {
        for i in subs.indices where docs[i] == doc { try owned[i].explain(into: &parts) }
    }
}

/// Matches documents matched by every sub-scorer (leapfrog on the first); scores the sum.
final class ConjunctionScorer: Scorer {
    /// Cheapest first: the rarest part proposes candidates, the others are advanced to them.
    private let forwarders: [ForwardingScorer]
    /// `forwarders`, called without reference counting in the loops (the array keeps them alive).
    private let subs: [ScorerRef<ForwardingScorer>]
    @exclusivity(unchecked) private(set) var doc: Int32 = -1

    init(_ subs: [Scorer]) {
        forwarders = subs.sorted { $0.cost < $1.cost }.map(ForwardingScorer.init)
        self.subs = forwarders.map(ScorerRef.init)
    }
    var cost: Int { forwarders.first?.cost ?? 0 }

    private func align(_ start: Int32) throws -> Int32 {
        var target = start
        outer: while target != PostingsFormat.noMoreDocs {
            for i in 1..<subs.count {
                let d = try subs[i].advance(to: target)
                if d != target {
                    target = try subs[0].advance(to: d)
                    continue outer
                }
            }
            break
        }
        doc = target
        return target
    }

    func next() throws -> Int32 { try align(try subs[0].next()) }
    func advance(to target: Int32) throws -> Int32 { try align(try subs[0].advance(to: target)) }
    var maxScore: Float { get throws { try forwarders.reduce(0) { $0 + (try $1.maxScore) } } }

    func score() throws -> Float {
        var sum: Float = 0
        for i in subs.indices { sum += try subs[i].score() }
        return sum
    }

    func explain(into parts: inout [ScoreExplanation]) throws {
        for f in forwarders { try f.explain(into: &parts) }
    }
}

/// `required` minus the documents `excluded` matches.
final class ExclusionScorer: Scorer {
    private let required: Scorer
    private let excluded: Scorer
    @exclusivity(unchecked) private(set) var doc: Int32 = -1

    init(required: Scorer, excluded: Scorer) {
        self.required = required
        self.excluded = excluded
    }

    private func skipExcluded(_ start: Int32) throws -> Int32 {
        var d = start
        while d != PostingsFormat.noMoreDocs {
            if excluded.doc < d { try excluded.advance(to: d) }
            if excluded.doc != d { break }
            d = try required.next()
        }
        doc = d
        return d
    }

    func next() throws -> Int32 { try skipExcluded(try required.next()) }
    func advance(to target: Int32) throws -> Int32 { try skipExcluded(try required.advance(to: target)) }
    func score() throws -> Float { try required.score() }
    var maxScore: Float { get throws { try required.maxScore } }
    var cost: Int { required.cost }
    func explain(into parts: inout [ScoreExplanation]) throws { try required.explain(into: &parts) }
}

/// `required`, plus the score of `optional` on the documents where it also matches.
final class ReqOptScorer: MatchMarking {
    private let required: Scorer
    private let optional: Scorer

    var canMarkMatches: Bool { Matching.canMark([required]) }
    func markMatches(into bits: MatchBits) throws { try Matching.mark([required], into: bits) }

    init(required: Scorer, optional: Scorer) {
        self.required = required
        self.optional = optional
    }

    var doc: Int32 { required.doc }
    func next() throws -> Int32 { try required.next() }
    func advance(to target: Int32) throws -> Int32 { try required.advance(to: target) }
    var maxScore: Float { get throws { try required.maxScore + optional.maxScore } }
    var cost: Int { required.cost }

    func score() throws -> Float {
        var s = try required.score()
        if optional.doc < required.doc { try optional.advance(to: required.doc) }
        if optional.doc == required.doc { s += try optional.score() }
        return s
    }

    func explain(into parts: inout [ScoreExplanation]) throws {
        try required.explain(into: &parts)
        if optional.doc < required.doc { try optional.advance(to: required.doc) }
        if optional.doc == required.doc { try optional.explain(into: &parts) }
    }
}

/// Matches nothing.
final class EmptyScorer: MatchMarking {
    var canMarkMatches: Bool { true }
    func markMatches(into bits: MatchBits) throws {}
    @exclusivity(unchecked) var doc: Int32 = -1
    func next() throws -> Int32 { doc = PostingsFormat.noMoreDocs; return doc }
    func advance(to target: Int32) throws -> Int32 { try next() }
    func score() throws -> Float { 0 }
    var maxScore: Float { 0 }
    var cost: Int { 0 }
    func explain(into parts: inout [ScoreExplanation]) throws {}
}
