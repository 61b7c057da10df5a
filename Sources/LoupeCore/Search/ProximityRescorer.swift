/// Raises the score of the best hits whose text holds words of the query next to each other, as
/// they were typed: each pair of neighbouring words of a several-word query is also searched as a
/// phrase (the stop words between them included: `design of filters`), and a hit among the first
/// `window` gains `pairBoost` times the phrase's BM25 score per pair it holds; the first `window`
/// are then ranked again, the hits after them keep their order. A pasted sentence
/// then finds the document it comes from before one that only repeats its words.
///
/// Only the top of the ranking is rescored, after the ordinary search has collected it (Lucene's
/// `QueryRescorer`): the pairs cost a few skips per hit, not a walk of their postings, and pruning
/// is unchanged: only the hits the search collects anyway are rescored. Applies to queries of plain words (`Query.text` in `.words` mode, alone or in a
/// Boolean query's optional and required clauses), not to phrases, prefixes or filters.
struct ProximityRescorer {
    /// How many of the best hits asked for are rescored (all of a page of ten).
    static let window = 30
    /// The weight of a pair's phrase score against the words' own scores.
    static let pairBoost: Float = 0.2

    /// One phrase per pair of neighbouring words, bound to the search's snapshot.
    private let pairs: [any Weight]

    /// The pairs of `query`, nil when it has fewer than two neighbouring words.
    init?(_ query: Query, context: SearchContext) throws {
        var runs: [[(word: String, field: String?)]] = []
        Self.collectRuns(query, into: &runs)
        var pairs: [any Weight] = []
        for run in runs where run.count > 1 {
            // Neighbouring words that are not stop words, with the stop words between them.
            let stop = try run.map { try TextQuery($0.word, field: $0.field).isStopWord(in: context) }
            var last: Int?
            for i in run.indices where !stop[i] {
                if let l = last, run[l].field == run[i].field {
                    let phrase = run[l...i].map(\.word).joined(separator: " ")
                    pairs.append(try TextQuery(phrase, field: run[i].field).weight(in: context, boost: Self.pairBoost))
                }
                last = i
            }
        }
        guard !pairs.isEmpty else { return nil }
        self.pairs = pairs
    }

    /// Runs of plain words in the order typed: a Boolean query's optional and required word
    /// clauses, consecutive ones in one run; any other clause ends the run.
    private static func collectRuns(_ query: Query, into runs: inout [[(word: String, field: String?)]]) {
        switch query {
        case let .text(text, field, .words) where !text.contains(where: \.isWhitespace):
            runs.append([(text, field)])
        case let .boolean(clauses):
            var run: [(word: String, field: String?)] = []
            for c in clauses {
                if c.occur == .should || c.occur == .must, case let .text(text, field, .words) = c.query,
                   !text.contains(where: \.isWhitespace) {
                    run.append((text, field))
                } else {
                    if !run.isEmpty { runs.append(run); run = [] }
                    if c.occur == .should || c.occur == .must { collectRuns(c.query, into: &runs) }
                }
            }
            if !run.isEmpty { runs.append(run) }
        default:
            break
        }
    }

    /// Adds each entry's pair scores to its score and sorts the entries again (score descending,
    /// then doc ascending, as the collector ranks). Entries hold index-wide doc numbers.
    func rescore(_ all: inout [(doc: Int32, score: Float, key: SortKey?)], reader: IndexReader) throws {
        var entries = Array(all.prefix(Self.window))
        defer { all.replaceSubrange(0..<entries.count, with: entries) }
        let order = entries.indices.sorted { entries[$0].doc < entries[$1].doc }
        var i = 0
        while i < order.count {
            let s = reader.segmentIndex(of: entries[order[i]].doc)
            var j = i
            while j < order.count, reader.segmentIndex(of: entries[order[j]].doc) == s { j += 1 }
            let base = reader.docBases[s]
            for pair in pairs {
                guard let scorer = try pair.scorer(for: reader.segments[s]) else { continue }
                for k in i..<j {
                    let local = entries[order[k]].doc - base
                    let at = scorer.doc >= local ? scorer.doc : try scorer.advance(to: local)
                    if at == local { entries[order[k]].score += try scorer.score() }
                }
            }
            i = j
        }
        entries.sort { $0.score != $1.score ? $0.score > $1.score : $0.doc < $1.doc }
    }

    /// The parts of `doc`'s score the pairs gave (`doc` local to `segment`).
    func explain(doc: Int32, in segment: SegmentReader) throws -> [ScoreExplanation] {
        try pairs.flatMap { try $0.explain(doc: doc, in: segment) }
    }
}
