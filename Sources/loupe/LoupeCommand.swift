import ArgumentParser
import Foundation
import Loupe

@main
struct LoupeCommand: ParsableCommand {
    /// The CLI's version, printed by `loupe --version`.
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "loupe",
        abstract: "Full-text search for your files, in any language.",
        discussion: """
        Index a folder, then search it:
          loupe index ~/notes            # builds the index "notes"
          loupe search "Mevlüt Çavuşoğlu" --index notes
          loupe list                     # every index, its folder and size

        Indexes live in $LOUPE_HOME, else $XDG_DATA_HOME/loupe, else
        ~/.local/share/loupe.

        Exit status: 0 found (or done), 1 nothing found, 2 an error,
        130 interrupted (Ctrl-C).
        """,
        version: version,
        subcommands: [IndexCommand.self, SearchCommand.self, ListCommand.self, StatsCommand.self, CheckCommand.self,
                      AnalyzeCommand.self, BenchCommand.self, ExtractHelperCommand.self]
    )

    /// Runs the command line with grep's exit codes: a usage error exits with 2 (ArgumentParser's
    /// default is 64), as every other error does.
    static func main() {
        do {
            var command = try parseAsRoot(SearchCommand.placingDashedQueryWords(Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch {
            if exitCode(for: error) == .success || error is ExitCode { exit(withError: error) }
            // The parser's message quotes the offending value as given: escaped line by line.
            warn(fullMessage(for: error).split(separator: "\n", omittingEmptySubsequences: false).map { String($0).escapedForTerminal }.joined(separator: "\n"))
            exit(withError: ExitCode.error)
        }
    }
}

extension ExitCode {
    /// Nothing found (grep's 1).
    static let nothingFound = ExitCode(1)
    /// Any error: a bad option, a missing or damaged index, a failed write (grep's 2).
    static let error = ExitCode(2)
}

/// Prints `message` on stderr.
func warn(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Runs `body`, turning Loupe's errors into a message on stderr and exit code 2.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as LoupeError {
        warn("loupe: " + "\(e)".escapedForTerminal)
        if case .corrupt = e {
            warn("loupe: nothing was changed; `loupe check` verifies every file, `loupe index DIR --full` rebuilds the index")
        }
        throw ExitCode.error
    } catch let e as ExitCode {
        throw e
    } catch {
        warn("loupe: " + "\(error)".escapedForTerminal)
        throw ExitCode.error
    }
}
