import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// OCR, opt-in: an image and a scanned PDF page read by Tesseract, what was recognized cached by
/// content hash. `scan.png` is two lines of Helvetica ("Scanned invoice from Zanzibar", "Total due:
/// seventy walruses") rendered by `pdftoppm -r 150 -mono -png`; `scanned.pdf` is the same bitmap
/// (1 bit, Flate) as the only content of a page: no text layer.
@Suite(.serialized) struct OCRTests {
    static func words(_ s: String) -> [String] {
        s.lowercased().split { !$0.isLetter }.map(String.init)
    }

    static func context(_ cache: String?) -> ExtractionContext {
        var c = ExtractionContext(registry: ExtractorRegistry.standard.withImages())
        c.ocr = OCROptions(languages: "eng", cacheFolder: cache)
        return c
    }

    @Test func anImageAndAScannedPageAreReadWhenOCRIsOn() throws {
        let png = DocumentFixtures.bytes("scan.png")
        let image = try ExtractorRegistry.standard.withImages().extract(png, fileName: "scan.png", context: Self.context(nil))
        #expect(Self.words(image.body) == ["scanned", "invoice", "from", "zanzibar", "total", "due", "seventy", "walruses"], "\(image.body)")
        #expect(image.format == "png" && image.title == "Scanned invoice from Zanzibar")
        let pdf = try ExtractorRegistry.standard.extract(DocumentFixtures.bytes("scanned.pdf"), fileName: "s.pdf", context: Self.context(nil))
        #expect(pdf.format == "pdf" && Self.words(pdf.body).contains("walruses") && Self.words(pdf.body).contains("zanzibar"), "\(pdf.body)")
        // Off: the image is binary, the scanned page has no text.
        #expect(throws: ExtractionError.binary) { try TextExtractor.extract(png, fileName: "scan.png", registry: .standard.withImages()) }
        #expect(try TextExtractor.extract(DocumentFixtures.bytes("scanned.pdf"), fileName: "s.pdf").body.allSatisfy(\.isWhitespace))
    }

    @Test func whatWasRecognizedIsCachedByContentHash() throws {
        let dir = TempDir()
        let cache = dir.path + "/ocr"
        let png = DocumentFixtures.bytes("scan.png")
        let first = try ExtractorRegistry.standard.withImages().extract(png, fileName: "a.png", context: Self.context(cache))
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache)
        #expect(entries == [OCRCache.key(png[...], kind: "image", languages: "eng")])
        #expect(OCRCache(folder: cache).text(entries[0]) == first.body)
        // The cache answers for the same bytes under any name: a planted entry is what comes back.
        OCRCache(folder: cache).store("planted text", entries[0])
        let again = try ExtractorRegistry.standard.withImages().extract(png, fileName: "copy/b.png", context: Self.context(cache))
        #expect(again.body == "planted text")
        // A damaged entry is a miss: recognized again, and written over.
        let path = cache + "/" + entries[0]
        var bytes = try #require(FileManager.default.contents(atPath: path))
        bytes[9] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(try ExtractorRegistry.standard.withImages().extract(png, fileName: "c.png", context: Self.context(cache)).body == first.body)
        #expect(OCRCache(folder: cache).text(entries[0]) == first.body)
    }

    @Test func turningOCROnReadsTheImagesSkippedBefore() throws {
        let dir = TempDir()
        try DocumentFixtures.copy(["scan.png": "scans/invoice.png", "scanned.pdf": "scans/invoice.pdf"], to: dir)
        dir.write("src/notes.txt", "no walruses here, only notes")
        var s = try trustingIndexer(dir).run()
        #expect(s.added == 2 && s.skipped == 1, "\(s)") // the image is binary; the PDF has an empty page
        var ix = trustingIndexer(dir)
        ix.ocr = OCROptions(languages: "eng", cacheFolder: dir.path + "/ocr")
        s = try ix.run()
        #expect(s.added == 1 && s.skipped == 0 && s.unchanged == 2, "\(s)")
        let searcher = try Searcher(path: dir.path + "/idx")
        #expect(try searcher.search("zanzibar", limit: 5).hits.compactMap(\.path) == ["scans/invoice.png"])
        #expect(try IndexReader(path: dir.path + "/idx").formatDistribution().map { "\($0.format ?? "-") \($0.documents)" }
                == ["pdf 1", "png 1", "text 1"])
        // The PDF indexed without OCR is read by it when rebuilt; the image's text comes from the cache.
        ix.full = true
        s = try ix.run()
        #expect(s.added == 3, "\(s)")
        #expect(Set(try Searcher(path: dir.path + "/idx").search("zanzibar", limit: 5).hits.compactMap(\.path)) == ["scans/invoice.png", "scans/invoice.pdf"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/ocr").count == 2)
    }

    @Test func loupeIndexOCRsInItsHelpersAndCachesIt() throws {
        let tmp = TempDir()
        try FileManager.default.createDirectory(atPath: tmp.path + "/docs", withIntermediateDirectories: true)
        for (fixture, name) in ["scan.png": "docs/invoice.png", "scanned.pdf": "docs/invoice.pdf"] {
            try FileManager.default.copyItem(atPath: DocumentFixtures.folder + "/" + fixture, toPath: tmp.path + "/" + name)
        }
        let env = ["XDG_CACHE_HOME": tmp.path + "/cache"]
        let bad = try CLI.run(["index", "docs", "--ocr", "zzz"], cwd: tmp.path, environment: env)
        #expect(bad.status != 0 && bad.stderr.contains("tesseract-ocr-zzz"), "\(bad.stderr)")
        let idx = try CLI.run(["index", "docs", "--ocr", "eng"], cwd: tmp.path, environment: env)
        #expect(idx.status == 0 && idx.stdout.contains("2 added"), "\(idx.stdout) \(idx.stderr)")
        let s = try CLI.run(["search", "walruses", "--color", "never"], cwd: tmp.path, environment: env)
        #expect(s.stdout.contains("invoice.png") && s.stdout.contains("invoice.pdf") && s.stdout.contains("2 matching documents"), "\(s.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path + "/cache/loupe/ocr").count == 2)
    }

    @Test func unknownLanguagesAreAClearError() throws {
        #expect(throws: LoupeError.self) { try OCROptions(languages: "eng+../x").validate() }
        #expect(throws: LoupeError.self) { try OCROptions(languages: "zzz").validate() }
        try OCROptions(languages: "eng").validate()
    }
}
