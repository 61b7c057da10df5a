import CXMLShim

/// The events of an XML document, streamed by libxml2's reader (`CXMLShim`): elements by local name
/// with their attributes, and text. No network, no external entities, libxml2's own limits on
/// entity expansion (no `XML_PARSE_HUGE`); malformed XML ends the walk with `ExtractionError.damaged`.
enum XMLEvents {
    enum Event {
        /// An element opens: its local name (`p` for `w:p`) and attributes by local name. An empty
        /// element (`<w:br/>`) is a start followed at once by its end.
        case start(String, [String: String])
        case end(String)
        /// Character data (text, CDATA, significant white space).
        case text(String)
    }

    /// Calls `body` with each event of the document `data`.
    static func walk(_ data: [UInt8], _ body: (Event) throws -> Void) throws {
        guard data.count < Int(Int32.max) else { throw ExtractionError.tooLarge(limit: Int(Int32.max)) }
        try data.withUnsafeBufferPointer { bytes in
            try bytes.withMemoryRebound(to: CChar.self) { chars in
                guard let reader = loupe_xml_open(chars.baseAddress, Int32(chars.count)) else {
                    throw ExtractionError.damaged("libxml2 cannot read it")
                }
                defer { loupe_xml_close(reader) }
                func string(_ p: UnsafePointer<CChar>?) -> String { p.map { String(cString: $0) } ?? "" }
                while true {
                    let r = loupe_xml_read(reader)
                    if r == 0 { return }
                    guard r == 1 else { throw ExtractionError.damaged("malformed XML") }
                    switch loupe_xml_nodeType(reader) {
                    case 1: // element
                        let name = string(loupe_xml_localName(reader))
                        let empty = loupe_xml_isEmptyElement(reader) == 1
                        var attributes: [String: String] = [:]
                        while loupe_xml_moveToNextAttribute(reader) == 1 {
                            attributes[string(loupe_xml_localName(reader))] = string(loupe_xml_value(reader))
                        }
                        try body(.start(name, attributes))
                        if empty { try body(.end(name)) }
                    case 15: // end of element
                        try body(.end(string(loupe_xml_localName(reader))))
                    case 3, 4, 14: // text, CDATA, significant white space
                        try body(.text(string(loupe_xml_value(reader))))
                    default: break
                    }
                }
            }
        }
    }

    /// The text of the first element named `name` (`title` in Dublin Core metadata), trimmed.
    static func firstText(of name: String, in data: [UInt8]) -> String? {
        var depth = 0, text = ""
        struct Found: Error {}
        do {
            try walk(data) { e in
                switch e {
                case let .start(n, _) where n == name || depth > 0: depth += 1
                case .end where depth > 0:
                    depth -= 1
                    if depth == 0 { throw Found() }
                case let .text(t) where depth > 0: text += t
                default: break
                }
            }
        } catch {}
        let t = text.trimmingWhitespace
        return t.isEmpty ? nil : String(t.prefix(200))
    }
}
