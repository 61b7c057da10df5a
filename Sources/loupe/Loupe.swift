import ArgumentParser
import Foundation
import Loupe

@main
struct LoupeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loupe",
        abstract: "Full-text search for your files, in any language.",
        discussion: """
        Index a folder, then search it:
          loupe index ~/notes            # builds Indexes/notes
          loupe search "Mevlüt Çavuşoğlu" --index notes
        """,
        subcommands: [IndexCommand.self, SearchCommand.self, StatsCommand.self, AnalyzeCommand.self, CheckCommand.self]
    )
}

/// Prints `message` on stderr.
func warn(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Runs `body`, turning Loupe's errors into a message on stderr and exit code 1.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as LoupeError {
        warn("loupe: \(e)")
        if case .corrupt = e {
            warn("loupe: nothing was changed; `loupe check` verifies every file, `loupe index DIR --full` rebuilds the index")
        }
        throw ExitCode.failure
    } catch let e as ExitCode {
        throw e
    } catch {
        warn("loupe: \(error)")
        throw ExitCode.failure
    }
}

/// Where indexes live when `--index` is not given.
let defaultIndexRoot = "Indexes"

/// Resolves `--index`: a path when it contains '/', else a name under `Indexes/` if that exists, else
/// a path; with no value, the only index under `Indexes/`.
func resolveIndex(_ given: String?) throws -> String {
    let fm = FileManager.default
    if let given {
        if given.contains("/") { return given }
        let named = defaultIndexRoot + "/" + given
        return fm.fileExists(atPath: named) ? named : given
    }
    let names = ((try? fm.contentsOfDirectory(atPath: defaultIndexRoot)) ?? [])
        .filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted()
    if names.count == 1 { return defaultIndexRoot + "/" + names[0] }
    if names.isEmpty {
        warn("loupe: no index yet: run `loupe index DIR` first, or pass --index PATH")
    } else {
        warn("loupe: several indexes in \(defaultIndexRoot)/ (\(names.joined(separator: ", "))): choose one with --index NAME")
    }
    throw ExitCode.failure
}

/// `--index` for the commands that read an index (stats, check).
struct IndexOption: ParsableArguments {
    @Option(name: .long, help: "The index: a path, or a name under Indexes/ (default: the only one there).")
    var index: String?

    func resolve() throws -> String { try resolveIndex(index) }
}

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index the text files of a directory; run it again to pick up changes.",
        discussion: """
        The first run indexes every text file; later runs index only new and changed files and drop
        removed ones. A killed or failed run leaves the last commit intact. Binary, unreadable and
        oversized files are skipped with a warning.
        """
    )

    @Argument(help: "The directory to index.")
    var directory: String

    @Option(name: .long, help: "Where to put the index (default: Indexes/<name of DIRECTORY>).")
    var index: String?

    @Flag(name: .long, help: "Rebuild the index from scratch instead of updating it.")
    var full = false

    @Option(name: .long, help: "Memory for buffered documents before a segment is written, in MB.")
    var memory = 256

    @Option(name: .long, help: ArgumentHelp("Index only the paths listed in FILE (relative to DIRECTORY, one per line).", valueName: "FILE"))
    var list: String?

    @Flag(name: .shortAndLong, help: "Print no warnings and no progress.")
    var quiet = false

    func validate() throws {
        if memory < 1 { throw ValidationError("--memory must be at least 1 (MB)") }
    }

    func run() throws {
        let name = URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent
        let path = index ?? defaultIndexRoot + "/" + name
        var indexer = DirectoryIndexer(source: directory, indexPath: path)
        indexer.full = full
        indexer.flushThresholdBytes = memory << 20
        if let list {
            guard let text = try? String(contentsOfFile: list, encoding: .utf8) else {
                warn("loupe: cannot read the list file \(list)")
                throw ExitCode.failure
            }
            // Split on the bytes of \n and \r (a Character split cost 0.1 s for 100k paths).
            indexer.list = text.utf8.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }).map { String(decoding: $0, as: UTF8.self) }
        }
        let quiet = self.quiet
        let bar = ProgressBar(enabled: !quiet && isatty(STDERR_FILENO) != 0)
        indexer.onWarning = { message in
            if !quiet {
                bar.clear()
                warn("warning: \(message)")
            }
        }
        indexer.onProgress = { bar.show($0) }
        let s = try reportingErrors { try indexer.run() }
        bar.clear()
        let mb = Double(s.bytes) / 1_000_000
        print(String(format: "%@: %d added, %d updated, %d deleted, %d unchanged, %d skipped; %.1f MB in %.2f s%@",
                     path, s.added, s.updated, s.deleted, s.unchanged, s.skipped, mb, s.seconds, s.committed ? "" : " (nothing to commit)"))
    }
}

/// A one-line progress bar on stderr, redrawn in place; nothing when stderr is not a terminal.
final class ProgressBar: @unchecked Sendable {
    let enabled: Bool
    private var shown = false

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ p: DirectoryIndexer.Progress) {
        guard enabled, p.filesTotal > 0 else { return }
        let fraction = Double(p.filesDone) / Double(p.filesTotal)
        let width = 24
        let filled = Int(fraction * Double(width))
        let rate = p.seconds > 0 ? Double(p.filesDone) / p.seconds : 0
        let eta = rate > 0 ? Double(p.filesTotal - p.filesDone) / rate : 0
        let line = String(format: "\r[%@%@] %d/%d files  %.1f MB  %.0f files/s  ETA %.0fs ",
                          String(repeating: "#", count: filled), String(repeating: ".", count: width - filled),
                          p.filesDone, p.filesTotal, Double(p.bytesIndexed) / 1_000_000, rate, eta)
        FileHandle.standardError.write(Data(line.utf8))
        shown = true
    }

    func clear() {
        guard enabled, shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        shown = false
    }
}

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search an index; prints rank, score, path and title of the best hits.",
        discussion: """
        Query syntax:
          cavusoglu moskva        either word (ranked: documents with both come first)
          +required -excluded     must contain / must not contain
          a AND b, a OR b, NOT a  boolean operators (capitals), with ( ) to group
          "exact phrase"          words in this order, side by side
          pref*                   words starting with "pref"
          title:word path:word    search one field (fields: path, title, body)
          word^2                  weigh a word twice as much
          word~1                  words within 1 (or 2) edits: typos
        Accents, case and script do not matter: "mevlut" finds "Mevlüt", "moskva" finds "Москва";
        a query written with accents or in the original script ranks that exact spelling first.
        --exact turns folding off: "Çavuşoğlu" then finds only "Çavuşoğlu".

        Examples:
          loupe search 'moskva'                        # finds Москва, Moskva, MOSKVA
          loupe search '+"foreign minister" -sport'    # phrase required, a word excluded
          loupe search 'title:(install OR setup) linux*'
          loupe search 'Çavuşoğlu' --exact --json
        """
    )

    @Argument(help: "The query (omit it with --queries).")
    var query: String?

    @Option(name: .long, help: ArgumentHelp("Run every query of FILE (one per line: `text`, `qid<TAB>text` or `qid<TAB>or|and|phrase<TAB>words`) and print latency percentiles.", valueName: "FILE"))
    var queries: String?

    @Option(name: .long, help: "With --queries: timed passes over the query file after one untimed pass.")
    var reps = 1

    @Option(name: .long, help: ArgumentHelp("With --queries: list the N slowest queries (median over the passes) with their times.", valueName: "N"))
    var slowest: Int = 0

    @Option(name: [.customLong("run")], help: ArgumentHelp("With --queries: write a TREC run file (qid Q0 docid rank score loupe).", valueName: "FILE"))
    var runFile: String?

    @Option(name: .long, help: "The index: a path, or a name under Indexes/ (default: the only one there).")
    var index: String?

    @Option(name: .shortAndLong, help: "How many hits to show.")
    var limit = 10

    @Option(name: .long, help: "Skip this many hits first (paging).")
    var offset = 0

    @Flag(name: .long, help: "One JSON object per hit, one per line.")
    var json = false

    @Flag(name: .long, help: "Print only the number of matching documents.")
    var count = false

    @Flag(name: .long, help: "Match words exactly as written (case aside): no transliteration, no accent folding.")
    var exact = false

    @Flag(name: .long, help: "Show the BM25 parts of each hit's score, per term and field.")
    var explain = false

    @Option(name: .long, help: "Passages shown per hit (0: none).")
    var snippets = 1

    @Option(name: .customLong("field"), help: ArgumentHelp("Search words that name no field in FIELD only (repeatable; default: every indexed field, e.g. path, title and body).", valueName: "FIELD"))
    var fields: [String] = []

    /// `--field` as `SearchOptions.fields` (nil: every indexed field).
    private var fieldOption: [String]? { fields.isEmpty ? nil : fields }

    func validate() throws {
        if queries != nil {
            if query != nil { throw ValidationError("give either a query or --queries FILE, not both") }
            return
        }
        if runFile != nil { throw ValidationError("--run needs --queries FILE") }
        guard let query else { throw ValidationError("give a query, e.g. loupe search \"moskva\"") }
        if query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("the query is empty: give at least one word, e.g. loupe search \"moskva\"")
        }
        if limit < 0 || offset < 0 { throw ValidationError("--limit and --offset must be ≥ 0") }
    }

    struct JSONHit: Codable {
        struct Passage: Codable {
            var text: String
            /// Byte offsets of the passage in the document's text.
            var start: Int
            var end: Int
            /// Byte offsets `[start, end]` of each highlighted word within `text`.
            var highlights: [[Int]]
            /// Byte offsets `[start, end]` of each highlighted word in the document's text.
            var documentHighlights: [[Int]]
        }
        var rank: Int
        var score: Float
        var path: String
        var title: String
        var snippets: [Passage]
        var explanation: [ScoreExplanation]?
    }

    func run() throws {
        let path = try resolveIndex(index)
        if let queries {
            try reportingErrors { try runBatch(path: path, file: queries) }
            return
        }
        let query = self.query!
        let files = FileTexts()
        let results = try reportingErrors { () -> SearchResults in
            let searcher = try Searcher(path: path)
            var options = SearchOptions(limit: count ? 0 : limit, offset: offset, exact: exact,
                                        fields: fieldOption,
                                        snippets: count ? 0 : snippets, explain: explain)
            files.source = searcher.reader.manifest.userData["source"]
            if files.source != nil { options.snippetSource = { hit in hit.path.flatMap { files.text(of: $0)?.body } } }
            return try searcher.search(query, options: options)
        }
        /// The stored title, else (files without a declared one) the file's first line, read now.
        func title(_ h: SearchHit) -> String {
            if let t = h.title { return t }
            return h.path.flatMap { files.text(of: $0)?.title } ?? ""
        }
        if count {
            print(results.totalHits)
            return
        }
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for (i, h) in results.hits.enumerated() {
                let hit = JSONHit(
                    rank: offset + i + 1, score: h.score, path: h.path ?? "", title: title(h),
                    snippets: h.snippets.map {
                        .init(text: $0.text, start: $0.start, end: $0.end, highlights: $0.highlights.map { [$0.lowerBound, $0.upperBound] },
                              documentHighlights: $0.documentHighlights.map { [$0.lowerBound, $0.upperBound] })
                    },
                    explanation: explain ? h.explanation : nil)
                print(String(decoding: try enc.encode(hit), as: UTF8.self))
            }
            return
        }
        if results.hits.isEmpty {
            print("no match for \(query)")
            return
        }
        let style = Style(terminal: isatty(STDOUT_FILENO) != 0)
        for (i, h) in results.hits.enumerated() {
            print(String(format: "%3d  %7.3f  ", offset + i + 1, h.score) + style.path(h.path ?? "?"))
            let title = title(h)
            if !title.isEmpty { print("              " + style.title(title)) }
            for s in h.snippets {
                let text = (s.continuesBefore ? "…" : "") + s.marked(open: style.markOpen, close: style.markClose) + (s.continuesAfter ? "…" : "")
                print("              " + text)
            }
            for part in h.explanation { print("              " + style.dim(part.description)) }
        }
        if results.totalHitsIsExact {
            print("\(results.totalHits) matching document\(results.totalHits == 1 ? "" : "s")")
        } else {
            print("at least \(results.totalHits) matching document\(results.totalHits == 1 ? "" : "s") (--count gives the exact number)")
        }
    }
}

extension SearchCommand {
    /// One line of a query file, turned into query syntax.
    static func parseQueryLine(_ line: Substring, number: Int) -> (qid: String, category: String, text: String)? {
        let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        let qid: String, mode: String, words: String
        switch parts.count {
        case 1: (qid, mode, words) = (String(number), "or", parts[0])
        case 2: (qid, mode, words) = (parts[0], "or", parts[1])
        default: (qid, mode, words) = (parts[0], parts[1], parts[2...].joined(separator: " "))
        }
        let list = words.split(whereSeparator: \.isWhitespace)
        if list.isEmpty { return nil }
        let text: String
        switch mode {
        case "and": text = list.map { "+" + $0 }.joined(separator: " ")
        case "phrase": text = "\"" + list.joined(separator: " ") + "\""
        default: text = words
        }
        return (qid, list.count == 1 ? "term" : mode, text)
    }

    func runBatch(path: String, file: String) throws {
        guard let content = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw LoupeError.io(path: file, reason: "cannot read the query file")
        }
        let opening = DispatchTime.now().uptimeNanoseconds
        let searcher = try Searcher(path: path)
        let openMs = Double(DispatchTime.now().uptimeNanoseconds - opening) / 1e6
        var runLines: [String] = []
        var latencies: [String: [Double]] = [:]
        var perQuery: [Int: [Double]] = [:]
        var failures = 0
        let lines = content.split(whereSeparator: \.isNewline).enumerated().compactMap { Self.parseQueryLine($1, number: $0 + 1) }
        var batchOptions = SearchOptions(limit: limit, offset: offset, exact: exact, fields: fieldOption)
        batchOptions.storedFields = ["path"] // a run file needs only the path
        // With --reps N > 1: one untimed warm-up pass (which also writes the run), then N timed passes.
        for pass in 0..<(reps > 1 ? reps + 1 : 1) {
          for (index, q) in lines.enumerated() {
            let start = DispatchTime.now().uptimeNanoseconds
            let results: SearchResults
            do { results = try searcher.search(q.text, options: batchOptions) } catch {
                if pass == 0 {
                    warn("query \(q.qid): \(error)")
                    failures += 1
                }
                continue
            }
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            if reps <= 1 || pass > 0 {
                latencies[q.category, default: []].append(ms)
                latencies["all", default: []].append(ms)
                perQuery[index, default: []].append(ms)
            }
            if runFile != nil && pass == 0 {
                for (rank, h) in results.hits.enumerated() {
                    var docid = h.path ?? String(h.doc)
                    if docid.hasSuffix(".txt") { docid.removeLast(4) }
                    runLines.append("\(q.qid) Q0 \(docid) \(rank + 1) \(h.score) loupe")
                }
            }
          }
        }
        if let run = runFile {
            let text = runLines.joined(separator: "\n") + (runLines.isEmpty ? "" : "\n")
            do { try text.write(toFile: run, atomically: true, encoding: .utf8) } catch {
                throw LoupeError.io(path: run, reason: "cannot write the run file")
            }
        }
        func pct(_ v: [Double], _ p: Double) -> Double {
            let s = v.sorted()
            return s[min(s.count - 1, Int((Double(s.count - 1) * p).rounded()))]
        }
        print(String(format: "opened the index in %.2f ms", openMs))
        print("category  queries   p50 ms   p99 ms")
        for cat in ["term", "or", "and", "phrase", "all"] {
            guard let v = latencies[cat], !v.isEmpty else { continue }
            print(String(format: "%-8@ %8d %8.3f %8.3f", cat, v.count, pct(v, 0.5), pct(v, 0.99)))
        }
        if slowest > 0 {
            let medians = perQuery.map { ($0.key, pct($0.value, 0.5)) }.sorted { $0.1 > $1.1 }
            print("slowest queries (median ms, category, qid, query):")
            for (i, ms) in medians.prefix(slowest) {
                print(String(format: "%8.3f  %@  %@  %@", ms, lines[i].category, lines[i].qid, lines[i].text))
            }
        }
        if failures > 0 { warn("\(failures) queries failed") }
    }
}

/// The hits' files read again from the indexed folder, each once: its body for the snippets, its
/// first line for the title of a file that declares none.
final class FileTexts: @unchecked Sendable {
    var source: String?
    private var read: [String: ExtractedText?] = [:]
    private let lock = NSLock()

    func text(of path: String) -> ExtractedText? {
        guard let source else { return nil }
        lock.lock()
        defer { lock.unlock() }
        if let hit = read[path] { return hit }
        let text = DirectoryIndexer.extractedText(source: source, path: path)
        read[path] = .some(text)
        return text
    }
}

/// How hits are decorated: ANSI colours on a terminal, plain markers when piped.
struct Style {
    let terminal: Bool
    var markOpen: String { terminal ? "\u{1B}[1;33m" : "**" }
    var markClose: String { terminal ? "\u{1B}[0m" : "**" }
    func path(_ s: String) -> String { terminal ? "\u{1B}[36m\(s)\u{1B}[0m" : s }
    func title(_ s: String) -> String { terminal ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    func dim(_ s: String) -> String { terminal ? "\u{1B}[2m\(s)\u{1B}[0m" : s }
}

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show an index's documents, terms, segments, size on disk and last commit."
    )

    @OptionGroup var target: IndexOption

    func run() throws {
        let path = try target.resolve()
        try reportingErrors {
            let s = try IndexStatistics(path: path)
            print("index:        \(path)")
            if let source = s.source { print("source:       \(source)") }
            print("documents:    \(s.documents)")
            print("terms:        \(s.terms) (summed over segments)")
            print("segments:     \(s.segments)")
            print(String(format: "size on disk: %.1f MB (%d files)", Double(s.bytes) / 1_000_000, s.files))
            let date = Date(timeIntervalSince1970: s.committedAt)
            print("last commit:  generation \(s.generation), \(ISO8601DateFormatter().string(from: date))")
            if let c = s.catalog {
                print("file catalog: \(c.files) files (\(c.skipped) skipped), \(c.folders) folders")
            } else {
                print("file catalog: " + (s.catalogProblem ?? "none (the next `loupe index` reads every file)"))
            }
            for f in s.fields {
                // Document counts and lengths are known for indexed fields only.
                let counts = f.indexed ? String(format: " docs=%d avg length=%.1f", f.documents, f.averageLength) : ""
                print("field " + f.name.padding(toLength: 10, withPad: " ", startingAt: 0) + " "
                      + [f.indexed ? "indexed" : nil, f.stored ? "stored" : nil].compactMap { $0 }.joined(separator: " ") + counts)
            }
        }
    }
}

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Show the tokens the analyzer makes of TEXT: term, exact form, position, byte offsets.",
        discussion: "Use it to see why a word is or is not found: queries and documents go through the same analysis."
    )

    @Argument(help: "The text to analyze.")
    var text: String

    @Flag(name: .long, help: "One JSON object per token.")
    var json = false

    func run() throws {
        let analyzer = try reportingErrors { try Analyzer.standard() }
        let tokens = analyzer.tokens(text)
        let bytes = Array(text.utf8)
        if json {
            for t in tokens {
                var obj: [String: Any] = ["term": t.term, "position": t.position, "start": t.startOffset, "end": t.endOffset,
                                          "text": String(decoding: bytes[t.startOffset..<t.endOffset], as: UTF8.self)]
                if let e = t.exact { obj["exact"] = e }
                let data = try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: data, as: UTF8.self))
            }
            return
        }
        print("pos  bytes      text → term (exact form)")
        for t in tokens {
            let original = String(decoding: bytes[t.startOffset..<t.endOffset], as: UTF8.self)
            print(String(format: "%3d  %4d-%-4d  ", t.position, t.startOffset, t.endOffset) + original + " → " + t.term + (t.exact.map { " (" + $0 + ")" } ?? ""))
        }
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify every file of an index (checksums included)."
    )

    @OptionGroup var target: IndexOption
    @Flag(help: "Also decode every posting, position and stored document and cross-check them with the norms, deletions and manifest.")
    var deep = false

    func run() throws {
        let path = try target.resolve()
        try reportingErrors {
            let reader = try IndexReader(path: path)
            if deep { _ = try reader.verifyDeep() } else { try reader.verifyChecksums() }
            print("ok: \(reader.documentCount) documents in \(reader.segments.count) segment(s), generation \(reader.manifest.generation)")
        }
    }
}
