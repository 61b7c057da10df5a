import ArgumentParser
import Foundation
import Loupe
@_spi(Benchmarks) import LoupeCore
@_spi(Benchmarks) import LoupeFiles

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show an index's documents, terms, segments, size on disk and last commit."
    )

    @OptionGroup var target: IndexOption

    @Flag(name: .long, help: "One JSON object (the same facts, see the README).")
    var json = false

    /// `loupe stats --json`.
    struct Record: Encodable {
        struct Field: Encodable {
            var name: String
            var indexed: Bool
            var stored: Bool
            /// Documents with the field, and their average length in words (indexed fields only).
            var documents: Int?
            var averageLength: Double?
        }
        struct Catalog: Encodable {
            var files: Int
            var skipped: Int
            var folders: Int
        }
        var index: String
        var source: String?
        var documents: Int
        var terms: Int
        var segments: Int
        var bytes: Int
        var files: Int
        var generation: UInt64
        /// ISO 8601, UTC.
        var committedAt: String
        var catalog: Catalog?
        var catalogProblem: String?
        var fields: [Field]
        /// Documents per language of their text (`null`: not detected), most first.
        var languages: [LanguageCount]
        /// Documents per format they were read as (`pdf`, `docx`, `text`; `null`: not recorded,
        /// indexed by an older build), most first.
        var formats: [FormatCount]

        struct FormatCount: Encodable {
            var format: String?
            var documents: Int
        }

        struct LanguageCount: Encodable {
            var language: String?
            var documents: Int
        }
    }

    func run() throws {
        let path = try target.resolve()
        let s = try reportingErrors { try IndexStatistics(path: path) }
        let (languages, formats) = try reportingErrors {
            let reader = try IndexReader(path: path)
            return (try reader.languageDistribution(), try reader.formatDistribution())
        }
        let committed = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: s.committedAt))
        if json {
            try JSONOutput.print(Record(
                index: path, source: s.source, documents: s.documents, terms: s.terms, segments: s.segments, bytes: s.bytes,
                files: s.files, generation: s.generation, committedAt: committed,
                catalog: s.catalog.map { Record.Catalog(files: $0.files, skipped: $0.skipped, folders: $0.folders) },
                catalogProblem: s.catalogProblem,
                fields: s.fields.map {
                    Record.Field(name: $0.name, indexed: $0.indexed, stored: $0.stored, documents: $0.indexed ? $0.documents : nil,
                                 averageLength: $0.indexed && $0.averageLength.isFinite ? $0.averageLength : nil)
                },
                languages: languages.map { Record.LanguageCount(language: $0.language?.code, documents: $0.documents) },
                formats: formats.map { Record.FormatCount(format: $0.format, documents: $0.documents) }))
            return
        }
        print("index:        " + path.escapedForTerminal)
        if let source = s.source { print("source:       " + source.escapedForTerminal) }
        print("documents:    \(s.documents)")
        print("terms:        \(s.terms) (summed over segments)")
        print("segments:     \(s.segments)")
        print(String(format: "size on disk: %.1f MB (%d files)", Double(s.bytes) / 1_000_000, s.files))
        print("last commit:  generation \(s.generation), \(committed)")
        if let c = s.catalog {
            print("file catalog: \(c.files) files (\(c.skipped) skipped), \(c.folders) folders")
        } else {
            print("file catalog: " + (s.catalogProblem ?? "none (the next `loupe index` reads every file)").escapedForTerminal)
        }
        if !languages.isEmpty {
            print("languages:    " + languages.map { "\($0.language?.code ?? "unknown") \($0.documents)" }.joined(separator: ", "))
        }
        if !formats.isEmpty {
            print("formats:      " + formats.map { "\($0.format?.escapedForTerminal ?? "unrecorded") \($0.documents)" }.joined(separator: ", "))
        }
        for f in s.fields {
            // Document counts and lengths are known for indexed fields only.
            let counts = f.indexed ? String(format: " docs=%d avg length=%.1f", f.documents, f.averageLength) : ""
            print("field " + f.name.escapedForTerminal.padding(toLength: 10, withPad: " ", startingAt: 0) + " "
                  + [f.indexed ? "indexed" : nil, f.stored ? "stored" : nil].compactMap { $0 }.joined(separator: " ") + counts)
        }
    }
}
