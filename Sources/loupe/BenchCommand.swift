import ArgumentParser
import Foundation
import Loupe

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run every query of a file against an index and print latency percentiles.",
        discussion: """
        Each line of the query file is `text`, `qid<TAB>text`, or
        `qid<TAB>or|and|phrase<TAB>words` (the words as alternatives, all
        required, or one phrase). Latencies are reported per category: term (one
        word), or, and, phrase, and all. With --reps N > 1, one untimed pass
        comes first. The run file (--run) has TREC's format: qid Q0 docid rank
        score loupe, the docid being the path without ".txt". --filter adds the
        same filter to every query (`size:[1000 TO 5000]`, `ext:pdf`); --sort and
        --facets sort and count every query's matches as `search` does.
        """
    )

    @Option(name: .long, help: ArgumentHelp("The query file, one query per line.", valueName: "FILE"))
    var queries: String

    @Option(name: .long, help: ArgumentHelp("The index: its name, its path, or the folder it was built from.", valueName: "NAME|PATH|DIR"))
    var index: String?

    @OptionGroup var stemming: StemOptions

    @Option(name: .shortAndLong, help: "Hits per query (0 to 1000000).")
    var limit = 10

    @Option(name: .long, help: "Skip this many hits first (0 to 10000000).")
    var offset = 0

    @Option(name: [.customLong("run")], help: ArgumentHelp("Write a TREC run file (qid Q0 docid rank score loupe).", valueName: "FILE"))
    var runFile: String?

    @Option(name: .long, help: "Timed passes over the query file after one untimed pass (1 to 100000).")
    var reps = 1

    @Option(name: .long, help: ArgumentHelp("List the N slowest queries (median over the passes) with their times.", valueName: "N"))
    var slowest: Int = 0

    @Flag(name: .long, help: "Match words exactly as written (case aside).")
    var exact = false

    @Option(name: .customLong("field"), help: ArgumentHelp("Search words that name no field in FIELD only (repeatable).", valueName: "FIELD"))
    var fields: [String] = []

    @Option(name: .long, help: ArgumentHelp("Add this filter to every query, in the query language (size:<10KB, ext:pdf).", valueName: "QUERY"))
    var filter: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Sort by these fields instead of by score, comma-separated; '-' first for descending (-modified).", valueName: "KEYS"))
    var sort: String?

    @Option(name: .long, help: ArgumentHelp("Count the matches of every query per value of these fields, comma-separated (ext, folder).", valueName: "FIELDS"))
    var facets: String?

    func validate() throws {
        try SearchCommand.validatePaging(limit: limit, offset: offset)
        if reps < 1 || reps > 100_000 { throw ValidationError("--reps must be between 1 and 100000") }
        if slowest < 0 { throw ValidationError("--slowest must be ≥ 0") }
    }

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

    func run() throws {
        let path = try IndexHome().resolve(index)
        try reportingErrors { try runBatch(path: path) }
    }

    private func runBatch(path: String) throws {
        guard let content = try? String(contentsOfFile: queries, encoding: .utf8) else {
            throw LoupeError.io(path: queries, reason: "cannot read the query file")
        }
        let opening = DispatchTime.now().uptimeNanoseconds
        let searcher = try Searcher(path: path)
        stemming.apply(to: searcher)
        let openMs = Double(DispatchTime.now().uptimeNanoseconds - opening) / 1e6
        var runLines: [String] = []
        var latencies: [String: [Double]] = [:]
        var matches: [String: (queries: Int, total: Int)] = [:] // of the first pass
        var perQuery: [Int: [Double]] = [:]
        var failures = 0
        var lines = content.split(whereSeparator: \.isNewline).enumerated().compactMap { Self.parseQueryLine($1, number: $0 + 1) }
        if let filter, !filter.isEmpty {
            lines = lines.map { ($0.qid, $0.category, "\($0.text) \(filter)") }
        }
        var options = SearchOptions(limit: limit, offset: offset, exact: exact, fields: fields.isEmpty ? nil : fields)
        stemming.apply(to: &options)
        options.sort = SearchCommand.list(sort).map(SortField.init(parsing:))
        options.facets = SearchCommand.list(facets).map { FacetRequest.terms($0, top: 10) }
        options.storedFields = ["path"] // a run file needs only the path
        // With --reps N > 1: one untimed warm-up pass (which also writes the run), then N timed passes.
        for pass in 0..<(reps > 1 ? reps + 1 : 1) {
            for (index, q) in lines.enumerated() {
                let start = DispatchTime.now().uptimeNanoseconds
                let results: SearchResults
                do { results = try searcher.search(q.text, options: options) } catch {
                    if pass == 0 {
                        warn("query \(q.qid): \(error)".escapedForTerminal)
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
                if pass == 0 {
                    for c in [q.category, "all"] {
                        matches[c, default: (0, 0)].queries += 1
                        matches[c, default: (0, 0)].total += results.totalHits
                    }
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
        print("category  queries   p50 ms   p99 ms  mean matches")
        for cat in ["term", "or", "and", "phrase", "all"] {
            guard let v = latencies[cat], !v.isEmpty else { continue }
            let m = matches[cat] ?? (0, 0)
            print(String(format: "%-8@ %8d %8.3f %8.3f %13d", cat, v.count, pct(v, 0.5), pct(v, 0.99), m.total / max(1, m.queries)))
        }
        if slowest > 0 {
            let medians = perQuery.map { ($0.key, pct($0.value, 0.5)) }.sorted { $0.1 > $1.1 }
            print("slowest queries (median ms, category, qid, query):")
            for (i, ms) in medians.prefix(slowest) {
                print(String(format: "%8.3f  %@  %@  %@", ms, lines[i].category, lines[i].qid, lines[i].text.escapedForTerminal))
            }
        }
        if failures > 0 { warn("\(failures) queries failed") }
    }
}
