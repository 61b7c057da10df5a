import Foundation
import LoupeCore

/// EPUB e-books: the package document named by `META-INF/container.xml` gives the title and author
/// (Dublin Core) and the reading order (the spine); each chapter's XHTML is stripped like an HTML
/// page (`HTMLText`) and the chapters joined in that order.
struct EPUBExtractor: DocumentExtractor {
    let name = "epub"
    let version = 1
    var runsIsolated: Bool { true }
    init() {}

    func claim(_ probe: ExtractionProbe) -> ExtractorClaim {
        if probe.packageMimeType == "application/epub+zip" { return .content }
        return probe.isZip && probe.fileExtension == "epub" ? .content : .none
    }

    func extract(_ data: [UInt8], fileName: String, context: ExtractionContext) throws -> ExtractedText {
        let limit = context.maxExpandedBytes
        let parts = try ArchiveReader.members(of: data, limit: limit) { p in
            let l = p.lowercased()
            return l.hasSuffix(".xml") || l.hasSuffix(".opf") || l.hasSuffix(".xhtml") || l.hasSuffix(".html") || l.hasSuffix(".htm")
        }
        guard let container = parts["META-INF/container.xml"] else { throw ExtractionError.damaged("no META-INF/container.xml") }
        var opfPath: String? = nil
        try XMLEvents.walk(container) { e in
            if opfPath == nil, case let .start("rootfile", a) = e { opfPath = a["full-path"] }
        }
        guard let opfPath, let opf = parts[opfPath] else { throw ExtractionError.damaged("no package document") }
        let base = opfPath.contains("/") ? String(opfPath[..<opfPath.lastIndex(of: "/")!]) + "/" : ""
        var hrefs: [String: String] = [:], spine: [String] = []
        try XMLEvents.walk(opf) { e in
            guard case let .start(name, a) = e else { return }
            if name == "item", let id = a["id"], let href = a["href"] { hrefs[id] = href }
            if name == "itemref", let id = a["idref"] { spine.append(id) }
        }
        var body = ""
        for id in spine {
            guard let href = hrefs[id] else { continue }
            let path = Self.resolve(base + (href.removingPercentEncoding ?? href))
            guard let chapter = parts[path] else { continue }
            body += HTMLText.extract(try TextDecoding.text(of: chapter), firstLines: false).body + "\n"
            if body.utf8.count > limit { throw ExtractionError.tooLarge(limit: limit) }
        }
        var fields: [String: String] = [:]
        if let author = XMLEvents.firstText(of: "creator", in: opf) { fields["author"] = author }
        let t = XMLEvents.firstText(of: "title", in: opf) ?? TextExtractor.firstLine(body)
        return ExtractedText(title: t, body: body, titleIsDeclared: !t.isEmpty, fields: fields)
    }

    /// `a/b/../c.xhtml` → `a/c.xhtml`.
    static func resolve(_ path: String) -> String {
        var parts: [Substring] = []
        for p in path.split(separator: "/") {
            if p == ".." { _ = parts.popLast() } else if p != "." { parts.append(p) }
        }
        return parts.joined(separator: "/")
    }
}
