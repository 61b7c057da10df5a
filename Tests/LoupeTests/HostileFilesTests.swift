import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// Files and folders swapped for links, FIFOs and devices, or growing, while an indexing run or a
/// search reads them: nothing outside the indexed folder is read, nothing blocks, no read grows
/// past the limit, and the index stays sound.
@Suite struct HostileFilesTests {
    /// A folder outside `src` holding a word that must never reach the index.
    static let secret = "zebrasecretword"

    func setUp(_ dir: TempDir) {
        dir.write("outside/secret.txt", "the \(Self.secret) lives here")
        dir.write("outside/deep/secret.txt", "deep \(Self.secret)")
    }

    func link(_ target: String, at path: String) {
        try? FileManager.default.removeItem(atPath: path)
        #expect(symlink(target, path) == 0)
    }

    func fifo(at path: String) {
        try? FileManager.default.removeItem(atPath: path)
        #expect(mkfifo(path, 0o644) == 0)
    }

    func hits(_ dir: TempDir, _ q: String) throws -> [String] {
        try Searcher(path: dir.path + "/idx").search(q, limit: 100).hits.compactMap(\.path).sorted()
    }

    // MARK: indexing (11.4)

    @Test func aFileSwappedForALinkAfterTheWalkIsNotRead() throws {
        let dir = TempDir()
        setUp(dir)
        dir.write("src/a.txt", "alpha text")
        dir.write("src/b.txt", "beta text")
        var ix = trustingIndexer(dir)
        let a = dir.path + "/src/a.txt", secret = dir.path + "/outside/secret.txt"
        ix.beforeRead = { path in if path == "a.txt" { try? FileManager.default.removeItem(atPath: a); _ = symlink(secret, a) } }
        let s = try ix.run()
        #expect(s.added == 1 && s.skipped == 1, "\(s)")
        #expect(s.warnings.contains { $0.hasPrefix("a.txt:") && $0.contains("symbolic link") }, "\(s.warnings)")
        #expect(try hits(dir, Self.secret) == [])
        #expect(try hits(dir, "beta") == ["b.txt"])
    }

    @Test func aFolderSwappedForALinkAfterTheWalkIsNotEntered() throws {
        let dir = TempDir()
        setUp(dir)
        dir.write("src/sub/secret.txt", "harmless")
        dir.write("src/sub/deep/secret.txt", "harmless too")
        var ix = trustingIndexer(dir)
        let sub = dir.path + "/src/sub", outside = dir.path + "/outside"
        ix.beforeRead = { _ in
            if (try? FileManager.default.destinationOfSymbolicLink(atPath: sub)) == nil {
                try? FileManager.default.removeItem(atPath: sub)
                _ = symlink(outside, sub)
            }
        }
        let s = try ix.run()
        #expect(s.added == 0 && s.skipped == 2, "\(s)")
        #expect(try hits(dir, Self.secret) == [])
        // The next walk meets a link where the folder was: not entered, nothing indexed from it.
        let again = try trustingIndexer(dir).run()
        #expect(again.added == 0, "\(again)")
        #expect(try hits(dir, Self.secret) == [])
    }

    @Test func aFIFOOrADeviceInPlaceOfAFileIsRefusedWithoutBlocking() throws {
        let dir = TempDir()
        dir.write("src/a.txt", "alpha")
        dir.write("src/b.txt", "beta")
        var ix = trustingIndexer(dir)
        let a = dir.path + "/src/a.txt", b = dir.path + "/src/b.txt"
        ix.beforeRead = { path in
            if path == "a.txt" { try? FileManager.default.removeItem(atPath: a); _ = mkfifo(a, 0o644) }
            if path == "b.txt" { try? FileManager.default.removeItem(atPath: b); _ = symlink("/dev/zero", b) }
        }
        let s = try ix.run() // a blocking open of the FIFO would hang here
        #expect(s.added == 0 && s.skipped == 2, "\(s)")
        #expect(s.warnings.contains { $0.hasPrefix("a.txt:") && $0.contains("FIFO") }, "\(s.warnings)")
        #expect(s.warnings.contains { $0.hasPrefix("b.txt:") && $0.contains("symbolic link") }, "\(s.warnings)")
        // An open descriptor of a device is refused by its fstat, before any read.
        let tree = try SourceTree(root: "/dev")
        guard case .failure(.notRegularFile) = tree.openFile("zero") else {
            Issue.record("/dev/zero was opened as a file")
            return
        }
    }

    @Test func aFileThatGrewPastTheLimitAfterTheWalkIsNotReadPastIt() throws {
        let dir = TempDir()
        dir.write("src/a.txt", String(repeating: "small ", count: 100))
        dir.write("src/b.txt", "beta")
        var ix = trustingIndexer(dir)
        ix.maxFileBytes = 4096
        let a = dir.path + "/src/a.txt"
        ix.beforeRead = { path in
            if path == "a.txt", let h = FileHandle(forWritingAtPath: a) {
                h.seekToEndOfFile()
                h.write(Data(repeating: 0x61, count: 1 << 20))
                h.closeFile()
            }
        }
        let s = try ix.run()
        #expect(s.added == 1 && s.skipped == 1, "\(s)")
        #expect(s.warnings.contains { $0.hasPrefix("a.txt:") && $0.contains("4096-byte limit") }, "\(s.warnings)")
        // A read of an endless file stops at the limit.
        let fd = open("/dev/zero", O_RDONLY)
        defer { close(fd) }
        guard case let .failure(.tooLarge(size, limit)) = SourceTree.readWhole(fd, sizeHint: 0, limit: 1 << 20) else {
            Issue.record("an endless read was not cut")
            return
        }
        #expect(limit == 1 << 20 && size == limit + 1)
        guard case .failure(.tooLarge) = SourceTree.readPrefix(fd, keep: 100, limit: 1 << 20) else {
            Issue.record("an endless streamed read was not cut")
            return
        }
    }

    @Test func pathsThatLeaveTheTreeAreRefused() throws {
        let dir = TempDir()
        setUp(dir)
        dir.write("src/a.txt", "alpha")
        let tree = try SourceTree(root: dir.path + "/src")
        for bad in ["../outside/secret.txt", "/etc/passwd", "a/../../outside/secret.txt", "./a.txt", "", "a.txt/"] {
            guard case .failure(.outsideTree) = tree.openFile(bad) else {
                Issue.record("\(bad) was not refused")
                continue
            }
        }
        // A listed run takes the same paths from its list.
        var ix = trustingIndexer(dir)
        ix.list = ["a.txt", "../outside/secret.txt"]
        let s = try ix.run()
        #expect(s.added == 1 && s.skipped == 1, "\(s)")
        #expect(try hits(dir, Self.secret) == [])
    }

    // MARK: search (11.6, 13.11)

    /// Indexes `src` (a.txt, b.txt, title.txt) and returns a reader of the commit.
    func indexed(_ dir: TempDir) throws -> SourceDocumentReader {
        setUp(dir)
        dir.write("src/a.txt", "alpha first line\nalpha body")
        dir.write("src/b.txt", "beta first line\nbeta body")
        _ = try trustingIndexer(dir).run()
        return SourceDocumentReader(reader: try IndexReader(path: dir.path + "/idx"))
    }

    func refusal(_ r: Result<ExtractedText, SourceFileRefusal>) -> SourceFileRefusal? {
        if case let .failure(why) = r { return why }
        return nil
    }

    @Test func searchReadsAnIndexedFileThatIsUnchanged() throws {
        let dir = TempDir()
        let files = try indexed(dir)
        #expect(try files.text(of: "a.txt", whole: true).get().body == "alpha first line\nalpha body")
        #expect(try files.text(of: "b.txt", whole: false).get().title == "beta first line")
    }

    @Test func searchRefusesAFileSwappedForALinkToPasswd() throws {
        let dir = TempDir()
        _ = try indexed(dir)
        link("/etc/passwd", at: dir.path + "/src/a.txt")
        let files = SourceDocumentReader(reader: try IndexReader(path: dir.path + "/idx"))
        #expect(refusal(files.text(of: "a.txt", whole: true)) == .symbolicLink)
        #expect(refusal(files.text(of: "a.txt", whole: false)) == .symbolicLink)
    }

    @Test func searchRefusesALinkToDevZeroAndAFIFOWithoutBlocking() throws {
        let dir = TempDir()
        _ = try indexed(dir)
        link("/dev/zero", at: dir.path + "/src/a.txt")
        fifo(at: dir.path + "/src/b.txt")
        let files = SourceDocumentReader(reader: try IndexReader(path: dir.path + "/idx"))
        #expect(refusal(files.text(of: "a.txt", whole: false)) == .symbolicLink)
        #expect(refusal(files.text(of: "b.txt", whole: true)) == .notRegularFile(kind: "a FIFO"))
    }

    @Test func searchRefusesAFileThatIsNoLongerTheOneIndexed() throws {
        let dir = TempDir()
        _ = try indexed(dir)
        let a = dir.path + "/src/a.txt", b = dir.path + "/src/b.txt"
        dir.write("src/a.txt", "gamma first line\nalpha body") // same size, new content and mtime
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: a)
        dir.write("src/b.txt", "beta first line\nbeta body")   // same content, new mtime
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: b)
        dir.write("src/new.txt", "not indexed")
        let files = SourceDocumentReader(reader: try IndexReader(path: dir.path + "/idx"))
        #expect(refusal(files.text(of: "a.txt", whole: true)) == .changed)
        #expect(refusal(files.text(of: "a.txt", whole: false)) == .changed)
        #expect(try files.text(of: "b.txt", whole: false).get().title == "beta first line", "same content: the hash vouches for it")
        #expect(refusal(files.text(of: "new.txt", whole: true)) == .notCataloged("not in the index's file catalog"))
        #expect(refusal(files.text(of: "../outside/secret.txt", whole: true)) != nil)
    }

    @Test func aCraftedManifestNamingEtcDoesNotPrintEtc() throws {
        let dir = TempDir()
        // Files named like /etc's, indexed from a folder of our own, then the manifest says /etc.
        dir.write("src/passwd", "not the password file")
        dir.write("src/hostname", "h")
        _ = try trustingIndexer(dir).run()
        let catalog = try IndexReader(path: dir.path + "/idx").sourceCatalog()
        do {
            let writer = try IndexWriter(path: dir.path + "/idx", schema: .files)
            writer.userData["source"] = "/etc"
            writer.sourceCatalog = catalog
            try writer.commit()
        }
        let files = SourceDocumentReader(reader: try IndexReader(path: dir.path + "/idx"))
        #expect(files.source == "/etc")
        // The folder recorded (device and inode) is not /etc: nothing is read from it.
        #expect(refusal(files.text(of: "passwd", whole: true)) == .rootChanged("/etc"))
        #expect(files.rootProblem == .rootChanged("/etc"))
        // A manifest that records no folder identity: the catalog's sizes and hashes still refuse.
        do {
            let writer = try IndexWriter(path: dir.path + "/idx", schema: .files)
            writer.userData[DirectoryIndexer.sourceIdentityKey] = nil
            writer.sourceCatalog = catalog
            try writer.commit()
        }
        let unpinned = SourceDocumentReader(reader: try IndexReader(path: dir.path + "/idx"))
        #expect(unpinned.rootProblem == nil)
        #expect(refusal(unpinned.text(of: "passwd", whole: true)) == .changed)
        #expect(refusal(unpinned.text(of: "hostname", whole: true)) != nil)
        // The same without a catalog: nothing to check the files against, nothing read.
        do {
            let bare = try IndexWriter(path: dir.path + "/idx", schema: .files)
            bare.userData["source"] = "/etc"
            try bare.commit()
        }
        let uncataloged = SourceDocumentReader(reader: try IndexReader(path: dir.path + "/idx"))
        guard case .notCataloged? = refusal(uncataloged.text(of: "passwd", whole: true)) else {
            Issue.record("read /etc/passwd without a catalog")
            return
        }
    }

    @Test func aTitleWithoutSnippetsReadsOnlyTheBeginning() throws {
        let dir = TempDir()
        dir.write("src/big.txt", "The title line\n" + String(repeating: "filler words here\n", count: 60_000))
        _ = try trustingIndexer(dir).run()
        let searcher = try Searcher(path: dir.path + "/idx")
        let files = SourceDocumentReader(reader: searcher.reader)
        let hit = try #require(searcher.search("filler", limit: 1).hits.first)
        let title = files.title(of: hit)
        #expect(title.title == "The title line" && title.refusal == nil)
        let head = try files.text(of: "big.txt", whole: false).get()
        #expect(head.body.utf8.count <= SourceDocumentReader.titleBytes)
        #expect(try files.text(of: "big.txt", whole: true).get().body.utf8.count > 1_000_000)
    }
}
