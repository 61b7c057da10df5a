import LoupeCore

/// Text files of any kind (prose, source code, configuration): decoded by `TextDecoding`, titled by
/// their first line. What the registry falls back on; rejects binary bytes.
struct PlainTextExtractor: DocumentExtractor {
    let name = "text"
    let version = 1
    var readsPrefixes: Bool { true }
    init() {}

    func claim(_ probe: ExtractionProbe) -> ExtractorClaim { .none }

    func extract(_ data: [UInt8], fileName: String, context: ExtractionContext) throws -> ExtractedText {
        let text = try TextDecoding.text(of: data)
        return ExtractedText(title: context.firstLines ? TextExtractor.firstLine(text) : "", body: text)
    }
}

/// Markdown: its text as is, titled by its first `#` heading (else its first line).
struct MarkdownExtractor: DocumentExtractor {
    let name = "markdown"
    let version = 1
    var readsPrefixes: Bool { true }
    init() {}

    func claim(_ probe: ExtractionProbe) -> ExtractorClaim {
        probe.fileExtension == "md" || probe.fileExtension == "markdown" ? .fileExtension : .none
    }

    func extract(_ data: [UInt8], fileName: String, context: ExtractionContext) throws -> ExtractedText {
        let text = try TextDecoding.text(of: data)
        if let heading = TextExtractor.markdownTitle(text) { return ExtractedText(title: heading, body: text, titleIsDeclared: true) }
        return ExtractedText(title: context.firstLines ? TextExtractor.firstLine(text) : "", body: text)
    }
}

/// HTML and XHTML pages: tags stripped, references decoded (`HTMLText`), titled by `<title>`.
struct HTMLExtractor: DocumentExtractor {
    let name = "html"
    let version = 1
    var readsPrefixes: Bool { true }
    init() {}

    func claim(_ probe: ExtractionProbe) -> ExtractorClaim {
        ["html", "htm", "xhtml"].contains(probe.fileExtension) ? .fileExtension : .none
    }

    func extract(_ data: [UInt8], fileName: String, context: ExtractionContext) throws -> ExtractedText {
        HTMLText.extract(try TextDecoding.text(of: data), firstLines: context.firstLines)
    }
}
