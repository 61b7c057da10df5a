import LoupeCore
import Foundation

/// What a file contributes to the index: a title and the body text.
public struct ExtractedText: Equatable, Sendable {
    /// The title: declared, else the first line (see `titleIsDeclared`), else empty.
    public var title: String
    /// The text to index, tags stripped and character references decoded.
    public var body: String
    /// True when the title was declared by the file (HTML `<title>`, a Markdown heading); false when it
    /// is only the first line of the text, which is shown but not indexed as a title (it is already in
    /// the body, and boosting an arbitrary first line hurt ranking: NPL MAP 0.165 vs 0.212).
    package var titleIsDeclared: Bool = false
    /// The format it was read as: what the extractor says (`"docx"`, `"odp"`), else its name
    /// (`"pdf"`, `"text"`), set by the registry. Indexed in `Schema.formatField`.
    package var format: String = ""
    /// Named fields of the file's metadata (`author`; a message's `from`, `to`, `subject`, `date`).
    public var fields: [String: String] = [:]

    public init(title: String, body: String, titleIsDeclared: Bool = false, format: String = "", fields: [String: String] = [:]) {
        self.title = title
        self.body = body
        self.titleIsDeclared = titleIsDeclared
        self.format = format
        self.fields = fields
    }

    /// Pages are separated by a form feed (U+000C) in `body` (a PDF's): the 1-based page of the text
    /// at UTF-8 offset `offset`, or nil when the body has no page breaks.
    package func page(atUTF8Offset offset: Int) -> Int? { Self.page(in: body, atUTF8Offset: offset) }

    /// `page(atUTF8Offset:)` of a body text.
    package static func page(in body: String, atUTF8Offset offset: Int) -> Int? {
        var page = 1, seen = false
        for (i, b) in body.utf8.enumerated() where b == 0x0C {
            seen = true
            if i < offset { page += 1 } else { break }
        }
        return seen ? page : nil
    }
}

/// Turns file bytes into searchable text through the standard `ExtractorRegistry`: the format is
/// picked by the file's first bytes, then its extension; text of no other format is decoded
/// (`TextDecoding`) or rejected as binary. Titles: HTML `<title>`, Markdown's first `#` heading, a
/// document's metadata, else the first non-empty line (at most 200 characters).
package enum TextExtractor {
    /// Why a file gives no text.
    package typealias Rejection = ExtractionError


    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - fileName: its name (its extension names the format when its bytes do not).
    ///   - firstLines: whether a file without a declared title gets its first line as the
    ///   title (for display); indexing passes false, as it stores declared titles only.
    ///   - registry: the formats read.
    /// - Throws: `ExtractionError` (binary, damaged, encrypted, …).
    /// - Complexity: O(n) in the file size for text.
    package static func extract(_ data: [UInt8], fileName: String, firstLines: Bool = true,
                               registry: ExtractorRegistry = .standard) throws -> ExtractedText {
        try registry.extract(data, fileName: fileName, context: ExtractionContext(registry: registry, firstLines: firstLines))
    }

    /// The first line with something other than white space, trimmed, at most 200 characters.
    /// - Complexity: O(length of the lines before it), not of the whole text.
    static func firstLine(_ text: String) -> String {
        // Lines are cut on the bytes of the line ends Character.isNewline knows (\n \r \v \f, U+0085,
        // U+2028, U+2029); only the line found is made a String (Characters over a whole file cost
        // ~4 % of indexing).
        let utf8 = text.utf8
        var start = utf8.startIndex
        while start < utf8.endIndex {
            var end = start
            var next = start
            while end < utf8.endIndex {
                let b = utf8[end]
                if b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C { next = utf8.index(after: end); break }
                if b == 0xC2, let i = utf8.index(end, offsetBy: 1, limitedBy: utf8.endIndex), i < utf8.endIndex, utf8[i] == 0x85 {
                    next = utf8.index(after: i)
                    break
                }
                if b == 0xE2, let i = utf8.index(end, offsetBy: 2, limitedBy: utf8.endIndex), i < utf8.endIndex,
                   utf8[utf8.index(after: end)] == 0x80, utf8[i] == 0xA8 || utf8[i] == 0xA9 {
                    next = utf8.index(after: i)
                    break
                }
                end = utf8.index(after: end)
                next = end
            }
            // At most 4 KiB of the line: the title keeps 200 of its first 400 characters.
            let cut = utf8.index(start, offsetBy: 4096, limitedBy: end) ?? end
            let t = String(String(decoding: text.utf8[start..<cut], as: UTF8.self).prefix(400)).trimmingWhitespace
            if !t.isEmpty { return String(t.prefix(200)) }
            start = next
        }
        return ""
    }

    /// The lowercased extension of a file name (`"a/b.TXT"` → `"txt"`), `""` when it has none.
    static func extensionOf(_ fileName: String) -> String {
        let utf8 = fileName.utf8
        let name = utf8.lastIndex(of: UInt8(ascii: "/")).map { utf8[utf8.index(after: $0)...] } ?? utf8[...]
        // As NSString's pathExtension: a leading dot (".bashrc") starts no extension.
        guard let dot = name.lastIndex(of: UInt8(ascii: ".")), dot != name.startIndex else { return "" }
        return String(decoding: name[name.index(after: dot)...].map { $0 &- 65 < 26 ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    static func markdownTitle(_ text: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("#") {
            let t = String(line.drop { $0 == "#" }).trimmingWhitespace
            if !t.isEmpty { return String(t.prefix(200)) }
        }
        return nil
    }
}

/// Plain text of an HTML page: tags, comments, `<script>` and `<style>` removed, character
/// references decoded (`HTMLEntities`: every HTML5 name), block elements turned into line breaks.
enum HTMLText {
    static func extract(_ html: String, firstLines: Bool = true) -> ExtractedText {
        var out = ""
        var title = ""
        var inTitle = false
        var i = html.startIndex
        var skipUntil: String? = nil
        while i < html.endIndex {
            let c = html[i]
            if c == "<" {
                guard let close = html[i...].firstIndex(of: ">") else { break }
                let tag = html[html.index(after: i)..<close].lowercased()
                let name = String(tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber })
                if tag.hasPrefix("!--"), let end = html.range(of: "-->", range: i..<html.endIndex) {
                    i = end.upperBound
                    continue
                }
                if let s = skipUntil {
                    if tag.hasPrefix("/") && name == s { skipUntil = nil }
                } else if name == "script" || name == "style", !tag.hasPrefix("/") {
                    skipUntil = name
                } else if name == "title" {
                    inTitle = !tag.hasPrefix("/")
                } else if ["p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "td"].contains(name) {
                    out.append("\n")
                }
                i = html.index(after: close)
                continue
            }
            if skipUntil == nil {
                if c == "&", let (decoded, end) = HTMLEntities.decode(html, after: html.index(after: i)) {
                    // A no-break space is a space to the reader (and to snippets).
                    let text = decoded == "\u{A0}" ? " " : decoded
                    if inTitle { title.append(text) } else { out.append(text) }
                    i = end
                    continue
                }
                if inTitle { title.append(c) } else { out.append(c) }
            }
            i = html.index(after: i)
        }
        let t = title.trimmingWhitespace
        if t.isEmpty { return ExtractedText(title: firstLines ? TextExtractor.firstLine(out) : "", body: out) }
        return ExtractedText(title: String(t.prefix(200)), body: out, titleIsDeclared: true)
    }
}
