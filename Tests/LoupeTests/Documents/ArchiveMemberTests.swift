import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// The members of zip and tar archives as documents of their own. Fixtures made with Python's
/// zipfile, gzip and tarfile: `members.zip` (inner/readme.txt, notes/plan.md, inner/photo.png),
/// `packed.tar.gz` (guide/wallaby.txt), `nested.zip` (top.txt, level1.zip holding one.txt and
/// level2.zip holding two.txt), `bomb.zip` (readme.txt, huge.txt.gz: 3 MiB of "a" gzip'd, flat.txt:
/// 3 MiB of "b").
@Suite struct ArchiveMemberTests {
    @Test func zipAndTarMembersAreDocumentsFoundByTheirAddress() throws {
        let dir = TempDir()
        try DocumentFixtures.copy(["members.zip": "docs/members.zip", "packed.tar.gz": "packed.tar.gz"], to: dir)
        var warnings: [String] = []
        var ix = trustingIndexer(dir)
        ix.onWarning = { warnings.append($0) }
        var s = try ix.run()
        // The PNG is no document and no warning.
        #expect(s.added == 3 && s.skipped == 0 && warnings.isEmpty, "\(s) \(warnings)")
        var searcher = try Searcher(path: dir.path + "/idx")
        #expect(try searcher.search("pangolin", limit: 5).hits.map(\.path) == ["docs/members.zip/inner/readme.txt"])
        #expect(try searcher.search("pangolin folder:docs/members.zip/inner ext:txt", limit: 5).hits.count == 1)
        #expect(try searcher.search("pangolin ext:zip", limit: 5).hits.isEmpty)
        let plan = try searcher.search("numbat ext:md folder:docs", limit: 5).hits
        #expect(plan.map(\.path) == ["docs/members.zip/notes/plan.md"] && plan.first?.title == "Burrow Plan")
        #expect(try searcher.search("wallaby", limit: 5).hits.map(\.path) == ["packed.tar.gz/guide/wallaby.txt"])
        #expect(DirectoryIndexer.bodyText(source: dir.path + "/src", path: "docs/members.zip/notes/plan.md")?.contains("numbat") == true)
        #expect(DirectoryIndexer.bodyText(source: dir.path + "/src", path: "docs/members.zip/notes/gone.md") == nil)
        let files = SourceDocumentReader(reader: searcher.reader)
        #expect(try files.text(of: "packed.tar.gz/guide/wallaby.txt", whole: true).get().body == "The tarred guide mentions a wallaby.\n")
        #expect(try files.text(of: "docs/members.zip/inner/readme.txt", whole: false).get().title
            == "The zipped readme speaks of a pangolin and its scales.")

        // The archive deleted: its members go.
        try FileManager.default.removeItem(atPath: dir.path + "/src/docs/members.zip")
        s = try trustingIndexer(dir).run()
        #expect(s.deleted == 2 && s.unchanged == 1 && s.added == 0, "\(s)")
        searcher = try Searcher(path: dir.path + "/idx")
        #expect(try searcher.search("pangolin OR numbat", limit: 5).hits.isEmpty)
        #expect(try IndexReader(path: dir.path + "/idx").sourceCatalog()?.documents == 1)
        _ = try IndexReader(path: dir.path + "/idx").verifyDeep()
    }

    @Test func aBombIsSkippedWithAWarningAndTheRestIsIndexed() throws {
        let dir = TempDir()
        try DocumentFixtures.copy(["bomb.zip": "bomb.zip", "members.zip": "members.zip"], to: dir)
        var warnings: [String] = []
        var ix = trustingIndexer(dir)
        ix.maxFileBytes = 1 << 20
        ix.onWarning = { warnings.append($0) }
        let s = try ix.run()
        #expect(s.committed && s.added == 3, "\(s)")
        // Both the member that claims a small size and expands (a .gz) and the one whose size is
        // over the limit are warnings naming them.
        #expect(warnings.sorted() == ["bomb.zip/flat.txt: expands past the 1048576-byte limit (a compression bomb?), skipped",
                                      "bomb.zip/huge.txt.gz: expands past the 1048576-byte limit (a compression bomb?), skipped"],
                "\(warnings)")
        let searcher = try Searcher(path: dir.path + "/idx")
        #expect(try searcher.search("wombat", limit: 5).hits.map(\.path) == ["bomb.zip/readme.txt"])
        // Whatever expands, an archive's members together stay under the limit.
        var context = ExtractionContext(maxExpandedBytes: 1 << 20)
        context.maxMembers = 1
        let one = try ArchiveExtractor().members(of: DocumentFixtures.bytes("members.zip"), fileName: "m.zip", context: context, after: nil)
        #expect(one.members.map(\.name) == ["/inner/readme.txt"] && one.warnings == [": more than 1 documents, the rest skipped"])
    }

    @Test func aMemberWhoseHeaderUnderstatesItsSizeIsStoppedAsItExpands() throws {
        // bomb.zip with flat.txt's uncompressed size (3 MiB) claimed as 10 bytes in both its local
        // and its central directory headers.
        var zip = DocumentFixtures.bytes("bomb.zip")
        let name = Array("flat.txt".utf8)
        var patched = 0
        for i in 0..<(zip.count - 50) where zip[i] == 0x50 && zip[i + 1] == 0x4B {
            let (sizeAt, nameAt): (Int, Int)
            if zip[i + 2] == 3 && zip[i + 3] == 4 { (sizeAt, nameAt) = (i + 22, i + 30) }
            else if zip[i + 2] == 1 && zip[i + 3] == 2 { (sizeAt, nameAt) = (i + 24, i + 46) }
            else { continue }
            guard Array(zip[nameAt..<min(zip.count, nameAt + name.count)]) == name else { continue }
            zip.replaceSubrange(sizeAt..<(sizeAt + 4), with: [10, 0, 0, 0])
            patched += 1
        }
        #expect(patched == 2)
        let out = try ArchiveExtractor().members(of: zip, fileName: "b.zip", context: ExtractionContext(maxExpandedBytes: 1 << 20), after: nil)
        // Whatever libarchive makes of the lie, the member never yields 3 MiB; the readme is read.
        #expect(out.members.map(\.name) == ["/readme.txt"], "\(out.members.map(\.name))")
        #expect(out.warnings.contains { $0.hasPrefix("/flat.txt: ") }, "\(out.warnings)")
    }

    @Test func nestedArchivesAreReadDownToTheDepthLimit() throws {
        let dir = TempDir()
        try DocumentFixtures.copy(["nested.zip": "nested.zip"], to: dir)
        var warnings: [String] = []
        var ix = trustingIndexer(dir)
        ix.onWarning = { warnings.append($0) }
        let s = try ix.run()
        #expect(s.added == 2, "\(s)")
        #expect(warnings == ["nested.zip/level1.zip/level2.zip: nested more than 2 containers deep, skipped"], "\(warnings)")
        let searcher = try Searcher(path: dir.path + "/idx")
        #expect(try searcher.search("dingo", limit: 5).hits.map(\.path) == ["nested.zip/top.txt"])
        #expect(try searcher.search("bilby", limit: 5).hits.map(\.path) == ["nested.zip/level1.zip/one.txt"])
        #expect(try searcher.search("quoll", limit: 5).hits.isEmpty)
        // A deeper limit reads it.
        var context = ExtractionContext(firstLines: false)
        context.maxDepth = 3
        let deep = try ArchiveExtractor().members(of: DocumentFixtures.bytes("nested.zip"), fileName: "n.zip", context: context, after: nil)
        #expect(deep.members.map(\.name).sorted() == ["/level1.zip/level2.zip/two.txt", "/level1.zip/one.txt", "/top.txt"])
    }
}
