/// The stored (verbatim) field values of each document, returned with hits.
///
/// File `<segment>.sto` (magic "LSTO", version 1), inside `FileFormat`'s envelope:
/// ```
/// body    := doc{docCount} offsets trailer
/// doc     := nValues:varint (field:u8 length:varint utf8[length]){nValues}
/// offsets := docOffset:u64{docCount}             -- start of each doc from the start of the file
/// trailer := docCount:u64 offsetsStart:u64
/// ```
/// Example: one doc with `path` (field 0) = "a.txt": `"LSTO" 01000000 | 01 00 05"a.txt" |
/// 0800000000000000 | 0100000000000000 0F00000000000000 | crc "LEND"`.
public enum StoredFieldsFormat {
    public static let magic = "LSTO"
    public static let version: UInt32 = 1
}

/// Reads `.sto` from its memory map.
public final class StoredFields {
    let file: MappedFile
    let docCount: Int
    let offsetsStart: Int

    init(path: String, docCount: Int) throws {
        file = try MappedFile(path: path)
        let body = try FileFormat.open(file, magic: StoredFieldsFormat.magic, version: StoredFieldsFormat.version)
        let t = body.upperBound - 16
        guard t >= body.lowerBound, try file.u64(t) == UInt64(docCount) else {
            throw LoupeError.corrupt(file: file.name, reason: "document count does not match the manifest")
        }
        offsetsStart = Int(try file.u64(t + 8))
        guard offsetsStart >= body.lowerBound, offsetsStart + 8 * docCount == t else {
            throw LoupeError.corrupt(file: file.name, reason: "bad offsets table")
        }
        self.docCount = docCount
    }

    /// Calls `body(field, utf8Bytes)` for the stored values of `doc` whose field number `f` has
    /// `fields[f] == true`; other values are skipped. The bytes must not escape `body`.
    public func forEachValue(_ doc: Int32, fields: [Bool], _ body: (Int, UnsafeRawBufferPointer) -> Void) throws {
        guard doc >= 0, Int(doc) < docCount else { throw LoupeError.invalidArgument("no document \(doc)") }
        var p = Int(try file.u64(offsetsStart + 8 * Int(doc)))
        let n = try file.varint(&p)
        guard n < 256 else { throw LoupeError.corrupt(file: file.name, reason: "doc \(doc): \(n) values") }
        for _ in 0..<n {
            let f = Int(try file.u8(p)); p += 1
            let len = Int(try file.varint(&p))
            if f < fields.count && fields[f] { try file.withBytes(p, len) { body(f, $0) } } else { try file.check(p, len) }
            p += len
        }
    }

    /// The stored values of `doc`, by field number.
    public func document(_ doc: Int32) throws -> [(field: Int, value: String)] {
        var p = Int(try file.u64(offsetsStart + 8 * Int(doc)))
        let n = try file.varint(&p)
        guard n < 256 else { throw LoupeError.corrupt(file: file.name, reason: "doc \(doc): \(n) values") }
        var out: [(Int, String)] = []
        for _ in 0..<n {
            let f = Int(try file.u8(p)); p += 1
            let len = Int(try file.varint(&p))
            out.append((f, try file.string(p, len)))
            p += len
        }
        return out
    }
}
