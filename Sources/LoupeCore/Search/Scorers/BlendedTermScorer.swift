/// BM25 of one word read in several forms at once — exact spelling, folded, stemmed: the "rungs" of
/// `TermQuery` — as one term (BM25F's blending, Lucene's `SynonymQuery` with boosts): one IDF for
/// the forms' documents, and as tf the occurrences weighted by the closest form they match. The IDF
/// is that of the closest rung the document reaches (that rung's terms and the closer ones', their doc
/// freq taken from the dictionary as `SearchContext.formsDocFreq`): a document holding the word as typed is scored by the rarity of that spelling, one holding
/// only other inflections by the rarity of the whole family. So many occurrences of a sibling form
/// do not bury the one document with the word itself, and among otherwise equal documents the
/// exact spelling ranks first.
///
/// Rungs are cumulative: rung r lists every dictionary term matching the word at that level or a
/// closer one, so its frequency `f_r` counts the occurrences matched so far. With `C_r` = max(f_0 …
/// f_r), the blended tf is Σ_r w_r · (C_r − C_{r−1}): each occurrence counts once, at the weight
/// of the closest rung it reaches.
final class BlendedTermScorer: MatchMarking {
    /// The segment's postings of the word's distinct terms.
    private let postings: [PostingsIterator]
    /// `postings`, called without reference counting in the loops (`postings` keeps them alive).
    private let refs: [Unmanaged<PostingsIterator>]
    /// Each posting's current doc, from what its next/advance returned (no call to read it).
    @exclusivity(unchecked) private var docs: [Int32]
    /// Per rung, indexes into `postings`.
    private let rungs: [[Int]]
    /// `rungs` flattened: rung r's indexes are `rungMembers[rungEnds[r-1] ..< rungEnds[r]]`.
    private let rungMembers: [Int]
    private let rungEnds: [Int]
    /// Per rung, the weight of an occurrence first matched there.
    private let rungWeights: [Float]
    /// Per rung, boost × IDF × (k1 + 1) of a document whose closest match is there.
    private let weights: [Float]
    private let idfs: [Float]
    private let rungLabels: [String]
    private let norms: Norms
    private let normColumn: Int
    private let lengthTable: [Float]
    private let about: LeafExplanation?
    /// Per posting, which documents it counts in (nil: all): those of its languages or of none
    /// known, see `TermQuery.Form.languages`.
    private let exclusions: [LanguageFilter?]
    /// `exclusions`, read without reference counting in the loops (`exclusions` keeps them alive).
    private let filterRefs: [Unmanaged<LanguageFilter>?]
    @exclusivity(unchecked) private(set) var doc: Int32 = -1
    /// The usual word (its spelling and one stem, no language filter): two postings, read without
    /// the loops. Per rung, which of the two it holds (bit 0: the first, bit 1: the second).
    private let pairMasks: [UInt8]?
    private let first: Unmanaged<PostingsIterator>, second: Unmanaged<PostingsIterator>
    @exclusivity(unchecked) private var firstDoc: Int32 = -1, secondDoc: Int32 = -1

    init(postings: [PostingsIterator], rungs: [[Int]], tfWeights: [Float], labels: [String], norms: Norms, field: Int,
         weights: [Float], idfs: [Float], lengthTable: [Float], about: LeafExplanation?,
         exclusions: [LanguageFilter?] = []) {
        self.exclusions = exclusions.isEmpty ? [LanguageFilter?](repeating: nil, count: postings.count) : exclusions
        filterRefs = self.exclusions.map { $0.map { Unmanaged.passUnretained($0) } }
        self.postings = postings
        refs = postings.map { Unmanaged.passUnretained($0) }
        docs = [Int32](repeating: -1, count: postings.count)
        self.rungs = rungs
        rungMembers = rungs.flatMap { $0 }
        var ends: [Int] = []
        var end = 0
        for r in rungs {
            end += r.count
            ends.append(end)
        }
        rungEnds = ends
        rungWeights = tfWeights
        self.weights = weights
        self.idfs = idfs
        rungLabels = labels
        self.norms = norms
        normColumn = norms.column(of: field)
        self.lengthTable = lengthTable
        self.about = about
        first = refs[0]
        second = refs[refs.count > 1 ? 1 : 0]
        if postings.count == 2 && self.exclusions.allSatisfy({ $0 == nil }) {
            pairMasks = rungs.map { r in r.reduce(UInt8(0)) { $0 | UInt8(1 << $1) } }
        } else {
            pairMasks = nil
        }
    }

    var cost: Int { postings.reduce(0) { $0 + $1.docFreq } }

    var canMarkMatches: Bool { true }

    /// Every term's documents a block at a time; a term restricted to languages only where its
    /// filter admits the document.
    func markMatches(into bits: MatchBits) throws {
        for (p, filter) in zip(postings, exclusions) {
            if let filter {
                try p.forEachRemainingDoc { if filter.admits($0) { bits.insert($0) } }
            } else {
                try p.forEachRemainingDoc { bits.insert($0) }
            }
        }
    }

    /// The best score a document can reach: the blended tf is at most the sum of the terms'
    /// frequencies (no rung weighs more than 1, and an occurrence counts once), and BM25 is concave
    /// in tf (so a sum's score is at most the sum of the parts' scores) and falls with length, so
    /// the sum of each term's own bound (its blocks' max freq / min norm, as `TermScorer`) at the
    /// largest rung weight bounds it; never more than that weight (tf / (tf + lengthPart) < 1).
    /// Damage in a postings' tail is an error naming the file, not a looser bound.
    var maxScore: Float {
        get throws {
            if let bound { return bound }
            let w = weights.max() ?? 0
            let (table, norms, column) = (lengthTable, self.norms, normColumn)
            var sum: Float = 0
            for p in postings {
                sum += try p.upperBound(norm: { try norms.norm(column: column, doc: $0) }, { tf, norm in
                    BM25.score(weight: w, tf: Float(tf), lengthPart: table[Int(norm)])
                })
            }
            bound = min(sum, w)
            return min(sum, w)
        }
    }
    private var bound: Float?

    func next() throws -> Int32 {
        if pairMasks != nil {
            let current = doc
            if firstDoc == current { firstDoc = try first._withUnsafeGuaranteedRef { try $0.next() } }
            if secondDoc == current { secondDoc = try second._withUnsafeGuaranteedRef { try $0.next() } }
            doc = min(firstDoc, secondDoc)
            return doc
        }
        let current = doc
        var m = PostingsFormat.noMoreDocs
        try docs.withUnsafeMutableBufferPointer { docs in
            for i in docs.indices {
                var d = docs[i]
                if d == current { // every posting at the start (-1)
                    d = try refs[i]._withUnsafeGuaranteedRef { try $0.next() }
                    if let filter = filterRefs[i] { d = try admitted(i, d, filter) }
                    docs[i] = d
                }
                if d < m { m = d }
            }
        }
        doc = m
        return m
    }

    func advance(to target: Int32) throws -> Int32 {
        if pairMasks != nil {
            if firstDoc < target { firstDoc = try first._withUnsafeGuaranteedRef { try $0.advance(to: target) } }
            if secondDoc < target { secondDoc = try second._withUnsafeGuaranteedRef { try $0.advance(to: target) } }
            doc = min(firstDoc, secondDoc)
            return doc
        }
        var m = PostingsFormat.noMoreDocs
        try docs.withUnsafeMutableBufferPointer { docs in
            for i in docs.indices {
                var d = docs[i]
                if d < target {
                    d = try refs[i]._withUnsafeGuaranteedRef { try $0.advance(to: target) }
                    if let filter = filterRefs[i] { d = try admitted(i, d, filter) }
                    docs[i] = d
                }
                if d < m { m = d }
            }
        }
        doc = m
        return m
    }

    /// The first document from `d` on that posting `i` may count in: one `filter` admits.
    private func admitted(_ i: Int, _ d: Int32, _ filter: Unmanaged<LanguageFilter>) throws -> Int32 {
        var d = d
        while d != PostingsFormat.noMoreDocs && !filter._withUnsafeGuaranteedRef({ $0.admits(d) }) {
            d = try refs[i]._withUnsafeGuaranteedRef { try $0.next() }
        }
        return d
    }

    /// The blended frequency of the current document, the closest rung it reaches, and per rung the
    /// occurrences first matched there.
    private func blend() -> (tf: Float, closest: Int, counts: [Int]) {
        var reached = 0
        var tf: Float = 0
        var closest = -1
        var counts: [Int] = []
        let docs = pairMasks != nil ? [firstDoc, secondDoc] : self.docs
        for r in rungs.indices {
            var f = 0
            for i in rungs[r] where docs[i] == doc { f += Int(postings[i].freq) }
            let added = max(0, f - reached)
            tf += rungWeights[r] * Float(added)
            if added > 0, closest < 0 { closest = r }
            counts.append(added)
            reached += added
        }
        return (tf, max(closest, 0), counts)
    }

    /// `blend()`'s tf and closest rung, without the per-rung counts (no allocation per document).
    @inline(__always)
    private func blendedFrequency() -> (tf: Float, closest: Int) {
        if let masks = pairMasks {
            let current = doc
            let f0 = firstDoc == current ? first._withUnsafeGuaranteedRef { $0.freq } : 0
            let f1 = secondDoc == current ? second._withUnsafeGuaranteedRef { $0.freq } : 0
            var reached: UInt32 = 0, tf: Float = 0, closest = -1
            for r in masks.indices {
                let m = masks[r]
                let f = (m & 1 != 0 ? f0 : 0) &+ (m & 2 != 0 ? f1 : 0)
                if f > reached {
                    tf += rungWeights[r] * Float(f - reached)
                    reached = f
                    if closest < 0 { closest = r }
                }
            }
            return (tf, max(closest, 0))
        }
        var reached: UInt32 = 0
        var tf: Float = 0
        var closest = -1
        let current = doc
        docs.withUnsafeBufferPointer { docs in
            rungMembers.withUnsafeBufferPointer { members in
                var start = 0
                for r in rungEnds.indices {
                    let end = rungEnds[r]
                    var f: UInt32 = 0
                    for k in start..<end {
                        let i = members[k]
                        if docs[i] == current { f &+= refs[i]._withUnsafeGuaranteedRef { $0.freq } }
                    }
                    if f > reached {
                        tf += rungWeights[r] * Float(f - reached)
                        reached = f
                        if closest < 0 { closest = r }
                    }
                    start = end
                }
            }
        }
        return (tf, max(closest, 0))
    }

    func score() throws -> Float {
        let (tf, closest) = blendedFrequency()
        let norm = try norms.norm(column: normColumn, doc: doc)
        return BM25.score(weight: weights[closest], tf: tf, lengthPart: lengthTable[Int(norm)])
    }

    func explain(into parts: inout [ScoreExplanation]) throws {
        guard let about else { return }
        let (tf, closest, counts) = blend()
        let forms = rungs.indices.filter { counts[$0] > 0 }.map {
            ScoreExplanation.Form(form: rungLabels[$0], count: counts[$0], weight: rungWeights[$0])
        }
        parts.append(about.part(tf: tf, norm: try norms.norm(column: normColumn, doc: doc), score: try score(), forms: forms,
                                idf: idfs[closest]))
    }
}

/// The documents a term counts in by their language: those of the admitted languages, and those
/// whose language is unknown.
final class LanguageFilter: Sendable {
    private let column: LanguageColumn
    /// Per language byte of `column`, admitted or not.
    private let admitted: [Bool]

    init(column: LanguageColumn, languages: [String]) {
        self.column = column
        admitted = column.admits(languages)
    }

    @inline(__always) func admits(_ doc: Int32) -> Bool { admitted[column.language(of: doc)] }
}
