/// The column (doc values) file of a segment: per fast field, every document's values, read by
/// range filters, sorting and facets without touching postings or stored fields.
///
/// File `<segment>.col` (magic "LCOL", version 1, the segment id in the header, see `FileFormat`),
/// inside `FileFormat`'s envelope; the manifest says which segments have one (`hasColumns`):
/// ```
/// body       := column* directory
/// column     := starts? values dictionary?          -- each part where its entry says
/// starts     := u32{docCount + 1}                   -- doc d's values are values[starts[d] ..< starts[d + 1]];
///                                                   -- absent when every document has exactly one value
/// values     := key:u64{nValues}                    -- numbers, dates, bools: ordered keys (below),
///            |  ordinal:u32{nValues}                -- keywords: ordinals into the dictionary;
///                                                   -- a document's values ascending, without repeats
/// dictionary := end:u32{nTerms} utf8*               -- keywords: the distinct values in byte order;
///                                                   -- term i is bytes[end[i-1] ..< end[i]] after the ends
/// directory  := entry{nColumns} nColumns:u32 docCount:u32
/// entry      := field:u8 type:u8 dense:u8 0:u8 nValues:u32 nTerms:u32 startsAt:u64 valuesAt:u64 dictAt:u64
///                                                   -- 36 bytes; offsets from the start of the file;
///                                                   -- type: `FieldType`'s raw value; dense 1: no starts
/// ```
/// A key is the value as a signed 64-bit integer whose order is the values' order: an int64 as it
/// is, a date as milliseconds since 1970 UTC, a bool as 0 or 1, a double's bits with the sign
/// flipping the others (`FieldValue.columnKey`). Fields follow in field order; a fast field no
/// document of the segment has gets no column (all missing), nor does a field added to the schema
/// after the segment was written.
///
/// Example: 3 documents; `price` (field 1, int64) = 5, none, 7; `tag` (field 2, keyword,
/// multi-valued) = [b, a], [a], none:
/// ```
/// "LCOL" 01000000 <segment id, 16 bytes>
/// @24  00000000 01000000 01000000 02000000        starts of price: 0 1 1 2
/// @40  0500000000000000 0700000000000000          keys: 5 7
/// @56  00000000 02000000 03000000 03000000        starts of tag: 0 2 3 3
/// @72  00000000 01000000 00000000                 ordinals: a b | a
/// @84  01000000 02000000 "a" "b"                  dictionary: ends 1 2, bytes "ab"
/// @94  01 02 00 00 02000000 00000000 18…(24) 28…(40) 00…(0)
///      02 01 00 00 03000000 02000000 38…(56) 48…(72) 54…(84)
///      02000000 03000000                          2 columns, 3 documents
///      crc "LEND"
/// ```
/// A reader checks on open that every part lies inside the body and that the counts agree
/// (`Columns`); reads are bounds-checked, and the deep check decodes every column
/// (`Columns.verify`).
enum ColumnsFormat {
    static let magic = "LCOL"
    static let version: UInt32 = 1
    static let fileExtension = "col"
    static let entrySize = 36
}

/// One fast field's values as they are gathered, document by document: what a flush and a merge
/// hand `ColumnsWriter`.
struct ColumnBuilder {
    let field: Int
    let type: FieldType
    /// Per document, where its values start in `keys` / `strings` (plus the end).
    private(set) var starts: [UInt32] = [0]
    private(set) var keys: [Int64] = []
    private(set) var strings: [String] = []
    /// Whether every document so far has exactly one value.
    private(set) var dense = true

    init(field: Int, type: FieldType) {
        self.field = field
        self.type = type
    }

    var docCount: Int { starts.count - 1 }
    var valueCount: Int { type == .keyword ? strings.count : keys.count }

    /// Ends the current document (its values are those appended since the last call).
    mutating func endDocument() {
        let begin = Int(starts[starts.count - 1])
        if type == .keyword {
            if strings.count - begin > 1 {
                let sorted = Array(Set(strings[begin...])).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                strings.replaceSubrange(begin..., with: sorted)
            }
        } else if keys.count - begin > 1 {
            let sorted = Array(Set(keys[begin...])).sorted()
            keys.replaceSubrange(begin..., with: sorted)
        }
        let n = valueCount - begin
        if n != 1 { dense = false }
        starts.append(UInt32(valueCount))
    }

    mutating func append(key: Int64) { keys.append(key) }
    mutating func append(string: String) { strings.append(string) }
}

/// Writes a segment's `.col` file from its columns' builders.
enum ColumnsWriter {
    /// - Complexity: O(values + distinct keyword values · log).
    static func write(_ columns: [ColumnBuilder], docCount: Int, to directory: any Directory, name: String, segmentID: [UInt8]) throws {
        let out = try FileOutput(directory, name: name, magic: ColumnsFormat.magic, version: ColumnsFormat.version, segmentID: segmentID)
        var entries: [(field: Int, type: FieldType, dense: Bool, nValues: Int, nTerms: Int, starts: Int, values: Int, dict: Int)] = []
        for c in columns where c.valueCount > 0 {
            precondition(c.docCount == docCount, "a column of \(c.docCount) documents in a segment of \(docCount)")
            let startsAt = c.dense ? 0 : out.offset
            if !c.dense { for s in c.starts { out.writeU32(s) } }
            let valuesAt = out.offset
            var nTerms = 0, dictAt = 0
            if c.type == .keyword {
                let terms = Array(Set(c.strings)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                var ordinal: [String: UInt32] = [:]
                for (i, t) in terms.enumerated() { ordinal[t] = UInt32(i) }
                for s in c.strings { out.writeU32(ordinal[s]!) }
                dictAt = out.offset
                nTerms = terms.count
                var end: UInt32 = 0
                for t in terms {
                    end += UInt32(t.utf8.count)
                    out.writeU32(end)
                }
                for t in terms { out.writeBytes(Array(t.utf8)) }
            } else {
                for k in c.keys { out.writeU64(UInt64(bitPattern: k)) }
            }
            try out.maybeFlush()
            entries.append((c.field, c.type, c.dense, c.valueCount, nTerms, startsAt, valuesAt, dictAt))
        }
        for e in entries {
            out.writeByte(UInt8(e.field))
            out.writeByte(e.type.rawValue)
            out.writeByte(e.dense ? 1 : 0)
            out.writeByte(0)
            out.writeU32(UInt32(e.nValues))
            out.writeU32(UInt32(e.nTerms))
            out.writeU64(UInt64(e.starts))
            out.writeU64(UInt64(e.values))
            out.writeU64(UInt64(e.dict))
        }
        out.writeU32(UInt32(entries.count))
        out.writeU32(UInt32(docCount))
        try out.finish()
    }
}
