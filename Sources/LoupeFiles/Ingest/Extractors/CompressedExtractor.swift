import LoupeCore

/// A single compressed file — gzip, bzip2, xz, zstd, told by its magic bytes — expanded (at most
/// `ExtractionContext.maxExpandedBytes`: a bomb is a warning) and handed back to the registry under
/// its name without the compression's extension (`ls.1.gz` → `ls.1`, a man page; `a.html.gz` →
/// HTML). The document's format is the inner file's.
struct CompressedExtractor: DocumentExtractor {
    let name = "compressed"
    let version = 1
    init() {}

    /// Magic bytes and the extensions that name each compression.
    static let kinds: [(magic: [UInt8], extensions: [String])] = [
        ([0x1F, 0x8B], ["gz", "z"]),
        ([0x42, 0x5A, 0x68], ["bz2"]),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], ["xz"]),
        ([0x28, 0xB5, 0x2F, 0xFD], ["zst"]),
    ]

    func claim(_ probe: ExtractionProbe) -> ExtractorClaim {
        // A compressed tar (`.tar.gz`, `.tgz`) is a packed folder, not a compressed document.
        let lower = probe.fileName.lowercased()
        if lower.hasSuffix(".tgz") || lower.contains(".tar.") { return .none }
        return Self.kinds.contains { probe.starts(with: $0.magic) } ? .content : .none
    }

    func extract(_ data: [UInt8], fileName: String, context: ExtractionContext) throws -> ExtractedText {
        guard context.depth < context.maxDepth else { throw ExtractionError.tooDeep(limit: context.maxDepth) }
        let reader = try ArchiveReader(data, kind: .compressed, limit: context.maxExpandedBytes)
        guard try reader.next() != nil else { throw ExtractionError.damaged("no compressed stream") }
        let inner = try reader.read()
        var innerName = fileName
        let ext = TextExtractor.extensionOf(fileName)
        if Self.kinds.contains(where: { $0.extensions.contains(ext) }) { innerName = String(fileName.dropLast(ext.count + 1)) }
        var nested = context
        nested.depth += 1
        return try context.registry.extract(inner, fileName: innerName, context: nested)
    }
}
