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
        subcommands: [IndexCommand.self, SearchCommand.self, CheckCommand.self]
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

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index the text files of a directory (rebuilds the index)."
    )

    @Argument(help: "The directory to index.")
    var directory: String

    @Option(name: .long, help: "Where to put the index (default: Indexes/<name of DIRECTORY>).")
    var index: String?

    @Flag(name: .shortAndLong, help: "Print no warnings.")
    var quiet = false

    func run() throws {
        let name = URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent
        let path = index ?? defaultIndexRoot + "/" + name
        var indexer = DirectoryIndexer(source: directory, indexPath: path)
        let quiet = self.quiet
        indexer.onWarning = { if !quiet { warn("warning: \($0)") } }
        let s = try reportingErrors { try indexer.run() }
        let mb = Double(s.bytes) / 1_000_000
        print(String(format: "indexed %d files (%.1f MB) into %@ in %.2f s; skipped %d", s.indexed, mb, path, s.seconds, s.skipped))
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
        Accents, case and script do not matter: "mevlut" finds "Mevlüt", "moskva" finds "Москва".
        """
    )

    @Argument(help: "The query.")
    var query: String

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

    func validate() throws {
        if query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("the query is empty: give at least one word, e.g. loupe search \"moskva\"")
        }
        if limit < 0 || offset < 0 { throw ValidationError("--limit and --offset must be ≥ 0") }
    }

    struct JSONHit: Codable {
        var rank: Int
        var score: Float
        var path: String
        var title: String
    }

    func run() throws {
        let path = try resolveIndex(index)
        let results = try reportingErrors { () -> SearchResults in
            let searcher = try Searcher(path: path)
            return try searcher.search(query, limit: count ? 0 : limit, offset: offset)
        }
        if count {
            print(results.totalHits)
            return
        }
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for (i, h) in results.hits.enumerated() {
                let line = try enc.encode(JSONHit(rank: offset + i + 1, score: h.score, path: h.path ?? "", title: h.title ?? ""))
                print(String(decoding: line, as: UTF8.self))
            }
            return
        }
        if results.hits.isEmpty {
            print("no match for \(query)")
            return
        }
        for (i, h) in results.hits.enumerated() {
            print(String(format: "%3d  %7.3f  ", offset + i + 1, h.score) + (h.path ?? "?") + "  " + (h.title ?? ""))
        }
        print("\(results.totalHits) matching document\(results.totalHits == 1 ? "" : "s")")
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify every file of an index (checksums included)."
    )

    @Option(name: .long, help: "The index: a path, or a name under Indexes/.")
    var index: String?

    func run() throws {
        let path = try resolveIndex(index)
        try reportingErrors {
            let reader = try IndexReader(path: path)
            try reader.verifyChecksums()
            print("ok: \(reader.documentCount) documents in \(reader.segments.count) segment(s), generation \(reader.manifest.generation)")
        }
    }
}
