import ArgumentParser
import Foundation
import Loupe

/// `--color auto|always|never`.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

/// How hits are decorated: ANSI colours, or plain `**` markers around matched words.
struct Style {
    let colour: Bool

    /// Colour with `always`; never with `never`; with `auto`, only when stdout is a terminal, `NO_COLOR`
    /// is unset or empty and `TERM` is not `dumb` (https://no-color.org: an explicit flag overrides it).
    init(_ choice: ColorChoice, terminal: Bool = isatty(STDOUT_FILENO) != 0,
         environment: [String: String] = ProcessInfo.processInfo.environment) {
        switch choice {
        case .always: colour = true
        case .never: colour = false
        case .auto: colour = terminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
        }
    }

    var markOpen: String { colour ? "\u{1B}[1;33m" : "**" }
    var markClose: String { colour ? "\u{1B}[0m" : "**" }
    func path(_ s: String) -> String { colour ? "\u{1B}[36m\(s)\u{1B}[0m" : s }
    func title(_ s: String) -> String { colour ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    func dim(_ s: String) -> String { colour ? "\u{1B}[2m\(s)\u{1B}[0m" : s }

    /// The passage with its matched words marked, every piece of text escaped for the terminal
    /// before the markers go in (they are the only escapes printed).
    func marked(_ snippet: Snippet) -> String {
        let bytes = Array(snippet.text.utf8)
        func piece(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self).escapedForTerminal }
        var out = snippet.continuesBefore ? "…" : ""
        var at = 0
        for h in snippet.highlights where h.lowerBound >= at && h.upperBound <= bytes.count {
            out += piece(at..<h.lowerBound) + markOpen + piece(h) + markClose
            at = h.upperBound
        }
        out += piece(at..<bytes.count)
        return out + (snippet.continuesAfter ? "…" : "")
    }
}

/// Whether the progress bar may redraw stderr in place: a terminal that is not `dumb`.
var stderrIsInteractive: Bool {
    isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
}
