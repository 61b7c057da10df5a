import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// The catalog file a commit of `DirectoryIndexer` writes (`catalog-<generation>`): its format, and
/// that a re-run trusts it only when it is sound and this commit's.
@Suite struct SourceCatalogTests {
    func hex(_ s: String) -> [UInt8] {
        let digits = Array(s.filter { !$0.isWhitespace })
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
    }

    @Test func theWorkedExampleIsWhatIsWritten() throws {
        let dir = TempDir()
        var c = SourceCatalog()
        c.append(path: "a/x.txt", size: 5, mtime: 1000, hash: 0x1122_3344_5566_7788)
        c.append(path: "a/y.txt", size: 12, mtime: 1000, hash: 0xFF)
        c.appendSkipped(path: "a/z.bin", size: 3, mtime: 1000, ctime: 2000, note: "binary")
        c.appendFolder(path: "", parent: -1, files: 0, inode: 2, ctime: 0)
        c.appendFolder(path: "a", parent: 0, files: 3, inode: 16, ctime: 3000)
        c.extractors = "text.1"
        let path = dir.path + "/catalog-4"
        try c.write(to: path, generation: 4)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let header = Array("LCAT".utf8) + hex("03000000 0400000000000000 02 03 02 6E")
        #expect(Array(bytes.prefix(header.count)) == header)
        #expect(Array(bytes.suffix(4)) == Array("LEND".utf8))
        let frame = Array(bytes[header.count..<(bytes.count - 8)])
        let raw = try #require(frame.withUnsafeBytes { ZstdDecompressor().decompress($0, rawLength: 0x6E) })
        var expected = hex("00 07") + Array("a/x.txt".utf8) + hex("02 05") + Array("y.txt".utf8) + hex("02 05") + Array("z.bin".utf8)
        expected += hex("05 0C 03 | D00F 00 00 | 00 00 01 | 8877665544332211 FF00000000000000 | D007000000000000 06".replacingOccurrences(of: "|", with: ""))
        expected += Array("binary".utf8)
        expected += hex("00 00 00 0200000000000000 0000000000000000")
        expected += hex("01 01") + Array("a".utf8) + hex("03 1000000000000000 B80B000000000000")
        expected += hex("06") + Array("text.1".utf8)
        #expect(raw == expected)
        #expect(try SourceCatalog.read(path, generation: 4, documents: 2) == c)
        #expect(throws: LoupeError.self) { _ = try SourceCatalog.read(path, generation: 4, documents: 3) }
    }

    @Test func theContainerExampleIsWhatIsWritten() throws {
        let dir = TempDir()
        var c = SourceCatalog()
        c.append(path: "a.txt", size: 5, mtime: 1000, hash: 9)
        c.appendContainer(path: "box.mbox", size: 900, mtime: 1000, hash: 0xAB,
                          container: .init(members: ["#1", "#2"], resumeLength: 812, resumeUnits: 2, resumeHash: 0x0102))
        c.extractors = "mail.1"
        let path = dir.path + "/catalog-5"
        try c.write(to: path, generation: 5)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        // Three documents (a.txt and the two messages) in two entries.
        #expect(Array(bytes.prefix(19)) == Array("LCAT".utf8) + hex("03000000 0500000000000000 03 02 00"))
        var p = 19
        let rawLength = Int(bytes[p]); p += 1
        let raw = try #require(Array(bytes[p..<(bytes.count - 8)]).withUnsafeBytes { ZstdDecompressor().decompress($0, rawLength: rawLength) })
        // Kinds: a document, then a container; both have a hash.
        let kinds = hex("00 02"), hashes = hex("0900000000000000 AB00000000000000")
        #expect(raw.firstRange(of: kinds + hashes) != nil)
        let tail = hex("06") + Array("mail.1".utf8) + hex("02 02") + Array("#1".utf8) + hex("02") + Array("#2".utf8)
            + hex("AC06 02 0201000000000000")
        #expect(Array(raw.suffix(tail.count)) == tail)
        let back = try SourceCatalog.read(path, generation: 5, documents: 3)
        #expect(back == c && back.container(1)?.members == ["#1", "#2"] && back.container(0) == nil)
        #expect(back.documentPaths() == [Array("a.txt".utf8), Array("box.mbox#1".utf8), Array("box.mbox#2".utf8)])
        #expect(throws: LoupeError.self) { _ = try SourceCatalog.read(path, generation: 5, documents: 2) }
    }

    @Test func randomCatalogsReadBackExactly() throws {
        let dir = TempDir()
        var rng = SplitMix64(seed: 77)
        let parts = ["a", "b", "docs", "é", "東京", "x.txt", "long-name-of-a-file.md", ""]
        for round in 0..<20 {
            var c = SourceCatalog()
            for _ in 0..<rng.below(300) {
                var p = ""
                for _ in 0..<(1 + rng.below(4)) { p += (p.isEmpty ? "" : "/") + parts[rng.below(parts.count)] }
                let mtime = rng.below(3) == 0 ? -rng.below(1 << 40) : rng.below(1 << 62)
                let size = rng.below(5) == 0 ? -1 : rng.below(1 << 40)
                if rng.below(8) == 0 {
                    let members = (0..<rng.below(4)).map { "#\($0 + 1)" + (rng.below(2) == 0 ? "/" + parts[rng.below(parts.count)] : "") }
                    c.appendContainer(path: p, size: size, mtime: mtime, hash: rng.next(),
                                      container: .init(members: members, resumeLength: rng.below(1 << 30), resumeUnits: rng.below(99), resumeHash: rng.next()))
                } else if rng.below(6) == 0 {
                    c.appendSkipped(path: p, size: size, mtime: mtime, ctime: rng.below(1 << 62), note: parts[rng.below(parts.count)] + " skipped")
                } else {
                    c.append(path: p, size: size, mtime: mtime, hash: rng.next())
                }
            }
            // Folders that split the entries among them: the root, a child, a grandchild, a child.
            let n = c.count
            let a = rng.below(n + 1), b = (a + n) / 2
            c.appendFolder(path: "", parent: -1, files: a, inode: rng.next(), ctime: 0)
            c.appendFolder(path: "d", parent: 0, files: b - a, inode: rng.next(), ctime: rng.below(1 << 62))
            c.appendFolder(path: "d/é", parent: 1, files: 0, inode: 7, ctime: 1)
            c.appendFolder(path: "z", parent: 0, files: n - b, inode: rng.next(), ctime: -5)
            let path = dir.path + "/catalog-\(round)"
            try c.write(to: path, generation: UInt64(round))
            #expect(try SourceCatalog.read(path, generation: UInt64(round), documents: c.documents) == c)
            #expect(throws: LoupeError.self) { _ = try SourceCatalog.read(path, generation: UInt64(round) + 1, documents: c.documents) }
            #expect(throws: LoupeError.self) { _ = try SourceCatalog.read(path, generation: UInt64(round), documents: c.documents + 1) }
        }
    }

    @Test func matchFindsEntriesInOrderAndOutOfOrder() {
        var c = SourceCatalog()
        for p in ["a", "b", "c", "d/e", "f"] { c.append(path: p, size: 1, mtime: 1, hash: 1) }
        func entries(_ paths: [String]) -> [DirectoryWalker.Entry] { paths.map { .init(path: $0, size: 1, mtime: 1) } }
        #expect(c.match(entries(["a", "b", "c", "d/e", "f"])) == [0, 1, 2, 3, 4])
        #expect(c.match(entries(["f", "a", "new", "c", "d/e"])) == [4, 0, -1, 2, 3])
        #expect(c.match(entries([])) == [])
        let same = entries(["a", "b", "c", "d/e", "f"])
        #expect(c.isUnchanged(same, matches: c.match(same)))
        let shuffled = entries(["b", "a", "c", "d/e", "f"])
        #expect(c.isUnchanged(shuffled, matches: c.match(shuffled)), "the order of the walk does not matter")
        var moved = same
        moved[2].mtime = 2
        #expect(!c.isUnchanged(moved, matches: c.match(moved)))
        let fewer = Array(same.dropLast())
        #expect(!c.isUnchanged(fewer, matches: c.match(fewer)))
        let renamed = entries(["a", "b", "c", "d/e", "g"])
        #expect(!c.isUnchanged(renamed, matches: c.match(renamed)))
    }

    func run(_ dir: TempDir, full: Bool = false) throws -> DirectoryIndexer.Summary {
        try trustingIndexer(dir, full: full).run()
    }

    func reader(_ dir: TempDir) throws -> IndexReader { try IndexReader(path: dir.path + "/idx") }

    @Test func everyRunThatCommitsWritesTheCatalogOfWhatItIndexed() throws {
        let dir = TempDir()
        for i in 0..<12 { dir.write("src/d\(i % 3)/f\(i).txt", "file \(i)") }
        dir.write("src/binary.bin", "\u{0}\u{1}\u{2}\u{0}")
        #expect(try run(dir).added == 12)
        let r = try reader(dir)
        let catalog = try #require(try r.sourceCatalog())
        let walk = try DirectoryWalker(root: dir.path + "/src").entries().entries
        #expect((0..<catalog.count).map(catalog.path) == walk.map(\.path), "in walk order")
        #expect(catalog.sizes == walk.map(\.size) && catalog.mtimes == walk.map(\.mtime))
        #expect(catalog.skipped.count == 1 && catalog.skipped[0]?.ctime == walk[0].ctime, "binary.bin, skipped")
        #expect(catalog.skipped[0]?.note.hasPrefix("binary.bin: ") == true)
        let f0 = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/src/d0/f0.txt"))
        #expect(catalog.hashes[1] == DirectoryIndexer.hash(Array(f0)))
        // Its documents are the index's.
        let stored = try DirectoryIndexer.Catalog(reader: r).paths
        #expect(Set((0..<stored.count).map(stored.path)) == Set((1..<catalog.count).map(catalog.path)))
    }

    @Test func theCatalogIsWhatDecidesThatNothingChanged() throws {
        let dir = TempDir()
        for i in 0..<10 { dir.write("src/f\(i).txt", "file \(i)") }
        _ = try run(dir)
        #expect(!(try run(dir)).committed)
        // A sound catalog for this commit that disagrees with the folder on one mtime: the run
        // believes it, reads that file, finds the content it knew, and commits the right mtime.
        let r = try reader(dir)
        var catalog = try #require(try r.sourceCatalog())
        var wrong = SourceCatalog()
        for i in 0..<catalog.count {
            wrong.append(path: catalog.path(i), size: catalog.sizes[i], mtime: catalog.mtimes[i] + (i == 3 ? 1 : 0), hash: catalog.hashes[i])
        }
        let path = dir.path + "/idx/" + SourceCatalog.fileName(r.manifest.generation)
        try wrong.write(to: path, generation: r.manifest.generation)
        let s = try run(dir)
        #expect(s.touched == 1 && s.unchanged == 10 && s.added + s.updated + s.deleted == 0 && s.committed, "\(s)")
        catalog = try #require(try reader(dir).sourceCatalog())
        #expect(catalog.mtimes == (try DirectoryWalker(root: dir.path + "/src").entries().entries.map(\.mtime)))
        #expect(!(try run(dir)).committed)
    }

    @Test func aSkippedFileIsRememberedUntilItChanges() throws {
        let dir = TempDir()
        for i in 0..<4 { dir.write("src/f\(i).txt", "file \(i) words") }
        let bin = dir.path + "/src/blob.bin"
        #expect(FileManager.default.createFile(atPath: bin, contents: Data([0, 1, 2, 0, 0, 7])))
        var s = try run(dir)
        #expect(s.added == 4 && s.skipped == 1 && s.committed)
        let catalog = try #require(try reader(dir).sourceCatalog())
        #expect(catalog.count == 5 && catalog.documents == 4 && catalog.skipped.count == 1)
        // Unchanged: settled by the catalog (no commit), the skip and its warning still reported.
        var warnings: [String] = []
        var ix = trustingIndexer(dir)
        ix.onWarning = { warnings.append($0) }
        s = try ix.run()
        #expect(s.unchanged == 4 && s.skipped == 1 && !s.committed, "\(s)")
        #expect(warnings.count == 1 && warnings[0].hasPrefix("blob.bin"), "\(warnings)")
        // A chmod moves only its ctime: read again (still binary, still skipped).
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: bin)
        s = try run(dir)
        #expect(s.skipped == 1 && s.committed, "\(s)")
        #expect(!(try run(dir)).committed)
        // Now it is text: indexed.
        try "blob now text".write(toFile: bin, atomically: false, encoding: .utf8)
        s = try run(dir)
        #expect(s.added == 1 && s.skipped == 0, "\(s)")
        #expect(try Searcher(path: dir.path + "/idx").count("blob") == 1)
        #expect(try reader(dir).sourceCatalog()?.skipped.isEmpty == true)
    }

    /// A file rewritten within the clock tick it was indexed in keeps its mtime (and here its size):
    /// only its content tells. A run does not trust an mtime that recent, so the next run reads the
    /// file again and sees the change.
    @Test func racyFilesAreReadAgainByTheNextRun() throws {
        let dir = TempDir()
        for i in 0..<3 { dir.write("src/f\(i).txt", "version one \(i)") }
        var ix = DirectoryIndexer(source: dir.path + "/src", indexPath: dir.path + "/idx") // default margin
        #expect(try ix.run().added == 3)
        #expect(try reader(dir).sourceCatalog()?.mtimes == [0, 0, 0], "written just now: not trusted")
        // Same size, and the mtime put back to what it was: only the content differs.
        let path = dir.path + "/src/f1.txt"
        var st = stat()
        stat(path, &st)
        try "version TWO 1".write(toFile: path, atomically: false, encoding: .utf8)
        var times = [st.st_atim, st.st_mtim]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        let s = try ix.run()
        #expect(s.updated == 1 && s.touched == 2, "\(s)")
        #expect(try Searcher(path: dir.path + "/idx").count("two") == 1)
        // Once the files are older than the margin, their mtimes are kept and trusted.
        ix.trustMargin = -3600
        _ = try ix.run()
        #expect(try reader(dir).sourceCatalog()?.mtimes.contains(0) == false)
        #expect(!(try ix.run()).committed)
    }

    @Test func aTouchedFileIsReadOnceNotOnEveryRun() throws {
        let dir = TempDir()
        for i in 0..<5 { dir.write("src/f\(i).txt", "file \(i)") }
        _ = try run(dir)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 120)], ofItemAtPath: dir.path + "/src/f2.txt")
        var s = try run(dir)
        #expect(s.touched == 1 && s.added + s.updated + s.deleted == 0 && s.committed, "\(s)")
        s = try run(dir)
        #expect(s.touched == 0 && s.unchanged == 5 && !s.committed, "\(s)")
    }

    @Test func aDamagedCatalogIsReportedAndReplacedNeverTrusted() throws {
        let dir = TempDir()
        for i in 0..<8 { dir.write("src/f\(i).txt", "file \(i) words") }
        _ = try run(dir)
        let gen = try reader(dir).manifest.generation
        let name = SourceCatalog.fileName(gen)
        let path = dir.path + "/idx/" + name
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        for damage in ["flip", "truncate"] {
            var bytes = original
            if damage == "flip" { bytes[FileFormat.headerSize + 12] ^= 0x20 } else { bytes = bytes.prefix(bytes.count - 5) }
            try bytes.write(to: URL(fileURLWithPath: path))
            // `loupe check` names it; searching is not affected.
            do {
                try reader(dir).verifyChecksums()
                Issue.record("\(damage) of the catalog not detected")
            } catch let LoupeError.corrupt(file, _) {
                #expect(file == name)
            }
            #expect(try Searcher(path: dir.path + "/idx").count("words") == 8)
            #expect(FileManager.default.fileExists(atPath: path), "a damaged file is not deleted by reading")
        }
        // A run warns; knowing nothing of the files' contents, it reads and indexes every one again
        // (the documents it replaces found by their stored paths), and its commit writes a sound catalog.
        dir.write("src/f1.txt", "file one rewritten")
        var warnings: [String] = []
        var ix = trustingIndexer(dir)
        ix.onWarning = { warnings.append($0) }
        let s = try ix.run()
        #expect(s.updated == 8 && s.added + s.deleted + s.skipped == 0, "\(s)")
        #expect(warnings.count == 1 && warnings[0].contains(name), "\(warnings)")
        #expect(try Searcher(path: dir.path + "/idx").count("words") == 7)
        #expect(try Searcher(path: dir.path + "/idx").count("rewritten") == 1)
        let r = try reader(dir)
        try r.verifyChecksums()
        #expect(try r.sourceCatalog()?.count == 8)
        // With only the catalog damaged and nothing else changed, the run still commits a new one.
        try original.prefix(20).write(to: URL(fileURLWithPath: dir.path + "/idx/" + SourceCatalog.fileName(r.manifest.generation)))
        let again = try run(dir)
        #expect(again.updated == 8 && again.committed)
        #expect(!(try run(dir)).committed)
        try reader(dir).verifyChecksums()
    }

    @Test func aCommitWithoutACatalogHasNoneAndTheNextRunFallsBack() throws {
        let dir = TempDir()
        for i in 0..<6 { dir.write("src/f\(i).txt", "file \(i)") }
        _ = try run(dir)
        let before = try reader(dir).manifest.generation
        do {
            let w = try IndexWriter(path: dir.path + "/idx", schema: .files)
            try w.add(["path": "ghost.txt", "body": "not in the folder"])
            try w.commit()
        }
        let r = try reader(dir)
        #expect(try r.sourceCatalog() == nil, "the catalog of generation \(before) does not describe this commit")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/idx/" + SourceCatalog.fileName(before)))
        var warnings: [String] = []
        var ix = trustingIndexer(dir)
        ix.onWarning = { warnings.append($0) }
        let s = try ix.run()
        #expect(s.deleted == 1 && s.updated == 6 && s.committed, "\(s)")
        #expect(warnings.count == 1 && warnings[0].contains("no file catalog"), "\(warnings)")
        #expect(try reader(dir).sourceCatalog()?.count == 6)
        #expect(try Searcher(path: dir.path + "/idx").count("file") == 6)
    }

    @Test func aRunOnAnIndexItCannotReadFailsAndChangesNothing() throws {
        let dir = TempDir()
        for i in 0..<4 { dir.write("src/f\(i).txt", "file \(i)") }
        _ = try run(dir)
        let r = try reader(dir)
        let tim = dir.path + "/idx/" + r.segments[0].info.name + ".tim"
        let original = try Data(contentsOf: URL(fileURLWithPath: tim))
        try original.prefix(original.count - 3).write(to: URL(fileURLWithPath: tim))
        dir.write("src/new.txt", "new file")
        do {
            _ = try run(dir)
            Issue.record("a run on a damaged index went ahead")
        } catch let LoupeError.corrupt(file, _) {
            #expect(file == r.segments[0].info.name + ".tim")
        }
        #expect(try FileSystemDirectory(path: dir.path + "/idx").list().filter { $0.hasPrefix("manifest-") } == ["manifest-\(r.manifest.generation)"])
        #expect(FileManager.default.fileExists(atPath: tim), "the damaged file is left for the user")
        // A rebuild does not read the old commit.
        #expect(try run(dir, full: true).added == 5)
        #expect(try Searcher(path: dir.path + "/idx").count("file") == 5)
    }

    @Test func aCatalogThatDoesNotListTheLiveDocumentsIsRefused() throws {
        let dir = TempDir()
        let w = try IndexWriter(path: dir.path, schema: .files)
        try w.add(["path": "a.txt", "body": "a"])
        var c = SourceCatalog()
        c.append(path: "a.txt", size: 1, mtime: 1, hash: 1)
        c.append(path: "b.txt", size: 1, mtime: 1, hash: 1)
        w.sourceCatalog = c
        #expect(throws: LoupeError.self) { try w.commit() }
        #expect(throws: LoupeError.self) { _ = try IndexReader(path: dir.path) }
    }
}

/// The walk takes an unchanged folder's names from the last catalog instead of reading it: it must
/// list exactly what reading every folder would, whatever changed in between.
@Suite struct FolderReuseTests {
    let fm = FileManager.default

    /// The catalog a run would write for `listing` (all files as documents).
    func catalog(of listing: DirectoryWalker.Listing) -> SourceCatalog {
        var c = SourceCatalog()
        for f in listing.folders { c.appendFolder(path: f.path, parent: f.parent, files: f.files, inode: f.inode, ctime: f.ctime) }
        for e in listing.entries { c.append(path: e.path, size: e.size, mtime: e.mtime, hash: 0) }
        return c
    }

    func describe(_ l: DirectoryWalker.Listing) -> [String] {
        l.entries.map { "\($0.path) \($0.size) \($0.mtime)" } + l.folders.map { "folder \($0.path) \($0.parent) \($0.files) \($0.inode)" }
    }

    func makeTree(_ dir: TempDir) {
        for i in 0..<20 { dir.write("a/f\(i).txt", "a \(i)") }
        for i in 0..<5 { dir.write("a/b/g\(i).txt", "b \(i)") }
        for i in 0..<2 { dir.write("a/b/c/h\(i).txt", "c \(i)") }
        try! fm.createDirectory(atPath: dir.path + "/d", withIntermediateDirectories: true)
        for i in 0..<3 { dir.write("e/k\(i).txt", "e \(i)") }
        dir.write("e/f/one.txt", "one")
        dir.write("top1.txt", "t")
        dir.write("top2.txt", "t")
    }

    @Test func aReusedFolderListsWhatReadingItWould() throws {
        let dir = TempDir()
        makeTree(dir)
        let walker = DirectoryWalker(root: dir.path)
        var last = try walker.walk(reusing: nil, trustBefore: .max)
        #expect(last.reused == 0 && last.folders.count == 7 && last.folders.allSatisfy { $0.ctime != 0 })
        #expect((try walker.walk(reusing: catalog(of: last), trustBefore: .max)).reused == 7, "nothing changed: every folder reused")
        var rng = SplitMix64(seed: 9)
        var next = 0
        for round in 0..<24 {
            Thread.sleep(forTimeInterval: 0.012) // a later clock tick than the walk's
            let folders = last.folders.map(\.path).filter { !$0.isEmpty && fm.fileExists(atPath: dir.path + "/" + $0) }
            let files = last.entries.map(\.path)
            let mutation = round % 8
            switch mutation {
            case 0: dir.write(folders[rng.below(folders.count)] + "/new\(next).txt", "new"); next += 1
            case 1: if !files.isEmpty { try fm.removeItem(atPath: dir.path + "/" + files[rng.below(files.count)]) }
            case 2:
                if !files.isEmpty {
                    let f = files[rng.below(files.count)]
                    try fm.moveItem(atPath: dir.path + "/" + f, toPath: dir.path + "/" + f + ".moved\(next)"); next += 1
                }
            case 3: dir.write(folders[rng.below(folders.count)] + "/sub\(next)/x.txt", "x"); next += 1
            case 4:
                // Two folders swap names: each parent is re-read, and the inodes tell the two apart.
                if let x = folders.first(where: { $0 == "a/b" }) ?? folders.first, let y = folders.last(where: { $0 != x && !$0.hasPrefix(x + "/") && !x.hasPrefix($0 + "/") }) {
                    try fm.moveItem(atPath: dir.path + "/" + x, toPath: dir.path + "/swap")
                    try fm.moveItem(atPath: dir.path + "/" + y, toPath: dir.path + "/" + x)
                    try fm.moveItem(atPath: dir.path + "/swap", toPath: dir.path + "/" + y)
                }
            case 5: if !files.isEmpty { try "rewritten, longer".write(toFile: dir.path + "/" + files[rng.below(files.count)], atomically: false, encoding: .utf8) }
            case 6:
                let leaf = folders.filter { f in !folders.contains { $0.hasPrefix(f + "/") } }
                if leaf.count > 1 { try fm.removeItem(atPath: dir.path + "/" + leaf[rng.below(leaf.count)]) }
            default: break // nothing: the next walk reuses every folder
            }
            let before = catalog(of: last)
            let unchanged = try walker.isUnchanged(since: before)
            let reused = try walker.walk(reusing: before, trustBefore: .max)
            let fresh = try walker.walk(reusing: nil, trustBefore: .max)
            #expect(describe(reused) == describe(fresh), "round \(round), mutation \(mutation)")
            // Without a walk, the check says whether a walk would find the catalog's files and
            // folders as they were (an emptied or removed empty folder counts as a change).
            let same = fresh.entries.map { "\($0.path) \($0.size) \($0.mtime)" } == last.entries.map { "\($0.path) \($0.size) \($0.mtime)" }
            #expect(unchanged == (same && fresh.folders == last.folders), "round \(round), mutation \(mutation)")
            if mutation == 7 { #expect(unchanged, "round \(round)") }
            if mutation == 7 { #expect(reused.reused == reused.folders.count, "round \(round)") }
            if mutation == 5 || mutation == 1 { #expect(reused.reused > 0, "round \(round)") }
            last = reused
        }
    }

    /// More folders in one level than are held open at once (`openBatch`): listed whole, reused,
    /// checked without a walk.
    @Test func aLevelWiderThanTheOpenBatch() throws {
        let dir = TempDir()
        let n = DirectoryWalker.openBatch + 44
        for i in 0..<n { dir.write("d\(i)/a.txt", "a"); dir.write("d\(i)/b.txt", "bb") }
        let walker = DirectoryWalker(root: dir.path)
        let first = try walker.walk(reusing: nil, trustBefore: .max)
        #expect(first.entries.count == 2 * n && first.folders.count == n + 1)
        let again = try walker.walk(reusing: catalog(of: first), trustBefore: .max)
        #expect(again.reused == n + 1 && describe(again) == describe(first))
        #expect(try walker.isUnchanged(since: catalog(of: first)))
        Thread.sleep(forTimeInterval: 0.012)
        dir.write("d\(n - 1)/c.txt", "ccc") // in the last batch
        #expect(try !walker.isUnchanged(since: catalog(of: first)))
        #expect(try walker.walk(reusing: catalog(of: first), trustBefore: .max).entries.count == 2 * n + 1)
    }

    @Test func aFolderChangedJustBeforeTheWalkIsReadAgain() throws {
        let dir = TempDir()
        makeTree(dir)
        let walker = DirectoryWalker(root: dir.path)
        // Everything was just written: no ctime is older than "two seconds before now".
        let now = Int(Date().timeIntervalSince1970 * 1e9)
        let racy = try walker.walk(reusing: nil, trustBefore: now - 2_000_000_000)
        #expect(racy.folders.allSatisfy { $0.ctime == 0 })
        #expect((try walker.walk(reusing: catalog(of: racy), trustBefore: .max)).reused == 0)
        // A folder whose listing had a warning is not trusted either: here a name its catalog
        // entry lists (inode and ctime as recorded) that is not there to stat.
        let clean = try walker.walk(reusing: nil, trustBefore: .max)
        let e = try #require(clean.folders.first { $0.path == "e" })
        var ghost = SourceCatalog()
        for f in clean.folders {
            ghost.appendFolder(path: f.path, parent: f.parent, files: f.files + (f.path == "e" ? 1 : 0), inode: f.inode, ctime: f.ctime)
        }
        for (i, entry) in clean.entries.enumerated() {
            if i == e.firstEntry + e.files { ghost.append(path: "e/zz-gone.txt", size: 1, mtime: 1, hash: 1) }
            ghost.append(path: entry.path, size: entry.size, mtime: entry.mtime, hash: 0)
        }
        if e.firstEntry + e.files == clean.entries.count { ghost.append(path: "e/zz-gone.txt", size: 1, mtime: 1, hash: 1) }
        let warned = try walker.walk(reusing: ghost, trustBefore: .max)
        #expect(warned.warnings.count == 1 && warned.warnings.allSatisfy { $0.contains("zz-gone.txt: vanished") }, "\(warned.warnings)")
        #expect(warned.folders.first { $0.path == "e" }?.ctime == 0)
        #expect(warned.folders.first { $0.path == "a" }?.ctime != 0)
    }

    @Test func anIndexInsideTheFolderDoesNotMakeEveryRunWalk() throws {
        let dir = TempDir()
        for i in 0..<5 { dir.write("src/f\(i).txt", "file \(i)") }
        var ix = DirectoryIndexer(source: dir.path + "/src", indexPath: dir.path + "/src/Indexes/src")
        ix.trustMargin = -3600
        #expect(try ix.run().added == 5)
        let catalog = try #require(try IndexReader(path: dir.path + "/src/Indexes/src").sourceCatalog())
        var walker = DirectoryWalker(root: dir.path + "/src")
        walker.excluded = [dir.path + "/src/Indexes/src"]
        #expect(try walker.isUnchanged(since: catalog), "the index's own folder is not the folder's content")
        let s = try ix.run()
        #expect(s.unchanged == 5 && !s.committed, "\(s)")
    }

    @Test func runsThatReuseFoldersSeeEveryChange() throws {
        let dir = TempDir()
        for i in 0..<30 { dir.write("src/d\(i % 4)/f\(i).txt", "file \(i) common") }
        var ix = DirectoryIndexer(source: dir.path + "/src", indexPath: dir.path + "/idx")
        ix.trustMargin = -3600 // trust every folder, however recent
        _ = try ix.run()
        func indexedPaths() throws -> Set<String> {
            Set(try Searcher(path: dir.path + "/idx").search("common", limit: 1000).hits.compactMap(\.path))
        }
        func folderPaths() throws -> Set<String> {
            Set(try DirectoryWalker(root: dir.path + "/src").files().paths)
        }
        var rng = SplitMix64(seed: 4)
        for round in 0..<10 {
            Thread.sleep(forTimeInterval: 0.012)
            switch round % 4 {
            case 0: dir.write("src/d\(rng.below(4))/n\(round).txt", "new common")
            case 1: if let f = try folderPaths().sorted().first { try fm.removeItem(atPath: dir.path + "/src/" + f) }
            case 2: dir.write("src/d\(rng.below(4))/deep\(round)/x.txt", "deep common")
            default: break
            }
            let s = try ix.run()
            #expect(try indexedPaths() == (try folderPaths()), "round \(round): \(s)")
            if round % 4 == 3 { #expect(!s.committed, "round \(round): nothing changed") }
        }
    }
}
