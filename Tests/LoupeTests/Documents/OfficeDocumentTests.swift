import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// Office files and e-books. Fixtures written with Python's zipfile from hand-written XML:
/// `plan.docx`, `deck.pptx` (three slides, numbered 1, 2, 10), `report.odt`, `keeper.epub` (a chapter
/// file with a space in its name, the manifest out of spine order), `bomb.docx` (8 MiB of text in 8 KiB).
@Suite struct OfficeDocumentTests {
    func words(_ s: String) -> String { s.split(whereSeparator: \.isWhitespace).joined(separator: " ") }

    @Test func docxTextTitleAndAuthor() throws {
        let t = try TextExtractor.extract(DocumentFixtures.bytes("plan.docx"), fileName: "plan.docx")
        #expect(t.format == "docx" && t.title == "Quarterly Plan" && t.titleIsDeclared && t.fields == ["author": "Ada Lovelace"])
        #expect(t.body == "The walrus budget grows.\nSecond\tparagraph & more\n", "field codes are not text: \(t.body)")
    }

    @Test func pptxSlidesArePagesInTheirOrder() throws {
        let t = try TextExtractor.extract(DocumentFixtures.bytes("deck.pptx"), fileName: "deck.pptx")
        #expect(t.title == "Otter Deck" && t.format == "pptx")
        #expect(t.body.split(separator: "\u{0C}").map { words(String($0)) } == ["Opening slide about otters", "Middle slide", "Last slide mentions beavers"])
    }

    @Test func odtParagraphsAndMetadata() throws {
        let bytes = DocumentFixtures.bytes("report.odt")
        // Claimed by the media type of its first member, whatever its name.
        let t = try TextExtractor.extract(bytes, fileName: "report.bin")
        // Its kind too, from that media type: an .odt counted as odt.
        #expect(t.format == "odt" && t.title == "Tram Report" && t.fields == ["author": "Grace Hopper"])
        #expect(t.body == "Heading of the report\nDer Straßenbahn fährt nach Zürich.\nLine one\nline two\n", "\(t.body)")
    }

    @Test func epubChaptersInSpineOrder() throws {
        let t = try TextExtractor.extract(DocumentFixtures.bytes("keeper.epub"), fileName: "keeper.epub")
        #expect(t.format == "epub" && t.title == "The Lighthouse Keeper" && t.fields == ["author": "Jane Doe"])
        #expect(words(t.body) == "Chapter One The lamp was lit at dusk. Chapter Two A gull & a storm came.", "\(t.body)")
    }

    @Test func aZipBombAndABrokenPackageAreWarningsAndTheRunGoesOn() throws {
        var context = ExtractionContext(maxExpandedBytes: 1 << 20)
        context.firstLines = false
        #expect(throws: ExtractionError.tooLarge(limit: 1 << 20)) {
            try ExtractorRegistry.standard.extract(DocumentFixtures.bytes("bomb.docx"), fileName: "bomb.docx", context: context)
        }
        let dir = TempDir()
        try DocumentFixtures.copy(["bomb.docx": "bomb.docx", "plan.docx": "plan.docx", "report.odt": "report.odt", "keeper.epub": "books/keeper.epub"], to: dir)
        let epub = DocumentFixtures.bytes("keeper.epub")
        #expect(FileManager.default.createFile(atPath: dir.path + "/src/cut.epub", contents: Data(epub.prefix(epub.count / 2))))
        var warnings: [String] = []
        var ix = trustingIndexer(dir)
        ix.maxFileBytes = 1 << 20
        ix.onWarning = { warnings.append($0) }
        let s = try ix.run()
        #expect(s.added == 3 && s.skipped == 2, "\(s)")
        #expect(warnings.count == 2 && warnings.contains { $0.hasPrefix("bomb.docx: expands past") }
                && warnings.contains { $0.hasPrefix("cut.epub: damaged file") }, "\(warnings)")
        let searcher = try Searcher(path: dir.path + "/idx")
        #expect(try searcher.search("walrus", limit: 3).hits.map(\.title) == ["Quarterly Plan"])
        #expect(try searcher.search("zurich", limit: 3).hits.map(\.path) == ["report.odt"])
        #expect(try searcher.search("title:lighthouse", limit: 3).hits.map(\.path) == ["books/keeper.epub"])
    }
}
