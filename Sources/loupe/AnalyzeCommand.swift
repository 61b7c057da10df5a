import ArgumentParser
import Foundation
import Loupe

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Show the tokens the analyzer makes of TEXT: term, exact form, position, byte offsets.",
        discussion: "Use it to see why a word is or is not found: queries and documents go through the same analysis."
    )

    @Argument(help: "The text to analyze (-: read it from standard input).")
    var text: String

    @Flag(name: .long, help: "One JSON object per token.")
    var json = false

    @Flag(name: .long, help: "Show the languages detected instead: the whole text's, and its passages' (as indexing analyzes them).")
    var languages = false

    @Option(name: .long, help: "The analyzer: standard (every spelling, stems) or simple (words and case folding only).")
    var analyzer = "standard"

    /// `loupe analyze --json`: one per token.
    struct Record: Encodable {
        var term: String
        var exact: String?
        var position: Int
        var start: Int
        var end: Int
        var text: String
    }

    /// `loupe analyze --languages --json`: the text's language, its main language and its passages.
    struct LanguagesRecord: Encodable {
        struct Passage: Encodable {
            var start: Int
            var end: Int
            var language: String?
        }
        var language: String?
        var main: String?
        var passages: [Passage]
    }

    func run() throws {
        var text = self.text
        if text == "-" { text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) }
        if languages { return try showLanguages(text) }
        let analyzer = try reportingErrors { try AnalyzerRegistry().makeAnalyzer(self.analyzer) }
        let tokens = try analyzer.tokens(text)
        let bytes = Array(text.utf8)
        func original(_ t: Token) -> String { String(decoding: bytes[t.startOffset..<t.endOffset], as: UTF8.self) }
        if json {
            for t in tokens {
                try JSONOutput.print(Record(term: t.term, exact: t.exact, position: t.position, start: t.startOffset, end: t.endOffset,
                                            text: original(t)))
            }
            return
        }
        print("pos  bytes      text → term (exact form)")
        for t in tokens {
            print(String(format: "%3d  %4d-%-4d  ", t.position, t.startOffset, t.endOffset) + original(t).escapedForTerminal + " → "
                  + t.term.escapedForTerminal + (t.exact.map { " (" + $0.escapedForTerminal + ")" } ?? ""))
        }
    }

    /// The languages `--languages` shows, detected as indexing detects a body's.
    private func showLanguages(_ text: String) throws {
        let detector = CLD2Detector()
        let found = detector.passages(of: text)
        let count = text.utf8.count
        let starts = found.passages.isEmpty ? [LanguagePassages.Passage(start: 0, language: found.main)] : found.passages
        let passages = starts.enumerated().map { i, p in
            LanguagesRecord.Passage(start: p.start, end: i + 1 < starts.count ? starts[i + 1].start : count, language: p.language?.code)
        }
        let record = LanguagesRecord(language: detector.language(of: text)?.code, main: found.main?.code, passages: passages)
        if json { return try JSONOutput.print(record) }
        print("text:     " + (record.language ?? "unknown"))
        print("main:     " + (record.main ?? "unknown"))
        for p in passages { print(String(format: "%7d-%-7d ", p.start, p.end) + (p.language ?? "unknown")) }
    }
}
