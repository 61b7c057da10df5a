import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// `loupe index DIR --list FILE`: a list adds and updates the files it names, deletes those of its
/// files that are gone, and leaves every other document as it is.
@Suite struct ListedRunsTests {
    func paths(_ dir: TempDir, _ q: String) throws -> [String] {
        try Searcher(path: dir.path + "/idx").search(q, limit: 100).hits.compactMap(\.path).sorted()
    }

    @Test func aListAddsAndUpdatesWhatItNamesAndDeletesNothingElse() throws {
        let dir = TempDir()
        for name in ["a", "b", "c", "d"] { dir.write("src/\(name).txt", "common \(name)word") }
        dir.write("src/sub/e.txt", "common eword")
        var s = try trustingIndexer(dir).run()
        #expect(s.added == 5)

        dir.write("src/a.txt", "common rewritten zebra")
        dir.write("src/new.txt", "common giraffe")                    // not listed: not indexed
        try FileManager.default.removeItem(atPath: dir.path + "/src/c.txt") // not listed: kept
        var ix = trustingIndexer(dir)
        ix.list = ["a.txt"]
        s = try ix.run()
        #expect(s.updated == 1 && s.added == 0 && s.deleted == 0, "\(s)")
        #expect(try paths(dir, "common") == ["a.txt", "b.txt", "c.txt", "d.txt", "sub/e.txt"])
        #expect(try paths(dir, "zebra") == ["a.txt"])
        #expect(try paths(dir, "giraffe") == [])

        // A listed file that is gone leaves the index; a listed new file comes in.
        try FileManager.default.removeItem(atPath: dir.path + "/src/b.txt")
        ix.list = ["b.txt", "new.txt", "sub/e.txt"]
        s = try ix.run()
        #expect(s.deleted == 1 && s.added == 1 && s.unchanged == 1, "\(s)")
        #expect(try paths(dir, "common") == ["a.txt", "c.txt", "d.txt", "new.txt", "sub/e.txt"])

        // The catalog a listed run writes keeps what it knew of the files it did not read: a walk
        // then reads none of them again, and deletes what is gone from disk (c.txt).
        s = try trustingIndexer(dir).run()
        #expect(s.added == 0 && s.updated == 0 && s.deleted == 1 && s.unchanged == 4, "\(s)")
        #expect(try paths(dir, "common") == ["a.txt", "d.txt", "new.txt", "sub/e.txt"])
        try IndexReader(path: dir.path + "/idx").verifyChecksums()
    }

    @Test func aListedRunOnAnIndexWithoutACatalogKeepsTheOtherDocuments() throws {
        let dir = TempDir()
        for name in ["a", "b", "c"] { dir.write("src/\(name).txt", "common \(name)word") }
        var ix = trustingIndexer(dir)
        ix.list = ["a.txt", "b.txt", "c.txt"]
        _ = try ix.run()
        // A commit without a catalog (an older indexer's, or a library user's).
        do {
            let w = try IndexWriter(path: dir.path + "/idx", schema: .files)
            try w.commit()
        }
        ix.list = ["a.txt"]
        let s = try ix.run()
        #expect(s.deleted == 0, "\(s)")
        #expect(try paths(dir, "common") == ["a.txt", "b.txt", "c.txt"])
        // Files known only by their stored paths are read again by the next walk, not lost.
        let walk = try trustingIndexer(dir).run()
        #expect(walk.deleted == 0 && walk.added == 0, "\(walk)")
        #expect(try paths(dir, "common") == ["a.txt", "b.txt", "c.txt"])
    }
}
