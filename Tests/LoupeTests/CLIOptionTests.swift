import Foundation
import Testing
import LoupeCore
import LoupeFiles

/// The command line as people expect it: bounded options, queries that start with '-', grep's exit
/// codes, JSON Lines, colour only when wanted, --version, help that leads with the query syntax,
/// and `loupe bench`.
@Suite(.serialized) struct CLIOptionTests {
    /// A folder `d` indexed into `tmp/Indexes/d`.
    func indexed() throws -> TempDir {
        let tmp = TempDir()
        tmp.write("d/ski.txt", "Snow report: ski slopes open, hello winter")
        tmp.write("d/sport.txt", "Sport news: hello football")
        tmp.write("d/other.txt", "Nothing to see")
        let r = try CLI.run(["index", "d"], cwd: tmp.path)
        #expect(r.status == 0, "\(r.stderr)")
        return tmp
    }

    @Test func numericOptionsOutOfRangeAreErrors() throws {
        let tmp = try indexed()
        let cases: [[String]] = [
            ["search", "hello", "--offset", "9223372036854775807"],
            ["search", "hello", "--offset", "9223372036854775000"],
            ["search", "hello", "--limit", "9223372036854775807", "--offset", "1"],
            ["search", "hello", "--limit=-1"],
            ["search", "hello", "--offset=-5"],
            ["search", "hello", "--limit", "1000001"],
            ["search", "hello", "--snippets", "9223372036854775807"],
            ["index", "d", "--memory", "9223372036854775807"],
            ["index", "d", "--memory", "0"],
            ["bench", "--queries", "q", "--limit", "9223372036854775807", "--offset", "1"],
            ["bench", "--queries", "q", "--reps", "0"],
        ]
        for args in cases {
            let r = try CLI.run(args, cwd: tmp.path)
            #expect(r.status == 2, "\(args): status \(r.status), \(r.stderr)")
            #expect(r.stderr.contains("must be between") || r.stderr.contains("must be"), "\(args): \(r.stderr)")
        }
        // The bounds themselves are accepted.
        let edge = try CLI.run(["search", "hello", "--limit", "1000000", "--offset", "10000000"], cwd: tmp.path)
        #expect(edge.status == 0 && edge.stdout.contains("no hits past the first 2"), "\(edge.stdout) \(edge.stderr)")
    }

    @Test func boostsThatWouldMakeScoresInfiniteAreRefused() throws {
        let tmp = try indexed()
        // Twelve clauses boosted near Float.greatestFiniteMagnitude summed to inf, and --json then
        // failed with EncodingError; such a boost is now a query error pointing at it.
        let query = Array(repeating: "hello^3e38", count: 12).joined(separator: " ")
        let r = try CLI.run(["search", query, "--json", "--explain"], cwd: tmp.path)
        #expect(r.status == 2, "\(r.stdout)")
        #expect(r.stderr.contains("column 7") && r.stderr.contains("boost"), "\(r.stderr)")
        // The largest boost allowed, on every clause, still gives finite scores and valid JSON.
        let big = Array(repeating: "hello^\(Int(QueryParser.maxBoost))", count: 12).joined(separator: " ")
        let ok = try CLI.run(["search", big, "--json", "--explain"], cwd: tmp.path)
        #expect(ok.status == 0, "\(ok.stderr)")
        let lines = ok.stdout.split(separator: "\n")
        #expect(lines.count == 3, "two hits and a summary: \(ok.stdout)")
        for line in lines {
            let obj = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            if obj["type"] as? String == "hit" { #expect(obj["score"] is NSNumber, "\(line)") }
        }
    }

    @Test func aQueryMayStartWithADash() throws {
        let tmp = try indexed()
        for args in [["search", "-sport +hello"], ["search", "-sport", "+hello"], ["search", "-sport +hello", "--limit", "5"],
                     ["search", "--", "-sport +hello"], ["search", "-l", "5", "-sport +hello"]] {
            let r = try CLI.run(args, cwd: tmp.path)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(r.stdout.contains("ski.txt") && !r.stdout.contains("sport.txt") && r.stdout.contains("1 matching document"),
                    "\(args): \(r.stdout)")
        }
        // A mistyped option is still an error, not a query.
        let typo = try CLI.run(["search", "hello", "--limt", "3"], cwd: tmp.path)
        #expect(typo.status == 2 && typo.stderr.contains("--limit"), "\(typo.stderr)")
    }

    @Test func exitCodesAreGreps() throws {
        let tmp = try indexed()
        #expect(try CLI.run(["search", "hello"], cwd: tmp.path).status == 0)
        let none = try CLI.run(["search", "zebra"], cwd: tmp.path)
        #expect(none.status == 1 && none.stdout.contains("no match"), "\(none.stdout)")
        let zero = try CLI.run(["search", "zebra", "--count"], cwd: tmp.path)
        #expect(zero.status == 1 && zero.stdout == "0\n")
        #expect(try CLI.run(["search", "zebra", "--json"], cwd: tmp.path).status == 1)
        #expect(try CLI.run(["search", "hello (", "--json"], cwd: tmp.path).status == 2, "a bad query")
        #expect(try CLI.run(["search", "hello", "--index", "/nonexistent/idx"], cwd: tmp.path).status == 2)
        #expect(try CLI.run(["search"], cwd: tmp.path).status == 2, "no query")
        #expect(try CLI.run(["frobnicate"], cwd: tmp.path).status == 2, "unknown command")
        #expect(try CLI.run(["index", "nowhere"], cwd: tmp.path).status == 2)
        #expect(try CLI.run(["check"], cwd: tmp.path).status == 0)
        let help = try CLI.run(["--help"], cwd: tmp.path)
        #expect(help.status == 0 && help.stdout.contains("0 found") && help.stdout.contains("1 nothing found") && help.stdout.contains("2 an error"))
        let searchHelp = try CLI.run(["search", "--help"], cwd: tmp.path)
        #expect(searchHelp.stdout.contains("Exit status: 0 when documents matched, 1 when none did, 2 on an error"))
    }

    @Test func jsonIsJSONLinesWithASummary() throws {
        let tmp = try indexed()
        let r = try CLI.run(["search", "hello", "--json", "--limit", "1"], cwd: tmp.path)
        let objects = try r.stdout.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.count == 2, "\(r.stdout)")
        #expect(objects.first?["type"] as? String == "hit" && objects.first?["rank"] as? Int == 1)
        #expect(["ski.txt", "sport.txt"].contains(objects.first?["path"] as? String ?? ""))
        let summary = try #require(objects.last)
        #expect(summary["type"] as? String == "summary")
        #expect(summary["total"] as? Int == 2 && summary["returned"] as? Int == 1 && summary["offset"] as? Int == 0)
        #expect(summary["exact"] is Bool && (summary["milliseconds"] as? Double ?? -1) >= 0, "\(summary)")

        let count = try CLI.run(["search", "hello", "--json", "--count"], cwd: tmp.path)
        let only = try #require(try JSONSerialization.jsonObject(with: Data(count.stdout.utf8)) as? [String: Any], "one summary line: \(count.stdout)")
        #expect(only["total"] as? Int == 2 && only["exact"] as? Bool == true)

        let stats = try CLI.run(["stats", "--json"], cwd: tmp.path)
        let s = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any], "\(stats.stdout)")
        #expect(s["documents"] as? Int == 3 && s["segments"] as? Int == 1 && s["source"] as? String == tmp.path + "/d")
        #expect((s["catalog"] as? [String: Any])?["files"] as? Int == 3)
        let body = try #require((s["fields"] as? [[String: Any]])?.first { $0["name"] as? String == "body" })
        #expect(body["indexed"] as? Bool == true && body["documents"] as? Int == 3)

        let check = try CLI.run(["check", "--json"], cwd: tmp.path)
        let c = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any], "\(check.stdout)")
        #expect(c["ok"] as? Bool == true && c["documents"] as? Int == 3 && check.status == 0)
        // A damaged index: ok false, the error, exit 2.
        let dir = tmp.path + "/Indexes/d"
        let tim = try #require(try FileManager.default.contentsOfDirectory(atPath: dir).first { $0.hasSuffix(".tim") })
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + tim))
        try data.prefix(data.count - 2).write(to: URL(fileURLWithPath: dir + "/" + tim))
        let bad = try CLI.run(["check", "--json"], cwd: tmp.path)
        let b = try #require(try JSONSerialization.jsonObject(with: Data(bad.stdout.utf8)) as? [String: Any], "\(bad.stdout)")
        #expect(bad.status == 2 && b["ok"] as? Bool == false && (b["error"] as? String ?? "").contains(tim))
    }

    @Test func colourOnlyWhenWanted() throws {
        let tmp = try indexed()
        let always = try CLI.run(["search", "hello", "--color", "always"], cwd: tmp.path)
        #expect(always.stdout.contains("\u{1B}[1;33mhello\u{1B}[0m"), "\(always.stdout)")
        let never = try CLI.run(["search", "hello", "--color", "never"], cwd: tmp.path)
        #expect(!never.stdout.contains("\u{1B}") && never.stdout.contains("**hello**"))
        let piped = try CLI.run(["search", "hello"], cwd: tmp.path)
        #expect(!piped.stdout.contains("\u{1B}"), "auto: not a terminal")
        #expect(try CLI.run(["search", "hello", "--color", "sometimes"], cwd: tmp.path).status == 2)
        // On a terminal (util-linux `script` gives the command a pty): colour, unless NO_COLOR or TERM=dumb.
        func onTerminal(_ environment: [String: String]) throws -> String {
            let command = ([CLI.executable, "search", "hello", "--index", tmp.path + "/Indexes/d"]).map { "'\($0)'" }.joined(separator: " ")
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            p.arguments = ["-qec", command, "/dev/null"]
            var env = ProcessInfo.processInfo.environment
            env["NO_COLOR"] = nil
            env["TERM"] = "xterm"
            env.merge(environment) { $1 }
            p.environment = env
            let out = tmp.path + "/pty.out"
            _ = FileManager.default.createFile(atPath: out, contents: nil)
            let h = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
            p.standardOutput = h
            p.standardError = FileHandle.nullDevice
            p.standardInput = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            try h.close()
            return try String(contentsOfFile: out, encoding: .utf8)
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
        let tty = try onTerminal([:])
        #expect(tty.contains("hello") && tty.contains("\u{1B}[1;33m"), "colour on a terminal: \(tty)")
        let noColor = try onTerminal(["NO_COLOR": "1"])
        #expect(noColor.contains("**hello**") && !noColor.contains("\u{1B}["), "\(noColor)")
        let dumb = try onTerminal(["TERM": "dumb"])
        #expect(dumb.contains("**hello**") && !dumb.contains("\u{1B}["), "\(dumb)")
    }

    @Test func versionAndHelpLeadWithWhatUsersNeed() throws {
        let tmp = TempDir()
        let v = try CLI.run(["--version"], cwd: tmp.path)
        #expect(v.status == 0 && v.stdout.split(separator: ".").count == 3, "\(v.stdout)")
        let help = try CLI.run(["search", "--help"], cwd: tmp.path).stdout
        let syntax = try #require(help.range(of: "Query syntax"))
        let options = try #require(help.range(of: "OPTIONS"))
        #expect(syntax.lowerBound < options.lowerBound, "the query syntax comes first")
        let limit = try #require(help.range(of: "--limit")), json = try #require(help.range(of: "--json"))
        let explain = try #require(help.range(of: "--explain"))
        #expect(limit.lowerBound < explain.lowerBound && json.lowerBound < explain.lowerBound, "--limit and --json lead the options")
        for gone in ["--queries", "--reps", "--slowest", "--run"] { #expect(!help.contains(gone), "\(gone) moved to bench") }
        let bench = try CLI.run(["bench", "--help"], cwd: tmp.path).stdout
        for flag in ["--queries", "--index", "--limit", "--run", "--reps", "--slowest"] { #expect(bench.contains(flag), "bench has \(flag)") }
    }

    @Test func benchRunsAQueryFile() throws {
        let tmp = try indexed()
        tmp.write("q.tsv", "1\thello\n2\tand\thello ski\n3\tphrase\tsnow report\nzebra\n")
        let r = try CLI.run(["bench", "--queries", "q.tsv", "--run", "out.trec", "--reps", "2", "--slowest", "2"], cwd: tmp.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("opened the index in") && r.stdout.contains("category  queries   p50 ms   p99 ms"), "\(r.stdout)")
        #expect(r.stdout.contains("slowest queries"), "\(r.stdout)")
        let allLine = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("all") })
        #expect(allLine.split(separator: " ")[1] == "8", "4 queries × 2 timed passes: \(allLine)")
        let run = try String(contentsOfFile: tmp.path + "/out.trec", encoding: .utf8).split(separator: "\n")
        // qid Q0 docid rank score loupe; ".txt" dropped from the docid.
        #expect(run.contains { $0.hasPrefix("2 Q0 ski 1 ") && $0.hasSuffix(" loupe") }, "\(run)")
        #expect(run.contains { $0.hasPrefix("3 Q0 ski 1 ") }, "\(run)")
        #expect(run.filter { $0.hasPrefix("1 Q0 ") }.count == 2 && !run.contains { $0.hasPrefix("4 ") }, "\(run)")
    }

    @Test func benchFiltersSortsAndCountsFacets() throws {
        let tmp = try indexed() // "hello" is in ski.txt (42 bytes) and sport.txt (26 bytes)
        tmp.write("q.tsv", "1\thello\n")
        func bench(_ extra: [String]) throws -> (all: [Substring], run: [Substring]) {
            let r = try CLI.run(["bench", "--queries", "q.tsv", "--run", "out.trec"] + extra, cwd: tmp.path)
            #expect(r.status == 0, "\(r.stderr)")
            let all = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("all") })
            let run = try String(contentsOfFile: tmp.path + "/out.trec", encoding: .utf8).split(separator: "\n")
            return (all.split(separator: " "), run)
        }
        #expect(try bench([]).all.last == "2", "mean matches of the word alone")
        let filtered = try bench(["--filter", "size:<30"])
        #expect(filtered.all.last == "1" && filtered.run.count == 1 && filtered.run[0].hasPrefix("1 Q0 sport 1 "), "\(filtered)")
        let ascending = try bench(["--sort", "size", "--facets", "ext,folder"])
        #expect(ascending.run.map { $0.split(separator: " ")[2] } == ["sport", "ski"], "\(ascending.run)")
        let descending = try bench(["--sort", "-size"])
        #expect(descending.run.map { $0.split(separator: " ")[2] } == ["ski", "sport"], "\(descending.run)")
        let unknown = try CLI.run(["bench", "--queries", "q.tsv", "--facets", "nosuchfield"], cwd: tmp.path)
        #expect(unknown.stderr.contains("nosuchfield"), "an unknown facet field is reported: \(unknown.stderr)")
    }
}
