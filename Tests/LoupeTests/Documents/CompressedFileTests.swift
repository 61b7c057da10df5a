import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// Compressed single files and man pages. Fixtures made with Python's gzip, bz2 and lzma modules:
/// `frobnicate.1.gz` (a hand-written man page), `notes.md.xz`, `bomb.txt.bz2` (8 MiB of "a" in 48 bytes).
@Suite struct CompressedFileTests {
    @Test func aGzippedManPageIsStrippedOfTroffAndTitledByItsName() throws {
        let t = try TextExtractor.extract(DocumentFixtures.bytes("frobnicate.1.gz"), fileName: "man1/frobnicate.1.gz")
        #expect(t.format == "man" && t.titleIsDeclared)
        #expect(t.title == "frobnicate - twiddle the knobs of a widget")
        let words = t.body.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("frobnicate adjusts every knob of the named widget—gently “with care”."), "\(words)")
        #expect(words.contains("-v, --verbose Print each knob as it turns (slowly)."), "\(words)")
        #expect(words.contains("SEE ALSO twiddle(1)"), "\(words)")
        for markup in ["\\f", ".TH", ".SH", "\\(", "\\-", "Copyright", "\\s"] { #expect(!t.body.contains(markup), "\(markup)") }
    }

    @Test func xzAndZstdAreReadAsTheirInnerFormat() throws {
        let md = try TextExtractor.extract(DocumentFixtures.bytes("notes.md.xz"), fileName: "notes.md.xz")
        #expect(md.format == "markdown" && md.title == "Xz Notes" && md.body.contains("pangolin"))
        let html = Array("<html><title>Zstd Page</title><p>wombat &amp; co</p></html>".utf8)
        let zst = try ZstdCompressor(level: 3).compress(html)
        let t = try TextExtractor.extract(zst, fileName: "page.html.zst")
        #expect(t.format == "html" && t.title == "Zstd Page" && t.body.contains("wombat & co"))
        // Compressed bytes that are cut short are damaged, not a crash.
        #expect(throws: ExtractionError.self) { try TextExtractor.extract(Array(zst.prefix(zst.count / 2)), fileName: "p.html.zst") }
    }

    @Test func aBombIsAWarningAndTheRunGoesOn() throws {
        var context = ExtractionContext(maxExpandedBytes: 1 << 20)
        context.firstLines = false
        #expect(throws: ExtractionError.tooLarge(limit: 1 << 20)) {
            try ExtractorRegistry.standard.extract(DocumentFixtures.bytes("bomb.txt.bz2"), fileName: "bomb.txt.bz2", context: context)
        }
        let dir = TempDir()
        try DocumentFixtures.copy(["bomb.txt.bz2": "bomb.txt.bz2", "frobnicate.1.gz": "man/frobnicate.1.gz"], to: dir)
        var warnings: [String] = []
        var ix = trustingIndexer(dir)
        ix.maxFileBytes = 1 << 20
        ix.onWarning = { warnings.append($0) }
        let s = try ix.run()
        #expect(s.added == 1 && s.skipped == 1, "\(s)")
        #expect(warnings.count == 1 && warnings[0].hasPrefix("bomb.txt.bz2: expands past"), "\(warnings)")
        let searcher = try Searcher(path: dir.path + "/idx")
        let hit = try #require(try searcher.search("twiddle knobs", limit: 3).hits.first)
        #expect(hit.path == "man/frobnicate.1.gz" && hit.title == "frobnicate - twiddle the knobs of a widget")
    }
}
