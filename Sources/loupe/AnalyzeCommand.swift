import ArgumentParser
import Foundation
import Loupe

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

    func run() throws {
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
}
