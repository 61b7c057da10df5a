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
    /// Read a container's documents (`--members`), resuming after `LENGTH:UNITS` when given.
    @Flag var members = false
    @Option var resume: String? = nil
    @Option var ocr: String?
    @Option var ocrCache: String?

    func run() throws {
        let parts = resume?.split(separator: ":").compactMap { Int($0) } ?? []
        let from = parts.count == 2 ? ContainerResume(length: parts[0], units: parts[1]) : nil
        let status = HelperProcessIsolation.serve(fileName: fileName, cpuSeconds: cpuSeconds, memoryBytes: memoryMB << 20,
                                                  maxExpandedBytes: maxBytes, members: members, resume: from,
                                                  ocr: ocr.map { OCROptions(languages: $0, cacheFolder: ocrCache) })
        if status != 0 { throw ExitCode(status) }
    }
}
