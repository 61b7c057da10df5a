import ArgumentParser
import Foundation
import Loupe
@_spi(Benchmarks) import LoupeCore
@_spi(Benchmarks) import LoupeFiles

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the indexes of the index home: name, documents, size, last commit, source folder.",
        discussion: "The index home is $LOUPE_HOME, else $XDG_DATA_HOME/loupe, else ~/.local/share/loupe."
    )

    @Flag(name: .long, help: "One JSON object per index.")
    var json = false

    /// `loupe list --json`: one per index.
    struct Record: Encodable {
        var name: String
        var path: String
        var source: String?
        var documents: Int?
        var bytes: Int?
        var generation: UInt64?
        /// ISO 8601, UTC.
        var committedAt: String?
        /// Why the index could not be read, when it cannot.
        var error: String?
    }

    func run() throws {
        let home = IndexHome()
        let records = home.entries().map { e -> Record in
            do {
                let s = try IndexStatistics(path: e.path)
                return Record(name: e.name, path: e.path, source: s.source, documents: s.documents, bytes: s.bytes, generation: s.generation,
                              committedAt: ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: s.committedAt)))
            } catch {
                return Record(name: e.name, path: e.path, source: e.source, error: "\(error)")
            }
        }
        if json {
            for r in records { try JSONOutput.print(r) }
            return
        }
        if records.isEmpty {
            warn("loupe: no index in " + home.path.escapedForTerminal + " yet: `loupe index DIR` makes one")
            return
        }
        let width = max(4, records.map { $0.name.escapedForTerminal.count }.max() ?? 0)
        print("NAME".padding(toLength: width, withPad: " ", startingAt: 0) + "  DOCUMENTS      SIZE  LAST COMMIT           SOURCE")
        for r in records {
            let name = r.name.escapedForTerminal.padding(toLength: width, withPad: " ", startingAt: 0)
            if let error = r.error {
                print(name + "  damaged: " + error.escapedForTerminal)
                continue
            }
            print(name + "  " + String(format: "%9d %7.1f MB  ", r.documents ?? 0, Double(r.bytes ?? 0) / 1_000_000)
                  + (r.committedAt ?? "").padding(toLength: 20, withPad: " ", startingAt: 0) + "  " + (r.source ?? "-").escapedForTerminal)
        }
        print("in " + home.path.escapedForTerminal)
    }
}
