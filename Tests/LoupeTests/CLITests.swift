import Foundation
import Testing
import LoupeCore
import LoupeFiles

/// Runs the `loupe` executable built next to this test bundle.
struct CLI {
    static let executable: String = {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = (me as NSString).deletingLastPathComponent
        // On macOS the bundle's executable sits in X.xctest/Contents/MacOS.
        while dir.contains(".xctest") { dir = (dir as NSString).deletingLastPathComponent }
        return dir + "/loupe"
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `loupe args` in `cwd` with `environment` added to this process's. The index home
    /// (`LOUPE_HOME`) is `cwd/Indexes` unless `environment` says otherwise: a test never writes to
    /// the user's own index home. `memoryCapMB`: the address space capped there (`ulimit -v`), so a
    /// memory bomb ends the process on an allocation failure instead of passing unnoticed. `wrapper`:
    /// a command that runs loupe (as another user, say). A process killed by a signal gives 128 + the
    /// signal, as a shell says.
    static func run(_ args: [String], cwd: String? = nil, environment: [String: String] = [:],
                    memoryCapMB: Int? = nil, wrapper: [String] = []) throws -> Result {
        let running = try start(args, cwd: cwd, environment: environment, memoryCapMB: memoryCapMB, wrapper: wrapper)
        return try running.finish()
    }

    /// A started `loupe` whose output goes to files (no pipe buffer to fill, nothing to read
    /// concurrently): `stderrSoFar` can be polled while it runs.
    struct Running {
        let process: Process
        let folder: TempDir
        let out: FileHandle, err: FileHandle
        var outPath: String { folder.path + "/out" }
        var errPath: String { folder.path + "/err" }

        var stderrSoFar: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }

        /// Waits for the process and reads what it printed.
        func finish() throws -> Result {
            process.waitUntilExit()
            try out.close()
            try err.close()
            let o = try String(contentsOfFile: outPath, encoding: .utf8)
            let e = try String(contentsOfFile: errPath, encoding: .utf8)
            let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
            return Result(status: status, stdout: o, stderr: e)
        }
    }

    /// Starts `loupe args` as `run` does, without waiting.
    static func start(_ args: [String], cwd: String? = nil, environment: [String: String] = [:],
                      memoryCapMB: Int? = nil, wrapper: [String] = []) throws -> Running {
        let p = Process()
        var command = wrapper + [executable] + args
        if let memoryCapMB {
            command = ["/bin/sh", "-c", "ulimit -v \(memoryCapMB << 10) && exec \"$0\" \"$@\""] + command
        }
        p.executableURL = URL(fileURLWithPath: command[0])
        p.arguments = Array(command.dropFirst())
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let tmp = TempDir()
        var env = ProcessInfo.processInfo.environment
        for key in ["LOUPE_HOME", "XDG_DATA_HOME", "NO_COLOR"] { env[key] = nil }
        env["LOUPE_HOME"] = (cwd ?? tmp.path) + "/Indexes"
        env.merge(environment) { $1 }
        p.environment = env
        _ = FileManager.default.createFile(atPath: tmp.path + "/out", contents: nil)
        _ = FileManager.default.createFile(atPath: tmp.path + "/err", contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: tmp.path + "/out"))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: tmp.path + "/err"))
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return Running(process: p, folder: tmp, out: out, err: err)
    }
}

@Suite(.serialized) struct CLITests {
    @Test func indexThenSearchEndToEnd() throws {
        #expect(FileManager.default.isExecutableFile(atPath: CLI.executable), "loupe is built at \(CLI.executable)")
        let tmp = TempDir()
        tmp.write("docs/news/diplomacy.txt", "Talks in Ankara\nForeign minister Mevlüt Çavuşoğlu met his counterpart.")
        tmp.write("docs/news/weather.md", "# Snow in Moscow\nМосква: идёт снег.")
        tmp.write("docs/web/page.html", "<html><head><title>Search engines</title></head><body><p>BM25 &amp; friends</p></body></html>")
        for i in 0..<20 { tmp.write("docs/filler/\(i).txt", "filler text number \(i) about nothing much") }
        _ = FileManager.default.createFile(atPath: tmp.path + "/docs/blob.bin", contents: Data([0x7F, 0x45, 0, 1, 2, 0, 9]))

        let idx = try CLI.run(["index", "docs"], cwd: tmp.path)
        #expect(idx.status == 0, "\(idx.stderr)")
        #expect(idx.stdout.contains("23 added, 0 updated, 0 deleted, 0 unchanged, 1 skipped"), "\(idx.stdout)")
        #expect(idx.stderr.contains("blob.bin"), "binary file warned about")
        #expect(FileManager.default.fileExists(atPath: tmp.path + "/Indexes/docs"), "default index location")

        let s = try CLI.run(["search", "mevlut cavusoglu"], cwd: tmp.path)
        #expect(s.status == 0, "\(s.stderr)")
        let out = s.stdout.split(separator: "\n").map(String.init)
        #expect(out.first?.contains("news/diplomacy.txt") == true, "\(s.stdout)")
        #expect(out.count > 1 && out[1].contains("Talks in Ankara"), "title under the path: \(s.stdout)")

        let j = try CLI.run(["search", "moskva", "--json", "--index", "docs"], cwd: tmp.path)
        #expect(j.status == 0)
        let line = try #require(j.stdout.split(separator: "\n").first)
        let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(obj?["path"] as? String == "news/weather.md")
        #expect(obj?["title"] as? String == "Snow in Moscow")
        #expect(obj?["rank"] as? Int == 1)

        let h = try CLI.run(["search", "title:engines", "--index", "Indexes/docs"], cwd: tmp.path)
        #expect(h.stdout.contains("web/page.html"))
        let c = try CLI.run(["search", "filler", "--count"], cwd: tmp.path)
        #expect(c.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "20")
        // "news" is a word of two paths and of no text: --field narrows where field-less words look.
        func count(_ args: [String]) throws -> String {
            try CLI.run(["search", "news", "--count"] + args, cwd: tmp.path).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(try count([]) == "2")
        #expect(try count(["--field", "body"]) == "0")
        #expect(try count(["--field", "body", "--field", "path"]) == "2")
        let badField = try CLI.run(["search", "news", "--field", "colour"], cwd: tmp.path)
        #expect(badField.status == 2 && badField.stderr.contains("colour"), "\(badField.stderr)")
    }

    @Test func clearErrorsAndExitCodes() throws {
        let tmp = TempDir()
        let missingDir = try CLI.run(["index", "nowhere"], cwd: tmp.path)
        #expect(missingDir.status == 2)
        #expect(missingDir.stderr.contains("nowhere"))

        let missingIndex = try CLI.run(["search", "x", "--index", "/nonexistent/idx"], cwd: tmp.path)
        #expect(missingIndex.status == 2)
        #expect(missingIndex.stderr.contains("no index at /nonexistent/idx"))

        tmp.write("d/a.txt", "hello")
        #expect(try CLI.run(["index", "d"], cwd: tmp.path).status == 0)
        let empty = try CLI.run(["search", "   "], cwd: tmp.path)
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("empty"))

        let bad = try CLI.run(["search", "hello (world"], cwd: tmp.path)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("column 7"), "\(bad.stderr)")

        // A damaged segment file: every command names it, says how to go on, and changes nothing.
        let tim = try #require(try FileManager.default.contentsOfDirectory(atPath: tmp.path + "/Indexes/d").first { $0.hasSuffix(".tim") })
        let path = tmp.path + "/Indexes/d/" + tim
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        try original.prefix(original.count - 2).write(to: URL(fileURLWithPath: path))
        tmp.write("d/b.txt", "another")
        for args in [["index", "d"], ["search", "hello"], ["check"]] {
            let r = try CLI.run(args, cwd: tmp.path)
            #expect(r.status == 2 && r.stderr.contains(tim) && r.stderr.contains("--full"), "\(args): \(r.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path + "/Indexes/d").contains(tim))
        #expect(try CLI.run(["index", "d", "--full"], cwd: tmp.path).status == 0)
        #expect(try CLI.run(["search", "another"], cwd: tmp.path).stdout.contains("b.txt"))
    }
}

@Suite(.serialized) struct CLIInspectTests {
    @Test func snippetsExplainExactStatsAnalyze() throws {
        let tmp = TempDir()
        tmp.write("d/exact.txt", "Yesterday the minister Çavuşoğlu spoke.")
        tmp.write("d/ascii.txt", "Yesterday the minister Cavusoglu spoke.")
        #expect(try CLI.run(["index", "d"], cwd: tmp.path).status == 0)

        let plain = try CLI.run(["search", "Çavuşoğlu"], cwd: tmp.path)
        let lines = plain.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.contains("exact.txt") == true, "\(plain.stdout)")
        #expect(plain.stdout.contains("minister **Çavuşoğlu** spoke"), "piped output marks matches with **: \(plain.stdout)")
        #expect(plain.stdout.contains("minister **Cavusoglu** spoke"))
        #expect(!plain.stdout.contains("\u{1B}["), "no ANSI codes when piped")

        let exact = try CLI.run(["search", "Çavuşoğlu", "--exact", "--count"], cwd: tmp.path)
        #expect(exact.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1")

        let explain = try CLI.run(["search", "cavusoglu", "--explain", "--snippets", "0"], cwd: tmp.path)
        #expect(explain.stdout.contains("body:cavusoglu  tf=1"), "\(explain.stdout)")

        let json = try CLI.run(["search", "minister", "--json", "--limit", "1", "--offset", "1"], cwd: tmp.path)
        let first = try #require(json.stdout.split(separator: "\n").first)
        let obj = try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any]
        #expect(obj?["rank"] as? Int == 2)
        let snip = try #require((obj?["snippets"] as? [[String: Any]])?.first)
        let text = Array((snip["text"] as? String ?? "").utf8)
        let h = try #require((snip["highlights"] as? [[Int]])?.first)
        #expect(String(decoding: text[h[0]..<h[1]], as: UTF8.self) == "minister")

        let stats = try CLI.run(["stats"], cwd: tmp.path)
        #expect(stats.stdout.contains("documents:    2"), "\(stats.stdout)")
        #expect(stats.stdout.contains("segments:     1"))
        #expect(stats.stdout.contains("field body       indexed docs=2"), "\(stats.stdout)")
        #expect(stats.stdout.contains("file catalog: 2 files (0 skipped), 1 folders"), "\(stats.stdout)")
        // An index made through the library, with a stored-only field and no catalog.
        do {
            let w = try IndexWriter(path: tmp.path + "/lib", schema: Schema([FieldSpec("body"), FieldSpec("note", indexed: false)]))
            try w.add(["body": "alpha beta", "note": "kept"])
            try w.commit()
        }
        let lib = try CLI.run(["stats", "--index", tmp.path + "/lib"], cwd: tmp.path)
        #expect(lib.stdout.contains("field note       stored\n"), "stored-only: no document counts. \(lib.stdout)")
        #expect(lib.stdout.contains("file catalog: none"), "\(lib.stdout)")

        let an = try CLI.run(["analyze", "Straße Москва"], cwd: tmp.path)
        #expect(an.stdout.contains("Straße → strasse"), "\(an.stdout)")
        #expect(an.stdout.contains("Москва → moskva (москва)"))
        let simple = try CLI.run(["analyze", "--analyzer", "simple", "Straße Москва"], cwd: tmp.path)
        #expect(simple.stdout.contains("Москва → москва\n") && simple.stdout.contains("Straße → strasse"), "\(simple.stdout)")
        let unknown = try CLI.run(["analyze", "--analyzer", "nope", "x"], cwd: tmp.path)
        #expect(unknown.status != 0 && unknown.stderr.contains("unknown analyzer 'nope'"), "\(unknown.stderr)")

        let help = try CLI.run(["search", "--help"], cwd: tmp.path)
        for syntax in ["+required", "\"exact phrase\"", "pref*", "title:word", "word^2", "word~1", "AND", "--exact"] {
            #expect(help.stdout.contains(syntax), "help documents \(syntax)")
        }
    }
}
