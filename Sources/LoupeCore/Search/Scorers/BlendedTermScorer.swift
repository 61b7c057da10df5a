/// BM25 of one word read in several forms at once — exact spelling, folded, stemmed: the "rungs" of
/// `TermQuery` — as one term (BM25F's blending, Lucene's `SynonymQuery` with boosts): one IDF for
/// the union of the forms' documents, and as tf the occurrences weighted by the closest form they
/// match. A document matching more of a query's words thus outranks one matching fewer in any
/// form, and among otherwise equal documents the exact spelling ranks first.
///
/// Rungs are cumulative: rung r lists every dictionary term matching the word at that level or a
/// closer one, so its frequency `f_r` counts the occurrences matched so far. With `C_r` = max(f_0 …
/// f_r), the blended tf is Σ_r w_r · (C_r − C_{r−1}): each occurrence counts once, at the weight
/// of the closest rung it reaches.
final class BlendedTermScorer: Scorer {
    /// The segment's postings of the word's distinct terms.
    private let postings: [PostingsIterator]
    /// Per rung, indexes into `postings`.
    private let rungs: [[Int]]
    private let rungWeights: [Float]
    private let rungLabels: [String]
    private let norms: Norms
    private let normColumn: Int
    private let weight: Float
    private let lengthTable: [Float]
    private let about: LeafExplanation?
    @exclusivity(unchecked) private(set) var doc: Int32 = -1

    init(postings: [PostingsIterator], rungs: [[Int]], weights: [Float], labels: [String], norms: Norms, field: Int,
         weight: Float, lengthTable: [Float], about: LeafExplanation?) {
        self.postings = postings
        self.rungs = rungs
        rungWeights = weights
        rungLabels = labels
        self.norms = norms
        normColumn = norms.column(of: field)
        self.weight = weight
        self.lengthTable = lengthTable
        self.about = about
    }

    var cost: Int { postings.reduce(0) { $0 + $1.docFreq } }
    /// tf / (tf + lengthPart) < 1 for any tf, and no rung weighs more than 1.
    var maxScore: Float { weight }

    private func settle() -> Int32 {
        var m = PostingsFormat.noMoreDocs
        for p in postings where p.doc < m { m = p.doc }
        doc = m
        return m
    }

    func next() throws -> Int32 {
        let current = doc
        for p in postings where p.doc == current { try p.next() } // all at the start (-1)
        return settle()
    }

    func advance(to target: Int32) throws -> Int32 {
        for p in postings where p.doc < target { try p.advance(to: target) }
        return settle()
    }

    /// The blended frequency of the current document, and per rung the occurrences first matched there.
    private func blend() -> (tf: Float, counts: [Int]) {
        var reached = 0
        var tf: Float = 0
        var counts: [Int] = []
        for r in rungs.indices {
            var f = 0
            for i in rungs[r] where postings[i].doc == doc { f += Int(postings[i].freq) }
            let added = max(0, f - reached)
            tf += rungWeights[r] * Float(added)
            counts.append(added)
            reached += added
        }
        return (tf, counts)
    }

    /// `blend().tf`, without the per-rung counts (no allocation per document).
    private func blendedFrequency() -> Float {
        var reached = 0
        var tf: Float = 0
        for r in rungs.indices {
            var f = 0
            for i in rungs[r] where postings[i].doc == doc { f += Int(postings[i].freq) }
            if f > reached {
                tf += rungWeights[r] * Float(f - reached)
                reached = f
            }
        }
        return tf
    }

    func score() throws -> Float {
        let tf = blendedFrequency()
        let norm = try norms.norm(column: normColumn, doc: doc)
        return BM25.score(weight: weight, tf: tf, lengthPart: lengthTable[Int(norm)])
    }

    func explain(into parts: inout [ScoreExplanation]) throws {
        guard let about else { return }
        let (tf, counts) = blend()
        let forms = rungs.indices.filter { counts[$0] > 0 }.map {
            ScoreExplanation.Form(form: rungLabels[$0], count: counts[$0], weight: rungWeights[$0])
        }
        parts.append(about.part(tf: tf, norm: try norms.norm(column: normColumn, doc: doc), score: try score(), forms: forms))
    }
}
