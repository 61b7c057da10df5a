/// Field lengths (words per field per document), quantized to one byte, for BM25's length factor,
/// and the language each document was analyzed in, per field.
///
/// File `<segment>.nrm` (magic "LNRM", version 5, the segment id in the header, see `FileFormat`;
/// version 4, with columns for every indexed field, version 3, without the languages, and version
/// 2, without the id either, are still read), inside `FileFormat`'s envelope:
/// ```
/// body      := (norm:u8{docCount}){nColumns}   -- one column per indexed field that some document
///                                              -- of the segment has (docsWithField > 0), in field order
///              languages
/// languages := nCodes:u8 (length:u8 code:u8{length}){nCodes}
///              (language:u8{docCount}){nColumns}  -- per column (the same fields), per document:
///                                              -- 0 when its language in the field is unknown,
///                                              -- else i + 1 for codes[i] (≤ nCodes)
/// ```
/// A field no document has gets no column: its norms are all 0. Which fields have one is known from
/// the segment's field statistics and the file's version (`Schema.normColumns`, in Index): from
/// version 5 on, a keyword, number, date or bool field (one term per value, whose length no score
/// reads) has a column only when it has no fast column to tell which documents hold it, and the
/// segment's postings of such a field carry no positions (nothing matches a phrase in it).
/// (Version 1 wrote a column for every indexed field.) The languages are what the field's language terms (`\u{3}code`, see
/// `IndexedTerm`) say, kept as a column so a query reads a document's language without walking
/// those terms' postings (`LanguageColumn`); a segment of version 2 or 3 gets its column from them.
/// `norm` = `NormCodec.encode(length)`: exact for lengths < 40, then steps of ~6 % up to ~10⁷, so BM25's
/// length factor per query is a 256-entry table. Example: 3 docs, two indexed fields, `title` in no
/// document and `body` of lengths 5, 0, 120, the first in German, the third in French: only `body`
/// has a column, `"LNRM" 04000000 <segment id, 16 bytes> | 05 00 <encode(120)> | 02 02 "de" 02 "fr"
/// 01 00 02 | crc "LEND"`.
package enum NormCodec {
    static let magic = "LNRM"
    static let version: UInt32 = 5
    /// The first version with the languages.
    static let languagesVersion: UInt32 = 4
    /// The first version whose fields other than text may have no norms and have no positions.
    package static let typedWithoutNormsVersion: UInt32 = 5

    /// Writes a segment's norms file: `norms` and `languages` hold one column per field of
    /// `Norms.columnFields`, `languages` bytes index `codes` plus one (at most 255 codes).
    static func write(to out: FileOutput, norms: [[UInt8]], codes: [String], languages: [[UInt8]]) {
        for column in norms { out.writeBytes(column) }
        out.writeBytes([UInt8(codes.count)])
        for code in codes {
            out.writeBytes([UInt8(code.utf8.count)])
            out.writeBytes(Array(code.utf8))
        }
        for column in languages { out.writeBytes(column) }
    }

    /// `decodeTable[b]`: the length that byte `b` stands for (ascending).
    package static let decodeTable: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 256)
        for i in 0..<256 {
            t[i] = i < 40 ? UInt32(i) : max(t[i - 1] + 1, UInt32((Double(t[i - 1]) * 1.06).rounded(.up)))
        }
        return t
    }()

    /// The largest byte whose decoded length is ≤ `length`.
    /// - Complexity: O(log 256).
    package static func encode(_ length: Int) -> UInt8 {
        var lo = 0, hi = 255
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if Int(decodeTable[mid]) <= length { lo = mid } else { hi = mid - 1 }
        }
        return UInt8(lo)
    }

    /// The length byte `b` stands for: `decodeTable[b]`.
    package static func decode(_ b: UInt8) -> Int { Int(decodeTable[Int(b)]) }
}

/// Reads `.nrm` from its memory map.
final class Norms {
    let file: MappedFile
    let docCount: Int
    /// The file's format version (which fields have a column depends on it).
    let version: UInt32
    /// Column start of each field number, nil for fields without a column (norms all 0).
    let columns: [Int?]
    /// The language codes of the segment's language columns (nil: a file of a version before
    /// them); a document's language byte is an index here plus one.
    let languageCodes: [String]?
    /// Language column start of each field number (nil: no column, no language known).
    private let languageColumns: [Int?]

    /// Opens the norms of a segment of `docCount` documents whose file holds a column for each of
    /// `indexed(version)` (field numbers, ascending, for the file's version) among `fieldCount` fields,
    /// from the bytes of its `.nrm`.
    init(file: MappedFile, indexed columnFields: (UInt32) -> [Int], fieldCount: Int, docCount: Int) throws {
        self.file = file
        let body = try FileFormat.openSegmentFile(file, magic: NormCodec.magic, version: NormCodec.version)
        version = try FileFormat.version(of: file)
        let indexed = columnFields(version)
        let normBytes = indexed.count * docCount
        let hasLanguages = try FileFormat.version(of: file) >= NormCodec.languagesVersion
        guard hasLanguages ? body.count > normBytes : body.count == normBytes else {
            throw LoupeError.corrupt(file: file.name, reason: "\(body.count) bytes of norms for \(indexed.count) fields × \(docCount) docs")
        }
        var cols = [Int?](repeating: nil, count: fieldCount)
        for (i, f) in indexed.enumerated() { cols[f] = body.lowerBound + i * docCount }
        columns = cols
        self.docCount = docCount
        var languageCols = [Int?](repeating: nil, count: fieldCount)
        if hasLanguages {
            var o = body.lowerBound + normBytes
            let nCodes = Int(try file.u8(o))
            o += 1
            var codes: [String] = []
            for _ in 0..<nCodes {
                let length = Int(try file.u8(o))
                codes.append(String(decoding: try file.bytes(o + 1, length), as: UTF8.self))
                o += 1 + length
            }
            guard body.upperBound - o == normBytes else {
                throw LoupeError.corrupt(file: file.name, reason: "\(body.upperBound - o) bytes of languages for \(indexed.count) fields × \(docCount) docs")
            }
            for (i, f) in indexed.enumerated() { languageCols[f] = o + i * docCount }
            languageCodes = codes
        } else {
            languageCodes = nil
        }
        languageColumns = languageCols
    }

    /// The language bytes of `field`, one per document (all 0 for a field without a column), each
    /// checked to name one of `languageCodes`; nil when the file has no languages.
    func languages(field: Int) throws -> [UInt8]? {
        guard let codes = languageCodes else { return nil }
        guard let start = languageColumns[field] else { return [UInt8](repeating: 0, count: docCount) }
        let bytes = try file.bytes(start, docCount)
        if let bad = bytes.first(where: { Int($0) > codes.count }) {
            throw LoupeError.corrupt(file: file.name, reason: "language \(bad) of field \(field), of \(codes.count) languages")
        }
        return bytes
    }

    /// The norm byte of `doc` in `field`.
    @inline(__always) package func norm(field: Int, doc: Int32) throws -> UInt8 {
        try norm(column: column(of: field), doc: doc)
    }

    /// Where `field`'s column starts (-1: no column, every norm 0), for `norm(column:doc:)`.
    func column(of field: Int) -> Int { columns[field] ?? -1 }

    /// The norm byte of `doc` in the column at `column` (from `column(of:)`): a scorer's per-document
    /// read, without the field's optional lookup.
    @inline(__always) func norm(column: Int, doc: Int32) throws -> UInt8 {
        column < 0 ? 0 : try file.u8(column + Int(doc))
    }
}
