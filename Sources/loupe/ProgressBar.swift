import Foundation
import Loupe

/// A one-line progress bar on stderr, redrawn in place; nothing when stderr is not a terminal.
final class ProgressBar: @unchecked Sendable { // only the indexer's reporter (one thread at a time) and the main thread after the run call it
    let enabled: Bool
    private var shown = false

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ p: DirectoryIndexer.Progress) {
        guard enabled, p.filesTotal > 0 else { return }
        let fraction = Double(p.filesDone) / Double(p.filesTotal)
        let width = 24
        let filled = max(0, min(width, Int(fraction * Double(width))))
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
