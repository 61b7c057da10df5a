import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// An index folder is the index's own: a writer refuses a folder that is not, never deletes a file
/// it did not write, does not follow a planted `write.lock`, and a rebuild gets past a damaged
/// commit by moving it aside.
@Suite struct IndexFolderTests {
    func contents(_ path: String) -> [String: Data] {
        var out: [String: Data] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
            out[name] = FileManager.default.contents(atPath: path + "/" + name)
        }
        return out
    }

    /// The repro: `loupe index some/dir --index u` where `u` holds the user's files whose
    /// names look like Loupe's.
    @Test func aFolderThatIsNotAnIndexIsRefusedAndLeftAlone() throws {
        let dir = TempDir()
        dir.write("src/a.txt", "some words")
        dir.write("u/manifest-draft.txt", "a\n")
        dir.write("u/catalog-2024.txt", "b\n")
        try Data("w\0".utf8).write(to: URL(fileURLWithPath: dir.path + "/u/_notes.doc"))
        let before = contents(dir.path + "/u")
        let ix = DirectoryIndexer(source: dir.path + "/src", indexPath: dir.path + "/u")
        #expect {
            _ = try ix.run()
        } throws: { error in
            "\(error)".contains("is not a Loupe index and is not empty")
        }
        #expect(contents(dir.path + "/u") == before, "nothing created, nothing removed")
        #expect(throws: LoupeError.self) { _ = try IndexWriter(path: dir.path + "/u", schema: .files, create: true) }
        #expect(contents(dir.path + "/u") == before)
    }

    /// Files put into an index folder by someone else, named like the index's own, survive commits
    /// and merges: only files the index can prove it wrote are removed.
    @Test func filesNamedLikeTheIndexsButNotWrittenByItSurvive() throws {
        let dir = TempDir()
        let path = dir.path + "/idx"
        let schema = Schema([FieldSpec("id", isKeyword: true), FieldSpec("body")])
        let foreign = ["catalog-9", "_1.tim", "_zz.pos", "_0_1.del", "_0_7.del", "manifest-5.tmp", "manifest-6.tmp"]
        do {
            let w = try IndexWriter(path: path, schema: schema)
            try w.add(["id": "1", "body": "one"])
            try w.add(["id": "2", "body": "one more"])
            try w.commit()
            for name in foreign { try Data("user data \(name)".utf8).write(to: URL(fileURLWithPath: path + "/" + name)) }
            // Loupe's magic, but not the generation its name says: not provably the index's.
            try (Data("LMAN".utf8) + Data([3, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0])).write(to: URL(fileURLWithPath: path + "/manifest-6.tmp"))
            try w.add(["id": "3", "body": "two"])
            #expect(try w.deleteDocuments(field: "id", value: "1") == 1)
            try w.commit()
            try w.forceMerge()
        }
        let w2 = try IndexWriter(path: path, schema: schema, create: true)
        try w2.add(["id": "4", "body": "three"])
        try w2.commit()
        for name in foreign where name != "manifest-6.tmp" {
            #expect(FileManager.default.contents(atPath: path + "/" + name) == Data("user data \(name)".utf8), "\(name)")
        }
        #expect(FileManager.default.fileExists(atPath: path + "/manifest-6.tmp"))
        #expect(try Searcher(path: path).count("three") == 1)
    }

    /// An index written before markers (a readable manifest, no `loupe-index`) is adopted, not refused.
    @Test func anIndexWithoutAMarkerIsAdopted() throws {
        let dir = TempDir()
        let path = dir.path + "/idx"
        let schema = Schema([FieldSpec("body")])
        do {
            let w = try IndexWriter(path: path, schema: schema)
            try w.add(["body": "old words"])
            try w.commit()
        }
        try FileManager.default.removeItem(atPath: path + "/" + IndexMarker.fileName)
        let w = try IndexWriter(path: path, schema: schema)
        #expect(FileManager.default.fileExists(atPath: path + "/" + IndexMarker.fileName))
        try w.add(["body": "new words"])
        try w.commit()
        #expect(try Searcher(path: path).count("words") == 2)
    }

    /// A planted `write.lock → victim` is not followed: the victim is untouched and the writer fails.
    @Test func aSymlinkedWriteLockIsRefused() throws {
        let dir = TempDir()
        let path = dir.path + "/idx"
        let schema = Schema([FieldSpec("body")])
        do {
            let w = try IndexWriter(path: path, schema: schema)
            try w.add(["body": "one"])
            try w.commit()
        }
        dir.write("victim", "precious\n")
        try FileManager.default.removeItem(atPath: path + "/write.lock")
        try FileManager.default.createSymbolicLink(atPath: path + "/write.lock", withDestinationPath: dir.path + "/victim")
        #expect {
            _ = try IndexWriter(path: path, schema: schema)
        } throws: { error in
            "\(error)".contains("write.lock") && "\(error)".contains("symbolic link")
        }
        #expect(try String(contentsOfFile: dir.path + "/victim", encoding: .utf8) == "precious\n")
    }

    /// `--full` rebuilds past a damaged manifest: the damaged commit's files go into a folder the
    /// note names, byte for byte, and the new index opens.
    @Test func aRebuildMovesADamagedCommitAside() throws {
        let dir = TempDir()
        dir.write("src/a.txt", "alpha words")
        dir.write("src/b.txt", "beta words")
        let idx = dir.path + "/idx"
        _ = try DirectoryIndexer(source: dir.path + "/src", indexPath: idx).run()
        let manifest = try #require(try FileSystemDirectory(path: idx).list().first { Manifest.generation(of: $0) != nil })
        var bytes = try Data(contentsOf: URL(fileURLWithPath: idx + "/" + manifest))
        bytes[bytes.count / 2] ^= 0x10
        try bytes.write(to: URL(fileURLWithPath: idx + "/" + manifest))
        let before = contents(idx).filter { $0.key != "write.lock" && $0.key != IndexMarker.fileName }
        #expect(throws: LoupeError.self) { _ = try DirectoryIndexer(source: dir.path + "/src", indexPath: idx).run() }

        var full = DirectoryIndexer(source: dir.path + "/src", indexPath: idx)
        full.full = true
        let summary = try full.run()
        #expect(summary.added == 2)
        let note = try #require(summary.warnings.first { $0.contains("damaged-") }, "\(summary.warnings)")
        let folder = try #require(note.split(separator: " ").map(String.init).first { $0.contains("/damaged-") })
        #expect(contents(folder) == before, "every file of the damaged commit, unchanged")
        #expect(try Searcher(path: idx).count("words") == 2)
    }
}
