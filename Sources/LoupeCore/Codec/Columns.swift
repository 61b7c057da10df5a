/// Reads a segment's `.col` file (see `ColumnsFormat`) from its memory map.
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
        func bad(_ reason: String) -> LoupeError { LoupeError.corrupt(file: file.name, reason: reason) }
        guard body.count >= 8 else { throw bad("no column directory") }
        let n = Int(try file.u32(body.upperBound - 8))
        let docs = Int(try file.u32(body.upperBound - 4))
        guard docs == docCount else { throw bad("columns of \(docs) documents in a segment of \(docCount)") }
        guard n <= 255, n * ColumnsFormat.entrySize <= body.count - 8 else { throw bad("\(n) columns") }
        let directory = body.upperBound - 8 - n * ColumnsFormat.entrySize
        var columns = [Column?](repeating: nil, count: fields.count)
        var previous = -1
        for i in 0..<n {
            let at = directory + i * ColumnsFormat.entrySize
            let field = Int(try file.u8(at))
            guard field > previous, field < fields.count else { throw bad("column of field \(field) out of order or unknown") }
            previous = field
            let name = fields[field].name
            guard let type = fields[field].fastType, try file.u8(at + 1) == type.rawValue else {
                throw bad("column of field \(name), which is not a fast field of its type")
            }
            let dense = try file.u8(at + 2) == 1
            let nValues = Int(try file.u32(at + 4)), nTerms = Int(try file.u32(at + 8))
            let startsAt = Int(clamping: try file.u64(at + 12)), valuesAt = Int(clamping: try file.u64(at + 20))
            let dictAt = Int(clamping: try file.u64(at + 28))
            let keyword = type == .keyword
            let width = keyword ? 4 : 8
            func inside(_ start: Int, _ length: Int) -> Bool {
                start >= body.lowerBound && length >= 0 && start <= directory - length
            }
            guard dense ? nValues == docCount : inside(startsAt, 4 * (docCount + 1)),
                  nValues <= Int(UInt32.max), inside(valuesAt, width * nValues),
                  !keyword || (inside(dictAt, 4 * nTerms) && nTerms <= nValues),
                  keyword || nTerms == 0 else {
                throw bad("column of field \(name) lies outside the file or has inconsistent counts")
            }
            if !dense {
                guard try file.u32(startsAt) == 0, Int(try file.u32(startsAt + 4 * docCount)) == nValues else {
                    throw bad("column of field \(name): starts do not span its \(nValues) values")
                }
            }
            var bytesAt = 0, bytesCount = 0
            if keyword {
                bytesAt = dictAt + 4 * nTerms
                bytesCount = nTerms == 0 ? 0 : Int(try file.u32(dictAt + 4 * (nTerms - 1)))
                guard inside(bytesAt, bytesCount) else { throw bad("dictionary of field \(name) past its end") }
            }
            columns[field] = Column(file: file, field: field, type: type, docCount: docCount, dense: dense, valueCount: nValues,
                                    startsAt: startsAt, valuesAt: valuesAt, termCount: nTerms, endsAt: dictAt, bytesAt: bytesAt,
                                    bytesCount: bytesCount)
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

/// One fast field's values in one segment.
final class Column {
    let file: MappedFile
    let field: Int
    let type: FieldType
    let docCount: Int
    let dense: Bool
    let valueCount: Int
    private let startsAt: Int, valuesAt: Int
    /// Keywords: distinct values, where their ends and bytes start.
    let termCount: Int
    private let endsAt: Int, bytesAt: Int, bytesCount: Int

    init(file: MappedFile, field: Int, type: FieldType, docCount: Int, dense: Bool, valueCount: Int, startsAt: Int, valuesAt: Int,
         termCount: Int, endsAt: Int, bytesAt: Int, bytesCount: Int) {
        self.file = file
        self.field = field
        self.type = type
        self.docCount = docCount
        self.dense = dense
        self.valueCount = valueCount
        self.startsAt = startsAt
        self.valuesAt = valuesAt
        self.termCount = termCount
        self.endsAt = endsAt
        self.bytesAt = bytesAt
        self.bytesCount = bytesCount
    }

    /// The indices of `doc`'s values (empty: it has none).
    @inline(__always) func values(of doc: Int32) throws -> Range<Int> {
        if dense { return Int(doc) ..< Int(doc) + 1 }
        let s = Int(try file.u32(startsAt + 4 * Int(doc))), e = Int(try file.u32(startsAt + 4 * Int(doc) + 4))
        guard s <= e, e <= valueCount else {
            throw LoupeError.corrupt(file: file.name, reason: "column of field \(field): document \(doc)'s values out of range")
        }
        return s ..< e
    }

    /// The key of value `i` (numbers, dates, bools).
    @inline(__always) func key(_ i: Int) throws -> Int64 { Int64(bitPattern: try file.u64(valuesAt + 8 * i)) }

    /// The ordinal of value `i` (keywords).
    @inline(__always) func ordinal(_ i: Int) throws -> Int {
        let o = Int(try file.u32(valuesAt + 4 * i))
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
