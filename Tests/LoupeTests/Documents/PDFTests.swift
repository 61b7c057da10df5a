import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// PDF through Poppler: text per page, page numbers of snippets, titles, damaged and encrypted files.
/// `encrypted.pdf` is `MinimalPDF.make(["Secret quarterly numbers", …], title: "Locked Report")`
/// encrypted by `qpdf --encrypt secret ownerpw 256`.
@Suite struct PDFTests {
    static let pages = [
        "Aardvark Chronicles\nThe first page speaks of burrows.",
        "Second page: the aardvark eats termites at night.",
        "Third page: a pangolin is not an aardvark.\nIt has scales.",
    ]

    @Test func pagesTextAndTitleComeOutInOrder() throws {
        let t = try TextExtractor.extract(MinimalPDF.make(Self.pages, title: "Field Guide (Second Edition)", author: "A. Naturalist"), fileName: "guide.pdf")
        #expect(t.format == "pdf" && t.title == "Field Guide (Second Edition)" && t.titleIsDeclared)
        #expect(t.fields == ["author": "A. Naturalist"])
        let pages = t.body.split(separator: "\u{0C}", omittingEmptySubsequences: false)
        #expect(pages.count == 3)
        for (page, expected) in zip(pages, Self.pages) {
            #expect(page.split(whereSeparator: \.isWhitespace) == expected.split(whereSeparator: \.isWhitespace), "\(page)")
        }
        let offset = try #require(t.body.utf8.firstRange(of: Array("termites".utf8))).lowerBound
        #expect(t.page(atUTF8Offset: t.body.utf8.distance(from: t.body.utf8.startIndex, to: offset)) == 2)
        #expect(t.page(atUTF8Offset: 0) == 1 && t.page(atUTF8Offset: t.body.utf8.count) == 3)
        // No document information: the first line is the title.
        let untitled = try TextExtractor.extract(MinimalPDF.make(Self.pages, title: nil), fileName: "x.bin")
        #expect(untitled.format == "pdf" && untitled.title == "Aardvark Chronicles")
        // Plain text has no pages.
        #expect(try TextExtractor.extract(Array("a\nb".utf8), fileName: "a.txt").page(atUTF8Offset: 2) == nil)
    }

    @Test func encryptedTruncatedAndBrokenPDFsAreErrors() throws {
        #expect(throws: ExtractionError.encrypted) {
            try TextExtractor.extract(DocumentFixtures.bytes("encrypted.pdf"), fileName: "e.pdf")
        }
        let pdf = MinimalPDF.make(Self.pages, title: "T")
        #expect(throws: ExtractionError.damaged("truncated: no %%EOF at the end")) {
            try TextExtractor.extract(Array(pdf.prefix(pdf.count * 2 / 3)), fileName: "t.pdf")
        }
        var garbage = Array("%PDF-1.4\n".utf8)
        var rng = SplitMix64(seed: 5)
        for _ in 0..<2000 { garbage.append(UInt8(truncatingIfNeeded: rng.next())) }
        garbage += Array("\n%%EOF\n".utf8)
        #expect(throws: ExtractionError.self) { try TextExtractor.extract(garbage, fileName: "g.pdf") }
    }

    @Test func aRunIndexesPDFsWarnsOfTheDamagedOnesAndHitsKnowTheirPage() throws {
        let dir = TempDir()
        try DocumentFixtures.copy(["encrypted.pdf": "locked.pdf"], to: dir)
        let pdf = MinimalPDF.make(Self.pages, title: "Field Guide")
        #expect(FileManager.default.createFile(atPath: dir.path + "/src/guide.pdf", contents: Data(pdf)))
        #expect(FileManager.default.createFile(atPath: dir.path + "/src/cut.pdf", contents: Data(pdf.prefix(300))))
        dir.write("src/notes.txt", "aardvark notes in plain text")
        var warnings: [String] = []
        var ix = trustingIndexer(dir)
        ix.onWarning = { warnings.append($0) }
        let s = try ix.run()
        #expect(s.added == 2 && s.skipped == 2, "\(s)")
        #expect(warnings.sorted() == ["cut.pdf: damaged file (truncated: no %%EOF at the end), skipped",
                                      "locked.pdf: encrypted, no text to read, skipped"], "\(warnings)")
        let searcher = try Searcher(path: dir.path + "/idx")
        let files = SourceDocumentReader(reader: searcher.reader)
        var options = SearchOptions(limit: 5, snippets: 1)
        options.snippetSource = .init(field: "body") { hit in hit.path.flatMap { try? files.text(of: $0, whole: true).get().body } }
        let hits = try searcher.search("termites", options: options).hits
        #expect(hits.map(\.path) == ["guide.pdf"] && hits[0].title == "Field Guide")
        let body = try files.text(of: "guide.pdf", whole: true).get().body
        let snippet = try #require(hits[0].snippets.first)
        // The page of the passage's first matched word (the passage may begin on the page before).
        let at = try #require(snippet.documentHighlights.first).lowerBound
        #expect(snippet.text.contains("termites") && ExtractedText.page(in: body, atUTF8Offset: at) == 2)
    }
}

/// Writes small valid PDFs: one Helvetica text line per `\n`, a page per string, an optional
/// document information dictionary.
enum MinimalPDF {
    static func make(_ pages: [String], title: String?, author: String? = nil) -> [UInt8] {
        func literal(_ s: String) -> String {
            "(" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "(", with: "\\(").replacingOccurrences(of: ")", with: "\\)") + ")"
        }
        var objects: [String] = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [\(pages.indices.map { "\(4 + 2 * $0) 0 R" }.joined(separator: " "))] /Count \(pages.count) >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        for (i, text) in pages.enumerated() {
            objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents \(5 + 2 * i) 0 R >>")
            let lines = text.split(separator: "\n").map { literal(String($0)) + " Tj 0 -16 Td " }.joined()
            let stream = "BT /F1 12 Tf 72 720 Td \(lines)ET"
            objects.append("<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream")
        }
        var info: Int? = nil
        if title != nil || author != nil {
            objects.append("<< " + (title.map { "/Title \(literal($0)) " } ?? "") + (author.map { "/Author \(literal($0)) " } ?? "") + ">>")
            info = objects.count
        }
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (i, o) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(i + 1) 0 obj\n\(o)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { out += String(repeating: "0", count: 10 - String(o).count) + "\(o) 00000 n \n" }
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R" + (info.map { " /Info \($0) 0 R" } ?? "") + " >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(out.utf8)
    }
}
