import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// Crash safety, tested for real: `loupe index` is started on a changing folder and killed with
/// SIGKILL at random moments; after each kill the index must open, pass every checksum, and hold
/// exactly the last committed state or the new one — nothing lost, nothing half-visible.
///
/// Rounds: `LOUPE_KILL_ROUNDS` (default 3, the short form CI runs; `scripts/kill-test.sh` runs 100).
@Suite(.serialized) struct KillTests {
    static let words = ["river", "stone", "lamp", "north", "glass", "quiet", "ember", "field", "cloud", "mirror",
                        "Straße", "Москва", "Çavuşoğlu", "東京", "đoán", "signal", "harbor", "copper", "meadow", "orbit"]

    func text(_ rng: inout SplitMix64, id: Int, version: Int) -> String {
        var s = "file\(id) version\(version) everyfile\n"
        for _ in 0..<(40 + rng.below(300)) { s += Self.words[rng.below(Self.words.count)] + (rng.below(12) == 0 ? ".\n" : " ") }
        return s
    }

    /// path → FNV hash of the content, as the indexer stores it.
    func state(of src: String) throws -> [String: UInt64] {
        var out: [String: UInt64] = [:]
        for p in try DirectoryWalker(root: src).files().paths {
            out[p] = DirectoryIndexer.hash(Array(try Data(contentsOf: URL(fileURLWithPath: src + "/" + p))))
        }
        return out
    }

    func indexed(_ idx: String) throws -> [String: UInt64] {
        let reader = try IndexReader(path: idx)
        let stored = try DirectoryIndexer.Catalog(reader: reader).paths
        let paths = Set((0..<stored.count).map(stored.path))
        #expect(paths.count == stored.count, "a path indexed twice")
        // The commit's catalog file (every CLI commit writes one) lists the same documents, and
        // holds their content hashes.
        let catalog = try #require(try reader.sourceCatalog(), "no catalog file for generation \(reader.manifest.generation)")
        var out: [String: UInt64] = [:]
        for i in 0..<catalog.count where catalog.skipped[Int32(i)] == nil { out[catalog.path(i)] = catalog.hashes[i] }
        #expect(Set(out.keys) == paths, "the catalog file disagrees with the stored paths")
        return out
    }

    @Test func killedIndexRunsLeaveTheLastCommit() throws {
        let rounds = Int(ProcessInfo.processInfo.environment["LOUPE_KILL_ROUNDS"] ?? "") ?? 3
        let tmp = TempDir()
        let src = tmp.path + "/src", idx = tmp.path + "/idx"
        var rng = SplitMix64(seed: 20261125)
        var versions: [Int: Int] = [:]
        for id in 0..<1200 {
            versions[id] = 0
            tmp.write("src/d\(id % 20)/f\(id).txt", text(&rng, id: id, version: 0))
        }
        // A first full run, timed: kills land within about its duration.
        let t0 = Date()
        let first = try CLI.run(["index", src, "--index", idx, "--memory", "1", "-q"])
        #expect(first.status == 0, "\(first.stderr)")
        let duration = Date().timeIntervalSince(t0)
        var committed = try state(of: src)
        #expect(try indexed(idx) == committed)

        // An incremental run's duration, measured once uninterrupted (the folder is changed as in a round).
        var incremental = duration / 3
        var nextID = 1200
        var landed = 0, completed = 0, newState = 0
        for round in 0..<rounds {
            // Change the folder: new files, rewritten files, deleted files.
            for _ in 0..<(20 + rng.below(40)) {
                versions[nextID] = 0
                tmp.write("src/d\(nextID % 20)/f\(nextID).txt", text(&rng, id: nextID, version: 0))
                nextID += 1
            }
            let ids = versions.keys.sorted()
            for _ in 0..<(50 + rng.below(250)) {
                let id = ids[rng.below(ids.count)]
                guard versions[id] != nil else { continue }
                versions[id]! += 1
                tmp.write("src/d\(id % 20)/f\(id).txt", text(&rng, id: id, version: versions[id]!))
            }
            for _ in 0..<rng.below(15) {
                let id = ids[rng.below(ids.count)]
                guard versions[id] != nil else { continue }
                versions[id] = nil
                try? FileManager.default.removeItem(atPath: "\(src)/d\(id % 20)/f\(id).txt")
            }
            let target = try state(of: src)

            // Run, and kill at a random moment (sometimes after the run ended on its own).
            // One round in four rebuilds from scratch (--full): kills then land in bigger writes and merges.
            let full = rng.below(4) == 0
            let p = Process()
            p.executableURL = URL(fileURLWithPath: CLI.executable)
            p.arguments = ["index", src, "--index", idx, "--memory", "1", "-q"] + (full ? ["--full"] : [])
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            let started = Date()
            try p.run()
            // Half the kills land anywhere in the run, half in its last third, where the merge, the
            // manifest rename and the cleanup happen.
            // Every tenth round runs to the end, uninterrupted: it measures how long a run takes.
            let span = full ? duration : incremental
            let fraction = rng.below(2) == 0 ? Double(rng.below(1000)) / 1000 : 0.67 + Double(rng.below(1000)) / 1000 * 0.4
            if round % 10 == 0 { p.waitUntilExit() } else { Thread.sleep(forTimeInterval: fraction * span) }
            if p.isRunning {
                kill(p.processIdentifier, SIGKILL)
                landed += 1
                p.waitUntilExit()
            } else {
                p.waitUntilExit()
                completed += 1
                if !full { incremental = Date().timeIntervalSince(started) }
            }

            // The index must open, check out, and be one of the two states, whole.
            let reader = try IndexReader(path: idx)
            try reader.verifyChecksums()
            let now = try indexed(idx)
            #expect(now == committed || now == target, "round \(round): index is neither the last commit nor the new one")
            let everything = try Searcher(reader: reader).count("everyfile")
            #expect(everything == now.count, "round \(round): postings and stored documents disagree")
            if now == target && now != committed { committed = target; newState += 1 }
        }
        // Finally an uninterrupted run reaches the folder's state exactly.
        #expect(try CLI.run(["index", src, "--index", idx, "-q"]).status == 0)
        #expect(try indexed(idx) == (try state(of: src)))
        print("kill test: \(rounds) rounds, \(landed) kills mid-run, \(completed) runs finished first, \(newState) ended on the new commit, \(rounds - newState) on the previous one; all consistent")
    }
}
