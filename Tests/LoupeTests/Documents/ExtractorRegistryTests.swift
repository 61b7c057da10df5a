import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// The extractor seam: a format is chosen by its bytes before its name, an app registers its own,
/// and the catalog remembers which extractors judged the files it skipped.
@Suite struct ExtractorRegistryTests {
    /// A toy format: files that start with "TOY1" carry a title line and a body.
    struct ToyExtractor: DocumentExtractor {
        let name = "toy"
        let version = 1
        func claim(_ probe: ExtractionProbe) -> ExtractorClaim {
            probe.starts(with: Array("TOY1".utf8)) ? .content : probe.fileExtension == "toy" ? .fileExtension : .none
        }
        func extract(_ data: [UInt8], fileName: String, context: ExtractionContext) throws -> ExtractedText {
            guard data.starts(with: Array("TOY1\n".utf8)) else { throw ExtractionError.damaged("no TOY1 header") }
            let lines = String(decoding: data.dropFirst(5), as: UTF8.self).split(separator: "\n", maxSplits: 1)
            return ExtractedText(title: String(lines.first ?? ""), body: lines.count > 1 ? String(lines[1]) : "", titleIsDeclared: true)
        }
    }

    @Test func contentBeatsExtensionAndUnclaimedFilesAreText() throws {
        var registry = ExtractorRegistry.standard
        registry.register(ToyExtractor())
        let toy = Array("TOY1\nThe Toy Title\nzebra words\u{0}".utf8)
        // By content, whatever the name says (an .html named file that is a toy file).
        let t = try TextExtractor.extract(toy, fileName: "x.html", registry: registry)
        #expect(t.title == "The Toy Title" && t.body == "zebra words\u{0}" && t.format == "toy")
        // Not registered: the same bytes are binary (a NUL) for the standard registry.
        #expect(throws: ExtractionError.binary) { try TextExtractor.extract(toy, fileName: "x.txt") }
        // By name only: an HTML page stays HTML; a .toy file without the magic is the toy's to refuse.
        #expect(try TextExtractor.extract(Array("<title>T</title>x".utf8), fileName: "a.html", registry: registry).format == "html")
        #expect(throws: ExtractionError.damaged("no TOY1 header")) {
            try TextExtractor.extract(Array("plain".utf8), fileName: "a.toy", registry: registry)
        }
        #expect(try TextExtractor.extract(Array("plain".utf8), fileName: "a.txt", registry: registry).format == "text")
        #expect(registry.signature.contains("toy.1") && !ExtractorRegistry.standard.signature.contains("toy"))
    }

    @Test func aFileSkippedBeforeItsFormatWasKnownIsReadByTheNextRun() throws {
        let dir = TempDir()
        dir.write("src/a.txt", "alpha words")
        _ = FileManager.default.createFile(atPath: dir.path + "/src/b.toy", contents: Data(Array("TOY1\nToy Doc\nquokka\u{0}".utf8)))
        var s = try trustingIndexer(dir).run()
        #expect(s.added == 1 && s.skipped == 1)
        let first = try #require(try IndexReader(path: dir.path + "/idx").sourceCatalog())
        #expect(first.extractors == ExtractorRegistry.standard.signature && first.skipped.count == 1)
        // Same extractors, nothing changed: settled by the catalog, still skipped.
        s = try trustingIndexer(dir).run()
        #expect(!s.committed && s.skipped == 1)
        // A registry that reads the format: the skipped file is read again though it did not change.
        var ix = trustingIndexer(dir)
        ix.extractors.register(ToyExtractor())
        s = try ix.run()
        #expect(s.added == 1 && s.skipped == 0 && s.unchanged == 1 && s.committed, "\(s)")
        let searcher = try Searcher(path: dir.path + "/idx")
        let hits = try searcher.search("quokka", limit: 5).hits
        #expect(hits.map(\.path) == ["b.toy"] && hits.first?.title == "Toy Doc")
        #expect(try IndexReader(path: dir.path + "/idx").sourceCatalog()?.extractors == ix.extractors.signature)
        // And then it is settled again.
        #expect(!(try ix.run()).committed)
    }

    @Test func aVersionOneCatalogIsReadWithNoSignature() throws {
        let dir = TempDir()
        var c = SourceCatalog()
        c.append(path: "a.txt", size: 1, mtime: 2, hash: 3)
        c.extractors = "text.1"
        try c.write(to: dir.path + "/catalog-1", generation: 1)
        // Rewrite as version 1: drop the signature (7 raw bytes) and fix the header and checksum.
        let file = try FileSystemDirectory(path: dir.path).openFile("catalog-1")
        let body = try FileFormat.open(file, magic: SourceCatalog.magic, version: SourceCatalog.version)
        var p = body.lowerBound + 8
        _ = try file.varint(&p); _ = try file.varint(&p); _ = try file.varint(&p)
        let rawLength = Int(try file.varint(&p))
        var raw = try #require(try file.withBytes(p, body.upperBound - p) { ZstdDecompressor().decompress($0, rawLength: rawLength) })
        raw.removeLast(7)
        let out = try FileOutput(FileSystemDirectory(path: dir.path), name: "catalog-2", magic: SourceCatalog.magic, version: 1)
        out.writeU64(2)
        out.writeVarint(1); out.writeVarint(1); out.writeVarint(0); out.writeVarint(UInt64(raw.count))
        out.writeBytes(try ZstdCompressor(level: 3).compress(raw))
        try out.finish()
        let old = try SourceCatalog.read(dir.path + "/catalog-2", generation: 2, documents: 1)
        #expect(old.extractors == "" && old.path(0) == "a.txt" && old.hashes == [3])
    }
}
