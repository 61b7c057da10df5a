import LoupeCore

/// A file format's reader: turns a file's bytes into the text, title and fields a document is made
/// of. The registry (`ExtractorRegistry`) picks one per file by what it `claim`s: the file's first
/// bytes (its magic number: `%PDF-`, a zip's `PK`) before its name's extension, so a PDF named
/// `.txt` is read as a PDF and a text file named `.pdf` is not. An app adds a format by conforming a
/// type and registering it; nothing else changes.
public protocol DocumentExtractor: Sendable {
    /// A short stable name (`"pdf"`, `"html"`): what `loupe stats` counts documents by (unless the
    /// extracted text names a finer `format`, as `"docx"`) and, with `version`, what the source
    /// catalog records as having judged a run's files.
    var name: String { get }
    /// Raised whenever the extractor reads files it did not read before, or reads them differently:
    /// a file a former version skipped is then read again by the next run.
    var version: Int { get }
    /// Whether the parser is complex enough (PDF, office files, mail) to run isolated from the
    /// indexer when an isolation is set (`DirectoryIndexer.isolation`).
    var runsIsolated: Bool { get }
    /// Whether the beginning of a file gives the beginning of its text (plain text, HTML, troff):
    /// a first-line title is then read from the first `SourceDocumentReader.titleBytes` alone, and
    /// snippets from the file read again. The text of the other files (PDF, office, compressed) is
    /// stored in the index (`Schema.storedTextField`), so a search never parses them again.
    var readsPrefixes: Bool { get }
    /// How surely this extractor reads the file `probe` describes.
    func claim(_ probe: ExtractionProbe) -> ExtractorClaim
    /// The file's text.
    /// - Throws: an `ExtractionError` (or any error: it becomes the file's warning).
    func extract(_ data: [UInt8], fileName: String, context: ExtractionContext) throws -> ExtractedText
}

extension DocumentExtractor {
    public var runsIsolated: Bool { false }
    public var readsPrefixes: Bool { false }
}

/// What an extractor is shown to claim a file: its name and its first bytes.
public struct ExtractionProbe: Sendable {
    /// The file's name or relative path.
    public var fileName: String
    /// The name's extension, lowercased, without the dot (`""` when none).
    public var fileExtension: String
    /// The first bytes of the file (at most `ExtractionProbe.headLength`).
    public var head: ArraySlice<UInt8>

    /// Bytes of a file shown to the extractors' `claim`.
    package static let headLength = 4096

    package init(fileName: String, data: [UInt8]) {
        self.fileName = fileName
        fileExtension = TextExtractor.extensionOf(fileName)
        head = data.prefix(Self.headLength)
    }

    /// Whether the file starts with `magic`'s bytes.
    public func starts(with magic: [UInt8]) -> Bool { head.starts(with: magic) }
}

/// How surely an extractor reads a file.
public enum ExtractorClaim: Sendable {
    /// Not this extractor's.
    case none
    /// Its extension is one the extractor reads (the content did not say otherwise).
    case fileExtension
    /// Its first bytes are the format's magic number.
    case content

    /// How strong the claim is: a stronger one wins.
    package var strength: Int {
        switch self {
        case .none: return 0
        case .fileExtension: return 1
        case .content: return 2
        }
    }
}

/// What an extraction may use besides the bytes: the registry (a compressed or packed file hands its
/// inner file to it), the limits, and whether a first line stands in for a missing title.
public struct ExtractionContext: Sendable {
    /// The extractors an inner file (of a `.gz`, of an archive) is read with.
    package var registry: ExtractorRegistry
    /// Whether a file without a declared title gets its first line as the title (for display);
    /// indexing passes false, as it stores declared titles only.
    package var firstLines: Bool
    /// The most bytes a compressed file or a packed member may expand to; more is a warning.
    package var maxExpandedBytes: Int
    /// How many containers deep the file is (a `.gz` inside nothing is 0).
    package var depth: Int = 0
    /// The most containers deep a file is read.
    package var maxDepth: Int = 2
    /// The most documents one container (an archive, a mail folder) gives; the rest is a warning.
    package var maxMembers: Int = 10_000
    /// Text recognition of images and of PDF pages without text (nil: off).
    package var ocr: OCROptions? = nil

    public init(registry: ExtractorRegistry = .standard, firstLines: Bool = true, maxExpandedBytes: Int = 64 << 20) {
        self.registry = registry
        self.firstLines = firstLines
        self.maxExpandedBytes = maxExpandedBytes
    }
}

/// Why an extractor gives no text for a file: the file's warning, the run goes on.
public enum ExtractionError: Error, Equatable, Codable, CustomStringConvertible {
    /// The bytes look binary (not text in any encoding tried).
    case binary
    /// The file is damaged or truncated: what the parser said.
    case damaged(String)
    /// The file is encrypted (a PDF with a password).
    case encrypted
    /// Expanding it would exceed the limit (a compression bomb).
    case tooLarge(limit: Int)
    /// A container nested deeper than the limit.
    case tooDeep(limit: Int)
    /// The parser crashed, hung or ran out of memory in its helper process.
    case helperFailed(String)

    public var description: String {
        switch self {
        case .binary: "binary file"
        case let .damaged(why): "damaged file (\(why))"
        case .encrypted: "encrypted, no text to read"
        case let .tooLarge(limit): "expands past the \(limit)-byte limit (a compression bomb?)"
        case let .tooDeep(limit): "nested more than \(limit) containers deep"
        case let .helperFailed(why): "its parser failed (\(why))"
        }
    }
}
