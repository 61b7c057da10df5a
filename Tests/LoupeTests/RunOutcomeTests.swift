import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// How a run ends when something outside it interferes: a signal after its commit, folders and
/// files it may not read, a damaged stored-fields file under it.
@Suite(.serialized) struct RunOutcomeTests {
    /// Runs `loupe args` as the unprivileged user `nobody` when the tests run as root (root reads
    /// every file, so permissions would test nothing), else as this user.
    func runUnprivileged(_ args: [String], cwd: String) throws -> CLI.Result {
        try CLI.run(args, cwd: cwd, wrapper: getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : [])
    }

    /// A folder and a file the user may not read are warnings that say "permission denied" (not
    /// "vanished"), and the rest of the tree is indexed.
    @Test func aFolderOrFileWithoutPermissionIsSaidSo() throws {
        let tmp = TempDir()
        tmp.write("work/src/open/readable.txt", "aardvark in the open")
        tmp.write("work/src/locked/hidden.txt", "aardvark behind a lock")
        tmp.write("work/src/secret.txt", "aardvark kept secret")
        let fm = FileManager.default
        try fm.setAttributes([.posixPermissions: 0o777], ofItemAtPath: tmp.path + "/work")
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tmp.path)
        try fm.setAttributes([.posixPermissions: 0o000], ofItemAtPath: tmp.path + "/work/src/locked")
        try fm.setAttributes([.posixPermissions: 0o000], ofItemAtPath: tmp.path + "/work/src/secret.txt")
        defer { try? fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tmp.path + "/work/src/locked") }

        let r = try runUnprivileged(["index", "src", "--index", "./idx"], cwd: tmp.path + "/work")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("1 added"), "\(r.stdout)")
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.contains { $0.contains("locked") && $0.lowercased().contains("permission denied") }, "\(r.stderr)")
        #expect(lines.contains { $0.contains("secret.txt") && $0.lowercased().contains("permission denied") }, "\(r.stderr)")
        #expect(!r.stderr.contains("vanished"), "\(r.stderr)")
        let s = try runUnprivileged(["search", "aardvark", "--index", "./idx", "--count"], cwd: tmp.path + "/work")
        #expect(s.stdout.hasPrefix("1"), "only the readable file: \(s.stdout) \(s.stderr)")
    }

    /// A SIGINT that lands once the commit is made: the run did its work, so it exits 0 and says
    /// the commit was made, and the index holds the run's files.
    @Test func aSignalAfterTheCommitExitsZeroAndSaysSo() throws {
        let tmp = TempDir()
        for i in 0..<5 { tmp.write("src/f\(i).txt", "quokka number \(i)") }
        let running = try CLI.start(["index", "src", "--index", "./idx"], cwd: tmp.path,
                                    environment: ["LOUPE_TEST_HOLD_AFTER_COMMIT": "1"])
        // Wait (polling, at most 120 s on a loaded machine) until the run says it committed.
        var held = false
        for _ in 0..<12_000 {
            if running.stderrSoFar.contains("committed, holding") { held = true; break }
            if !running.process.isRunning { break }
            usleep(10_000)
        }
        #expect(held, "the run reached its commit")
        kill(running.process.processIdentifier, SIGINT)
        let r = try running.finish()
        #expect(r.status == 0, "status \(r.status): \(r.stderr)")
        #expect(r.stderr.contains("interrupted after the commit was made"), "\(r.stderr)")
        #expect(try Searcher(path: tmp.path + "/idx").count("quokka") == 5)
    }

    /// One flipped bit anywhere in a stored-fields file, then a run over a changed folder: the run
    /// either stops naming the file (nothing committed) or, when the flip touched nothing it reads,
    /// does exactly its work. It never re-adds files or drops any (seeded).
    @Test func aFlippedBitInStoredFieldsNeverMakesARunReAddOrDrop() throws {
        var rng = SplitMix64(seed: 0x5705)
        let base = TempDir()
        for i in 0..<30 { base.write("src/f\(i).txt", "stoat number \(i) in the grass") }
        _ = try trustingIndexer(base).run()
        let generation = try IndexReader(path: base.path + "/idx").manifest.generation
        let fm = FileManager.default
        let names = try fm.contentsOfDirectory(atPath: base.path + "/idx").filter { $0.hasSuffix(".sto") }
        #expect(!names.isEmpty)
        var stopped = 0, completed = 0
        for round in 0..<24 {
            let dir = TempDir()
            try fm.copyItem(atPath: base.path + "/src", toPath: dir.path + "/src")
            try fm.copyItem(atPath: base.path + "/idx", toPath: dir.path + "/idx")
            let name = names[Int(rng.next() % UInt64(names.count))]
            let file = dir.path + "/idx/" + name
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            let at = Int(rng.next() % UInt64(bytes.count))
            bytes[at] ^= UInt8(1) << UInt8(rng.next() % 8)
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            dir.write("src/f\(round % 30).txt", "stoat number \(round % 30) changed in round \(round)")
            do {
                let s = try trustingIndexer(dir).run()
                #expect(s.added == 0 && s.deleted == 0 && s.updated == 1, "flip at \(name):\(at): \(s)")
                completed += 1
            } catch let LoupeError.corrupt(file, _) {
                #expect(file == name, "flip at \(name):\(at) named \(file)")
                #expect(try Manifest.latest(in: FileSystemDirectory(path: dir.path + "/idx"))?.generation == generation, "nothing committed")
                stopped += 1
                continue
            }
            #expect(try Searcher(path: dir.path + "/idx").count("stoat") == 30, "flip at \(name):\(at)")
        }
        #expect(stopped > 0, "some flips hit what a run reads")
        #expect(stopped + completed == 24)
    }
}
