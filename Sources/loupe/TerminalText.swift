extension String {
    /// The string made safe to print on a terminal: control characters (C0, DEL, C1), bidirectional
    /// overrides and line separators are shown as escapes (`\n`, `\t`, `\x1b`, `\u{202E}`), so text
    /// read from an index (a file's name, title or words) cannot move the cursor, retitle or
    /// recolour the terminal, reorder what follows, or break the one-line-per-item format.
    var escapedForTerminal: String {
        guard unicodeScalars.contains(where: Self.needsEscape) else { return self }
        var out = ""
        out.reserveCapacity(utf8.count + 8)
        for s in unicodeScalars {
            guard Self.needsEscape(s) else {
                out.unicodeScalars.append(s)
                continue
            }
            switch s {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                let hex = String(s.value, radix: 16)
                out += s.value < 0x80 ? "\\x" + (hex.count < 2 ? "0" : "") + hex : "\\u{" + hex + "}"
            }
        }
        return out
    }

    /// C0 and C1 controls, DEL, the bidirectional embeddings, overrides and isolates, the Arabic
    /// letter mark, and the line and paragraph separators.
    static func needsEscape(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x2028...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
