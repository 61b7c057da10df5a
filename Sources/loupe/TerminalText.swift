extension String {
    /// The string made safe to print on a terminal: control characters (C0, DEL, C1), bidirectional
    /// overrides, line separators and invisible format characters (zero-width space, direction
    /// marks, byte-order mark, …) are shown as escapes (`\n`, `\t`, `\x1b`, `\u{200b}`), so text
    /// read from an index (a file's name, title or words) cannot move the cursor, retitle or
    /// recolour the terminal, reorder what follows, hide a character, or break the
    /// one-line-per-item format. A backslash is shown as `\\`, so a name holding the four
    /// characters `\x1b` cannot pass for one holding an escape. A byte of a file name that is not
    /// UTF-8 (kept as U+10FF00 + byte) is shown as `\xNN`.
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
            case "\\": out += "\\\\"
            case "\u{10FF80}"..."\u{10FFFF}": // a byte of a file name that is not UTF-8 (`FileName`)
                out += "\\x" + String(s.value - 0x10FF00, radix: 16)
            default:
                let hex = String(s.value, radix: 16)
                out += s.value < 0x80 ? "\\x" + (hex.count < 2 ? "0" : "") + hex : "\\u{" + hex + "}"
            }
        }
        return out
    }

    /// C0 and C1 controls, DEL, the backslash, the line and paragraph separators, and the format
    /// characters (bidirectional embeddings, overrides, isolates and marks, zero-width space, word
    /// joiner, byte-order mark, tags, …) except the two that shape text in its scripts and emoji
    /// sequences (zero-width non-joiner and joiner) and the visible number signs of Arabic and
    /// Syriac.
    static func needsEscape(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0x1F, 0x5C, 0x7F...0x9F, 0x2028, 0x2029, 0x10FF80...0x10FFFF: return true
        case 0x20...0x7E, 0xA0...0xAC, 0xAE...0x5FF: return false // the common case, decided at once
        case 0x200C, 0x200D, 0x0600...0x0605, 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x110BD, 0x110CD: return false
        default: return s.properties.generalCategory == .format
        }
    }
}
