import LoupeCore

/// The formats Loupe reads, each a `DocumentExtractor`; one is picked per file. The extractor with the
/// strongest claim on a file wins (its magic bytes over its extension); among equal claims, the one
/// registered last (an app's own before the built-in ones). A file nobody claims is read as plain
/// text (`PlainTextExtractor`), which rejects binary bytes.
///
/// ```swift
/// var registry = ExtractorRegistry.standard
/// registry.register(MyRTFExtractor())
/// var indexer = DirectoryIndexer(source: "docs", indexPath: "idx")
/// indexer.extractors = registry
/// ```
public struct ExtractorRegistry: Sendable {
    /// In registration order.
    package private(set) var extractors: [any DocumentExtractor]
    /// What reads a file nobody claims.
    package var fallback: any DocumentExtractor

    /// A registry of `extractors` (later ones win ties) and `fallback` (nil: the built-in plain text).
    public init(_ extractors: [any DocumentExtractor], fallback: (any DocumentExtractor)? = nil) {
        self.extractors = extractors
        self.fallback = fallback ?? PlainTextExtractor()
    }

    /// Every format this build reads.
    public static let standard = ExtractorRegistry(builtIn)

    /// The built-in extractors, in registration order.
    static var builtIn: [any DocumentExtractor] {
        [MarkdownExtractor(), HTMLExtractor(), ManPageExtractor(), CompressedExtractor(), PDFExtractor(),
         OfficeOpenXMLExtractor(), OpenDocumentExtractor(), EPUBExtractor(), ArchiveExtractor(), MailExtractor()]
    }

    /// This registry with images (PNG, JPEG, TIFF) read: by OCR, which the extraction's context must
    /// turn on (`ExtractionContext.ocr`).
    package func withImages() -> ExtractorRegistry {
        var r = self
        if !r.extractors.contains(where: { $0.name == ImageExtractor().name }) { r.register(ImageExtractor()) }
        return r
    }

    /// Adds `extractor`; it wins ties with those registered before it. One with the name of a
    /// registered extractor replaces it.
    public mutating func register(_ extractor: any DocumentExtractor) {
        extractors.removeAll { $0.name == extractor.name }
        extractors.append(extractor)
    }

    /// The extractor for the file `probe` describes.
    /// - Complexity: one `claim` per registered extractor.
    package func extractor(for probe: ExtractionProbe) -> any DocumentExtractor {
        var best: (any DocumentExtractor)? = nil
        var bestClaim = ExtractorClaim.none
        for e in extractors {
            let c = e.claim(probe)
            if c != .none && c.strength >= bestClaim.strength {
                best = e
                bestClaim = c
            }
        }
        return best ?? fallback
    }

    /// The file's text, read by the extractor that claims it.
    public func extract(_ data: [UInt8], fileName: String, context: ExtractionContext = ExtractionContext()) throws -> ExtractedText {
        let e = extractor(for: ExtractionProbe(fileName: fileName, data: data))
        var text = try e.extract(data, fileName: fileName, context: context)
        if text.format.isEmpty { text.format = e.name }
        return text
    }

    /// The extractors and their versions, sorted by name (`"gzip.1 html.1 …"`): what the source catalog
    /// records as having judged a run's files. When it differs from the one a catalog recorded, the
    /// files that catalog skipped are read again.
    package var signature: String {
        ([fallback] + extractors).map { "\($0.name).\($0.version)" }.sorted().joined(separator: " ")
    }
}
