import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore

/// `Directory`'s contract, checked on both implementations alike: what the commit protocol and the
/// readers rely on (views that outlive their file, atomic renames, one writer's lock, damage named).
@Suite struct DirectoryTests {
    enum Kind: String, CaseIterable, Sendable { case memory, disk }

    /// A directory of `kind` and what keeps it alive (the temporary folder on disk).
    func make(_ kind: Kind) throws -> (any Directory, AnyObject) {
        switch kind {
        case .memory:
            let d = MemoryDirectory()
            return (d, d)
        case .disk:
            let t = TempDir()
            let d = FileSystemDirectory(path: t.path + "/d")
            try d.create()
            return (d, t)
        }
    }

    @Test(arguments: Kind.allCases)
    func aViewKeepsItsBytesWhenTheFileIsReplacedOrDeleted(kind: Kind) throws {
        let (dir, keep) = try make(kind)
        defer { withExtendedLifetime(keep) {} }
        try dir.replace("a", with: Array("first bytes".utf8))
        let view = try dir.openFile("a")
        try dir.replace("a.tmp", with: Array("second, longer bytes".utf8))
        try dir.publish("a.tmp", as: "a")
        #expect(try view.string(0, view.count) == "first bytes")
        #expect(try dir.contents(of: "a") == Array("second, longer bytes".utf8))
        try dir.delete("a")
        try dir.delete("a") // a name already gone is not an error
        #expect(try view.string(0, view.count) == "first bytes")
        #expect(!dir.contains("a"))
        #expect(throws: LoupeError.self) { _ = try view.u32(view.count - 2) }
    }

    @Test(arguments: Kind.allCases)
    func aRenameReplacesItsTargetWhole(kind: Kind) throws {
        let (dir, keep) = try make(kind)
        defer { withExtendedLifetime(keep) {} }
        try dir.replace("new.tmp", with: [1, 2, 3])
        try dir.replace("old", with: [9])
        try dir.publish("new.tmp", as: "old")
        #expect(try dir.list() == ["old"])
        #expect(try dir.contents(of: "old") == [1, 2, 3])
        #expect(dir.size(of: "old") == 3)
        #expect(dir.modificationTime(of: "old") > 0)
        #expect(throws: LoupeError.self) { try dir.rename("missing", to: "old") }
        #expect(try dir.contents(of: "old") == [1, 2, 3])
    }

    @Test(arguments: Kind.allCases)
    func whatIsNotAFileIsDamageAndAMissingFileAnError(kind: Kind) throws {
        let (dir, keep) = try make(kind)
        defer { withExtendedLifetime(keep) {} }
        #expect(try dir.makeFolder("sub"))
        #expect(try !dir.makeFolder("sub"))
        #expect(throws: LoupeError.corrupt(file: "sub", reason: "is not a regular file (a FIFO, device, folder or socket)")) {
            _ = try dir.openFile("sub")
        }
        #expect {
            _ = try dir.openFile("missing")
        } throws: { error in
            guard case let LoupeError.io(path, reason) = error else { return false }
            return path == dir.file("missing") && reason.hasPrefix("open")
        }
    }

    @Test(arguments: Kind.allCases)
    func oneWriterHoldsTheLock(kind: Kind) throws {
        let (dir, keep) = try make(kind)
        defer { withExtendedLifetime(keep) {} }
        let lock = try dir.lock()
        #expect {
            _ = try dir.lock()
        } throws: { error in
            guard case LoupeError.locked = error else { return false }
            return true
        }
        lock.release()
        let again = try dir.lock()
        again.release()
    }

    @Test(arguments: Kind.allCases)
    func aDamagedCommitIsMovedAsideWhole(kind: Kind) throws {
        let (dir, keep) = try make(kind)
        defer { withExtendedLifetime(keep) {} }
        try dir.replace("manifest-3", with: [3])
        try dir.replace("_0.tim", with: [0, 1])
        try dir.replace("keep", with: [7])
        let folder = try dir.moveAside(["manifest-3", "_0.tim"])
        let name = String(folder.dropFirst(dir.path.count + 1))
        #expect(name.hasPrefix("damaged-"))
        #expect(try dir.list() == ["damaged-" + name.dropFirst(8), "keep"].sorted())
        #expect(try dir.contents(of: name + "/_0.tim") == [0, 1])
        #expect(try dir.contents(of: name + "/manifest-3") == [3])
        // A second damaged commit in the same second gets a folder of its own.
        try dir.replace("manifest-4", with: [4])
        let second = try dir.moveAside(["manifest-4"])
        #expect(second != folder)
        #expect(try dir.contents(of: String(second.dropFirst(dir.path.count + 1)) + "/manifest-4") == [4])
    }

    /// The same documents make the same files in memory as on disk: the same names, sizes, and
    /// bytes but for the random ids (the index's, and the segments' in their files' headers).
    @Test func anIndexInMemoryIsByteForByteTheIndexOnDisk() throws {
        let t = TempDir()
        let disk = FileSystemDirectory(path: t.path + "/idx"), memory = MemoryDirectory()
        let schema = Schema([.keyword("id"), .text("title"), .text("body"), .value("n", .int64)])
        for dir in [disk, memory] as [any Directory] {
            let w = try IndexWriter(directory: dir, schema: schema)
            w.mergePolicy.maxSegments = 100
            for i in 0..<120 {
                try w.add(Document(fields: ["id": [.string("d\(i)")], "title": [.string("title \(i % 7)")],
                                            "body": [.string("the body of document \(i), word\(i % 13)")], "n": [.int(Int64(i))]]))
                if i % 40 == 39 { try w.commit() }
            }
            try w.deleteDocuments(field: "id", value: "d5")
            try w.commit()
            try w.close()
        }
        let names = try disk.list().filter { $0 != "write.lock" }
        #expect(try memory.list() == names)
        #expect(names.filter { $0.hasSuffix(".tim") }.count == 3)
        for name in names {
            var a = try disk.contents(of: name), b = try memory.contents(of: name)
            #expect(a.count == b.count, "\(name)")
            if name.hasPrefix("_"), !name.hasSuffix(".del"), a.count >= 24, b.count >= 24 {
                a.replaceSubrange(8..<24, with: [UInt8](repeating: 0, count: 16))
                b.replaceSubrange(8..<24, with: [UInt8](repeating: 0, count: 16))
                #expect(Array(a.dropLast(8)) == Array(b.dropLast(8)), "\(name)")
            }
        }
        let onDisk = try Searcher(directory: disk), inMemory = try Searcher(directory: memory)
        for q in ["body", "word3", "title:4", "n:[10 TO 20]", "-word1 document"] {
            #expect(try onDisk.search(q, limit: 200).hits.map(\.doc) == inMemory.search(q, limit: 200).hits.map(\.doc), "\(q)")
        }
        #expect(try inMemory.count("body") == 119)
    }

    /// Readers open, search and let go of snapshots on many threads while a writer commits and
    /// deletes the files of older commits: every snapshot is a whole commit. (Run under TSan.)
    @Test func memoryIndexReadersRaceAWriter() throws {
        let dir = MemoryDirectory()
        let w = try IndexWriter(directory: dir, schema: Schema([.keyword("id"), .text("body")]))
        w.mergePolicy.maxSegments = 3
        try w.add(["id": "seed", "body": "apple"])
        try w.commit()
        nonisolated(unsafe) let writer = w // used by the one writing thread only
        let bad = NSLock()
        nonisolated(unsafe) var problems: [String] = []
        DispatchQueue.concurrentPerform(iterations: 5) { t in
            if t == 0 {
                for c in 0..<15 {
                    for i in 0..<10 { try? writer.add(["id": "\(c)-\(i)", "body": "apple \(c)"]) }
                    do { try writer.commit() } catch { bad.withLock { problems.append("commit: \(error)") } }
                }
                return
            }
            for _ in 0..<40 {
                do {
                    let s = try Searcher(directory: dir)
                    let n = try s.count("apple")
                    if n % 10 != 1 || n != s.reader.documentCount { bad.withLock { problems.append("\(n) of \(s.reader.documentCount)") } }
                } catch {
                    bad.withLock { problems.append("\(error)") }
                }
            }
        }
        try w.close()
        #expect(problems.isEmpty, "\(problems.prefix(3))")
        #expect(try Searcher(directory: dir).count("apple") == 151)
    }
}
