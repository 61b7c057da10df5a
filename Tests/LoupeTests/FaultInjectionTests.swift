import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// A file system that makes the `failAt`-th call of `operation` fail with `error` (counting from 1;
/// 0 never fails), and counts the calls of each operation. Reads can fail too: `read` (the open of
/// a file for reading), `fstat` and `mmap` fail; `short` makes the `failAt`-th `fstat` report a file 100
/// bytes shorter (the read sees fewer bytes than were written); `damage` makes the `failAt`-th
/// `mmap` hand back the file's bytes with one flipped in the middle (a private copy: the file on
/// disk is not changed).
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

    /// Whether this call of `op` is the `failAt`-th of `operation` (counted as `op`, no errno set).
    private func strikes(_ op: String) -> Bool {
        let n = lock.withLock { () -> Int in
            counts[op, default: 0] += 1
            return counts[op]!
        }
        return op == operation && n == failAt
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

    /// An open of a file for reading counts as `read`; every other (for writing, the lock, the
    /// folder's fsync) as `open`.
    func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
        let reading = flags & O_ACCMODE == O_RDONLY && flags & O_DIRECTORY == 0
        return fails(reading ? "read" : "open") ? -1 : real.open(path, flags, mode)
    }
    func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int { fails("write") ? -1 : real.write(fd, bytes) }
    func fsync(_ fd: Int32) -> Int32 { fails("fsync") ? -1 : real.fsync(fd) }
    func close(_ fd: Int32) -> Int32 { real.close(fd) }
    func rename(_ from: String, _ to: String) -> Int32 { fails("rename") ? -1 : real.rename(from, to) }
    func unlink(_ path: String) -> Int32 { fails("unlink") ? -1 : real.unlink(path) }
    func mkdir(_ path: String, _ mode: mode_t) -> Int32 { fails("mkdir") ? -1 : real.mkdir(path, mode) }

    func fstat(_ fd: Int32, _ st: inout stat) -> Int32 {
        if fails("fstat") { return -1 }
        let result = real.fstat(fd, &st)
        if result == 0, strikes("short"), st.st_size > 100 { st.st_size -= 100 }
        return result
    }

    func map(_ fd: Int32, _ count: Int) -> UnsafeRawPointer? {
        if fails("mmap") { return nil }
        guard strikes("damage") else { return real.map(fd, count) }
        // A private writable mapping of the file, one byte flipped, then made read-only as a real
        // one is: what the reader gets is damaged, the file is not.
        guard let p = mmap(nil, count, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0), p != MAP_FAILED else { return nil }
        p.storeBytes(of: p.load(fromByteOffset: count / 2, as: UInt8.self) ^ 0x10, toByteOffset: count / 2, as: UInt8.self)
        mprotect(p, count, PROT_READ)
        return UnsafeRawPointer(p)
    }
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
            try secondCommit(try IndexWriter(directory: FileSystemDirectory(path: dir.path + "/idx", fileSystem: counter),
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
                let w = try IndexWriter(directory: FileSystemDirectory(path: path, fileSystem: fs), schema: Self.schema, create: false)
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

    /// Whether `error` names a file of the index at `path` (an `.io` error its path, a `.corrupt`
    /// one its name) and, for a failed call, the call.
    func namesAFile(_ error: LoupeError, in path: String, call: String?) -> Bool {
        switch error {
        case let .io(errorPath, reason): return errorPath.hasPrefix(path + "/") && call.map { reason.hasPrefix($0) } ?? true
        case let .corrupt(file, _): return !file.isEmpty && FileManager.default.fileExists(atPath: path + "/" + file)
        case let .invalidArgument(message): return message.hasPrefix(path + " has a damaged index marker (index file loupe-index is damaged")
        default: return false
        }
    }

    /// A read that fails (`read`: the open, `fstat`, `mmap`) or that returns fewer bytes (`short`)
    /// or damaged ones (`damage`), at each of the reads a reader's open, checksum check and search
    /// make, and at points of a commit and merge (which read the segments they merge): never a crash
    /// nor a wrong answer; an error naming the file (and the call) or a correct result; the last
    /// commit stays intact.
    @Test(arguments: ["read", "fstat", "mmap", "short", "damage"])
    func aFailedReadIsAnErrorAndLeavesTheLastCommit(operation: String) throws {
        let call: String? = ["read": "open", "fstat": "fstat", "mmap": "mmap"][operation]
        let dir = TempDir()
        let path = dir.path + "/idx"
        try firstCommit(path)
        try secondCommit(try IndexWriter(path: path, schema: Self.schema))
        let sound = try state(path)

        /// Opens, checks and searches the index through `fs`.
        func read(_ fs: FailingFileSystem) throws -> (docs: Int, new: Int) {
            let r = try IndexReader(directory: FileSystemDirectory(path: path, fileSystem: fs))
            try r.verifyChecksums()
            return (r.documentCount, try Searcher(reader: r).count("new"))
        }
        let counter = FailingFileSystem()
        #expect(try read(counter) == (sound.docs, sound.new))
        let calls = counter.count(operation)
        #expect(calls >= 7, "a reader opens the manifest and a segment's six files: \(calls) \(operation) calls")
        var failures = 0
        for n in 1...calls {
            do {
                let got = try read(FailingFileSystem(failing: operation, at: n))
                #expect(got == (sound.docs, sound.new), "\(operation) #\(n): a wrong answer")
            } catch let error as LoupeError {
                failures += 1
                #expect(namesAFile(error, in: path, call: call), "\(operation) #\(n): \(error)")
            }
        }
        // Every file a reader maps is checked whole by `verifyChecksums`, so any fault is seen;
        // only the manifest's name check (`Manifest.isForeign`) may miss one and read it again.
        #expect(failures >= calls - 2, "\(operation): \(failures) of \(calls) faults reported")

        // A writer whose reads fail (its open, and the merge of the two commits' segments).
        let writerCalls: Int
        do {
            let counting = FailingFileSystem()
            let d2 = TempDir()
            try firstCommit(d2.path + "/idx")
            try secondCommit(try IndexWriter(directory: FileSystemDirectory(path: d2.path + "/idx", fileSystem: counting), schema: Self.schema))
            writerCalls = counting.count(operation)
        }
        for n in Set([1, writerCalls / 2, writerCalls]).filter({ $0 >= 1 }).sorted() {
            let d = TempDir()
            let p = d.path + "/idx"
            try firstCommit(p)
            let before = try state(p)
            do {
                try secondCommit(try IndexWriter(directory: FileSystemDirectory(path: p, fileSystem: FailingFileSystem(failing: operation, at: n)),
                                                 schema: Self.schema))
            } catch let error as LoupeError {
                #expect(namesAFile(error, in: p, call: call), "\(operation) #\(n) of the writer: \(error)")
            }
            let after = try state(p)
            let whole = (after.docs == before.docs && after.new == 0 && after.generation == before.generation)
                || (after.docs == 59 && after.new == 30 && after.generation > before.generation)
            #expect(whole, "\(operation) #\(n) of the writer: \(after)")
        }
    }

    /// A full disk at every write of the commit: an error saying so, naming the file, and the
    /// previous commit intact.
    @Test func aFullDiskLeavesTheLastCommit() throws {
        let counter = FailingFileSystem()
        do {
            let dir = TempDir()
            try firstCommit(dir.path + "/idx")
            try secondCommit(try IndexWriter(directory: FileSystemDirectory(path: dir.path + "/idx", fileSystem: counter),
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
                try secondCommit(try IndexWriter(directory: FileSystemDirectory(path: path, fileSystem: fs), schema: Self.schema, create: false))
            } throws: { error in
                "\(error)".contains("No space left on device") && "\(error)".contains(path + "/")
            }
            let after = try state(path)
            #expect((after.docs == 30 && after.new == 0 && after.generation == 1) || (after.docs == 59 && after.new == 30))
        }
    }
}
