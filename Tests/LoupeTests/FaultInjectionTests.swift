import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@testable import LoupeFiles

/// A file system that makes the `failAt`-th call of `operation` fail with `error` (counting from 1;
/// 0 never fails), and counts the calls of each operation.
///
/// `@unchecked Sendable`: the counters are only touched under `lock`.
final class FailingFileSystem: FileSystem, @unchecked Sendable {
    let operation: String
    let failAt: Int
    let error: Int32
    private let lock = NSLock()
    private var counts: [String: Int] = [:]
    private let real = PosixFileSystem()

    init(failing operation: String = "", at n: Int = 0, error: Int32 = EIO) {
        self.operation = operation
        failAt = n
        self.error = error
    }

    func count(_ op: String) -> Int { lock.withLock { counts[op, default: 0] } }

    /// Counts a call of `op`; true when this one must fail (errno is then set).
    private func fails(_ op: String) -> Bool {
        let n = lock.withLock { () -> Int in
            counts[op, default: 0] += 1
            return counts[op]!
        }
        if op == operation && n == failAt {
            errno = error
            return true
        }
        return false
    }

    func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { fails("open") ? -1 : real.open(path, flags, mode) }
    func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int { fails("write") ? -1 : real.write(fd, bytes) }
    func fsync(_ fd: Int32) -> Int32 { fails("fsync") ? -1 : real.fsync(fd) }
    func close(_ fd: Int32) -> Int32 { real.close(fd) }
    func rename(_ from: String, _ to: String) -> Int32 { fails("rename") ? -1 : real.rename(from, to) }
    func unlink(_ path: String) -> Int32 { fails("unlink") ? -1 : real.unlink(path) }
    func mkdir(_ path: String, _ mode: mode_t) -> Int32 { fails("mkdir") ? -1 : real.mkdir(path, mode) }
}

/// Failing system calls during flush, merge and commit: the previous commit stays whole and opens,
/// the error names the call and the file, and a later run succeeds.
@Suite struct FaultInjectionTests {
    static let schema = Schema([FieldSpec("id", isKeyword: true), FieldSpec("body", stored: false)])

    /// Commit 1 (one segment, ids 0..<30), then the writer that may fail: 30 more documents, a
    /// delete, and a commit that flushes, writes deletions and publishes, then starts merging the two
    /// segments (at most one allowed) in the background; `close` waits for the merge and publishes it.
    func firstCommit(_ path: String) throws {
        let w = try IndexWriter(path: path, schema: Self.schema)
        for i in 0..<30 { try w.add(["id": "\(i)", "body": "alpha \(i) old"]) }
        try w.commit()
    }

    func secondCommit(_ w: IndexWriter) throws {
        w.flushThresholdBytes = 1 << 20
        w.mergePolicy.maxSegments = 1
        for i in 30..<60 { try w.add(["id": "\(i)", "body": "alpha \(i) new"]) }
        try w.deleteDocuments(field: "id", value: "3")
        try w.commit()
        try w.close()
        #expect(try IndexReader(path: w.directory.path).segments.count == 1)
    }

    /// What a reader sees: live documents and the terms of the two commits.
    func state(_ path: String) throws -> (docs: Int, new: Int, generation: UInt64) {
        let r = try IndexReader(path: path)
        try r.verifyChecksums()
        let s = try Searcher(reader: r)
        return (r.documentCount, try s.count("new"), r.manifest.generation)
    }

    @Test(arguments: ["write", "fsync", "rename", "open"])
    func aFailedCallLeavesTheLastCommit(operation: String) throws {
        // How many calls of `operation` the second commit makes, from a run that does not fail.
        let counter = FailingFileSystem()
        do {
            let dir = TempDir()
            try firstCommit(dir.path + "/idx")
            try secondCommit(try IndexWriter(directory: IndexDirectory(path: dir.path + "/idx", fileSystem: counter),
                                             schema: Self.schema, create: false))
        }
        let calls = counter.count(operation)
        #expect(calls >= 1, "the commit makes \(calls) \(operation) calls")

        // The first and last calls and a few between (each point is a whole index build).
        for n in Set([1, 2, calls / 3, calls / 2, 2 * calls / 3, calls]).filter({ $0 >= 1 && $0 <= calls }).sorted() {
            let dir = TempDir()
            let path = dir.path + "/idx"
            try firstCommit(path)
            let before = try state(path)
            let fs = FailingFileSystem(failing: operation, at: n)
            var failure: LoupeError?
            do {
                let w = try IndexWriter(directory: IndexDirectory(path: path, fileSystem: fs), schema: Self.schema, create: false)
                try secondCommit(w)
            } catch let e as LoupeError {
                failure = e
            }
            // The folder's sweep ignores a failed unlink; every other failure is reported.
            let error = try #require(failure, "\(operation) #\(n) did not fail the commit")
            guard case let .io(errorPath, reason) = error else {
                Issue.record("\(operation) #\(n): \(error)")
                continue
            }
            #expect(errorPath.hasPrefix(path) && reason.hasPrefix(operation), "\(operation) #\(n): \(error)")
            // Whole: the first commit, or the second (a failure in the merge, or after a manifest's
            // rename), never a mix.
            let after = try state(path)
            let whole = (after.docs == before.docs && after.new == 0 && after.generation == before.generation)
                || (after.docs == 59 && after.new == 30 && after.generation > before.generation)
            #expect(whole, "\(operation) #\(n): \(after)")

            // A later run with a working file system succeeds.
            let w = try IndexWriter(path: path, schema: Self.schema)
            try w.deleteDocuments(field: "id", value: "5")
            try w.add(["id": "later", "body": "later"])
            try w.commit()
            let final = try state(path)
            #expect(try Searcher(path: path).count("later") == 1)
            #expect(final.docs == after.docs, "\(operation) #\(n): one added, one deleted")
        }
    }

    /// A full disk at every write of the commit: an error saying so, naming the file, and the
    /// previous commit intact.
    @Test func aFullDiskLeavesTheLastCommit() throws {
        let counter = FailingFileSystem()
        do {
            let dir = TempDir()
            try firstCommit(dir.path + "/idx")
            try secondCommit(try IndexWriter(directory: IndexDirectory(path: dir.path + "/idx", fileSystem: counter),
                                             schema: Self.schema, create: false))
        }
        let writes = counter.count("write")
        for n in Set([1, writes / 2, writes]).sorted() {
            let dir = TempDir()
            let path = dir.path + "/idx"
            try firstCommit(path)
            let fs = FailingFileSystem(failing: "write", at: n, error: ENOSPC)
            #expect(n > 0)
            #expect {
                try secondCommit(try IndexWriter(directory: IndexDirectory(path: path, fileSystem: fs), schema: Self.schema, create: false))
            } throws: { error in
                "\(error)".contains("No space left on device") && "\(error)".contains(path + "/")
            }
            let after = try state(path)
            #expect((after.docs == 30 && after.new == 0 && after.generation == 1) || (after.docs == 59 && after.new == 30))
        }
    }
}
