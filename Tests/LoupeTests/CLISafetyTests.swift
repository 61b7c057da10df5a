import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// What the CLI prints from an index cannot drive the terminal, and an interrupted `loupe index`
/// leaves nothing behind.
@Suite(.serialized) struct CLISafetyTests {
    @Test func terminalEscapesFromTheIndexArePrintedEscaped() throws {
        let tmp = TempDir()
        let esc = "\u{1B}"
        tmp.write("d/evil\(esc)[31mred.txt", "evil \(esc)]0;title\u{07} hello \u{9B}31m and \u{202E}desrever")
        tmp.write("d/two\nlines.txt", "hello again")
        _ = FileManager.default.createFile(atPath: tmp.path + "/d/bin\(esc)[2J.dat", contents: Data([0x41, 0, 0x42]))
        let idx = try CLI.run(["index", "d"], cwd: tmp.path)
        #expect(idx.status == 0, "\(idx.stderr)")
        #expect(idx.stderr.contains("bin\\x1b[2J.dat") && !idx.stderr.contains(esc), "the warning names the file escaped: \(idx.stderr)")

        func raw(_ s: String) -> Bool { s.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E } }
        for colour in ["never", "always"] {
            let r = try CLI.run(["search", "hello", "--color", colour, "--explain"], cwd: tmp.path)
            #expect(r.status == 0)
            // Colour codes are the only escapes printed.
            let output = r.stdout.replacingOccurrences(of: "\u{1B}[", with: "").replacingOccurrences(of: "\u{1B}", with: "ESC")
            let stripped = ["36m", "1m", "0m", "1;33m", "2m"].reduce(r.stdout) { $0.replacingOccurrences(of: "\u{1B}[" + $1, with: "") }
            #expect(!raw(stripped), "\(colour): \(output)")
            #expect(r.stdout.contains("evil\\x1b[31mred.txt"), "\(r.stdout)")
            #expect(r.stdout.contains("\\x1b]0;title\\x07"), "the title and snippet escaped: \(r.stdout)")
            #expect(r.stdout.contains("\\u{9b}31m") && r.stdout.contains("\\u{202e}desrever"), "C1 and bidi controls escaped: \(r.stdout)")
            // One line per hit: the newline in a name does not start a line of its own.
            #expect(r.stdout.contains("two\\nlines.txt"), "\(r.stdout)")
            #expect(!r.stdout.split(separator: "\n").contains { $0.hasPrefix("lines.txt") }, "\(r.stdout)")
        }
        // JSON: every control character escaped, and the strings decode to the real names.
        let j = try CLI.run(["search", "hello", "--json"], cwd: tmp.path)
        #expect(!raw(j.stdout), "\(j.stdout)")
        let paths = j.stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["path"] as? String
        }
        #expect(Set(paths) == ["evil\(esc)[31mred.txt", "two\nlines.txt"], "\(paths)")
        // Stats and list print the source folder and names escaped.
        tmp.write("odd\(esc)]2;x\u{07}/a.txt", "hello")
        #expect(try CLI.run(["index", "odd\(esc)]2;x\u{07}", "--index", "odd"], cwd: tmp.path).status == 0)
        for args in [["stats", "--index", "odd"], ["list"]] {
            let r = try CLI.run(args, cwd: tmp.path)
            #expect(r.status == 0 && !raw(r.stdout) && r.stdout.contains("odd\\x1b]2;x\\x07"), "\(args): \(r.stdout)")
        }
    }

    /// A hit's file replaced by a link after indexing: `loupe search` does not follow it (it printed
    /// /etc/passwd), shows the hit without a snippet and says why.
    @Test func searchDoesNotFollowAHitsFileSwappedForALink() throws {
        let tmp = TempDir()
        tmp.write("d/notes.txt", "root words for the search")
        #expect(try CLI.run(["index", "d"], cwd: tmp.path).status == 0)
        let before = try CLI.run(["search", "root"], cwd: tmp.path)
        #expect(before.status == 0 && before.stdout.contains("search"), "\(before.stdout)")
        try FileManager.default.removeItem(atPath: tmp.path + "/d/notes.txt")
        try FileManager.default.createSymbolicLink(atPath: tmp.path + "/d/notes.txt", withDestinationPath: "/etc/passwd")
        let r = try CLI.run(["search", "root"], cwd: tmp.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("/bin/") && !r.stdout.contains("nologin"), "\(r.stdout)")
        #expect(r.stdout.contains("(no snippet: "), "\(r.stdout)")
    }

    /// SIGINT in the middle of a run: exit status 130, the files the run wrote removed, the last
    /// commit as it was; and a first run stopped leaves no index folder.
    @Test func interruptedIndexRunRemovesWhatItWrote() throws {
        let tmp = TempDir()
        let idx = tmp.path + "/idx"
        tmp.write("src/first.txt", "committed before")
        #expect(try CLI.run(["index", tmp.path + "/src", "--index", idx, "-q"]).status == 0)
        let committed = Set(try FileManager.default.contentsOfDirectory(atPath: idx))
        // Enough text that the run flushes segments (1 MB buffers) long before it ends.
        var rng = SplitMix64(seed: 7)
        let vocabulary = (0..<5000).map { KillTests.words[$0 % KillTests.words.count] + String($0) }
        let texts = (0..<8).map { _ in Data((0..<600).map { _ in vocabulary[rng.below(vocabulary.count)] }.joined(separator: " ").utf8) }
        for i in 0..<400 {
            _ = FileManager.default.createFile(atPath: tmp.path + "/src/f\(i).txt", contents: texts[i % texts.count] + Data(" file\(i)".utf8))
        }

        func interrupt(_ index: String, whenFileAppears isNew: (String) -> Bool) throws -> Int32 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: CLI.executable)
            p.arguments = ["index", tmp.path + "/src", "--index", index, "--memory", "1", "-q"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            let deadline = Date().addingTimeInterval(60)
            while p.isRunning && Date() < deadline {
                if ((try? FileManager.default.contentsOfDirectory(atPath: index)) ?? []).contains(where: isNew) { break }
                usleep(2000)
            }
            #expect(p.isRunning, "the run ended before it could be interrupted")
            kill(p.processIdentifier, SIGINT)
            p.waitUntilExit()
            #expect(p.terminationReason == .exit, "exited, not killed by the signal")
            return p.terminationStatus
        }

        let status = try interrupt(idx) { name in name.hasPrefix("_") && !committed.contains(name) }
        #expect(status == 130)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: idx)).subtracting(["write.lock"])
        #expect(left == committed.subtracting(["write.lock"]), "files of the interrupted run remain: \(left.subtracting(committed))")
        let reader = try IndexReader(path: idx)
        try reader.verifyChecksums()
        #expect(reader.documentCount == 1 && reader.manifest.generation == 1)

        // A first run into a new index, stopped: no index folder is left.
        let fresh = tmp.path + "/fresh"
        #expect(try interrupt(fresh) { $0.hasPrefix("_") } == 130)
        #expect(!FileManager.default.fileExists(atPath: fresh), "\((try? FileManager.default.contentsOfDirectory(atPath: fresh)) ?? [])")
    }
}
