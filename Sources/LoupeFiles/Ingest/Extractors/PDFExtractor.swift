import CPDFShim
import LoupeCore

/// PDF through Poppler (`CPDFShim`): each page's text in reading order, the pages separated by a
/// form feed (U+000C) so that a snippet's offset tells its page (`ExtractedText.page(atUTF8Offset:)`).
/// The title is the document information's `Title`, else the text's first line; `Author`,
/// `Subject` and `Keywords` become fields. With OCR on (`ExtractionContext.ocr`), a page without
/// text is rendered at 300 dpi and read by Tesseract. An encrypted PDF (a user password), a truncated one (no
/// `%%EOF` in its last KiB) or bytes Poppler cannot read are an `ExtractionError`: the file's
/// warning.
struct PDFExtractor: DocumentExtractor {
    let name = "pdf"
    let version = 1
    var runsIsolated: Bool { true }
    init() {}

    func claim(_ probe: ExtractionProbe) -> ExtractorClaim {
        if probe.starts(with: Array("%PDF-".utf8)) { return .content }
        return probe.fileExtension == "pdf" ? .fileExtension : .none
    }

    func extract(_ data: [UInt8], fileName: String, context: ExtractionContext) throws -> ExtractedText {
        guard data.starts(with: Array("%PDF-".utf8)) else { throw ExtractionError.damaged("no %PDF- header") }
        guard data.count < Int(Int32.max) else { throw ExtractionError.tooLarge(limit: Int(Int32.max)) }
        let tail = data.suffix(1024)
        guard tail.firstRange(of: Array("%%EOF".utf8)) != nil else { throw ExtractionError.damaged("truncated: no %%EOF at the end") }
        return try data.withUnsafeBufferPointer { bytes -> ExtractedText in
            var status: Int32 = 0
            let pdf = bytes.withMemoryRebound(to: CChar.self) { loupe_pdf_open($0.baseAddress, Int32($0.count), &status) }
            guard let pdf else {
                throw status == Int32(LOUPE_PDF_LOCKED) ? ExtractionError.encrypted : ExtractionError.damaged("Poppler cannot read it")
            }
            defer { loupe_pdf_close(pdf) }
            func take(_ buffer: UnsafeMutablePointer<CChar>?, _ length: Int64) -> String? {
                guard let buffer else { return nil }
                defer { loupe_pdf_free(buffer) }
                return String(decoding: UnsafeRawBufferPointer(start: buffer, count: Int(length)), as: UTF8.self)
            }
            var body = ""
            let pages = loupe_pdf_pages(pdf)
            for i in 0..<max(0, pages) {
                var length: Int64 = 0
                // A form feed inside a page's text would shift the page numbers: made a line break.
                var text = take(loupe_pdf_page_text(pdf, i, &length), length).map { $0.replacingOccurrences(of: "\u{0C}", with: "\n") } ?? ""
                // A page without a text layer (a scan) is read by OCR when it is on.
                if let ocr = context.ocr, text.allSatisfy(\.isWhitespace) { text = try Self.recognize(pdf, page: i, ocr) }
                if i > 0 { body += "\u{0C}" }
                body += text
                guard body.utf8.count <= context.maxExpandedBytes else { throw ExtractionError.tooLarge(limit: context.maxExpandedBytes) }
            }
            var fields: [String: String] = [:]
            for key in ["Title", "Author", "Subject", "Keywords"] {
                var length: Int64 = 0
                if let v = take(loupe_pdf_info(pdf, key, &length), length)?.trimmingWhitespace, !v.isEmpty { fields[key.lowercased()] = v }
            }
            let title = fields.removeValue(forKey: "title").map { String($0.prefix(200)) } ?? TextExtractor.firstLine(body)
            return ExtractedText(title: title, body: body, titleIsDeclared: !title.isEmpty, fields: fields)
        }
    }

    /// Resolution pages are rendered at for OCR: what Tesseract reads best.
    static let ocrDPI: Int32 = 300

    /// The text OCR reads on page `index`, rendered in gray (a page that cannot be rendered has none).
    static func recognize(_ pdf: OpaquePointer, page index: Int32, _ ocr: OCROptions) throws -> String {
        var width: Int32 = 0, height: Int32 = 0, stride: Int32 = 0
        guard let pixels = loupe_pdf_page_render(pdf, index, ocrDPI, &width, &height, &stride) else { return "" }
        defer { loupe_pdf_free(pixels) }
        let bytes = Array(UnsafeRawBufferPointer(start: pixels, count: Int(stride) * Int(height)))
        return try ocr.recognize(gray: bytes, width: Int(width), height: Int(height), stride: Int(stride), dpi: Int(ocrDPI))
    }
}
