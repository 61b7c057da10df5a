import Foundation
import LoupeCore
extension Schema {
    /// The schema the CLI uses for files: `path` (its words searchable, boost 1.5), `title` (a
    /// declared title, boost 2), `body`. What change detection needs of each file (size, mtime,
    /// content hash) is in the commit's `SourceCatalog`, not in the stored fields. A file without a
    /// declared title is shown by its first line, read from the file with its snippets
    /// (`SourceDocumentReader`): storing every first line made a third of `.sto`.
    ///
    /// Then the typed fields, in columns (filters, sorting, facets), not stored: `ext` (the file
    /// name's extension, lower case: `ext:pdf`), `folder` (every folder above the file, one value
    /// per level, the first `maxFolderLevels`: `docs/api/x.md` has `docs` and `docs/api`, so
    /// `folder:docs/api` is everything under it), `size` (bytes) and `modified` (the mtime). They come after the text fields, so an
    /// index written before them opens without a rebuild (its unchanged files have no values).
    ///
    /// A document of a container (`box.mbox#3`, `docs.zip/inner/a.txt`) has the folders of its
    /// address (`docs.zip`, `docs.zip/inner`) and its own name's extension (a message, its folder's);
    /// its `size` is its text's. Then the fields of mail: `from` (searched by default), `to` (To
    /// and Cc, searched as `to:bob`), `date` (a column: `date:>=2024-01-01`, sorting); an
    /// attachment has its message's.
    ///
    /// Last, `format` (keyword, fast, not stored) is the name of the extractor that read the file (`pdf`,
    /// `docx`'s `ooxml`, `text`): `format:pdf` filters, `loupe stats` counts documents by it. `text`
    /// (stored, not indexed) is the extracted text of a file whose extractor does not read prefixes
    /// (PDF, office files, e-books, compressed files: see `DocumentExtractor.readsPrefixes`), page
    /// breaks kept as form feeds: snippets, pages and first-line titles come from it without running
    /// the parser again. A plain-text file has none: it is read again (and its hash checked).
    ///
    /// `message-id` (keyword, stored; appended last) is a message's Message-ID without its angle
    /// brackets: `message-id:<inv-42@example.com>` finds the message wherever it is (`box.mbox#12`),
    /// `--fields message-id` shows it.
    public static let files = Schema([
        FieldSpec("path", boost: 1.5, isPath: true),
        FieldSpec("title", boost: 2.0),
        FieldSpec("body", stored: false),
        FieldSpec("ext", type: .keyword, stored: false, fast: true),
        FieldSpec("folder", type: .keyword, stored: false, fast: true, multiValued: true, caseSensitive: true),
        FieldSpec("size", type: .int64, indexed: false, stored: false, fast: true),
        FieldSpec("modified", type: .date, indexed: false, stored: false, fast: true),
        .text("from", stored: false),
        .text("to", stored: false, searchedByDefault: false),
        .value("date", .date, stored: false),
        FieldSpec(formatField, type: .keyword, stored: false, fast: true),
        FieldSpec(storedTextField, indexed: false, stored: true),
        .keyword(messageIDField),
    ])

    /// The values of the fields of `Schema.files` a document's metadata (`ExtractedText.fields`)
    /// gives: a message's `from` and `to` (text: `from:alice`), its `date` (ISO 8601 → a date:
    /// `date:2024-03`, sorting), its `message-id` (a keyword, angle brackets dropped).
    package static func metadataFields(_ fields: [String: String]) -> [String: [FieldValue]] {
        var out: [String: [FieldValue]] = [:]
        for name in ["from", "to"] { if let v = fields[name], !v.isEmpty { out[name] = [.string(v)] } }
        if var id = fields[messageIDField]?.trimmingCharacters(in: .whitespaces) {
            if id.hasPrefix("<") && id.hasSuffix(">") && id.count > 2 { id = String(id.dropFirst().dropLast()) }
            if !id.isEmpty { out[messageIDField] = [.string(id)] }
        }
        // The text `FieldValue.formatDate` writes (a message's) is read by arithmetic; another
        // extractor's ISO 8601 text as a query's date is.
        if let d = fields["date"], let ms = FieldValue.millis(parsingDate: d) ?? ValueSyntax.dateInterval(d, timeZone: .gmt)?.0 {
            out["date"] = [.int(ms)]
        }
        return out
    }

    /// How many levels of a file's folders `folder` holds (`folder:` filters and facets deeper
    /// than that match nothing).
    package static let maxFolderLevels = 64

    /// The field of `Schema.files` holding the name of the extractor that read a file.
    package static let formatField = "format"
    /// The field of `Schema.files` holding a message's Message-ID.
    package static let messageIDField = "message-id"
    /// The field of `Schema.files` holding the stored extracted text of a file not read as text.
    package static let storedTextField = "text"

    /// The values of the typed fields of `Schema.files` for the file at `path` (relative), of
    /// `size` bytes, modified at `mtime` (nanoseconds since 1970).
    package static func fileFields(path: String, size: Int, mtime: Int) -> [String: [FieldValue]] {
        var out: [String: [FieldValue]] = [
            "size": [.int(Int64(size))],
            "modified": [.date(Date(timeIntervalSince1970: Double(mtime / 1_000_000) / 1000))],
        ]
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        if parts.count > 1 {
            // The first `maxFolderLevels` only: a file 10,000 folders deep would otherwise carry
            // 10,000 values of up to 20,000 bytes each (100 MB for one document).
            out["folder"] = (1..<min(parts.count, maxFolderLevels + 1)).map { .string(parts[0..<$0].joined(separator: "/")) }
        }
        // A message of a mail folder (`box.mbox#3`) has the folder's extension.
        if var name = parts.last, let hash = name.lastIndex(of: "#"), name.index(after: hash) != name.endIndex,
           name[name.index(after: hash)...].allSatisfy({ $0 >= "0" && $0 <= "9" }) {
            name = name[..<hash]
            if let dot = name.lastIndex(of: "."), dot != name.startIndex, name.index(after: dot) != name.endIndex {
                out["ext"] = [.string(name[name.index(after: dot)...].lowercased())]
            }
            return out
        }
        if let name = parts.last, let dot = name.lastIndex(of: "."), dot != name.startIndex, name.index(after: dot) != name.endIndex {
            out["ext"] = [.string(name[name.index(after: dot)...].lowercased())]
        }
        return out
    }
}
