/// Top-k evaluation of a disjunction (the default OR of a query's words) with MaxScore pruning
/// (Turtle & Flood, 1995): the clauses are sorted by their score bound; those whose bounds add up to no
/// more than the current k-th best score ("non-essential") cannot make a document enter the top k on
/// their own, so candidates come only from the other ("essential") clauses, and the non-essential ones
/// are consulted only while the candidate could still beat the threshold.
///
/// The count of matches is then a lower bound (documents skipped were not counted), as with Lucene's
/// and tantivy's top-k collectors; `Searcher.count` counts exactly.
/// Candidates pass through a `Collector` in `.topScores` mode.
struct MaxScore {
    /// Runs `clauses` over one segment into `top`; returns the number of documents evaluated, and
    /// whether that is every match (nothing was skipped).
    /// - Complexity: at worst that of a plain disjunction; far less when a few clauses dominate.
    ///
    /// The clauses are called through `ScorerRef` (no retain/release per call: a quarter of a term
    /// query's time when they were called as elements of a `[Scorer]`); plain term scorers (the
    /// usual case) directly, others behind a `ForwardingScorer`.
    /// Every evaluated document goes to `collector`, whose `minimumCompetitiveScore` is the
    /// threshold. `check` (the search's time limit and stop flag) is called every 4096 candidates,
    /// so a long OR query over one big segment can be interrupted.
    /// `filter`, when given, must admit a candidate (a filter clause read from a column): it is
    /// asked before the non-essential clauses are.
    static func collect<C: Collector>(_ clauses: [Scorer], segment: SegmentReader, into collector: C,
                                      check: (() throws -> Void)? = nil, filter: FilteredScorer? = nil) throws -> (evaluated: Int, exact: Bool) {
        if let terms = clauses as? [TermScorer] {
            return try run(terms, segment: segment, into: collector, check: check, filter: filter)
        }
        return try run(clauses.map(ForwardingScorer.init), segment: segment, into: collector, check: check, filter: filter)
    }

    @inline(__always)
    private static func run<S, C: Collector>(_ clauses: [S], segment: SegmentReader, into collector: C,
                                             check: (() throws -> Void)?, filter: FilteredScorer?) throws -> (evaluated: Int, exact: Bool) where S: Scorer {
        let owned = try clauses.sorted { try $0.maxScore < $1.maxScore }
        // Called through unretained references: `owned` keeps them alive for the whole run.
        let subs = owned.map { ScorerRef($0) }
        let n = subs.count
        // bounds[i]: the sum of the bounds of subs[0...i].
        var bounds = [Float](repeating: 0, count: n)
        var sum: Float = 0
        for i in 0..<n {
            sum += try subs[i].maxScore
            bounds[i] = sum
        }
        // Each clause's current doc, kept here from what next/advance return: the candidate loops
        // read a plain buffer instead of calling through the protocol (buffers, not arrays, in the
        // loops: their bounds and uniqueness checks were 9 % of a two-word OR query).
        var docArray = [Int32](repeating: 0, count: n)
        return try docArray.withUnsafeMutableBufferPointer { docs in
            try subs.withUnsafeBufferPointer { subs in
                try bounds.withUnsafeBufferPointer { bounds in
                    for i in 0..<n { docs[i] = try subs[i].next() }
                    var evaluated = 0
                    var skipped = false
                    var essential = 0 // subs[essential...] are essential
                    var threshold = collector.minimumCompetitiveScore
                    func updateEssential() {
                        while essential < n && bounds[essential] < threshold { essential += 1 }
                        if essential > 0 { skipped = true } // documents only in non-essential clauses are never visited
                    }
                    updateEssential()
                    var sinceCheck = 0
                    while essential < n {
                        if let check {
                            sinceCheck += 1
                            if sinceCheck == 4096 {
                                sinceCheck = 0
                                try check()
                            }
                        }
                        var candidate = PostingsFormat.noMoreDocs
                        for i in essential..<n where docs[i] < candidate { candidate = docs[i] }
                        if candidate == PostingsFormat.noMoreDocs { break }
                        // A deleted or filtered-out candidate is passed without scoring it.
                        var passed = segment.isDeleted(candidate)
                        if !passed, let filter { passed = !(try filter.admits(candidate)) }
                        if passed {
                            for i in essential..<n where docs[i] == candidate { docs[i] = try subs[i].next() }
                            continue
                        }
                        var score: Float = 0
                        for i in essential..<n where docs[i] == candidate {
                            score += try subs[i].score()
                            docs[i] = try subs[i].next()
                        }
                        var pruned = false
                        var i = essential - 1
                        while i >= 0 {
                            if score + bounds[i] < threshold {
                                pruned = true
                                break
                            }
                            if docs[i] < candidate { docs[i] = try subs[i].advance(to: candidate) }
                            if docs[i] == candidate { score += try subs[i].score() }
                            i -= 1
                        }
                        if pruned {
                            skipped = true
                            continue
                        }
                        evaluated += 1
                        try collector.collect(doc: candidate, score: score)
                        if score >= threshold {
                            let t = collector.minimumCompetitiveScore
                            if t > threshold {
                                threshold = t
                                updateEssential()
                            }
                        }
                    }
                    withExtendedLifetime(owned) {}
                    return (evaluated, !skipped)
                }
            }
        }
    }
}
