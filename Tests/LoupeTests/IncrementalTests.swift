import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

@Suite struct IncrementalTests {
    func run(_ dir: TempDir, full: Bool = false) throws -> DirectoryIndexer.Summary {
        try trustingIndexer(dir, full: full).run()
    }

    func paths(_ dir: TempDir, _ q: String) throws -> Set<String> {
        Set(try Searcher(path: dir.path + "/idx").search(q, limit: 1000).hits.compactMap(\.path))
    }

    @Test func secondRunIndexesOnlyWhatChanged() throws {
        let dir = TempDir()
        for i in 0..<30 { dir.write("src/f\(i).txt", "common file number\(i)") }
        dir.write("src/keep.txt", "stays the same")
        var s = try run(dir)
        #expect(s.added == 31 && s.committed)
        let gen = try IndexReader(path: dir.path + "/idx").manifest.generation

        s = try run(dir)
        #expect(s.added == 0 && s.updated == 0 && s.deleted == 0 && s.unchanged == 31)
        #expect(!s.committed, "an unchanged folder writes no commit")
        #expect(try IndexReader(path: dir.path + "/idx").manifest.generation == gen)

        dir.write("src/f1.txt", "common file rewritten zebra")       // changed (size differs)
        dir.write("src/new.txt", "brand new giraffe")                // added
        try FileManager.default.removeItem(atPath: dir.path + "/src/f2.txt") // deleted
        let keep = dir.path + "/src/keep.txt"                          // touched, same content
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: keep)
        s = try run(dir)
        #expect(s.added == 1 && s.updated == 1 && s.deleted == 1 && s.unchanged == 29, "\(s)")
        #expect(try paths(dir, "zebra") == ["f1.txt"])
        #expect(try paths(dir, "number1") == [], "the old version of f1 is gone")
        #expect(try paths(dir, "giraffe") == ["new.txt"])
        #expect(try paths(dir, "number2") == [])
        #expect(try paths(dir, "common").count == 29)
        #expect(try IndexReader(path: dir.path + "/idx").documentCount == 31)

        s = try run(dir, full: true)
        #expect(s.added == 31 && s.committed)
        #expect(try IndexReader(path: dir.path + "/idx").segments.allSatisfy { $0.deleted == nil })
    }

    @Test func manySmallCommitsStayBoundedAndMergesDropDeletes() throws {
        let dir = TempDir()
        let schema = Schema([FieldSpec("id", isKeyword: true), FieldSpec("body")])
        let w = try IndexWriter(path: dir.path, schema: schema)
        w.mergePolicy.maxSegments = 4
        w.mergePolicy.mergeFactor = 3
        w.mergesInBackground = false // every commit merges (MergeTests covers merges in the background)
        for i in 0..<25 {
            try w.add(["id": "d\(i)", "body": "alpha beta doc\(i) gamma"])
            if i % 3 == 0 { try w.deleteDocuments(field: "id", value: "d\(i)") }
            try w.commit()
            #expect(try IndexReader(path: dir.path).segments.count <= 4)
        }
        let r = try IndexReader(path: dir.path)
        #expect(r.documentCount == 25 - 9)
        let s = try Searcher(reader: r)
        #expect(try s.count("alpha") == 16)
        #expect(try s.count("doc3") == 0 && s.count("doc4") == 1)
        #expect(try s.count("\"beta doc7 gamma\"") == 1, "positions survive merges")

        try w.forceMerge()
        let merged = try IndexReader(path: dir.path)
        #expect(merged.segments.count == 1)
        #expect(merged.segments[0].docCount == 16, "a merge drops deleted documents")
        #expect(merged.segments[0].deleted == nil)
        let ms = try Searcher(reader: merged)
        #expect(try ms.count("alpha") == 16)
        #expect(try ms.search("doc4").hits.first?.fields["id"] == "d4", "stored fields follow their documents")
        #expect(try ms.count("\"beta doc7 gamma\"") == 1)
        #expect(merged.fieldStatistics(1).averageLength == 4)
        try merged.verifyChecksums()
        let files = try FileSystemDirectory(path: dir.path).list()
        #expect(files.filter { $0.hasPrefix("manifest-") }.count == 1)
        #expect(files.filter { $0.hasPrefix("_") }.count == 6, "only the merged segment's files (columns included) remain: \(files)")
    }

    @Test func deleteReachesBufferedAndCommittedDocuments() throws {
        let dir = TempDir()
        let w = try IndexWriter(path: dir.path, schema: Schema([FieldSpec("id", isKeyword: true), FieldSpec("body")]))
        try w.add(["id": "a", "body": "one"])
        try w.commit()
        try w.add(["id": "a", "body": "two"])
        try w.add(["id": "b", "body": "three"])
        #expect(try w.deleteDocuments(field: "id", value: "a") == 2)
        try w.add(["id": "a", "body": "four"])
        try w.commit()
        let s = try Searcher(path: dir.path)
        #expect(try s.count("one") == 0 && s.count("two") == 0 && s.count("three") == 1 && s.count("four") == 1)
        #expect(throws: LoupeError.self) { try w.deleteDocuments(field: "body", value: "x") }
    }

    @Test func lockNamesTheHolder() throws {
        let dir = TempDir()
        let first = try IndexWriter(path: dir.path, schema: .files)
        do {
            _ = try IndexWriter(path: dir.path, schema: .files)
            Issue.record("second writer got the lock")
        } catch let LoupeError.locked(_, holder) {
            #expect(holder == "pid \(getpid())")
        }
        _ = first
    }

    @Test func damagedDeletionsFileIsReported() throws {
        let dir = TempDir()
        do {
            let w = try IndexWriter(path: dir.path, schema: Schema([FieldSpec("id", isKeyword: true), FieldSpec("body")]))
            for i in 0..<10 { try w.add(["id": "\(i)", "body": "x"]) }
            try w.commit()
            try w.deleteDocuments(field: "id", value: "3")
            try w.commit()
        }
        let del = try #require(try FileSystemDirectory(path: dir.path).list().first { $0.hasSuffix(".del") })
        let path = dir.path + "/" + del
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        data[FileFormat.headerSize + 8] ^= 0x10
        try data.write(to: URL(fileURLWithPath: path))
        do {
            _ = try IndexReader(path: dir.path)
            Issue.record("flipped .del not detected")
        } catch let LoupeError.corrupt(file, _) {
            #expect(file == del)
        }
        try data.prefix(10).write(to: URL(fileURLWithPath: path))
        #expect(throws: LoupeError.self) { _ = try IndexReader(path: dir.path) }
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func badFileNamesAndEmptyFiles() throws {
        let dir = TempDir()
        dir.write("src/ok.txt", "fine")
        dir.write("src/empty.txt", "")
        let bad = dir.path + "/src/bad-\u{FF}name.txt"
        _ = bad
        // A name with an invalid UTF-8 byte (0xFF), created through the raw bytes.
        var raw = Array((dir.path + "/src/bad-").utf8) + [0xFF] + Array("name.txt".utf8) + [0]
        let fd = raw.withUnsafeMutableBufferPointer { p in
            p.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
        }
        #expect(fd >= 0)
        close(fd)
        var ix = DirectoryIndexer(source: dir.path + "/src", indexPath: dir.path + "/idx")
        var warnings: [String] = []
        ix.onWarning = { warnings.append($0) }
        let s = try ix.run()
        #expect(s.added == 3, "the empty file is indexed (findable by its name), and so is the one whose name is not UTF-8")
        #expect(s.skipped == 0, "\(warnings)")
    }
}

@Suite struct SnapshotTests {
    /// Readers opened while a writer commits (and merges, deleting old files) always get a whole
    /// commit: every open succeeds and every count matches one of the committed states.
    @Test func readersSeeWholeCommitsWhileAWriterCommits() async throws {
        let dir = TempDir()
        let schema = Schema([FieldSpec("id", isKeyword: true), FieldSpec("body")])
        do {
            let w = try IndexWriter(path: dir.path, schema: schema)
            try w.add(["id": "0", "body": "word"])
            try w.commit()
        }
        let path = dir.path
        let writer = Task.detached {
            let w = try IndexWriter(path: path, schema: schema)
            w.mergePolicy.maxSegments = 2
            w.mergePolicy.mergeFactor = 2
            for i in 1...40 {
                try w.add(["id": "\(i)", "body": "word"])
                try w.commit()
            }
        }
        var opened = 0
        while !writer.isCancelled {
            let r = try IndexReader(path: path)
            let n = try Searcher(reader: r).count("word")
            #expect(n == r.documentCount && n >= 1 && n <= 41)
            opened += 1
            if n == 41 { break }
        }
        try await writer.value
        #expect(opened > 1)
        #expect(try Searcher(path: path).count("word") == 41)
    }
}

@Suite struct CrashLeftoversTests {
    /// What a run killed between writing files and publishing (or between publishing and cleaning up)
    /// leaves behind: readers ignore it, the next writer removes it, and nothing of the user's is
    /// touched — not even a file named like the index's that the index did not write.
    @Test func orphansOfAnInterruptedRunAreIgnoredThenRemoved() throws {
        let dir = TempDir()
        let schema = Schema([FieldSpec("body")])
        do {
            let w = try IndexWriter(path: dir.path, schema: schema)
            try w.add(["body": "kept words"])
            try w.commit()
            // A segment flushed but never committed (files with this index's segment id).
            try w.add(["body": "never committed"])
            try w.flush()
        }
        // A manifest and a deletions file never published, and files that are not Loupe's.
        _ = FileManager.default.createFile(atPath: dir.path + "/manifest-7.tmp", contents: Data("LMAN".utf8) + Data([3, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0]))
        _ = FileManager.default.createFile(atPath: dir.path + "/_9_1.del", contents: Data("LDEL".utf8) + Data([1, 0, 0, 0]))
        for name in ["_zz.tim", "_zz.doc", "notes.txt"] {
            _ = FileManager.default.createFile(atPath: dir.path + "/" + name, contents: Data("garbage".utf8))
        }
        #expect(try FileSystemDirectory(path: dir.path).list().contains("_1.tim"))
        let reader = try IndexReader(path: dir.path)
        #expect(reader.manifest.generation == 1)
        #expect(try Searcher(reader: reader).count("kept") == 1)

        _ = try IndexWriter(path: dir.path, schema: schema)
        let left = try FileSystemDirectory(path: dir.path).list()
        #expect(!left.contains { $0.hasPrefix("_9") || $0.hasPrefix("_1") || $0.hasSuffix(".tmp") }, "\(left)")
        #expect(left.contains("notes.txt") && left.contains("_zz.tim") && left.contains("_zz.doc"), "files that are not Loupe's are never removed")
        #expect(try Searcher(path: dir.path).count("kept") == 1)
    }

    @Test func aNewerManifestNamingMissingFilesIsAnErrorNotARollback() throws {
        let dir = TempDir()
        do {
            let w = try IndexWriter(path: dir.path, schema: Schema([FieldSpec("body")]))
            try w.add(["body": "one"])
            try w.commit()
            try w.add(["body": "two"])
            try w.commit()
        }
        let seg = try IndexReader(path: dir.path).segments.last!.info.name
        try FileManager.default.removeItem(atPath: dir.path + "/" + seg + ".pos")
        #expect(throws: LoupeError.self) { _ = try IndexReader(path: dir.path) }
    }
}

@Suite struct ManifestRaceTests {
    /// A writer may publish `manifest-N+1` and delete `manifest-N` between a reader's listing of the folder
    /// and its open of `manifest-N`. The reader must list again, not fail (it failed about once in 3,500
    /// opens during commits, which made CI flaky).
    @Test func aManifestDeletedAfterTheListingIsNotAnError() throws {
        let dir = TempDir()
        let schema = Schema([FieldSpec("body")])
        let w = try IndexWriter(path: dir.path, schema: schema)
        try w.add(["body": "word"])
        try w.commit()
        let real = try FileSystemDirectory(path: dir.path).list()
        let gen = try #require(real.compactMap(Manifest.generation(of:)).max())
        // The first listing still shows a newer manifest that is already gone.
        var calls = 0
        let m = try Manifest.latest(in: FileSystemDirectory(path: dir.path)) {
            calls += 1
            return calls == 1 ? real + [Manifest.fileName(gen + 7)] : real
        }
        #expect(m?.generation == gen)
        #expect(calls == 2)
    }
}
