import LoupeCore

/// Manual pages in troff (`man` macros): the markup stripped — requests, font and size escapes,
/// comments — the text of `.SH` headings and of `.B`/`.I`/`.BR`… kept, special characters
/// (`\(em`, `\-`, `\(lq`) turned into theirs. The title is the NAME section's line (`ls - list
/// directory contents`), else the `.TH` name and section (`LS(1)`). Claimed by content (a first
/// line that is a request or a comment, and a `.TH` near the top) or by a section extension
/// (`ls.1`, `perl.1p`, `printf.3`) whose text starts like troff.
struct ManPageExtractor: DocumentExtractor {
    let name = "man"
    let version = 1
    var readsPrefixes: Bool { true }
    init() {}

    func claim(_ probe: ExtractionProbe) -> ExtractorClaim {
        guard let first = probe.head.first, first == UInt8(ascii: ".") || first == UInt8(ascii: "'") else { return .none }
        let head = String(decoding: probe.head.prefix(2048), as: UTF8.self)
        if head.hasPrefix(".TH ") || head.contains("\n.TH ") { return .content }
        let ext = probe.fileExtension.utf8
        if let d = ext.first, d >= UInt8(ascii: "1") && d <= UInt8(ascii: "9"), ext.count <= 4 { return .fileExtension }
        return .none
    }

    func extract(_ data: [UInt8], fileName: String, context: ExtractionContext) throws -> ExtractedText {
        let text = try TextDecoding.text(of: data)
        var out = ""
        var th = "", nameLine = "", inName = false
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" }) {
            let line = Substring(raw)
            var words: String
            if line.hasPrefix(".") || line.hasPrefix("'") {
                let request = line.dropFirst().drop { $0 == " " || $0 == "\t" }
                let name = String(request.prefix { !$0.isWhitespace })
                let args = Self.arguments(request.dropFirst(name.count))
                switch name {
                case "\\\"", "": continue // a comment, or a lone dot
                case "TH":
                    if let n = args.first { th = args.count > 1 ? "\(n)(\(args[1]))" : n }
                    continue
                case "SH", "SS":
                    let heading = Self.plain(args.joined(separator: " "))
                    inName = name == "SH" && heading.uppercased() == "NAME"
                    out += "\n" + heading + "\n"
                    continue
                case "B", "I", "SM", "SB": words = args.joined(separator: " ")
                case "BR", "RB", "IR", "RI", "BI", "IB": words = args.joined()
                case "IP", "TP", "HP": words = args.first ?? ""
                case "UR", "MT": words = args.first ?? ""
                default: continue // layout requests and macros of their own: no text
                }
            } else {
                words = String(line)
            }
            let plain = Self.plain(words)
            if inName && !plain.trimmingWhitespace.isEmpty && nameLine.count < 200 {
                nameLine += (nameLine.isEmpty ? "" : " ") + plain.trimmingWhitespace
            }
            out += plain + "\n"
        }
        let title = !nameLine.isEmpty ? String(nameLine.prefix(200)) : th
        if title.isEmpty { return ExtractedText(title: context.firstLines ? TextExtractor.firstLine(out) : "", body: out) }
        return ExtractedText(title: title, body: out, titleIsDeclared: true)
    }

    /// A request's arguments: split at spaces, a double-quoted argument kept whole.
    static func arguments(_ s: Substring) -> [String] {
        var out: [String] = [], current = "", quoted = false, started = false
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c == "\"" {
                if quoted, s.index(after: i) < s.endIndex, s[s.index(after: i)] == "\"" {
                    current.append("\"")
                    i = s.index(i, offsetBy: 2)
                    continue
                }
                quoted.toggle()
                started = true
            } else if (c == " " || c == "\t") && !quoted {
                if started { out.append(current) }
                current = ""
                started = false
            } else if c == "\\", s.index(after: i) < s.endIndex, s[s.index(after: i)] == "\"", !quoted {
                break // a comment after the arguments
            } else {
                current.append(c)
                started = true
            }
            i = s.index(after: i)
        }
        if started { out.append(current) }
        return out
    }

    /// Named special characters (`\(xx`, `\[xx]`) that occur in manual pages.
    static let specials: [String: String] = [
        "em": "—", "en": "–", "hy": "-", "mi": "−", "bu": "•", "aq": "'", "dq": "\"", "lq": "“", "rq": "”",
        "oq": "‘", "cq": "’", "co": "©", "rg": "®", "tm": "™", "de": "°", "ti": "~", "ha": "^", "rs": "\\",
        "sl": "/", "ba": "|", "br": "|", "lh": "☜", "rh": "☞", "ga": "`", "aa": "´", "mu": "×", "di": "÷",
        "+-": "±", "<=": "≤", ">=": "≥", "!=": "≠", "->": "→", "<-": "←", "fm": "′", "sc": "§", "ps": "¶",
        "Fo": "«", "Fc": "»", "r!": "¡", "r?": "¿", "ss": "ß", "'e": "é", "`e": "è", ":u": "ü", ":o": "ö", ":a": "ä",
    ]

    /// A line's text with troff escapes removed or replaced.
    static func plain(_ s: String) -> String {
        var out = ""
        let c = Array(s.unicodeScalars)
        var i = 0
        func name(at k: inout Int) -> String {
            // One character, `(xx`, or `[long]`.
            guard k < c.count else { return "" }
            if c[k] == "(" {
                let n = String(String.UnicodeScalarView(c[min(k + 1, c.count)..<min(k + 3, c.count)]))
                k = min(k + 3, c.count)
                return n
            }
            if c[k] == "[" {
                var e = k + 1
                while e < c.count && c[e] != "]" { e += 1 }
                let n = String(String.UnicodeScalarView(c[(k + 1)..<e]))
                k = min(e + 1, c.count)
                return n
            }
            k += 1
            return String(c[k - 1])
        }
        while i < c.count {
            guard c[i] == "\\", i + 1 < c.count else {
                out.unicodeScalars.append(c[i])
                i += 1
                continue
            }
            let e = c[i + 1]
            i += 2
            switch e {
            case "\"": return out // a comment to the end of the line
            case "-": out += "-"
            case "e", "\\": out += "\\"
            case " ", "~", "0": out += " "
            case "&", "|", "^", "%", "c", ":", "/", ",", ")": break
            case "f", "F", "*", "n", "g", "k", "V", "Y": // a font, a string, a number register: dropped
                let n = name(at: &i)
                if e == "*" { out += specials[n] ?? "" }
            case "s": // size: \s+2 \s-1 \s0 \s(12 \s[12]
                if i < c.count && (c[i] == "+" || c[i] == "-") { i += 1 }
                if i < c.count && (c[i] == "(" || c[i] == "[") { _ = name(at: &i) } else {
                    while i < c.count && c[i].properties.numericType != nil && c[i].isASCII { i += 1 }
                }
            case "(", "[":
                i -= 1
                let n = name(at: &i)
                if n.hasPrefix("u"), n.count > 1, let v = UInt32(n.dropFirst(), radix: 16), let u = Unicode.Scalar(v) {
                    out.unicodeScalars.append(u)
                } else {
                    out += specials[n] ?? ""
                }
            case "h", "v", "w", "o", "b", "l", "L", "D", "X", "Z", "R", "x", "A", "B", "C", "N":
                // Escapes with a quoted argument: skip it.
                if i < c.count {
                    let d = c[i]
                    var k = i + 1
                    while k < c.count && c[k] != d { k += 1 }
                    i = min(k + 1, c.count)
                }
            default: out.unicodeScalars.append(e)
            }
        }
        return out
    }
}
