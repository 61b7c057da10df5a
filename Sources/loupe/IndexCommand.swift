import ArgumentParser
import Foundation
import Loupe

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index the text files of a directory; run it again to pick up changes.",
        discussion: """
        The first run indexes every text file; later runs index only new and
        changed files and drop removed ones. A killed or failed run leaves the
        last commit intact; Ctrl-C (SIGINT) or SIGTERM stops the run, removes the
        files it wrote and exits with 130 (143). Binary, unreadable and oversized
        files are skipped with a warning. Mail folders (.mbox, .eml) give a
        document per message and attachment (box.mbox#12, box.mbox#12/a.pdf),
        archives (.zip, .tar.gz, …) one per member (docs.zip/inner/a.txt).

        The index goes to the index home ($LOUPE_HOME, else $XDG_DATA_HOME/loupe,
        else ~/.local/share/loupe), never into the folder indexed. It is named
        after the folder (~/notes → notes); when another folder's index has that
        name, the next free notes-2, notes-3, … is used. Running it again on the
        same folder updates the same index.
        """
    )

    @Argument(help: "The directory to index.")
    var directory: String

    @Option(name: .long, help: ArgumentHelp("Where to put the index: a name in the index home, or a path (default: named after DIRECTORY).", valueName: "NAME|PATH"))
    var index: String?

    @Flag(name: .long, help: "Rebuild the index from scratch instead of updating it.")
    var full = false

    @Option(name: .long, help: "MB of in-memory segments before a flush (at most 512 per thread), and of files read and decoded at once (a larger file is read alone); one file's own postings (a 63 MB file of distinct words: ~700 MB) and the commit's merges can go past it (1 to 1048576).")
    var memory = 256

    @Option(name: .long, help: ArgumentHelp("Index only the paths listed in FILE (relative to DIRECTORY, one per line): each is added, updated, or removed when it is gone from disk; other documents are left as they are.", valueName: "FILE"))
    var list: String?

    @Option(name: .long, help: ArgumentHelp("The language of every file (an ISO 639-1 code such as de), for stemming and apostrophes; default: each file's is detected.", valueName: "CODE"))
    var language: Language?

    @Flag(name: .shortAndLong, help: "Print no warnings and no progress.")
    var quiet = false

    @Option(name: .long, help: ArgumentHelp("Read images (PNG, JPEG, TIFF) and PDF pages without text by OCR in these Tesseract languages, e.g. eng+deu (Debian: tesseract-ocr-eng, tesseract-ocr-deu); what was recognized is cached in ~/.cache/loupe/ocr.", valueName: "LANGS"))
    var ocr: String?

    func validate() throws {
        if memory < 1 || memory > 1 << 20 { throw ValidationError("--memory must be between 1 and 1048576 (MB)") }
    }

    func run() throws {
        let (path, note) = IndexHome().target(forFolder: directory, given: index)
        let quiet = self.quiet
        if let note, !quiet { warn("loupe: " + note.escapedForTerminal) }
        let isNew = !IndexHome.isIndex(path)
        if !isNew { IndexHome.warnOfForeignManifests(path) }
        // An index of another folder is not silently replaced by this one's files.
        if !isNew, !full, let owner = IndexHome.source(ofIndex: path), owner != IndexHome.absolute(directory) {
            warn("loupe: " + "\(path) is the index of \(owner), not of \(IndexHome.absolute(directory)): choose another --index, or pass --full to rebuild it from this folder".escapedForTerminal)
            throw ExitCode.error
        }
        var indexer = DirectoryIndexer(source: directory, indexPath: path)
        indexer.full = full
        indexer.language = language
        indexer.flushThresholdBytes = memory << 20
        // PDF, office and e-book parsers run in a helper process: this executable, re-executed.
        var helper = ["extract-helper", "--max-bytes", "\(indexer.maxFileBytes)"]
        if let ocr {
            let options = OCROptions(languages: ocr, cacheFolder: OCROptions.defaultCacheFolder)
            try reportingErrors { try options.validate() }
            indexer.ocr = options
            helper += ["--ocr", ocr, "--ocr-cache", options.cacheFolder!, "--cpu-seconds", "300"]
        }
        if let me = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            indexer.isolation = HelperProcessIsolation(executable: me, arguments: helper + ["--"])
            // OCR of a scanned PDF takes seconds a page.
            if ocr != nil { indexer.isolation?.timeLimit = 300 }
        }
        if let list {
            guard let text = try? String(contentsOfFile: list, encoding: .utf8) else {
                warn("loupe: cannot read the list file " + list.escapedForTerminal)
                throw ExitCode.error
            }
            // Split on the bytes of \n and \r (a Character split cost 0.1 s for 100k paths).
            indexer.list = text.utf8.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }).map { String(decoding: $0, as: UTF8.self) }
        }
        let bar = ProgressBar(enabled: !quiet && stderrIsInteractive)
        indexer.onWarning = { message in
            if !quiet {
                bar.clear()
                warn("warning: " + message.escapedForTerminal)
            }
        }
        indexer.onProgress = { bar.show($0) }
        let interruption = Interruption()
        indexer.isCancelled = { interruption.isRequested }
        let failedWords = Analyzer.failedWords
        let summary = try reportingErrors { () -> DirectoryIndexer.Summary? in
            do { return try indexer.run() } catch is CancellationError { return nil }
        }
        guard let s = summary else {
            bar.clear()
            if isNew { Self.removeEmptyIndex(path) }
            warn("loupe: interrupted: nothing was committed, and the files of this run are removed")
            throw ExitCode(interruption.exitStatus)
        }
        bar.clear()
        if s.committed { Self.holdForATest(interruption) }
        let mb = Double(s.bytes) / 1_000_000
        print(String(format: "%@: %d added, %d updated, %d deleted, %d unchanged, %d skipped; %.1f MB in %.2f s%@",
                     path.escapedForTerminal, s.added, s.updated, s.deleted, s.unchanged, s.skipped, mb, s.seconds,
                     s.committed ? "" : " (nothing to commit)"))
        if !quiet, Analyzer.failedWords > failedWords {
            warn("warning: \(Analyzer.failedWords - failedWords) words were indexed unfolded: ICU failed on them (out of memory?)")
        }
        // A signal that came during the commit, or after it: the commit completed, the run did its work.
        if interruption.isRequested && !quiet {
            warn(s.committed ? "loupe: interrupted after the commit was made: the index holds this run's changes"
                 : "loupe: interrupted after the run was done: nothing needed committing")
        }
    }

    /// A test's way to land a signal after the commit: with `LOUPE_TEST_HOLD_AFTER_COMMIT` set, the
    /// run says so on stderr and waits (at most 30 s) for a signal before it reports.
    static func holdForATest(_ interruption: Interruption) {
        guard ProcessInfo.processInfo.environment["LOUPE_TEST_HOLD_AFTER_COMMIT"] != nil else { return }
        warn("loupe: committed, holding")
        for _ in 0..<3_000 where !interruption.isRequested { usleep(10_000) }
    }

    /// Removes what a stopped first run leaves of a new index: its lock file and the empty folder.
    static func removeEmptyIndex(_ path: String) {
        guard !IndexHome.isIndex(path) else { return }
        // The marker the writer made when it created the folder, and its lock; rmdir then fails
        // (and leaves everything) if anything else is in the folder.
        unlink(path + "/loupe-index")
        unlink(path + "/write.lock")
        rmdir(path)
    }
}
