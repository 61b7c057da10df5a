import LoupeCore

/// Office Open XML: Word (DOCX), Excel (XLSX) and PowerPoint (PPTX) files, zip packages of XML read
/// through libarchive and libxml2. DOCX: the paragraphs of `word/document.xml`; XLSX: the sheet names
/// and the shared strings (the text of the cells); PPTX: each slide's text, the slides separated by
/// form feeds (a slide is a page). The title and author come from `docProps/core.xml`.
struct OfficeOpenXMLExtractor: DocumentExtractor {
    let name = "office"
    let version = 1
    var runsIsolated: Bool { true }
    init() {}

    static let extensions: Set<String> = ["docx", "docm", "xlsx", "xlsm", "pptx", "pptm"]

    func claim(_ probe: ExtractionProbe) -> ExtractorClaim {
        probe.isZip && Self.extensions.contains(probe.fileExtension) ? .content : .none
    }

    func extract(_ data: [UInt8], fileName: String, context: ExtractionContext) throws -> ExtractedText {
        let kind = TextExtractor.extensionOf(fileName).prefix(3)
        let parts = try ArchiveReader.members(of: data, limit: context.maxExpandedBytes) { path in
            path == "docProps/core.xml" || path == "word/document.xml" || path == "xl/sharedStrings.xml"
                || path == "xl/workbook.xml" || (path.hasPrefix("ppt/slides/slide") && path.hasSuffix(".xml"))
        }
        var body = ""
        let limit = context.maxExpandedBytes
        switch kind {
        case "doc":
            guard let document = parts["word/document.xml"] else { throw ExtractionError.damaged("no word/document.xml") }
            try XMLTextCollector(textIn: ["t"], opening: ["tab": "\t", "br": "\n", "cr": "\n"], closing: ["p": "\n"])
                .collect(document, into: &body, limit: limit)
        case "xls":
            guard let workbook = parts["xl/workbook.xml"] else { throw ExtractionError.damaged("no xl/workbook.xml") }
            try XMLEvents.walk(workbook) { e in
                if case let .start("sheet", attributes) = e, let name = attributes["name"] { body += name + "\n" }
            }
            if let strings = parts["xl/sharedStrings.xml"] {
                try XMLTextCollector(textIn: ["t"], closing: ["si": "\n"]).collect(strings, into: &body, limit: limit)
            }
        default:
            // Slides in their number's order (slide10 after slide9).
            let slides = parts.keys.filter { $0.hasPrefix("ppt/slides/slide") }
                .compactMap { p in Int(p.dropFirst("ppt/slides/slide".count).dropLast(4)).map { ($0, p) } }.sorted { $0.0 < $1.0 }
            guard !slides.isEmpty else { throw ExtractionError.damaged("no slides") }
            for (i, slide) in slides.enumerated() {
                if i > 0 { body += "\u{0C}" }
                try XMLTextCollector(textIn: ["t"], opening: ["br": "\n"], closing: ["p": "\n"]).collect(parts[slide.1]!, into: &body, limit: limit)
            }
        }
        var fields: [String: String] = [:]
        var title: String? = nil
        if let core = parts["docProps/core.xml"] {
            title = XMLEvents.firstText(of: "title", in: core)
            if let author = XMLEvents.firstText(of: "creator", in: core) { fields["author"] = author }
        }
        let t = title ?? TextExtractor.firstLine(body)
        // Counted by kind (`loupe stats`: docx 3, xlsx 1), not as one "office" format.
        let format = kind == "doc" ? "docx" : kind == "xls" ? "xlsx" : "pptx"
        return ExtractedText(title: t, body: body, titleIsDeclared: !t.isEmpty, format: format, fields: fields)
    }
}
