import Foundation

/// JSON Lines on stdout: one compact object per line, keys sorted, slashes unescaped.
enum JSONOutput {
    /// Never fails on a number JSON cannot hold: the records write such numbers as `null`, and
    /// anything else non-finite that slips through becomes a string.
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }()

    /// Prints `value` as one line. The encoder escapes C0 controls; DEL, C1 controls and bidi
    /// overrides are escaped here too (`\u009b`), so a line is safe to print on a terminal.
    static func print<T: Encodable>(_ value: T) throws {
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        Swift.print(escapingInvisibles(text))
    }

    /// `json` with the characters `String.needsEscape` names written as `\uXXXX` (they occur only
    /// inside strings, where that escape means the same character; one past U+FFFF as its UTF-16
    /// pair). The backslash is JSON's own escape, and the encoder has escaped C0 controls already.
    static func escapingInvisibles(_ json: String) -> String {
        func needsEscape(_ s: Unicode.Scalar) -> Bool { s != "\\" && String.needsEscape(s) }
        guard json.unicodeScalars.contains(where: needsEscape) else { return json }
        var out = ""
        for s in json.unicodeScalars {
            if needsEscape(s) {
                for unit in String(s).utf16 {
                    let hex = String(unit, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
            } else {
                out.unicodeScalars.append(s)
            }
        }
        return out
    }
}
