import LoupeCore

extension IndexReader {
    /// How many live documents were read as each format (`Schema.formatField`: `pdf`, `docx`,
    /// `text`), most first, ties by name; documents indexed before formats were recorded (or by a
    /// schema without the field) count under nil.
    /// - Complexity: O(documents) (the field's column is read).
    package func formatDistribution() throws -> [(format: String?, documents: Int)] {
        var out: [(format: String?, documents: Int)] = []
        var known = 0
        if let f = schema.number(of: Schema.formatField), schema.fields[f].type == .keyword, schema.fields[f].fast {
            for (value, count) in try terms(field: Schema.formatField) {
                out.append((value, count))
                known += count
            }
        }
        out.sort { $0.documents != $1.documents ? $0.documents > $1.documents : $0.format! < $1.format! }
        let unknown = documentCount - known
        if unknown > 0 { out.append((nil, unknown)) }
        return out
    }
}
