import Foundation

/// What every search of one snapshot computes alike, made by the first that needs it and kept with
/// the snapshot (`IndexReader.memo`): the languages its query words are stemmed in (a walk of every
/// segment's language terms) and BM25's length tables per parameters. A `SharedSearcher` makes a
/// `Searcher` per search; with this, only the first search of a snapshot pays for them. Also the
/// keyword fields' global ordinals facets count by (`KeywordOrdinals`).
///
/// `@unchecked Sendable`: its values are read and set only under `lock`, and each, once made, is an
/// immutable value.
final class SnapshotMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var languages: [(minimumShare: Double, languages: [Language])] = []
    private var tables: [(k1: Float, b: Float, tables: [Int: [Float]])] = []
    private var ordinals: [Int: KeywordOrdinals] = [:]

    /// The global ordinals of keyword field `field` as `make` gives them, made once.
    func keywordOrdinals(field: Int, _ make: () throws -> KeywordOrdinals) rethrows -> KeywordOrdinals {
        if let o = lock.withLock({ ordinals[field] }) { return o }
        let o = try make()
        lock.withLock { ordinals[field] = ordinals[field] ?? o }
        return o
    }

    /// The languages of at least `minimumShare` of the documents, as `make` gives them, made once.
    func languages(minimumShare: Double, _ make: () throws -> [Language]) rethrows -> [Language] {
        if let l = lock.withLock({ languages.first { $0.minimumShare == minimumShare }?.languages }) { return l }
        let l = try make()
        lock.withLock { if !languages.contains(where: { $0.minimumShare == minimumShare }) { languages.append((minimumShare, l)) } }
        return l
    }

    /// The length tables `make` gives for BM25's parameters `k1` and `b`, made once per parameters (a few
    /// kept: searches of one snapshot rarely use more than one).
    func lengthTables(k1: Float, b: Float, _ make: () -> [Int: [Float]]) -> [Int: [Float]] {
        if let t = lock.withLock({ tables.first { $0.k1 == k1 && $0.b == b }?.tables }) { return t }
        let t = make()
        lock.withLock {
            if tables.count >= 4 { tables.removeFirst() }
            tables.append((k1, b, t))
        }
        return t
    }
}
