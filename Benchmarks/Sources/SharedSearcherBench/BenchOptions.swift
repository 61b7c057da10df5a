import Foundation

/// The load test's command line: `SharedSearcherBench --index PATH --corpus DIR --list FILE --queries TSV
/// [--seconds 60] [--tasks 8] [--commit-ms 100] [--docs-per-commit 20] [--refresh refresher|per-query]`.
struct BenchOptions {
    /// What searches call `reopenIfChanged()`.
    enum Refresh: String {
        /// One task of its own, every commit interval (Lucene's reopen thread).
        case refresher
        /// Each search task, before each of its queries.
        case perQuery = "per-query"
    }

    /// An index made by `loupe index CORPUS --list LIST`; the run works on a copy of it.
    var index = ""
    /// The folder the writer reads new documents from: the files of it that `list` does not name.
    var corpus = ""
    var list = ""
    /// `qid<TAB>or|and|phrase<TAB>words` lines (the format of `loupe bench --queries`).
    var queries = ""
    var seconds = 60.0
    var tasks = 8
    var commitMilliseconds = 100.0
    var documentsPerCommit = 20
    var refresh = Refresh.refresher
    /// Where the copy of the index goes (default: next to `index`); removed at the end.
    var work: String? = nil

    static let usage = """
        usage: SharedSearcherBench --index PATH --corpus DIR --list FILE --queries TSV
               [--seconds 60] [--tasks 8] [--commit-ms 100] [--docs-per-commit 20]
               [--refresh refresher|per-query] [--work PATH]
        """

    static func parse(_ arguments: [String]) throws -> BenchOptions {
        var o = BenchOptions()
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < arguments.count else { throw BenchError("\(arguments[i - 1]) needs a value\n\(usage)") }
            return arguments[i]
        }
        func number(_ s: String) throws -> Double {
            guard let d = Double(s), d > 0 else { throw BenchError("not a positive number: \(s)") }
            return d
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--index": o.index = try value()
            case "--corpus": o.corpus = try value()
            case "--list": o.list = try value()
            case "--queries": o.queries = try value()
            case "--work": o.work = try value()
            case "--seconds": o.seconds = try number(value())
            case "--tasks": o.tasks = Int(try number(value()))
            case "--commit-ms": o.commitMilliseconds = try number(value())
            case "--docs-per-commit": o.documentsPerCommit = Int(try number(value()))
            case "--refresh":
                let v = try value()
                guard let r = Refresh(rawValue: v) else { throw BenchError("--refresh is refresher or per-query, not \(v)") }
                o.refresh = r
            case "-h", "--help": throw BenchError(usage)
            default: throw BenchError("unknown argument \(arguments[i])\n\(usage)")
            }
            i += 1
        }
        for (name, v) in [("--index", o.index), ("--corpus", o.corpus), ("--list", o.list), ("--queries", o.queries)] where v.isEmpty {
            throw BenchError("\(name) is required\n\(usage)")
        }
        return o
    }

    /// The query file's lines in query syntax (`loupe bench`'s reading: and → `+w`, phrase → quoted).
    func queryTexts() throws -> [String] {
        guard let content = try? String(contentsOfFile: queries, encoding: .utf8) else { throw BenchError("cannot read \(queries)") }
        return content.split(whereSeparator: \.isNewline).compactMap { line in
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            let mode = parts.count >= 3 ? String(parts[1]) : "or"
            let words = (parts.count >= 3 ? parts[2...].joined(separator: " ") : String(parts.last ?? "")).split(whereSeparator: \.isWhitespace)
            if words.isEmpty { return nil }
            switch mode {
            case "and": return words.map { "+" + $0 }.joined(separator: " ")
            case "phrase": return "\"" + words.joined(separator: " ") + "\""
            default: return words.joined(separator: " ")
            }
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
