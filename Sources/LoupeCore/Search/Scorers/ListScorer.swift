/// Scores documents from a list made at bind time: (doc, tf) pairs in doc order, read as one term's
/// postings with BM25. What an expansion (prefix, fuzzy) becomes: all its terms' postings gathered
/// once into one list, however many terms matched.
final class ListScorer: Scorer {
    private let docs: [Int32]
    private let tfs: [Float]
    private let norms: Norms
    private let normColumn: Int
    private let weight: Float
    private let lengthTable: [Float]
    private let about: LeafExplanation?
    @exclusivity(unchecked) private var i = -1
    @exclusivity(unchecked) private(set) var doc: Int32 = -1

    init(docs: [Int32], tfs: [Float], norms: Norms, field: Int, weight: Float, lengthTable: [Float], about: LeafExplanation?) {
        self.docs = docs
        self.tfs = tfs
        self.norms = norms
        normColumn = norms.column(of: field)
        self.weight = weight
        self.lengthTable = lengthTable
        self.about = about
    }

    var cost: Int { docs.count }
    var maxScore: Float { weight }

    func next() throws -> Int32 {
        i += 1
        doc = i < docs.count ? docs[i] : PostingsFormat.noMoreDocs
        return doc
    }

    /// Gallops then bisects from the current place.
    func advance(to target: Int32) throws -> Int32 {
        if doc >= target { return doc }
        var lo = i + 1, step = 1
        var hi = lo
        while hi < docs.count && docs[hi] < target {
            lo = hi + 1
            hi += step
            step *= 2
        }
        hi = min(hi, docs.count)
        while lo < hi {
            let mid = (lo + hi) / 2
            if docs[mid] < target { lo = mid + 1 } else { hi = mid }
        }
        i = lo
        doc = i < docs.count ? docs[i] : PostingsFormat.noMoreDocs
        return doc
    }

    func score() throws -> Float {
        let norm = try norms.norm(column: normColumn, doc: doc)
        return BM25.score(weight: weight, tf: tfs[i], lengthPart: lengthTable[Int(norm)])
    }

    func explain(into parts: inout [ScoreExplanation]) throws {
        guard let about else { return }
        parts.append(about.part(tf: tfs[i], norm: try norms.norm(column: normColumn, doc: doc), score: try score()))
    }
}
