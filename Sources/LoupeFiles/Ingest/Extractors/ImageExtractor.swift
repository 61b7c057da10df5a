import LoupeCore

/// PNG, JPEG and TIFF images, read by OCR when it is on (`ExtractionContext.ocr`); without it an
/// image is binary, as before. Claimed by their magic bytes, else their extension. The format
/// counted is the image's kind (`png`, `jpeg`, `tiff`).
struct ImageExtractor: DocumentExtractor {
    let name = "image"
    let version = 1
    var runsIsolated: Bool { true }
    init() {}

    static let kinds: [(format: String, magics: [[UInt8]], extensions: [String])] = [
        ("png", [[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]], ["png"]),
        ("jpeg", [[0xFF, 0xD8, 0xFF]], ["jpg", "jpeg"]),
        ("tiff", [[0x49, 0x49, 0x2A, 0x00], [0x4D, 0x4D, 0x00, 0x2A]], ["tif", "tiff"]),
    ]

    func claim(_ probe: ExtractionProbe) -> ExtractorClaim {
        if Self.kinds.contains(where: { $0.magics.contains { probe.starts(with: $0) } }) { return .content }
        return Self.kinds.contains { $0.extensions.contains(probe.fileExtension) } ? .fileExtension : .none
    }

    func extract(_ data: [UInt8], fileName: String, context: ExtractionContext) throws -> ExtractedText {
        guard let ocr = context.ocr else { throw ExtractionError.binary }
        guard let kind = Self.kinds.first(where: { $0.magics.contains { data.starts(with: $0) } }) else {
            throw ExtractionError.damaged("not a PNG, JPEG or TIFF image")
        }
        let text = try ocr.recognize(image: data)
        return ExtractedText(title: context.firstLines ? TextExtractor.firstLine(text) : "", body: text, format: kind.format)
    }
}
