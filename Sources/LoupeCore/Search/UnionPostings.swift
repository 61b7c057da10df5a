/// What scorers read: one term's documents, frequencies and positions, document at a time.
protocol DocPostings: AnyObject {
    var doc: Int32 { get }
    var freq: UInt32 { get }
    @discardableResult func next() throws -> Int32
    @discardableResult func advance(to target: Int32) throws -> Int32
    /// Appends the current document's positions, ascending, to `buffer` (see `PositionBuffer`).
    func appendPositions(to buffer: PositionBuffer) throws
    /// Documents it can match at most (the doc freq).
    var cost: Int { get }
}

extension PostingsIterator: DocPostings {
    var cost: Int { docFreq }
}

/// Several terms' postings read as one term: a document matches if any does, its frequency is the
/// sum, its positions the sorted union. Used for a folded query term, which matches both the plain
/// term and the marked folded form (see `IndexedTerm`).
final class UnionPostings: DocPostings {
    private let subs: [PostingsIterator]
    @exclusivity(unchecked) private(set) var doc: Int32 = -1
    @exclusivity(unchecked) private(set) var freq: UInt32 = 0

    init(_ subs: [PostingsIterator]) { self.subs = subs }

    /// Calls `body` with every document of every term (a document of several terms once per
    /// term), a block at a time: a fresh union's matches, for a bit set (`MatchBits`).
    func forEachDocOfEachTerm(_ body: (Int32) -> Void) throws {
        for s in subs { try s.forEachRemainingDoc(body) }
    }
    var cost: Int { subs.reduce(0) { $0 + $1.docFreq } }

    private func settle() -> Int32 {
        var m = PostingsFormat.noMoreDocs
        for s in subs where s.doc < m { m = s.doc }
        doc = m
        freq = 0
        if m != PostingsFormat.noMoreDocs { for s in subs where s.doc == m { freq += s.freq } }
        return m
    }

    func next() throws -> Int32 {
        if doc == -1 {
            for s in subs { try s.next() }
        } else {
            for s in subs where s.doc == doc { try s.next() }
        }
        return settle()
    }

    func advance(to target: Int32) throws -> Int32 {
        for s in subs where s.doc < target { try s.advance(to: target) }
        return settle()
    }

    func appendPositions(to buffer: PositionBuffer) throws {
        let start = buffer.count
        var parts = 0
        for s in subs where s.doc == doc {
            try s.appendPositions(to: buffer)
            parts += 1
        }
        if parts > 1 { buffer.sort(from: start) }
    }
}
