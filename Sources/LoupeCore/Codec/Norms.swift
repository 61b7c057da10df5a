/// Field lengths (words per field per document), quantized to one byte, for BM25's length factor.
///
/// File `<segment>.nrm` (magic "LNRM", version 3: the segment id in the header, see `FileFormat`;
/// version 2, without it, is still read), inside `FileFormat`'s envelope:
/// ```
/// body := (norm:u8{docCount}){nColumns}   -- one column per indexed field that some document of
///                                         -- the segment has (docsWithField > 0), in field order
/// ```
/// A field no document has gets no column: its norms are all 0. Which fields have one is known from
/// the segment's field statistics (`Schema.normColumns`, in Index). (Version 1 wrote a column
/// for every indexed field.)
/// `norm` = `NormCodec.encode(length)`: exact for lengths < 40, then steps of ~6 % up to ~10⁷, so BM25's
/// length factor per query is a 256-entry table. Example: 3 docs, two indexed fields, `title` in no
/// document and `body` of lengths 5, 0, 120: only `body` has a column,
/// `"LNRM" 03000000 <segment id, 16 bytes> | 05 00 <encode(120)> | crc "LEND"`.
public enum NormCodec {
    static let magic = "LNRM"
    static let version: UInt32 = 3

    /// `decodeTable[b]`: the length that byte `b` stands for (ascending).
    public static let decodeTable: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 256)
        for i in 0..<256 {
            t[i] = i < 40 ? UInt32(i) : max(t[i - 1] + 1, UInt32((Double(t[i - 1]) * 1.06).rounded(.up)))
        }
        return t
    }()

    /// The largest byte whose decoded length is ≤ `length`.
    /// - Complexity: O(log 256).
    public static func encode(_ length: Int) -> UInt8 {
        var lo = 0, hi = 255
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if Int(decodeTable[mid]) <= length { lo = mid } else { hi = mid - 1 }
        }
        return UInt8(lo)
    }

    /// The length byte `b` stands for: `decodeTable[b]`.
    public static func decode(_ b: UInt8) -> Int { Int(decodeTable[Int(b)]) }
}

/// Reads `.nrm` from its memory map.
final class Norms {
    let file: MappedFile
    let docCount: Int
    /// Column start of each field number, nil for fields without a column (norms all 0).
    let columns: [Int?]

    /// Opens the norms of a segment of `docCount` documents whose file holds a column for each of
    /// `indexed` (field numbers, ascending) among `fieldCount` fields.
    init(path: String, indexed: [Int], fieldCount: Int, docCount: Int) throws {
        file = try MappedFile(path: path)
        let body = try FileFormat.openSegmentFile(file, magic: NormCodec.magic, version: NormCodec.version)
        guard body.count == indexed.count * docCount else {
            throw LoupeError.corrupt(file: file.name, reason: "\(body.count) bytes of norms for \(indexed.count) fields × \(docCount) docs")
        }
        var cols = [Int?](repeating: nil, count: fieldCount)
        for (i, f) in indexed.enumerated() { cols[f] = body.lowerBound + i * docCount }
        columns = cols
        self.docCount = docCount
    }

    /// The norm byte of `doc` in `field`.
    @inline(__always) public func norm(field: Int, doc: Int32) throws -> UInt8 {
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
