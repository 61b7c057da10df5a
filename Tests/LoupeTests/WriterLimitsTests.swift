import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// What a writer refuses, and how it ends: a value the dictionary cannot hold, a closed writer, a
/// schema with too many or repeated fields, a buffer past what its pool can address; and the errors
/// that used to vanish on the way (the tokenizer's, a damaged postings tail's).
@Suite struct WriterLimitsTests {
    static let keyed = Schema([FieldSpec("id", stored: true, isKeyword: true), FieldSpec("body", stored: false)])

    /// A keyword of 70,000 bytes was committed, then every search, merge and `close()` threw "damaged
    /// file" (the dictionary's reader refuses keys over 64 KiB). Now `add` refuses it and the
    /// committed documents stay readable.
    @Test func aKeywordTooLongForTheDictionaryIsRefusedAtAdd() throws {
        let dir = MemoryDirectory()
        let w = try IndexWriter(directory: dir, schema: Self.keyed)
        try w.add(["id": "a", "body": "apple"])
        try w.commit()
        let long = String(repeating: "k", count: 70_000)
        #expect(throws: LoupeError.self) { try w.add(["id": long, "body": "pear"]) }
        // The longest allowed value goes in and is found again.
        let longest = String(repeating: "k", count: TermDictionaryFormat.maxTermBytes)
        try w.add(["id": longest, "body": "pear"])
        try w.close()
        let s = try Searcher(directory: dir)
        #expect(try s.search("apple OR pear").totalHits == 2)
        #expect(try IndexReader(directory: dir).segments.allSatisfy { try $0.termInfo(field: 0, term: longest) != nil || $0.docCount == 1 })
        try IndexReader(directory: dir).verifyDeep()
    }

    /// An item that gives many documents (a mail folder's messages) has them shared out to every
    /// thread; each document is added once, none is lost, whether the items give one, none or
    /// thousands; and a failure while documents are being shared ends the call with its error.
    @Test func anItemOfManyDocumentsIsSharedAmongTheThreads() throws {
        let dir = MemoryDirectory()
        let w = try IndexWriter(directory: dir, schema: Self.keyed)
        let sizes = [3000, 0, 1, 65, 64, 500, 2, 0, 130]
        try w.addConcurrently(count: sizes.count, threads: 4, documents: { i in
            (0..<sizes[i]).map { k in ["id": "d\(i)-\(k)", "body": "item\(i) word\(k % 7)"] }
        })
        // One thread, and more threads than items: the same documents again.
        try w.addConcurrently(count: 1, threads: 1, documents: { _ in (0..<300).map { ["id": "one-\($0)", "body": "single"] } })
        try w.addConcurrently(count: 1, threads: 3, documents: { _ in (0..<300).map { ["id": "three-\($0)", "body": "triple"] } })
        try w.commit()
        let reader = try IndexReader(directory: dir)
        #expect(reader.documentCount == sizes.reduce(0, +) + 600)
        let s = try Searcher(directory: dir)
        for (i, n) in sizes.enumerated() { #expect(try s.search("item\(i)").totalHits == n, "item \(i)") }
        #expect(try s.search("id:d0-2999 OR id:d8-129").totalHits == 2)
        #expect(try s.search("single").totalHits == 300 && s.search("triple").totalHits == 300)

        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try w.addConcurrently(count: 40, threads: 4, documents: { i in
                if i == 30 { throw Boom() }
                return (0..<200).map { k in ["id": "e\(i)-\(k)", "body": "later"] }
            })
        }
        try w.close()
    }

    /// A custom analyzer's token longer than a key's 255 bytes was dropped but still counted in the
    /// field's length, so the deep check refused the index: it is dropped whole now, as
    /// `LengthFilter` drops it (and a term over the dictionary's limit cannot reach a segment).
    @Test func anOverlongTokenOfACustomAnalyzerIsDropped() throws {
        let dir = MemoryDirectory()
        var registry = AnalyzerRegistry()
        registry.register("raw") { try Analyzer(tokenizer: ICUTokenizer(), filters: []) }
        let schema = Schema([FieldSpec("body", stored: false, analyzer: "raw")])
        let w = try IndexWriter(directory: dir, schema: schema, analyzers: registry)
        try w.add(["body": "short " + String(repeating: "x", count: 70_000) + " tail"])
        try w.close()
        let reader = try IndexReader(directory: dir)
        try reader.verifyDeep()
        var terms: [Int] = []
        try reader.segments[0].terms.forEachEntry { key, _ in terms.append(key.count - 1) }
        #expect(terms.sorted() == [4, 5], "the 70,000-byte word is dropped, and takes no position")
    }

    /// `close()` kept the write lock (a new writer in the same process was refused "by pid <own
    /// pid>"), and a closed writer still took adds and commits.
    @Test func closeReleasesTheLockAndAClosedWriterRefusesWork() throws {
        let dir = MemoryDirectory()
        let w = try IndexWriter(directory: dir, schema: Self.keyed)
        try w.add(["id": "a", "body": "apple"])
        try w.close()
        #expect(throws: LoupeError.self) { try w.add(["id": "b", "body": "pear"]) }
        #expect(throws: LoupeError.self) { try w.commit() }
        #expect(throws: LoupeError.self) { try w.deleteDocuments(field: "id", value: "a") }
        #expect(throws: LoupeError.self) { try w.forceMerge() }
        try w.close() // a second close does nothing
        let again = try IndexWriter(directory: dir, schema: Self.keyed)
        try again.add(["id": "b", "body": "pear"])
        try again.close()
        #expect(try Searcher(directory: dir).search("apple OR pear").totalHits == 2)
    }

    /// 256 fields stopped the process on a precondition; two fields of one name were accepted.
    @Test func aSchemaOfTooManyOrRepeatedFieldsIsAnError() throws {
        let dir = MemoryDirectory()
        let many = Schema((0..<256).map { FieldSpec("f\($0)") })
        #expect(throws: LoupeError.self) { _ = try IndexWriter(directory: dir, schema: many) }
        #expect(try dir.list().isEmpty, "refused before the directory is touched")
        let twice = Schema([FieldSpec("body"), FieldSpec("body", stored: false)])
        #expect(throws: LoupeError.self) { _ = try IndexWriter(directory: dir, schema: twice) }
        let most = Schema((0..<Schema.maxFields).map { FieldSpec("f\($0)") })
        try IndexWriter(directory: dir, schema: most).close()
    }

    /// A buffer whose pool reaches its hard limit inside one document keeps the document with the
    /// terms it had room for, and is flushed; before, the pool's 2 GiB precondition stopped the
    /// process, reachable from `--memory` and from one big file.
    @Test func aDocumentPastThePoolLimitIsTruncatedNotATrap() throws {
        let schema = Schema([FieldSpec("body", stored: false)])
        let buffer = SegmentBuffer(schema: schema)
        buffer.maxPoolBytes = 1 << 20
        let analyzers = try FieldAnalyzers(schema: schema, registry: AnalyzerRegistry())
        var words: [String] = []
        var rng = SplitMix64(seed: 20)
        for _ in 0..<150_000 { words.append("w" + String(rng.next() % 100_000_000, radix: 36)) }
        try buffer.add(["body": words.joined(separator: " ")], analyzers: analyzers)
        #expect(buffer.pool.capacity <= 2 * (1 << 20) + 4 * ByteSlicePool.pageSize, "ending the document at most doubles it")
        #expect(buffer.truncatedDocuments == 1)
        try buffer.add(["body": "after"], analyzers: analyzers)
        #expect(buffer.truncatedDocuments == 2, "a full buffer keeps no more: the writer flushes it first")
    }

    /// The same through a writer: the truncated document is committed with the words it had room
    /// for and its norm agrees with them (the deep check passes).
    @Test func aWriterFlushesAfterATruncatedDocument() throws {
        let dir = MemoryDirectory()
        let w = try IndexWriter(directory: dir, schema: Schema([FieldSpec("body", stored: false)]))
        w.flushThresholdBytes = 1 << 20
        var rng = SplitMix64(seed: 21)
        let words = (0..<150_000).map { _ in "w" + String(rng.next() % 100_000_000, radix: 36) }
        try w.add(["body": words.joined(separator: " ")])
        try w.add(["body": "after"])
        try w.close()
        let reader = try IndexReader(directory: dir)
        try reader.verifyDeep()
        #expect(try Searcher(reader: reader).search("after").totalHits == 1)
        #expect(try Searcher(reader: reader).search(words[0]).totalHits == 1)
    }

    /// The time limit reaches inside a segment's OR query: MaxScore checks it every 4,096
    /// candidates (before, only between segments, so a merged index's OR query ran to its end).
    @Test func anORQueryOverOneSegmentHonoursTheStopFlag() throws {
        let dir = MemoryDirectory()
        let w = try IndexWriter(directory: dir, schema: DamagedIndexTests.bodyOnly)
        for i in 0..<20_000 { try w.add(["body": i % 2 == 0 ? "alpha beta" : "beta gamma alpha"]) }
        try w.forceMerge()
        try w.close()
        let s = try Searcher(directory: dir)
        #expect(s.reader.segments.count == 1)
        let asked = Counter()
        var options = SearchOptions(limit: 10)
        options.shouldStop = { asked.increment() >= 2 }
        #expect(throws: SearchInterrupted.stopped) { try s.search("alpha OR beta OR gamma", options: options) }
        #expect(try s.search("alpha OR beta OR gamma").hits.count == 10)
    }

    /// An unknown (or unstored) `snippetField` was silently ignored.
    @Test func anUnknownSnippetFieldIsAnError() throws {
        let dir = MemoryDirectory()
        let s = try buildIndex([("a.txt", "Title", "apple pie")], in: dir)
        var options = SearchOptions(limit: 5, snippets: 1)
        options.snippetField = "nosuchfield"
        #expect(throws: LoupeError.self) { try s.search("apple", options: options) }
        options.snippetField = "body" // not stored in `Schema.files`
        #expect(throws: LoupeError.self) { try s.search("apple", options: options) }
        options.snippetField = "title"
        #expect(try s.search("apple", options: options).hits.count == 1)
    }

    /// A damaged postings tail made the bound MaxScore prunes with fall back to the term's weight
    /// (`try?`): now it is an error naming the file.
    @Test func aDamagedPostingsTailIsAnErrorOfTheBound() throws {
        let dir = MemoryDirectory()
        let w = try IndexWriter(directory: dir, schema: DamagedIndexTests.bodyOnly)
        for t in ["apple zebra", "apple", "apple yak"] { try w.add(["body": t]) }
        try w.close()
        let info = try #require(try IndexReader(directory: dir).segments[0].termInfo(field: 0, term: "apple"))
        try dir.rewriteWithChecksum("_0.doc") { b in
            for i in 1...10 where info.docOffset + i < b.count - 8 { b[info.docOffset + i] = 0xFF }
        }
        let segment = try IndexReader(directory: dir).segments[0]
        let scorer = TermScorer(postings: try segment.postings(info), norms: segment.norms, field: 0, weight: 1,
                                lengthTable: [Float](repeating: 1, count: 256))
        #expect {
            _ = try scorer.maxScore
        } throws: { error in
            guard case LoupeError.corrupt = error else { return false }
            return true
        }
    }

    /// Each custom analyzer registration was kept on every searching thread forever (2,000
    /// registrations: 33 → 59 MB); a thread now keeps its last 16.
    @Test func aThreadKeepsABoundedNumberOfAnalyzers() throws {
        let dir = MemoryDirectory()
        _ = try buildIndex([("a.txt", "Title", "apple pie")], in: dir)
        var registry = AnalyzerRegistry()
        for i in 0..<40 {
            registry.register("standard") { try Analyzer.standard() }
            let s = try SharedSearcher(directory: dir, analyzers: registry)
            #expect(try s.search("apple").totalHits == 1, "registration \(i)")
        }
        let cache = try #require(Thread.current.threadDictionary[ThreadAnalyzers.key] as? ThreadAnalyzers)
        #expect(cache.entries.count <= ThreadAnalyzers.capacity)
    }
}

/// A counter several closures share.
final class Counter: @unchecked Sendable { // `value` is read and written under `lock` only
    private let lock = NSLock()
    private var value = 0
    func increment() -> Int { lock.withLock { value += 1; return value } }
}
