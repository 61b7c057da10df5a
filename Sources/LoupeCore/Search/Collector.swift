/// What a collector needs of scores.
public enum ScoreMode: Sendable {
    /// The exact score of every match (sorting by score over all matches, score facets).
    case complete
    /// Only the best scores: documents that cannot beat `minimumCompetitiveScore` may be skipped
    /// (MaxScore pruning), so counts become lower bounds.
    case topScores
    /// No scores: every match, unscored (counts, facets, sorting by a field).
    case none
}

/// Receives the matches of a search, segment by segment: top hits, counts, and what sorting and
/// facets will build on (`beginSegment` is where a collector reads a segment's columns).
public protocol Collector: AnyObject {
    /// What the collector needs of scores; the search scores (and prunes) accordingly.
    var scoreMode: ScoreMode { get }
    /// Called before the matches of each segment; `docBase` turns its doc ids into the snapshot's.
    func beginSegment(_ segment: SegmentReader, docBase: Int32) throws
    /// A live match of the current segment (segment doc id) and its score (0 when `scoreMode` is
    /// `.none`).
    func collect(doc: Int32, score: Float) throws
    /// The score a match must reach to matter now (`.topScores`: lets the search skip the others).
    var minimumCompetitiveScore: Float { get }
}

extension Collector {
    public var minimumCompetitiveScore: Float { -.infinity }
}

/// The k best matches by score (ties: lower doc id first), and how many matches it was handed.
public final class TopDocsCollector: Collector {
    @exclusivity(unchecked) private(set) var top: TopK
    @exclusivity(unchecked) private var base: Int32 = 0
    /// Matches collected (with pruning, a lower bound of all matches).
    @exclusivity(unchecked) public private(set) var totalHits = 0
    public let scoreMode: ScoreMode

    /// - Parameters:
    ///   - k: hits to keep.
    ///   - pruning: let the search skip documents that cannot enter the top k.
    public init(k: Int, pruning: Bool = true) {
        top = TopK(k: k)
        scoreMode = pruning ? .topScores : .complete
    }

    public func beginSegment(_ segment: SegmentReader, docBase: Int32) { base = docBase }

    @inline(__always) public func collect(doc: Int32, score: Float) {
        totalHits += 1
        if score >= top.threshold { top.insert(score: score, doc: base + doc) }
    }

    public var minimumCompetitiveScore: Float { top.threshold }

    /// The kept hits, best first: (global doc id, score).
    public var hits: [(doc: Int32, score: Float)] { top.sorted().map { ($0.doc, $0.score) } }
}

/// Counts matches, without scoring them.
public final class CountCollector: Collector {
    /// Matches collected so far.
    @exclusivity(unchecked) public private(set) var count = 0
    /// A collector at 0.
    public init() {}
    public var scoreMode: ScoreMode { .none }
    public func beginSegment(_ segment: SegmentReader, docBase: Int32) {}
    public func collect(doc: Int32, score: Float) { count += 1 }
}

/// Two collectors fed the same matches (the hits and the facets of one pass); the second is
/// optional. Scores are computed when either needs them.
final class CollectorPair<A: Collector>: BatchCollector {
    let first: A
    let second: (any Collector)?
    let scoreMode: ScoreMode

    init(_ first: A, _ second: (any Collector)?) {
        self.first = first
        self.second = second
        scoreMode = second == nil ? first.scoreMode : (first.scoreMode == .none ? (second!.scoreMode == .none ? .none : .complete) : .complete)
    }

    func beginSegment(_ segment: SegmentReader, docBase: Int32) throws {
        try first.beginSegment(segment, docBase: docBase)
        try second?.beginSegment(segment, docBase: docBase)
    }

    @inline(__always) func collect(doc: Int32, score: Float) throws {
        try first.collect(doc: doc, score: score)
        try second?.collect(doc: doc, score: score)
    }

    /// A batch to each collector, as a batch when it takes them.
    func collect(docs: UnsafeBufferPointer<Int32>) throws {
        for c in [first, second] as [(any Collector)?] {
            guard let c else { continue }
            if let b = c as? BatchCollector { try b.collect(docs: docs) } else { for d in docs { try c.collect(doc: d, score: 0) } }
        }
    }

    var minimumCompetitiveScore: Float { second == nil ? first.minimumCompetitiveScore : -.infinity }
}
