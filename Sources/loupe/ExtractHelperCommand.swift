import ArgumentParser
import Foundation
import Loupe

/// `loupe extract-helper NAME`: the helper process `loupe index` runs a complex file's parser in
/// (`HelperProcessIsolation`). Not for people: hidden from the help.
struct ExtractHelperCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract-helper",
        abstract: "Extract one file's text from stdin as JSON (used by `loupe index`).",
        shouldDisplay: false
    )

    @Argument var fileName: String
    @Option var cpuSeconds = 60
    @Option var memoryMB = 2048
    @Option var maxBytes = 64 << 20
    @Option var ocr: String?
    @Option var ocrCache: String?

    func run() throws {
        let status = HelperProcessIsolation.serve(fileName: fileName, cpuSeconds: cpuSeconds, memoryBytes: memoryMB << 20,
                                                  maxExpandedBytes: maxBytes,
                                                  ocr: ocr.map { OCROptions(languages: $0, cacheFolder: ocrCache) })
        if status != 0 { throw ExitCode(status) }
    }
}
