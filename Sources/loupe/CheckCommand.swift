import ArgumentParser
import Foundation
import Loupe
@_spi(Benchmarks) import LoupeCore
@_spi(Benchmarks) import LoupeFiles

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify every file of an index (checksums included).",
        discussion: "Exit status: 0 when the index is sound, 2 when a file is damaged or cannot be read."
    )

    @OptionGroup var target: IndexOption

    @Flag(help: "Also decode every posting, position and stored document and cross-check them with the norms, deletions and manifest.")
    var deep = false

    @Flag(name: .long, help: "One JSON object: ok, and the counts or the error.")
    var json = false

    /// `loupe check --json`.
    struct Record: Encodable {
        var index: String
        var ok: Bool
        var documents: Int?
        var segments: Int?
        var generation: UInt64?
        /// What is damaged, when `ok` is false.
        var error: String?
    }

    func run() throws {
        let path = try target.resolve()
        guard json else {
            try reportingErrors {
                let reader = try IndexReader(path: path)
                try verify(reader)
                print("ok: \(reader.documentCount) documents in \(reader.segments.count) segment(s), generation \(reader.manifest.generation)")
            }
            return
        }
        do {
            let reader = try IndexReader(path: path)
            try verify(reader)
            try JSONOutput.print(Record(index: path, ok: true, documents: reader.documentCount, segments: reader.segments.count,
                                        generation: reader.manifest.generation))
        } catch {
            try JSONOutput.print(Record(index: path, ok: false, error: "\(error)"))
            throw ExitCode.error
        }
    }

    private func verify(_ reader: IndexReader) throws {
        if deep { _ = try reader.verifyDeep() } else { try reader.verifyChecksums() }
    }
}
