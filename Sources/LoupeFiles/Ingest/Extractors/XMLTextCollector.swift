/// The text of an XML part of a document package (a DOCX's `word/document.xml`, an ODT's
/// `content.xml`): the character data inside the elements named in `textIn` (all of it when nil),
/// with what `opening` and `closing` elements stand for (`<w:tab/>` a tab, `</w:p>` a line break).
struct XMLTextCollector {
    /// Local names of the elements whose text is kept (`t`: DOCX's `w:t`); nil: all text.
    var textIn: Set<String>?
    /// What an element's start adds (an empty element's, mostly: `tab` → "\t").
    var opening: [String: String] = [:]
    /// What an element's end adds (`p` → "\n").
    var closing: [String: String] = [:]

    /// Appends the text of `xml` to `out`, at most `limit` bytes of it.
    /// - Throws: `ExtractionError.damaged` on malformed XML, `.tooLarge` past `limit`.
    func collect(_ xml: [UInt8], into out: inout String, limit: Int) throws {
        var depth = 0
        try XMLEvents.walk(xml) { e in
            switch e {
            case let .start(name, _):
                if let s = opening[name] { out += s }
                if textIn?.contains(name) == true { depth += 1 }
            case let .end(name):
                if textIn?.contains(name) == true { depth -= 1 }
                if let s = closing[name] { out += s }
            case let .text(t):
                if textIn == nil || depth > 0 { out += t }
            }
            if out.utf8.count > limit { throw ExtractionError.tooLarge(limit: limit) }
        }
    }
}

extension ExtractionProbe {
    /// Whether the file is a zip archive (a local file header first).
    var isZip: Bool { starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    /// The media type an OpenDocument or EPUB package declares in its first member, `mimetype`,
    /// stored uncompressed right after its 30-byte local header and its name.
    var packageMimeType: String? {
        let h = Array(head.prefix(256))
        guard isZip, h.count > 38, Array(h[30..<38]) == Array("mimetype".utf8), h[26] == 8, h[27] == 0 else { return nil }
        let size = Int(h[18]) | Int(h[19]) << 8 | Int(h[20]) << 16 | Int(h[21]) << 24
        guard size > 0, size <= 100, 38 + size <= h.count else { return nil }
        return String(decoding: h[38..<(38 + size)], as: UTF8.self)
    }
}
