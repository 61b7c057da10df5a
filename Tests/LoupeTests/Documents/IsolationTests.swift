import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// Complex parsers in a helper process: a crash or a hang is the file's warning, the run goes on.
@Suite(.serialized) struct IsolationTests {
    /// A "helper" that is a shell script doing `script` (the file's name is its last argument).
    func helper(_ script: String, timeLimit: Double = 20) -> HelperProcessIsolation {
        var h = HelperProcessIsolation(executable: "/bin/sh", arguments: ["-c", script, "helper"])
        h.timeLimit = timeLimit
        return h
    }

    @Test func aCrashAHangAndGarbageAreWarningsNamingTheFile() throws {
        let dir = TempDir()
        let pdf = MinimalPDF.make(PDFTests.pages, title: "Guide")
        try FileManager.default.createDirectory(atPath: dir.path + "/src", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: dir.path + "/src/a.pdf", contents: Data(pdf)))
        dir.write("src/notes.txt", "aardvark notes in plain text")
        for (script, expected) in [("kill -SEGV $$", "a.pdf: its parser failed (it crashed (signal 11)), skipped"),
                                   ("sleep 30", "a.pdf: its parser failed (no answer within 1 s, stopped), skipped"),
                                   ("echo not json", "a.pdf: its parser failed (exit status 0, no answer), skipped")] {
            var warnings: [String] = []
            var ix = trustingIndexer(dir, full: true)
            ix.isolation = helper(script, timeLimit: 1)
            ix.onWarning = { warnings.append($0) }
            let started = Date()
            let s = try ix.run()
            #expect(s.added == 1 && s.skipped == 1 && s.committed, "\(s)")
            #expect(warnings == [expected])
            #expect(Date().timeIntervalSince(started) < 15, "the hang was stopped")
        }
        // The text file, which runs in process, was indexed each time.
        #expect(try Searcher(path: dir.path + "/idx").count("aardvark") == 1)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset")
                   && FileManager.default.fileExists(atPath: "/proc/self/schedstat")))
    func aHelperSlowedByOtherWorkOnItsCPUIsNotAHang() throws {
        let answer = try JSONEncoder().encode(HelperProcessIsolation.IsolatedResult(
            ExtractedText(title: "Slow", body: "numbat text", titleIsDeclared: true, format: "pdf")))
        let dir = TempDir()
        let file = dir.path + "/answer.json"
        try answer.write(to: URL(fileURLWithPath: file))
        // The helper pins itself to CPU 0 beside five processes spinning there (each stopped by
        // `timeout` if the helper is not there to stop it): it gets a sixth of that CPU. Then about
        // half a second of CPU in its own process (a shell loop), then its answer.
        let script = """
            taskset -p -c 0 $$ >/dev/null; s=""
            for k in 1 2 3 4 5; do taskset -c 0 timeout 30 sh -c 'while :; do :; done' >/dev/null 2>&1 & s="$s $!"; done
            i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; kill $s; cat '\(file)'
            """
        let started = Date()
        let t = try helper(script, timeLimit: 1).extract(Array("%PDF-".utf8), fileName: "slow.pdf")
        let elapsed = Date().timeIntervalSince(started)
        #expect(t.body == "numbat text", "after \(elapsed) s")
        // The system reports a process's wait for a CPU.
        #expect(HelperProcessIsolation.runQueueWait(getpid()) != nil)
        #expect(HelperProcessIsolation.runQueueWait(-1) == nil)
    }

    @Test func theHelpersAnswerIsTheDocument() throws {
        // A helper that answers what `serve` would for the file.
        let answer = try JSONEncoder().encode(HelperProcessIsolation.IsolatedResult(
            ExtractedText(title: "From The Helper", body: "okapi text", titleIsDeclared: true, format: "pdf", fields: ["author": "X"])))
        let dir = TempDir()
        let file = dir.path + "/answer.json"
        try answer.write(to: URL(fileURLWithPath: file))
        let t = try helper("cat '\(file)'").extract(Array("%PDF-".utf8), fileName: "x.pdf")
        #expect(t == ExtractedText(title: "From The Helper", body: "okapi text", titleIsDeclared: true, format: "pdf", fields: ["author": "X"]))
        let encrypted = try JSONEncoder().encode(HelperProcessIsolation.IsolatedResult(error: .encrypted))
        try encrypted.write(to: URL(fileURLWithPath: file))
        #expect(throws: ExtractionError.encrypted) { try helper("cat '\(file)'").extract([1], fileName: "e.pdf") }
    }

    @Test func loupeIndexRunsPDFsInItsHelper() throws {
        let tmp = TempDir()
        try DocumentFixtures.copy(["encrypted.pdf": "locked.pdf", "plan.docx": "plan.docx"], to: tmp)
        #expect(FileManager.default.createFile(atPath: tmp.path + "/src/guide.pdf", contents: Data(MinimalPDF.make(PDFTests.pages, title: "Field Guide"))))
        let idx = try CLI.run(["index", "src"], cwd: tmp.path)
        #expect(idx.status == 0 && idx.stdout.contains("2 added") && idx.stderr.contains("locked.pdf: encrypted, no text to read"),
                "\(idx.stdout) \(idx.stderr)")
        let s = try CLI.run(["search", "walrus OR termites", "--json"], cwd: tmp.path)
        #expect(s.stdout.contains("\"path\":\"guide.pdf\"") && s.stdout.contains("\"title\":\"Quarterly Plan\""), "\(s.stdout)")
    }
}
