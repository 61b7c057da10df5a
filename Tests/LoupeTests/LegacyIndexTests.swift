import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// An index written before segment ids and index markers (`.tim` 3, `.doc`/`.pos` 2, `.nrm` 2,
/// `.sto` 4, manifest 2, no `loupe-index`) still opens, searches and checks; a writer adopts it (writes
/// the marker) and merges its segment with new ones.
@Suite struct LegacyIndexTests {
    /// `loupe index` of three small files (notes/a.txt, b.txt, c.html) by the build before ids
    /// (main at 52806c5), file by file.
    static let files: [String: String] = [
        "_0.doc": "TERPQwIAAAAABwADAAUABQAHAAMFAAUABwADAAUAAwADAAMABwAFAAcABQADAAUCAwADBQAHAAf+Ak7oTEVORA==",
        "_0.nrm": "TE5STQIAAAACAgMAAQAGBAmXiXO+TEVORA==",
        "_0.pos": "TFBPUwIAAAABAAABAAECAAYFAAIEAQMBBwIAAwEDBAMCAAWvubssTEVORA==",
        "_0.sto": "TFNUTwQAAAAotS/9IBvZAAADAAAAAAAAAAEAAAAKAAAAAAEBBkhhcmJvcgAAAAAAGwAAAAgAAAAAAAAAAAYAYi50eHQABwBjLmh0bWwADABub3Rlcy9hLnR4dAAAAAADAAAAAAAAAAEAAAAAAAAALAAAAAAAAAAAAAAAAAAAADwAAAAAAAAAWwAAAAAAAAA8wFQVTEVORA==",
        "_0.tim": "TFRSTQMAAAACAGEDCAgRYgMCARFjAwIBFGh0bWwDAgEVbm90ZXMDAgETdHh0BQIBBwFoYXJib3IDAwIEAmFuZAMCARVjbG91ZAMCASVvcHBlcgMCARVlbWJlcgMCARVmaWVsZAMCARVnbGFzcwMCATNvd3MDAgEWbWVhZG93AwIBI29yZQMCARVvcmJpdAMCARVxdWlldAMCARVyaXZlcgQCAgEVc3RvbmUFBAQTdGhlAwMCFXdvcmRzAwIBCAAAAAAAAAAWAAAAAAAAAAEAAAAAAAAAvQAAAAAAAADFAAAAAAAAAAAAAAAAAAAAzRZX9UxFTkQ=",
        "catalog-1": "TENBVAEAAAABAAAAAAAAAAMDAmgotS/9IGidAgA0BAAFYi50eHQABmMuaHRtbAALbm90ZXMvYSQ1MQCQJHKnFe5LxlVJ8xiUxjMwjn3VAf2f0KUAAALxo/gAAQUBAaT4AAAFADlGCHzhATtcE3CdY+aU/mNMRU5E",
        "manifest-1": "TE1BTgIAAAABAAAAAAAAAAEAAAAAAAAAAwRwYXRoBwAAwD8FdGl0bGUDAAAAQARib2R5AQAAgD8BAl8wAwAAAwcBAQMTAQZzb3VyY2URL3RtcC93dGlkeC9maXhzcmN7s45ATEVORA==",
    ]

    func install(_ dir: TempDir) throws -> String {
        let path = dir.path + "/idx"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, base64) in Self.files {
            try #require(Data(base64Encoded: base64)).write(to: URL(fileURLWithPath: path + "/" + name))
        }
        return path
    }

    @Test func anIndexFromBeforeIDsOpensAndIsAdopted() throws {
        let dir = TempDir()
        let path = try install(dir)
        let r = try IndexReader(path: path)
        try r.verifyChecksums()
        #expect(r.manifest.segments.map(\.id) == [nil])
        #expect(r.schema.fields.allSatisfy { $0.analyzer == FieldSpec.defaultAnalyzer }, "a manifest before analyzer names")
        #expect(try Searcher(reader: r).count("river") == 2)
        #expect(try Searcher(reader: r).count("harbor") == 1)

        let w = try IndexWriter(path: path, schema: r.schema)
        #expect(FileManager.default.fileExists(atPath: path + "/" + IndexMarker.fileName))
        try w.add(["path": "d.txt", "body": "river again"])
        try w.commit()
        try w.forceMerge()
        let merged = try IndexReader(path: path)
        try merged.verifyChecksums()
        #expect(merged.segments.count == 1 && merged.manifest.segments[0].id != nil)
        #expect(try Searcher(reader: merged).count("river") == 3)
        #expect(try Searcher(reader: merged).count("harbor") == 1)
        #expect(!FileManager.default.fileExists(atPath: path + "/_0.tim"), "the legacy segment, merged away, is removed")
    }
}
