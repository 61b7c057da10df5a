/// Reads a segment's `.col` file (see `ColumnsFormat`; versions 1 and 2) from its memory map.
final class Columns {
    let file: MappedFile
    let docCount: Int
    /// Per field number, its column (nil: no document of the segment has the field).
    private let byField: [Column?]

    /// Opens the columns of a segment of `docCount` documents whose fields are `fields` (per field
    /// number, its name and, for a fast field, its type).
    init(file: MappedFile, fields: [(name: String, fastType: FieldType?)], docCount: Int) throws {
        self.file = file
        let body = try FileFormat.openSegmentFile(file, magic: ColumnsFormat.magic, version: ColumnsFormat.version)
        let fixed = try FileFormat.version(of: file) == ColumnsFormat.fixedWidthVersion
        let entrySize = fixed ? ColumnsFormat.fixedWidthEntrySize : ColumnsFormat.entrySize
        func bad(_ reason: String) -> LoupeError { LoupeError.corrupt(file: file.name, reason: reason) }
        guard body.count >= 8 else { throw bad("no column directory") }
        let n = Int(try file.u32(body.upperBound - 8))
        let docs = Int(try file.u32(body.upperBound - 4))
        guard docs == docCount else { throw bad("columns of \(docs) documents in a segment of \(docCount)") }
        guard n <= 255, n * entrySize <= body.count - 8 else { throw bad("\(n) columns") }
        let directory = body.upperBound - 8 - n * entrySize
        var columns = [Column?](repeating: nil, count: fields.count)
        var previous = -1
        for i in 0..<n {
            let at = directory + i * entrySize
            let field = Int(try file.u8(at))
            guard field > previous, field < fields.count else { throw bad("column of field \(field) out of order or unknown") }
            previous = field
            let name = fields[field].name
            guard let type = fields[field].fastType, try file.u8(at + 1) == type.code else {
                throw bad("column of field \(name), which is not a fast field of its type")
            }
            let keyword = type == .keyword
            let dense = try file.u8(at + 2) == 1
            let startBits: Int, valueBits: Int, base: Int64, rest: Int
            if fixed {
                (startBits, valueBits, base, rest) = (32, keyword ? 32 : 64, 0, at + 4)
            } else {
                startBits = Int(try file.u8(at + 3))
                valueBits = Int(try file.u8(at + 4))
                base = Int64(bitPattern: try file.u64(at + 16))
                rest = at + 8
            }
            let nValues = Int(try file.u32(rest)), nTerms = Int(try file.u32(rest + 4))
            let o = fixed ? rest + 8 : rest + 16
            let startsAt = Int(clamping: try file.u64(o)), valuesAt = Int(clamping: try file.u64(o + 8))
            let dictAt = Int(clamping: try file.u64(o + 16))
            func inside(_ start: Int, _ length: Int) -> Bool {
                start >= body.lowerBound && length >= 0 && start <= directory - length
            }
            func widthOK(_ w: Int, most: Int) -> Bool { w <= most && (w <= ColumnsFormat.maxPackedBits || w == 64) }
            guard widthOK(startBits, most: 32), widthOK(valueBits, most: keyword ? 32 : 64), !keyword || base == 0,
                  nValues <= Int(UInt32.max),
                  dense ? nValues == docCount : inside(startsAt, ColumnsFormat.packedBytes(count: docCount + 1, width: startBits)),
                  inside(valuesAt, ColumnsFormat.packedBytes(count: nValues, width: valueBits)),
                  !keyword || (inside(dictAt, 4 * nTerms) && nTerms <= nValues),
                  keyword || nTerms == 0 else {
                throw bad("column of field \(name) lies outside the file or has inconsistent counts or widths")
            }
            var bytesAt = 0, bytesCount = 0
            if keyword {
                bytesAt = dictAt + 4 * nTerms
                bytesCount = nTerms == 0 ? 0 : Int(try file.u32(dictAt + 4 * (nTerms - 1)))
                guard inside(bytesAt, bytesCount) else { throw bad("dictionary of field \(name) past its end") }
            }
            // The packed runs lie inside the body (checked above), and a load reads at most 8 bytes
            // from a value's first byte: the directory and the footer follow, so it stays in the file.
            let (starts, values) = try file.withBytes(0, file.count) { all in
                (PackedInts(all.baseAddress! + (dense ? 0 : startsAt), width: dense ? 0 : startBits),
                 PackedInts(all.baseAddress! + valuesAt, width: valueBits))
            }
            let c = Column(file: file, field: field, type: type, docCount: docCount, dense: dense, valueCount: nValues, starts: starts,
                           values: values, base: base, termCount: nTerms, endsAt: dictAt, bytesAt: bytesAt, bytesCount: bytesCount)
            if !dense {
                guard c.start(0) == 0, c.start(docCount) == nValues else {
                    throw bad("column of field \(name): starts do not span its \(nValues) values")
                }
            }
            columns[field] = c
        }
        byField = columns
        self.docCount = docCount
    }

    /// The column of field number `field`, nil when the segment has none.
    func column(_ field: Int) -> Column? { field < byField.count ? byField[field] : nil }

    /// Decodes every column: starts ascending, keys ascending within a document, ordinals below the
    /// dictionary's size, dictionary in strictly ascending byte order. The deep check runs it.
    /// - Complexity: O(file size).
    func verify() throws {
        for case let c? in byField { try c.verify() }
    }
}

/// Unsigned integers of one width packed in a memory map (`ColumnsFormat`'s `packed`): value `i` is
/// one unaligned 8-byte load, shift and mask. Whoever makes one checked that every index it will be
/// read at lies in the run, and keeps the mapping alive (`Column` holds its file).
struct PackedInts {
    let base: UnsafeRawPointer
    let width: Int
    private let mask: UInt64

    init(_ base: UnsafeRawPointer, width: Int) {
        self.base = base
        self.width = width
        mask = width >= 64 ? .max : (1 << UInt64(width)) &- 1
    }

    @inline(__always) subscript(i: Int) -> UInt64 {
        if width == 64 { return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i &* 8, as: UInt64.self)) }
        let bit = i &* width
        let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: bit &>> 3, as: UInt64.self))
        return (word &>> UInt64(bit & 7)) & mask
    }
}

/// One fast field's values in one segment.
final class Column {
    let file: MappedFile
    let field: Int
    let type: FieldType
    let docCount: Int
    let dense: Bool
    let valueCount: Int
    /// The packed starts (docCount + 1 of them, unless dense) and values.
    let starts: PackedInts, packedValues: PackedInts
    /// What every packed key is added to.
    let base: Int64
    /// Keywords: distinct values, where their ends and bytes start.
    let termCount: Int
    private let endsAt: Int, bytesAt: Int, bytesCount: Int

    init(file: MappedFile, field: Int, type: FieldType, docCount: Int, dense: Bool, valueCount: Int, starts: PackedInts,
         values: PackedInts, base: Int64, termCount: Int, endsAt: Int, bytesAt: Int, bytesCount: Int) {
        self.file = file
        self.field = field
        self.type = type
        self.docCount = docCount
        self.dense = dense
        self.valueCount = valueCount
        self.starts = starts
        packedValues = values
        self.base = base
        self.termCount = termCount
        self.endsAt = endsAt
        self.bytesAt = bytesAt
        self.bytesCount = bytesCount
    }

    /// The start of document `d`'s values (`d` ≤ docCount), as written: checked by the callers.
    @inline(__always) func start(_ d: Int) -> Int { Int(truncatingIfNeeded: starts[d]) }

    private func outOfRange(_ doc: Int32) -> LoupeError {
        LoupeError.corrupt(file: file.name, reason: "column of field \(field): document \(doc)'s values out of range")
    }

    /// The indices of `doc`'s values (empty: it has none).
    @inline(__always) func values(of doc: Int32) throws -> Range<Int> {
        guard doc >= 0, Int(doc) < docCount else { throw outOfRange(doc) }
        if dense { return Int(doc) ..< Int(doc) + 1 }
        let s = start(Int(doc)), e = start(Int(doc) + 1)
        guard s <= e, e <= valueCount else { throw outOfRange(doc) }
        return s ..< e
    }

    /// The key of value `i` (numbers, dates, bools; `i` < valueCount).
    @inline(__always) func key(_ i: Int) throws -> Int64 {
        guard i >= 0, i < valueCount else { throw LoupeError.corrupt(file: file.name, reason: "column of field \(field): value \(i) of \(valueCount)") }
        return base &+ Int64(bitPattern: packedValues[i])
    }

    /// The key of value `i`, which the caller took from `values(of:)` (so it is in range).
    @inline(__always) func keyInRange(_ i: Int) -> Int64 { base &+ Int64(bitPattern: packedValues[i]) }

    /// The ordinal of value `i`, which the caller took from `values(of:)`, unchecked against the
    /// dictionary's size (callers that index by it check that).
    @inline(__always) func rawOrdinal(_ i: Int) -> Int { Int(truncatingIfNeeded: packedValues[i]) }

    /// The ordinal of value `i` (keywords).
    @inline(__always) func ordinal(_ i: Int) throws -> Int {
        guard i >= 0, i < valueCount else { throw LoupeError.corrupt(file: file.name, reason: "column of field \(field): value \(i) of \(valueCount)") }
        let o = rawOrdinal(i)
        guard o < termCount else { throw LoupeError.corrupt(file: file.name, reason: "column of field \(field): ordinal \(o) of \(termCount)") }
        return o
    }

    /// The bytes of keyword `ordinal`.
    func termBytes(_ ordinal: Int) throws -> [UInt8] {
        let start = ordinal == 0 ? 0 : Int(try file.u32(endsAt + 4 * (ordinal - 1)))
        let end = Int(try file.u32(endsAt + 4 * ordinal))
        guard start <= end, end <= bytesCount else {
            throw LoupeError.corrupt(file: file.name, reason: "column of field \(field): dictionary entry \(ordinal) out of range")
        }
        return try file.bytes(bytesAt + start, end - start)
    }

    /// Keyword `ordinal` as text.
    func term(_ ordinal: Int) throws -> String { String(decoding: try termBytes(ordinal), as: UTF8.self) }

    /// The ordinal of keyword `term`, or where it would be inserted (negated minus 1) when absent.
    func ordinal(of term: String) throws -> Int {
        let target = Array(term.utf8)
        var lo = 0, hi = termCount - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let t = try termBytes(mid)
            if t == target { return mid }
            if t.lexicographicallyPrecedes(target) { lo = mid + 1 } else { hi = mid - 1 }
        }
        return -lo - 1
    }

    func verify() throws {
        var previousEnd = 0
        for d in 0..<docCount {
            let r = try values(of: Int32(d))
            guard r.lowerBound == previousEnd else {
                throw LoupeError.corrupt(file: file.name, reason: "column of field \(field): document \(d)'s values do not follow the previous ones")
            }
            previousEnd = r.upperBound
            var last: Int64? = nil
            for i in r {
                let k = type == .keyword ? Int64(try ordinal(i)) : try key(i)
                if let last, k <= last {
                    throw LoupeError.corrupt(file: file.name, reason: "column of field \(field): document \(d)'s values not ascending")
                }
                if type == .bool, k != 0 && k != 1 { throw LoupeError.corrupt(file: file.name, reason: "column of field \(field): bool \(k)") }
                last = k
            }
        }
        guard previousEnd == valueCount else {
            throw LoupeError.corrupt(file: file.name, reason: "column of field \(field): \(previousEnd) values of \(valueCount)")
        }
        var previous: [UInt8]? = nil
        for o in 0..<termCount {
            let t = try termBytes(o)
            if let previous, !previous.lexicographicallyPrecedes(t) {
                throw LoupeError.corrupt(file: file.name, reason: "column of field \(field): dictionary not in ascending order at \(o)")
            }
            previous = t
        }
    }
}
