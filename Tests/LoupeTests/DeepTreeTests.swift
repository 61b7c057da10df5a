import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// A folder tree thousands of levels deep: a walk opens each folder from its parent's descriptor
/// (one `openat` a folder, not one a level), an unchanged re-run too, and both stop when asked.
@Suite(.serialized) struct DeepTreeTests {
    /// Makes `levels` nested folders `d` under `root` (deeper than a path can name: made with
    /// `mkdirat` from each parent's descriptor) and a file at the bottom.
    static func makeDeepTree(_ root: String, levels: Int, bottom: String = "deepword at the bottom") {
        try! FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        var fd = open(root, O_RDONLY | O_DIRECTORY)
        for _ in 0..<levels {
            #expect(mkdirat(fd, "d", 0o755) == 0)
            let next = openat(fd, "d", O_RDONLY | O_DIRECTORY)
            close(fd)
            fd = next
        }
        let file = openat(fd, "bottom.txt", O_WRONLY | O_CREAT, 0o644)
        _ = Array(bottom.utf8).withUnsafeBytes { write(file, $0.baseAddress, $0.count) }
        close(file)
        close(fd)
    }

    /// Removes a tree deeper than a path can name, from the bottom up.
    static func removeDeepTree(_ root: String, levels: Int) {
        var fds = [open(root, O_RDONLY | O_DIRECTORY)]
        for _ in 0..<levels { fds.append(openat(fds.last!, "d", O_RDONLY | O_DIRECTORY)) }
        unlinkat(fds.last!, "bottom.txt", 0)
        for k in stride(from: levels - 1, through: 0, by: -1) {
            close(fds[k + 1])
            unlinkat(fds[k], "d", AT_REMOVEDIR)
        }
        close(fds[0])
    }

    /// 2,000 levels are indexed, re-run unchanged, searched and read again at the bottom. (The time
    /// it takes, linear in the depth, is `scripts/hostile-fs.sh`'s to measure: 10,000 levels.)
    @Test func aDeepTreeIsIndexedAndReIndexed() throws {
        let dir = TempDir(inMemory: true)
        let levels = 2000
        Self.makeDeepTree(dir.path + "/src", levels: levels)
        defer { Self.removeDeepTree(dir.path + "/src", levels: levels) }
        let first = try trustingIndexer(dir).run()
        #expect(first.added == 1 && first.skipped == 0, "\(first)")
        let again = try trustingIndexer(dir).run()
        #expect(again.unchanged == 1 && !again.committed, "\(again)")
        let searcher = try Searcher(path: dir.path + "/idx")
        let hit = try #require(try searcher.search("deepword").hits.first)
        #expect(hit.path == String(repeating: "d/", count: levels) + "bottom.txt")
        // The file is read again at the bottom for its snippets.
        let files = SourceDocumentReader(reader: searcher.reader)
        #expect(try files.text(of: hit.path!, whole: true).get().body == "deepword at the bottom")
    }

    /// The walk polls `isCancelled` as it goes (a deep tree is walked for a while before the first
    /// file is read); so does the unchanged check.
    @Test func theWalkStopsWhenCancelled() throws {
        let dir = TempDir()
        Self.makeDeepTree(dir.path + "/src", levels: 40)
        defer { Self.removeDeepTree(dir.path + "/src", levels: 40) }
        final class Polls: @unchecked Sendable { // touched by the walking thread only
            var count = 0
        }
        let polls = Polls()
        var walker = DirectoryWalker(root: dir.path + "/src")
        walker.isCancelled = { polls.count += 1; return polls.count >= 5 }
        #expect(throws: CancellationError.self) { _ = try walker.walk(reusing: nil, trustBefore: .max) }
        #expect(polls.count == 5, "one poll a level: stopped at the 5th")
        walker.isCancelled = nil
        let listing = try walker.walk(reusing: nil, trustBefore: .max)
        #expect(listing.entries.map(\.path) == [String(repeating: "d/", count: 40) + "bottom.txt"])
        var catalog = SourceCatalog()
        for f in listing.folders { catalog.appendFolder(path: f.path, parent: f.parent, files: f.files, inode: f.inode, ctime: f.ctime) }
        for e in listing.entries { catalog.append(path: e.path, size: e.size, mtime: e.mtime, hash: 1) }
        #expect(try walker.isUnchanged(since: catalog))
        polls.count = 0
        walker.isCancelled = { polls.count += 1; return true }
        #expect(throws: CancellationError.self) { _ = try walker.isUnchanged(since: catalog) }
    }

    /// The unchanged check opens the catalog's folders from their parents and keeps only a window
    /// of them open: a tree deeper than the window, with a folder beside each level's, is found
    /// unchanged, and a change at the bottom is seen.
    @Test func theUnchangedCheckReopensAncestorsPastItsWindow() throws {
        let dir = TempDir()
        let levels = AncestorChain.window * 3
        Self.makeDeepTree(dir.path + "/src", levels: levels)
        defer { Self.removeDeepTree(dir.path + "/src", levels: levels) }
        // A sibling `e` (after `d` in name order) with a file at every 10th level: the check comes
        // back up to folders whose descriptors it let go.
        var fd = open(dir.path + "/src", O_RDONLY | O_DIRECTORY)
        var siblings = 0
        for level in 0..<levels {
            if level % 10 == 0 {
                #expect(mkdirat(fd, "e", 0o755) == 0)
                let e = openat(fd, "e", O_RDONLY | O_DIRECTORY)
                close(openat(e, "f.txt", O_WRONLY | O_CREAT, 0o644))
                close(e)
                siblings += 1
            }
            let next = openat(fd, "d", O_RDONLY | O_DIRECTORY)
            close(fd)
            fd = next
        }
        close(fd)
        defer {
            var fd = open(dir.path + "/src", O_RDONLY | O_DIRECTORY)
            for level in 0..<levels {
                if level % 10 == 0 {
                    let e = openat(fd, "e", O_RDONLY | O_DIRECTORY)
                    unlinkat(e, "f.txt", 0)
                    close(e)
                    unlinkat(fd, "e", AT_REMOVEDIR)
                }
                let next = openat(fd, "d", O_RDONLY | O_DIRECTORY)
                close(fd)
                fd = next
            }
            close(fd)
        }
        let walker = DirectoryWalker(root: dir.path + "/src")
        let listing = try walker.walk(reusing: nil, trustBefore: .max)
        #expect(listing.entries.count == siblings + 1)
        var catalog = SourceCatalog()
        for f in listing.folders { catalog.appendFolder(path: f.path, parent: f.parent, files: f.files, inode: f.inode, ctime: f.ctime) }
        for e in listing.entries { catalog.append(path: e.path, size: e.size, mtime: e.mtime, hash: 1) }
        #expect(try walker.isUnchanged(since: catalog))
        var changed = SourceCatalog()
        for f in listing.folders { changed.appendFolder(path: f.path, parent: f.parent, files: f.files, inode: f.inode, ctime: f.ctime) }
        for (i, e) in listing.entries.enumerated() {
            changed.append(path: e.path, size: i == listing.entries.count - 1 ? e.size + 1 : e.size, mtime: e.mtime, hash: 1)
        }
        #expect(try !walker.isUnchanged(since: changed), "the last file's size differs")
    }
}

/// A file deep down keeps the folders of its first `Schema.maxFolderLevels` levels only: 10,000
/// levels would otherwise make 10,000 values of up to 20,000 bytes for one document.
@Test func aDeepFileKeepsItsFirstFolderLevelsOnly() {
    let path = Array(repeating: "d", count: 10_000).joined(separator: "/") + "/bottom.txt"
    let folders = Schema.fileFields(path: path, size: 1, mtime: 0)["folder"] ?? []
    #expect(folders.count == Schema.maxFolderLevels)
    #expect(folders.first == .string("d"))
    #expect(folders.last == .string(Array(repeating: "d", count: Schema.maxFolderLevels).joined(separator: "/")))
    let shallow = Schema.fileFields(path: "a/b/c.txt", size: 1, mtime: 0)["folder"] ?? []
    #expect(shallow == [.string("a"), .string("a/b")])
}
