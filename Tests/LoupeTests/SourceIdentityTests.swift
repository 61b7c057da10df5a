import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// What is shown or indexed comes from the folder that was indexed and from the files that were:
/// the root is pinned by device and inode, a file must have one link and its recorded content hash,
/// and the index's own file names are not taken from the user.
@Suite(.serialized) struct SourceIdentityTests {
    /// `proj` indexed, then moved away and a link to another folder put in its place (which holds
    /// a file of the same name and size): `search` and `index` refuse, saying so.
    @Test func aRootSwappedForALinkIsRefusedBySearchAndIndex() throws {
        let tmp = TempDir()
        tmp.write("proj/shadow", "decoyword and some other words")
        tmp.write("other/shadow", "secretline of a file outside")
        #expect(try CLI.run(["index", "proj", "--index", "idx"], cwd: tmp.path).status == 0)
        let before = try CLI.run(["search", "decoyword", "--index", "idx"], cwd: tmp.path)
        #expect(before.status == 0 && before.stdout.contains("decoyword"), "\(before.stdout)")
        try FileManager.default.moveItem(atPath: tmp.path + "/proj", toPath: tmp.path + "/proj.old")
        try FileManager.default.createSymbolicLink(atPath: tmp.path + "/proj", withDestinationPath: tmp.path + "/other")
        let generation = try #require(try Manifest.latest(in: FileSystemDirectory(path: tmp.path + "/Indexes/idx"))).generation

        let s = try CLI.run(["search", "decoyword", "--index", "idx"], cwd: tmp.path)
        #expect(s.status == 2, "\(s.stdout)")
        #expect(!s.stdout.contains("secretline"), "\(s.stdout)")
        #expect(s.stderr.contains("is not the folder that was indexed"), "\(s.stderr)")

        // The link is refused by `index` as the index of another folder; a folder moved into the
        // place (the same path) by the folder's identity.
        #expect(try CLI.run(["index", "proj", "--index", "idx"], cwd: tmp.path).status == 2)
        try FileManager.default.removeItem(atPath: tmp.path + "/proj")
        try FileManager.default.moveItem(atPath: tmp.path + "/other", toPath: tmp.path + "/proj")
        let moved = try CLI.run(["search", "decoyword", "--index", "idx"], cwd: tmp.path)
        #expect(moved.status == 2 && moved.stderr.contains("is not the folder that was indexed"), "\(moved.stderr)")
        let i = try CLI.run(["index", "proj", "--index", "idx"], cwd: tmp.path)
        #expect(i.status == 2, "\(i.stdout)")
        #expect(i.stderr.contains("is not the folder that was indexed"), "\(i.stderr)")
        #expect(try Manifest.latest(in: FileSystemDirectory(path: tmp.path + "/Indexes/idx"))?.generation == generation, "nothing committed")
        // --full rebuilds the index from the folder there now, as the message says.
        #expect(try CLI.run(["index", "proj", "--index", "idx", "--full"], cwd: tmp.path).status == 0)
        #expect(try CLI.run(["search", "secretline", "--index", "idx"], cwd: tmp.path).status == 0)
    }

    func indexed(_ dir: TempDir) throws -> (reader: SourceDocumentReader, mtime: Date) {
        dir.write("src/a.txt", "alpha first line\nalpha body")
        let mtime = Date(timeIntervalSinceNow: -3600)
        try FileManager.default.setAttributes([.modificationDate: mtime], ofItemAtPath: dir.path + "/src/a.txt")
        _ = try trustingIndexer(dir).run()
        return (SourceDocumentReader(reader: try IndexReader(path: dir.path + "/idx")), mtime)
    }

    func refusal(_ r: Result<ExtractedText, SourceFileRefusal>) -> SourceFileRefusal? {
        if case let .failure(why) = r { return why }
        return nil
    }

    /// A file swapped for a hard link to a file outside, with the size and mtime recorded: refused
    /// for its link count; the same content written into the file itself: refused for its hash.
    @Test func aFileWithTheRecordedSizeAndMtimeIsShownOnlyWithItsContentHash() throws {
        let dir = TempDir()
        let (_, mtime) = try indexed(dir)
        let a = dir.path + "/src/a.txt"
        dir.write("outside.txt", "SECRET first line\nalpha body")  // the same size
        try FileManager.default.setAttributes([.modificationDate: mtime], ofItemAtPath: dir.path + "/outside.txt")
        try FileManager.default.removeItem(atPath: a)
        #expect(link(dir.path + "/outside.txt", a) == 0)
        let linked = SourceDocumentReader(reader: try IndexReader(path: dir.path + "/idx"))
        #expect(refusal(linked.text(of: "a.txt", whole: true)) == .hardLinked(links: 2))
        #expect(refusal(linked.text(of: "a.txt", whole: false)) == .hardLinked(links: 2))

        try FileManager.default.removeItem(atPath: a)
        dir.write("src/a.txt", "SECRET first line\nalpha body")
        try FileManager.default.setAttributes([.modificationDate: mtime], ofItemAtPath: a)
        let copied = SourceDocumentReader(reader: try IndexReader(path: dir.path + "/idx"))
        #expect(refusal(copied.text(of: "a.txt", whole: true)) == .changed)
        #expect(refusal(copied.text(of: "a.txt", whole: false)) == .changed, "a title is not read from it either")
    }

    /// `write.lock` hard-linked to a file of the user's: the writer refuses it and writes nothing
    /// through it.
    @Test func aHardLinkedWriteLockIsNotWrittenThrough() throws {
        let dir = TempDir()
        _ = try indexed(dir)
        let lock = dir.path + "/idx/write.lock", precious = dir.path + "/precious.txt"
        dir.write("precious.txt", "")
        try? FileManager.default.removeItem(atPath: lock)
        #expect(link(precious, lock) == 0)
        #expect(throws: LoupeError.self) { _ = try IndexWriter(path: dir.path + "/idx", schema: .files) }
        #expect(try String(contentsOfFile: precious, encoding: .utf8) == "", "no pid written through the link")
    }

    /// A `write.lock` of the user's (holding anything but a pid) in a folder given as `--index`:
    /// not overwritten.
    @Test func aUsersOwnWriteLockIsNotOverwritten() throws {
        let dir = TempDir()
        dir.write("idx/write.lock", "my notes about locks")
        #expect(throws: LoupeError.self) { _ = try IndexWriter(path: dir.path + "/idx", schema: .files, create: true) }
        #expect(try String(contentsOfFile: dir.path + "/idx/write.lock", encoding: .utf8) == "my notes about locks")
        // A lock file a writer left (its pid) is taken as before.
        dir.write("idx2/write.lock", "12345\n")
        _ = try IndexWriter(path: dir.path + "/idx2", schema: .files, create: true)
    }

    /// A file of the user's named as the next commit's catalog is neither overwritten nor deleted.
    @Test func aUserFileNamedAsTheNextCatalogIsLeftAlone() throws {
        let dir = TempDir()
        _ = try indexed(dir)
        let generation = try #require(try Manifest.latest(in: FileSystemDirectory(path: dir.path + "/idx"))).generation
        let name = dir.path + "/idx/catalog-\(generation + 1)"
        dir.write("idx/catalog-\(generation + 1)", "a user's own catalog of stamps")
        dir.write("src/b.txt", "beta")
        #expect(throws: LoupeError.self) { _ = try trustingIndexer(dir).run() }
        #expect(try String(contentsOfFile: name, encoding: .utf8) == "a user's own catalog of stamps")
        // Moved away, the run commits.
        try FileManager.default.removeItem(atPath: name)
        #expect(try trustingIndexer(dir).run().added == 1)
    }

    /// A junk file named `manifest-70`: the index is read from its last good manifest (search,
    /// check and index work, with a warning), and the file is left where it is.
    @Test func aJunkManifestFallsBackToTheLastGoodOne() throws {
        let tmp = TempDir()
        tmp.write("src/a.txt", "alpha words")
        #expect(try CLI.run(["index", "src", "--index", "idx"], cwd: tmp.path).status == 0)
        let idx = tmp.path + "/Indexes/idx"
        tmp.write("Indexes/idx/manifest-70", "junk that is not a manifest")
        #expect(try IndexReader(path: idx).manifest.generation == 1)
        #expect(Manifest.foreignManifests(in: FileSystemDirectory(path: idx)) == ["manifest-70"])
        let s = try CLI.run(["search", "alpha", "--index", "idx"], cwd: tmp.path)
        #expect(s.status == 0 && s.stdout.contains("a.txt"), "\(s.stdout) \(s.stderr)")
        #expect(s.stderr.contains("manifest-70 is not a Loupe manifest"), "\(s.stderr)")
        #expect(try CLI.run(["check", "--index", "idx"], cwd: tmp.path).status == 0)
        tmp.write("src/b.txt", "beta words")
        let i = try CLI.run(["index", "src", "--index", "idx"], cwd: tmp.path)
        #expect(i.status == 0, "\(i.stderr)")
        #expect(try IndexReader(path: idx).manifest.generation == 2)
        #expect(try String(contentsOfFile: idx + "/manifest-70", encoding: .utf8) == "junk that is not a manifest")
        // A damaged manifest of Loupe's own is still an error, not skipped.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: idx + "/manifest-2"))
        bytes[bytes.count - 10] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: idx + "/manifest-2"))
        #expect(throws: LoupeError.self) { _ = try IndexReader(path: idx) }
    }

    /// Empty segment files a writer killed before its first write left are removed by the next
    /// writer; an empty file with another name stays.
    @Test func emptySegmentFilesLeftByAKillAreCleanedUp() throws {
        let dir = TempDir()
        _ = try indexed(dir)
        for name in ["_33.doc", "_3a.pos", "notes.txt"] { dir.write("idx/" + name, "") }
        _ = try IndexWriter(path: dir.path + "/idx", schema: .files)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/idx"))
        #expect(!names.contains("_33.doc") && !names.contains("_3a.pos"), "\(names)")
        #expect(names.contains("notes.txt"))
    }
}
