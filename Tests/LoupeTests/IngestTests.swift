import Foundation
import Testing
@testable import Loupe

@Suite struct IngestTests {
    @Test func htmlIsStrippedAndTitled() throws {
        let html = "<html><head><title>Caf&eacute; &amp; Bar</title><style>p{}</style></head><body><script>var zz=1</script><p>Hello&nbsp;<b>world</b></p><!-- hidden --></body></html>"
        let t = try TextExtractor.extract(Array(html.utf8), fileName: "x.html")
        #expect(t.title == "Caf&eacute; & Bar", "unknown entities stay as written")
        #expect(t.titleIsDeclared)
        #expect(t.body.contains("Hello world"))
        #expect(!t.body.contains("zz") && !t.body.contains("hidden") && !t.body.contains("<"))
    }

    @Test func markdownHeadingOrFirstLine() throws {
        let md = try TextExtractor.extract(Array("intro line\n\n## The Heading\ntext".utf8), fileName: "a.md")
        #expect(md.title == "The Heading" && md.titleIsDeclared)
        let txt = try TextExtractor.extract(Array("\n\n   First real line  \nsecond".utf8), fileName: "a.txt")
        #expect(txt.title == "First real line" && !txt.titleIsDeclared)
    }

    @Test func binaryIsRejectedAndBadUTF8Repaired() throws {
        #expect(throws: TextExtractor.Rejection.binary) { try TextExtractor.extract([0x41, 0x00, 0x42], fileName: "b") }
        let t = try TextExtractor.extract([0x61, 0xFF, 0x62], fileName: "c.txt")
        #expect(t.body == "a\u{FFFD}b")
    }

    @Test func walkerSkipsHiddenAndListsSorted() throws {
        let dir = TempDir()
        dir.write("b/z.txt", "z")
        dir.write("a.txt", "a")
        dir.write(".git/config", "x")
        dir.write("b/.hidden", "x")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/loop", withDestinationPath: dir.path)
        let (paths, warnings) = try DirectoryWalker(root: dir.path).files()
        #expect(paths == ["a.txt", "b/z.txt"])
        #expect(warnings.isEmpty)
        #expect(throws: LoupeError.self) { _ = try DirectoryWalker(root: dir.path + "/missing").files() }
    }
}

@Suite struct IndexInsideSourceTests {
    @Test func anIndexInsideTheFolderIsNotIndexed() throws {
        let dir = TempDir()
        dir.write("notes/a.txt", "alpha")
        var ix = DirectoryIndexer(source: dir.path, indexPath: dir.path + "/Indexes/self")
        var warnings: [String] = []
        ix.onWarning = { warnings.append($0) }
        #expect(try ix.run().added == 1)
        let second = try ix.run()
        #expect(second.added == 0 && second.unchanged == 1 && warnings.isEmpty, "\(warnings)")
    }
}
