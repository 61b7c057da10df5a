import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// The extracted text of parsed formats is stored, so snippets, pages and first-line titles come
/// without the parser; plain text is not stored. Documents are counted per format.
@Suite struct StoredTextTests {
    /// A format whose every extraction is counted: lines of the file are its pages.
    final class Counter: @unchecked Sendable {
        // Only touched under `lock`: the indexer's threads and the test read it.
        private var n = 0
        private let lock = NSLock()
        func bump() { lock.lock(); n += 1; lock.unlock() }
        var count: Int { lock.lock(); defer { lock.unlock() }; return n }
    }

    struct CountingExtractor: DocumentExtractor {
        let name = "counted"
        let version = 1
        let counter: Counter
        func claim(_ probe: ExtractionProbe) -> ExtractorClaim { probe.fileExtension == "cnt" ? .fileExtension : .none }
        func extract(_ data: [UInt8], fileName: String, context: ExtractionContext) throws -> ExtractedText {
            counter.bump()
            let pages = String(decoding: data, as: UTF8.self).split(separator: "\n").joined(separator: "\u{0C}")
            return ExtractedText(title: "", body: pages)
        }
    }

    /// An extractor that reads nothing: stands for a parser that is not there at search time.
    struct Unavailable: DocumentExtractor {
        let name = "unavailable"
        let version = 1
        let counter: Counter
        func claim(_ probe: ExtractionProbe) -> ExtractorClaim { .none }
        func extract(_ data: [UInt8], fileName: String, context: ExtractionContext) throws -> ExtractedText {
            counter.bump()
            throw ExtractionError.damaged("no parser here")
        }
    }

    /// The hit's snippets, with the page of each, cut from the text `source` gives.
    static func snippets(_ searcher: Searcher, _ query: String, source: @escaping @Sendable (SearchHit) -> String?)
        throws -> [(path: String?, snippet: Snippet, page: Int?)] {
        var options = SearchOptions(limit: 5, snippets: 1)
        options.snippetSource = .init(field: "body", text: source)
        return try searcher.search(query, options: options).hits.compactMap { hit in
            guard let s = hit.snippets.first, let text = source(hit) else { return nil }
            return (hit.path, s, ExtractedText.page(in: text, atUTF8Offset: s.documentHighlights.first?.lowerBound ?? s.start))
        }
    }

    @Test func pdfSnippetsAndTitlesComeFromTheStoredTextWithoutTheParser() throws {
        let dir = TempDir()
        dir.write("src/notes.txt", "Plain notes: termites in the garden.")
        let pdf = MinimalPDF.make(PDFTests.pages, title: nil)
        #expect(FileManager.default.createFile(atPath: dir.path + "/src/guide.pdf", contents: Data(pdf)))
        #expect(try trustingIndexer(dir).run().added == 2)
        let searcher = try Searcher(path: dir.path + "/idx")
        // The snippet as it was made before the text was stored: the file parsed again.
        let src = dir.path + "/src"
        let before = try Self.snippets(searcher, "termites ext:pdf") { hit in hit.path.flatMap { DirectoryIndexer.bodyText(source: src, path: $0) } }
        #expect(before.map(\.path) == ["guide.pdf"] && before[0].page == 2, "\(before)")

        // Now with no parser at all, and the PDF gone from the folder: the stored text answers.
        let counter = Counter()
        let files = SourceDocumentReader(reader: searcher.reader)
        files.extractors = ExtractorRegistry([], fallback: Unavailable(counter: counter))
        try FileManager.default.removeItem(atPath: src + "/guide.pdf")
        let after = try Self.snippets(searcher, "termites ext:pdf") { hit in try? files.text(of: hit).get().body }
        #expect(after.count == 1 && after[0].path == "guide.pdf", "\(after)")
        #expect(after[0].snippet == before[0].snippet && after[0].page == 2)
        let hit = try #require(try searcher.search("pangolin", limit: 1).hits.first)
        #expect(files.title(of: hit).title == "Aardvark Chronicles")
        #expect(counter.count == 0)
        // Plain text is not stored: it is read again from its file (here, with no parser: refused).
        let refused = try Self.snippets(searcher, "garden") { hit in try? files.text(of: hit).get().body }
        #expect(refused.isEmpty && counter.count == 1)
        let note = try #require(try searcher.search("garden", limit: 1).hits.first)
        #expect(note.path == "notes.txt" && note.fields[Schema.storedTextField] == nil)
        #expect(try SourceDocumentReader(reader: searcher.reader).text(of: note).get().body == "Plain notes: termites in the garden.")
    }

    @Test func anAppsFormatIsParsedOnceWhenIndexedAndNeverWhenSearched() throws {
        let dir = TempDir()
        dir.write("src/log.cnt", "first page of the ledger\nsecond page mentions the okapi\nthird page")
        let counter = Counter()
        var ix = trustingIndexer(dir)
        ix.extractors.register(CountingExtractor(counter: counter))
        #expect(try ix.run().added == 1 && counter.count == 1)
        let searcher = try Searcher(path: dir.path + "/idx")
        let files = SourceDocumentReader(reader: searcher.reader)
        files.extractors = ix.extractors
        let found = try Self.snippets(searcher, "okapi") { hit in try? files.text(of: hit).get().body }
        #expect(found.count == 1 && found[0].snippet.text.contains("okapi") && found[0].page == 2, "\(found)")
        let hit = try #require(try searcher.search("okapi", limit: 1).hits.first)
        #expect(files.title(of: hit).title == "first page of the ledger")
        #expect(counter.count == 1)
    }

    @Test func documentsAreCountedPerFormat() throws {
        let dir = TempDir()
        try DocumentFixtures.copy(["plan.docx": "plan.docx", "report.odt": "office/report.odt", "frobnicate.1.gz": "man/frobnicate.1.gz"], to: dir)
        for name in ["a.pdf", "b/b.pdf"] {
            try FileManager.default.createDirectory(atPath: dir.path + "/src/b", withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: dir.path + "/src/" + name, contents: Data(MinimalPDF.make(PDFTests.pages, title: name))))
        }
        dir.write("src/one.txt", "one")
        dir.write("src/two.txt", "two")
        dir.write("src/b/three.c", "int three;")
        dir.write("src/readme.md", "# Read me\ntext")
        dir.write("src/page.html", "<title>P</title><p>page</p>")
        #expect(try trustingIndexer(dir).run().skipped == 0)
        func counts() throws -> [String] {
            try IndexReader(path: dir.path + "/idx").formatDistribution().map { "\($0.format ?? "-") \($0.documents)" }
        }
        #expect(try counts() == ["text 3", "pdf 2", "docx 1", "html 1", "man 1", "markdown 1", "odt 1"])
        // Deleted documents are no longer counted: one whose file is gone, one no longer a PDF.
        try FileManager.default.removeItem(atPath: dir.path + "/src/b/b.pdf")
        dir.write("src/a.pdf", "not a PDF any more")
        let s = try trustingIndexer(dir).run()
        #expect(s.deleted == 1 && s.skipped == 1, "\(s)")
        #expect(try counts() == ["text 3", "docx 1", "html 1", "man 1", "markdown 1", "odt 1"])
        let reader = try IndexReader(path: dir.path + "/idx")
        #expect(try reader.document(field: "format", value: "pdf") == nil)
    }

    @Test func documentsOfAnIndexWithoutFormatsAreUnrecorded() throws {
        let dir = TempDir()
        let old = Schema(Array(Schema.files.fields.prefix { $0.name != Schema.formatField }))
        let w = try IndexWriter(path: dir.path + "/idx", schema: old, create: true)
        try w.add(["path": "a.txt", "body": "alpha"])
        try w.add(["path": "b.txt", "body": "beta"])
        try w.commit()
        try w.close()
        let reader = try IndexReader(path: dir.path + "/idx")
        #expect(try reader.formatDistribution().map { "\($0.format ?? "-") \($0.documents)" } == ["- 2"])
    }
}
