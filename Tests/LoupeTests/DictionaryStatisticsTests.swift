import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// What a query reads to bind and to count: a word's doc freq from the dictionary, not from
/// decoded postings; documents' languages from the norms file; no frequencies when counting.
@Suite struct DictionaryStatisticsTests {
    static let schema = Schema([FieldSpec("id", isKeyword: true), FieldSpec("body", stored: false)])

    /// `running` in English: its terms closest rung first (`TermQuery.word`), cumulated per rung.
    static let runningRungs = [["running", "\u{1}running"], ["running", "\u{1}running", "\u{2}en:run", "run", "\u{1}run"]]

    func index(_ bodies: [(String, String?)], in dir: MemoryDirectory, flushEvery: Int = .max) throws {
        let w = try IndexWriter(directory: dir, schema: Self.schema)
        for (i, (body, language)) in bodies.enumerated() {
            var doc = Document(["id": "d\(i)", "body": body])
            doc.language = language.flatMap { Language(code: $0) }
            try w.add(doc)
            if (i + 1) % flushEvery == 0 { try w.flush() }
        }
        try w.commit()
    }

    /// When one form's documents hold every other form (here every document with `running` or
    /// `runs` holds `\u{2}en:run`, and no document has `run` itself), the dictionary's figure is
    /// the exact size of the union, per rung and over segments.
    @Test func theDictionaryGivesTheUnionWhenOneFormHoldsTheOthers() throws {
        let dir = MemoryDirectory()
        try index([("running fast", "en"), ("runs home", "en"), ("running and runs", "en"), ("walking", "en"),
                              ("running late", "en"), ("no match", "en")], in: dir, flushEvery: 4)
        let searcher = try Searcher(directory: dir)
        #expect(searcher.reader.segments.count == 2)
        let context = searcher.context(SearchOptions())
        for terms in Self.runningRungs {
            let exact = try context.docFreq(1, anyOf: terms)
            #expect(try context.formsDocFreq(1, anyOf: terms) == exact, "\(terms)")
        }
        #expect(try context.formsDocFreq(1, anyOf: Self.runningRungs[1]) == 4)
        #expect(try context.formsDocFreq(1, anyOf: Self.runningRungs[0]) == 3)
    }

    /// When no form holds the others (`run` is its own stem: its documents have no stem term), the
    /// dictionary's figure is the largest form's doc freq, below the union: Lucene's `SynonymQuery`.
    @Test func otherwiseItIsTheLargestForm() throws {
        let dir = MemoryDirectory()
        try index([("running fast", "en"), ("run home", "en"), ("a run", "en"), ("runs", "en")], in: dir)
        let context = try Searcher(directory: dir).context(SearchOptions())
        let terms = Self.runningRungs[1]
        let each = try terms.map { try context.docFreq(1, term: $0) }
        #expect(each == [1, 0, 2, 2, 0])
        #expect(try context.formsDocFreq(1, anyOf: terms) == 2)
        #expect(try context.docFreq(1, anyOf: terms) == 4)
    }

    /// An iterator made without frequencies gives the same documents (by `next` and by `advance`),
    /// each with frequency 1, over full blocks and the tail.
    @Test func postingsWithoutFrequenciesGiveTheSameDocuments() throws {
        let dir = MemoryDirectory()
        var rng = SplitMix64(seed: 7)
        let bodies = (0..<700).map { _ in (Array(repeating: "word", count: rng.below(4)).joined(separator: " ") + " x", Optional("en")) }
        try index(bodies, in: dir)
        let seg = try #require(try IndexReader(directory: dir).segments.first)
        let info = try #require(try seg.termInfo(field: 1, term: "word"))
        #expect(info.docFreq > 2 * PostingsFormat.blockSize)
        let full = try seg.postings(info), bare = try seg.postings(info, frequencies: false)
        var docs: [Int32] = [], freqs = Set<UInt32>()
        while try full.next() != PostingsFormat.noMoreDocs {
            #expect(try bare.next() == full.doc)
            docs.append(full.doc)
            freqs.insert(bare.freq)
        }
        #expect(try bare.next() == PostingsFormat.noMoreDocs)
        #expect(freqs == [1])
        let a = try seg.postings(info), b = try seg.postings(info, frequencies: false)
        for target in stride(from: Int32(0), to: 700, by: 37) { #expect(try a.advance(to: target) == b.advance(to: target)) }
        // Counting a blended word (several postings) reads them without frequencies and agrees.
        let searcher = try Searcher(directory: dir)
        var all = SearchOptions(limit: 1000)
        all.pruning = false
        for q in ["word", "words", "word x", "word OR x"] {
            #expect(try searcher.count(q) == searcher.search(q, options: all).totalHits, "\(q)")
        }
    }

    /// The norms file keeps each document's language per field, as the language terms say, through
    /// flushes and a merge that drops deleted documents; the deep check compares the two.
    @Test func languagesAreKeptBesideTheNorms() throws {
        let dir = MemoryDirectory()
        let languages: [String?] = ["de", "fr", nil, "de", "tr", nil, "fr", "en"]
        let bodies = (0..<40).map { i in ("word\(i % 5) text", languages[i % languages.count]) }
        try index(bodies, in: dir, flushEvery: 15)
        let w = try IndexWriter(directory: dir, schema: Self.schema)
        for i in stride(from: 0, to: 40, by: 6) { _ = try w.deleteDocuments(field: "id", value: "d\(i)") }
        try w.commit()
        func check(_ reader: IndexReader) throws {
            for seg in reader.segments {
                #expect(seg.norms.languageCodes != nil)
                let kept = try LanguageColumn(segment: seg, field: 1), terms = try LanguageColumn(termsOf: seg, field: 1)
                #expect((0..<Int32(seg.docCount)).map { kept.code(of: $0) } == (0..<Int32(seg.docCount)).map { terms.code(of: $0) })
                #expect((0..<Int32(seg.docCount)).contains { kept.code(of: $0) == "tr" })
                let ids = try LanguageColumn(segment: seg, field: 0)
                #expect((0..<Int32(seg.docCount)).allSatisfy { ids.code(of: $0) == nil }, "a keyword field has no language")
            }
            _ = try reader.verifyDeep()
        }
        try check(try IndexReader(directory: dir))
        try w.forceMerge()
        let merged = try IndexReader(directory: dir)
        #expect(merged.segments.count == 1 && merged.segments[0].docCount == 33)
        try check(merged)
        // The documents' languages survived the merge in order: d1 (fr), d2 (none), d3 (de), …
        let column = try LanguageColumn(segment: merged.segments[0], field: 1)
        #expect((0..<3).map { column.code(of: Int32($0)) } == ["fr", nil, "de"])
    }

    /// The norms of a segment written before the languages (version 3): opened, its languages read
    /// from its language terms, searched alike, merged into a segment that keeps them.
    @Test func aSegmentWithoutLanguagesReadsThemFromItsTerms() throws {
        let dir = MemoryDirectory()
        try index([("Planına göre", "tr"), ("plan the run", "en"), ("plan", nil), ("planı yaptı", "tr")], in: dir)
        let before = try Searcher(directory: dir)
        let hitsBefore = try before.search("plan", options: SearchOptions(limit: 10)).hits.map { ($0.doc, $0.score) }
        let seg = try #require(before.reader.segments.first)
        let file = seg.info.name + ".nrm"
        let docCount = seg.docCount
        try dir.rewriteWithChecksum(file) { b in
            b[4] = 3 // version 3: the norm columns (id, body) and no languages
            b = Array(b[..<(FileFormat.headerSize + FileFormat.segmentIDSize + 2 * docCount)]) + Array(b.suffix(FileFormat.footerSize))
        }
        let old = try Searcher(directory: dir)
        let oldSeg = try #require(old.reader.segments.first)
        #expect(oldSeg.norms.languageCodes == nil)
        try oldSeg.verifyChecksums()
        let column = try oldSeg.languageColumn(field: 1)
        #expect((0..<4).map { column.code(of: Int32($0)) } == ["tr", "en", nil, "tr"])
        let hitsOld = try old.search("plan", options: SearchOptions(limit: 10)).hits.map { ($0.doc, $0.score) }
        #expect(hitsOld.map(\.0) == hitsBefore.map(\.0) && hitsOld.map(\.1) == hitsBefore.map(\.1))
        // No deep check here: a segment of version 3 had positions for its keyword terms, which
        // this one, written now and only relabelled, lacks. The merged segment is checked below.

        let w = try IndexWriter(directory: dir, schema: Self.schema)
        var doc = Document(["id": "d9", "body": "planlar"])
        doc.language = Language(code: "tr")
        try w.add(doc)
        try w.forceMerge()
        let merged = try IndexReader(directory: dir)
        let m = try #require(merged.segments.first)
        #expect(m.norms.languageCodes != nil)
        let c = try LanguageColumn(segment: m, field: 1)
        #expect((0..<5).map { c.code(of: Int32($0)) } == ["tr", "en", nil, "tr", "tr"])
        _ = try merged.verifyDeep()
    }

    /// A language byte that names no language is refused when read; one that names another language
    /// than the document's language terms is found by the deep check.
    @Test func aDamagedLanguageIsFound() throws {
        let dir = MemoryDirectory()
        try index([("eins zwei", "de"), ("un deux", "fr")], in: dir)
        let name = try #require(try IndexReader(directory: dir).segments.first).info.name
        let file = name + ".nrm"
        // The body's last byte is doc 1's language in body (codes: de, fr).
        try dir.rewriteWithChecksum(file) { b in b[b.count - FileFormat.footerSize - 1] = 9 }
        #expect(throws: LoupeError.self) { _ = try LanguageColumn(segment: try IndexReader(directory: dir).segments[0], field: 1) }
        try dir.rewriteWithChecksum(file) { b in b[b.count - FileFormat.footerSize - 1] = b[b.count - FileFormat.footerSize - 2] }
        let reader = try IndexReader(directory: dir)
        try reader.verifyChecksums()
        #expect(throws: LoupeError.corrupt(file: name + ".nrm", reason: "document 1 is in language de in field 1, its language terms say fr")) {
            _ = try reader.verifyDeep()
        }
    }
}
