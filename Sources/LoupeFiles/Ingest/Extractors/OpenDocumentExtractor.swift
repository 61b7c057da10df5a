import LoupeCore

/// OpenDocument: text (ODT), spreadsheets (ODS) and presentations (ODP), zip packages read through
/// libarchive and libxml2: the paragraphs and headings of `content.xml` (an ODP's pages separated by
/// form feeds), the title and author from `meta.xml`. Claimed by the media type the package's
/// first member declares, or by a zip named `.odt`, `.ods`, `.odp`.
struct OpenDocumentExtractor: DocumentExtractor {
    let name = "opendocument"
    let version = 1
    var runsIsolated: Bool { true }
    init() {}

    func claim(_ probe: ExtractionProbe) -> ExtractorClaim {
        if probe.packageMimeType?.hasPrefix("application/vnd.oasis.opendocument.") == true { return .content }
        return probe.isZip && ["odt", "ods", "odp", "odg"].contains(probe.fileExtension) ? .content : .none
    }

    func extract(_ data: [UInt8], fileName: String, context: ExtractionContext) throws -> ExtractedText {
        let parts = try ArchiveReader.members(of: data, limit: context.maxExpandedBytes) { $0 == "content.xml" || $0 == "meta.xml" }
        guard let content = parts["content.xml"] else { throw ExtractionError.damaged("no content.xml") }
        var body = ""
        // Text outside paragraphs (styles, formulas) is not the document's; a presentation's pages
        // are separated like a PDF's.
        let presentation = ExtractionProbe(fileName: fileName, data: data).packageMimeType?.hasSuffix(".presentation") == true
            || TextExtractor.extensionOf(fileName) == "odp"
        var collector = XMLTextCollector(textIn: ["p", "h"], opening: ["s": " ", "tab": "\t", "line-break": "\n"],
                                         closing: ["p": "\n", "h": "\n"])
        if presentation { collector.opening["page"] = "\u{0C}" }
        try collector.collect(content, into: &body, limit: context.maxExpandedBytes)
        if presentation, body.hasPrefix("\u{0C}") { body.removeFirst() }
        var fields: [String: String] = [:]
        var title: String? = nil
        if let meta = parts["meta.xml"] {
            title = XMLEvents.firstText(of: "title", in: meta)
            if let author = XMLEvents.firstText(of: "initial-creator", in: meta) ?? XMLEvents.firstText(of: "creator", in: meta) {
                fields["author"] = author
            }
        }
        let t = title ?? TextExtractor.firstLine(body)
        // Counted by kind (`loupe stats`: odt 2, odp 1), from the declared media type, else the extension.
        let mime = ExtractionProbe(fileName: fileName, data: data).packageMimeType ?? ""
        let kinds = ["text": "odt", "spreadsheet": "ods", "presentation": "odp", "graphics": "odg"]
        let ext = TextExtractor.extensionOf(fileName)
        let format = kinds.first { mime.hasSuffix("opendocument." + $0.key) }?.value ?? (kinds.values.contains(ext) ? ext : "")
        return ExtractedText(title: t, body: body, titleIsDeclared: !t.isEmpty, format: format, fields: fields)
    }
}
