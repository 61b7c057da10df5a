/// The column (doc values) file of a segment: per fast field, every document's values, read by
/// range filters, sorting and facets without touching postings or stored fields.
///
/// File `<segment>.col` (magic "LCOL", version 2, the segment id in the header, see `FileFormat`),
/// inside `FileFormat`'s envelope; the manifest says which segments have one (`hasColumns`):
/// ```
/// body       := column* directory
/// column     := starts? values dictionary?          -- each part where its entry says
/// starts     := packed(docCount + 1, startBits)     -- doc d's values are values[starts[d] ..< starts[d + 1]];
///                                                   -- absent when every document has exactly one value
/// values     := packed(nValues, valueBits)          -- numbers, dates, bools: key − base (below);
///                                                   -- keywords: ordinals into the dictionary (base 0);
///                                                   -- a document's values ascending, without repeats
/// dictionary := end:u32{nTerms} utf8*               -- keywords: the distinct values in byte order;
///                                                   -- term i is bytes[end[i-1] ..< end[i]] after the ends
/// packed(n, w) := byte{⌈n·w / 8⌉}                   -- n unsigned integers of w bits each, value i at
///                                                   -- bits i·w ..< (i+1)·w, least significant bit first
///                                                   -- (w = 0: no bytes, every value 0)
/// directory  := entry{nColumns} nColumns:u32 docCount:u32
/// entry      := field:u8 type:u8 dense:u8 startBits:u8 valueBits:u8 0:u8{3} nValues:u32 nTerms:u32
///               base:u64 startsAt:u64 valuesAt:u64 dictAt:u64
///                                                   -- 48 bytes; offsets from the start of the file;
///                                                   -- type: `FieldType`'s raw value; dense 1: no starts;
///                                                   -- startBits ≤ 32; valueBits ≤ 57 or 64
///                                                   -- (≤ 32 for keywords)
/// ```
/// A key is the value as a signed 64-bit integer whose order is the values' order: an int64 as it
/// is, a date as milliseconds since 1970 UTC, a bool as 0 or 1, a double's bits with the sign
/// flipping the others (`FieldValue.columnKey`). `base` is the column's smallest key, and each value
/// is its key minus `base` (wrapping, as unsigned) in the fewest bits that hold the largest; a
/// width over 57 is written as 64, so that a value is always one unaligned 8-byte load, shift and
/// mask. Such a load may reach 7 bytes past a packed run's end: inside the file, since the
/// directory and the envelope's footer follow every column. Fields follow in field order; a fast
/// field no document of the segment has gets no column (all missing), nor does a field added to
/// the schema after the segment was written.
///
/// Example: 3 documents; `price` (field 1, int64) = 5, none, 7; `tag` (field 2, keyword,
/// multi-valued) = [b, a], [a], none:
/// ```
/// "LCOL" 02000000 <segment id, 16 bytes>
/// @24  94                                         starts of price: 0 1 1 2 at 2 bits (00 01 01 10)
/// @25  08                                         keys − 5: 0 2 at 2 bits
/// @26  F8                                         starts of tag: 0 2 3 3 at 2 bits
/// @27  02                                         ordinals a b | a: 0 1 0 at 1 bit
/// @28  01000000 02000000 "a" "b"                  dictionary: ends 1 2, bytes "ab"
/// @38  01 02 00 02 02 000000 02000000 00000000 0500000000000000 18…(24) 19…(25) 00…(0)
///      02 01 00 02 01 000000 03000000 02000000 0000000000000000 1A…(26) 1B…(27) 1C…(28)
///      02000000 03000000                          2 columns, 3 documents
///      crc "LEND"
/// ```
/// Version 1 (still read) is the same with every width fixed: 36-byte entries `field:u8 type:u8
/// dense:u8 0:u8 nValues:u32 nTerms:u32 startsAt:u64 valuesAt:u64 dictAt:u64`, starts and ordinals
/// as u32, keys as u64 (base 0): packed runs of width 32 and 64.
/// A reader checks on open that every part lies inside the body and that the counts and widths
/// agree (`Columns`); reads are bounds-checked against the counts, and the deep check decodes
/// every column (`Columns.verify`).
enum ColumnsFormat {
    static let magic = "LCOL"
    static let version: UInt32 = 2
    /// The version with fixed widths (u32 starts and ordinals, u64 keys), still read.
    static let fixedWidthVersion: UInt32 = 1
    static let fileExtension = "col"
    static let entrySize = 48
    static let fixedWidthEntrySize = 36
    /// The widest packed value read with one load; wider ones are written at 64 bits.
    static let maxPackedBits = 57

    /// Bytes of `count` values packed at `width` bits.
    static func packedBytes(count: Int, width: Int) -> Int { (count * width + 7) / 8 }

    /// The width `ColumnsWriter` packs values up to `largest` at: its bits, or 64 past `maxPackedBits`.
    static func width(_ largest: UInt64) -> Int {
        let w = 64 - largest.leadingZeroBitCount
        return w > maxPackedBits ? 64 : w
    }
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
        var entries: [(field: Int, type: FieldType, dense: Bool, startBits: Int, valueBits: Int, nValues: Int, nTerms: Int, base: Int64,
                       starts: Int, values: Int, dict: Int)] = []
        var packed: [UInt8] = []
        for c in columns where c.valueCount > 0 {
            precondition(c.docCount == docCount, "a column of \(c.docCount) documents in a segment of \(docCount)")
            let startsAt = c.dense ? 0 : out.offset
            let startBits = c.dense ? 0 : ColumnsFormat.width(UInt64(c.valueCount))
            if !c.dense {
                packed.removeAll(keepingCapacity: true)
                pack(c.starts.lazy.map { UInt64($0) }, width: startBits, into: &packed)
                out.writeBytes(packed)
            }
            let valuesAt = out.offset
            var nTerms = 0, dictAt = 0, base: Int64 = 0, valueBits = 0
            packed.removeAll(keepingCapacity: true)
            if c.type == .keyword {
                let terms = Array(Set(c.strings)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                var ordinal: [String: UInt32] = [:]
                for (i, t) in terms.enumerated() { ordinal[t] = UInt32(i) }
                valueBits = ColumnsFormat.width(UInt64(terms.count - 1))
                pack(c.strings.lazy.map { UInt64(ordinal[$0]!) }, width: valueBits, into: &packed)
                out.writeBytes(packed)
                dictAt = out.offset
                nTerms = terms.count
                var end: UInt32 = 0
                for t in terms {
                    end += UInt32(t.utf8.count)
                    out.writeU32(end)
                }
                for t in terms { out.writeBytes(Array(t.utf8)) }
            } else {
                base = c.keys.min() ?? 0
                let b = base
                valueBits = ColumnsFormat.width(UInt64(bitPattern: (c.keys.max() ?? 0) &- b))
                pack(c.keys.lazy.map { UInt64(bitPattern: $0 &- b) }, width: valueBits, into: &packed)
                out.writeBytes(packed)
            }
            try out.maybeFlush()
            entries.append((c.field, c.type, c.dense, startBits, valueBits, c.valueCount, nTerms, base, startsAt, valuesAt, dictAt))
        }
        for e in entries {
            out.writeByte(UInt8(e.field))
            out.writeByte(e.type.code)
            out.writeByte(e.dense ? 1 : 0)
            out.writeByte(UInt8(e.startBits))
            out.writeByte(UInt8(e.valueBits))
            out.writeBytes([0, 0, 0])
            out.writeU32(UInt32(e.nValues))
            out.writeU32(UInt32(e.nTerms))
            out.writeU64(UInt64(bitPattern: e.base))
            out.writeU64(UInt64(e.starts))
            out.writeU64(UInt64(e.values))
            out.writeU64(UInt64(e.dict))
        }
        out.writeU32(UInt32(entries.count))
        out.writeU32(UInt32(docCount))
        try out.finish()
    }

    /// Appends `values` packed at `width` bits (`ColumnsFormat`'s `packed`): each below 2^width.
    static func pack<S: Sequence>(_ values: S, width: Int, into out: inout [UInt8]) where S.Element == UInt64 {
        guard width > 0 else { return }
        if width == 64 {
            for v in values { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
            return
        }
        // At most 7 bits wait in `acc`, so a value of up to 57 bits fits beside them.
        var acc: UInt64 = 0, bits = 0
        for v in values {
            acc |= v << UInt64(bits)
            bits += width
            while bits >= 8 {
                out.append(UInt8(truncatingIfNeeded: acc))
                acc >>= 8
                bits -= 8
            }
        }
        if bits > 0 { out.append(UInt8(truncatingIfNeeded: acc)) }
    }
}
