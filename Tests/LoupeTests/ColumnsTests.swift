import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore

/// The column file: the worked example of `ColumnsFormat`'s comment, byte for byte; damage refused
/// by the open or the deep check; columns carried through a merge with deletions.
@Suite struct ColumnsTests {
    static let schema = Schema([.text("body"), .value("price", .int64), .keyword("tag", fast: true, multiValued: true)])

    func hex(_ s: String) -> [UInt8] {
        let digits = Array(s.filter { !$0.isWhitespace })
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
    }

    func writeExample(_ dir: MemoryDirectory) throws -> String {
        var price = ColumnBuilder(field: 1, type: .int64)
        var tag = ColumnBuilder(field: 2, type: .keyword)
        price.append(key: 5); price.endDocument(); price.endDocument(); price.append(key: 7); price.endDocument()
        tag.append(string: "b"); tag.append(string: "a"); tag.endDocument(); tag.append(string: "a"); tag.endDocument(); tag.endDocument()
        try ColumnsWriter.write([price, tag], docCount: 3, to: dir, name: "x.col", segmentID: FileFormat.noSegmentID)
        return "x.col"
    }

    @Test func theWorkedExampleIsWhatIsWritten() throws {
        let dir = MemoryDirectory()
        let bytes = try dir.contents(of: try writeExample(dir))
        let expected = Array("LCOL".utf8) + hex("02000000") + FileFormat.noSegmentID + hex("""
            94 08 F8 02  01000000 02000000 6162
            01 02 00 02 02 000000 02000000 00000000 0500000000000000 1800000000000000 1900000000000000 0000000000000000
            02 01 00 02 01 000000 03000000 02000000 0000000000000000 1A00000000000000 1B00000000000000 1C00000000000000
            02000000 03000000
            """)
        #expect(Array(bytes.dropLast(8)) == expected)
        let columns = try Columns(file: dir.openFile("x.col"), schema: Self.schema, docCount: 3)
        try columns.verify()
        let tag = try #require(columns.column(2))
        #expect(try tag.values(of: 0).map { try tag.term(tag.ordinal($0)) } == ["a", "b"])
        let price = try #require(columns.column(1))
        #expect(try price.values(of: 1).isEmpty)
        #expect(try price.values(of: 2).map { try price.key($0) } == [7])
    }

    /// A file of version 1 (fixed widths: u32 starts and ordinals, u64 keys), the worked example as
    /// that version wrote it, byte for byte, is still read.
    @Test func versionOneIsStillRead() throws {
        let dir = MemoryDirectory()
        let body = FileFormat.noSegmentID + hex("""
            00000000 01000000 01000000 02000000  0500000000000000 0700000000000000
            00000000 02000000 03000000 03000000  00000000 01000000 00000000  01000000 02000000 6162
            01 02 00 00 02000000 00000000 1800000000000000 2800000000000000 0000000000000000
            02 01 00 00 03000000 02000000 3800000000000000 4800000000000000 5400000000000000
            02000000 03000000
            """)
        var bytes = Array("LCOL".utf8) + hex("01000000") + body
        var crc = CRC32C()
        crc.update(bytes)
        withUnsafeBytes(of: crc.value.littleEndian) { bytes.append(contentsOf: $0) }
        bytes += Array("LEND".utf8)
        try dir.replace("_0.col", with: bytes)
        let columns = try Columns(file: dir.openFile("_0.col"), schema: Self.schema, docCount: 3)
        try columns.verify()
        let price = try #require(columns.column(1)), tag = try #require(columns.column(2))
        #expect(try (0..<3).map { d in try price.values(of: Int32(d)).map { try price.key($0) } } == [[5], [], [7]])
        #expect(try (0..<3).map { d in try tag.values(of: Int32(d)).map { try tag.term(tag.ordinal($0)) } } == [["a", "b"], ["a"], []])
        #expect(try FileFormat.segmentID(of: columns.file, version: ColumnsFormat.version) == FileFormat.noSegmentID)
    }

    @Test func damageIsRefused() throws {
        let dir = MemoryDirectory()
        let path = try writeExample(dir)
        // Ordinals read 2 bits wide (tag's valueBits, at 38 + 48 + 4): the first is 2, past the
        // dictionary of 2 values; the deep check refuses it.
        try dir.rewriteWithChecksum(path) { b in b[38 + 48 + 4] = 2 }
        let columns = try Columns(file: dir.openFile(path), schema: Self.schema, docCount: 3)
        #expect(throws: LoupeError.self) { try columns.verify() }
        // Starts that do not end at the values' count (price's last start 3 of 2 values): refused
        // when opened.
        let dir2 = MemoryDirectory(), dir3 = MemoryDirectory(), dir4 = MemoryDirectory()
        let other = try writeExample(dir2)
        try dir2.rewriteWithChecksum(other) { b in b[24] = 0xD4 }
        #expect(throws: LoupeError.self) { _ = try Columns(file: dir2.openFile(other), schema: Self.schema, docCount: 3) }
        // A width no reader takes (price's valueBits 60: over 57 and not 64).
        let wide = try writeExample(dir4)
        try dir4.rewriteWithChecksum(wide) { b in b[38 + 4] = 60 }
        #expect(throws: LoupeError.self) { _ = try Columns(file: dir4.openFile(wide), schema: Self.schema, docCount: 3) }
        // A column of a field that is not fast in the schema.
        #expect(throws: LoupeError.self) { _ = try Columns(file: dir3.openFile(try writeExample(dir3)), schema: Schema([.text("body"), .text("price"), .keyword("tag")]), docCount: 3) }
    }

    /// Edge values through the writer and back: the extremes of Int64 (a 64-bit width), doubles
    /// with both zeros, infinities and subnormals in their key order, dates before 1970, bools, a
    /// column whose values are all equal (width 0), multi-valued documents and missing ones, and
    /// seeded random columns of every width.
    @Test func packedColumnsReadBackWhatWasWritten() throws {
        let doubles: [Double] = [-.infinity, -1e300, -1, -0.0, 0.0, .leastNonzeroMagnitude, 1, .greatestFiniteMagnitude, .infinity]
        let doubleKeys = doubles.map { FieldValue.double($0).columnKey(for: .double)! }
        #expect(doubleKeys == doubleKeys.sorted(), "keys in the values' order")
        #expect(doubleKeys[3] == doubleKeys[4], "-0 is kept as 0")
        #expect(FieldValue.double(.nan).columnKey(for: .double) == nil, "NaN has no key: it is not kept")
        let dates: [Int64] = [-62_135_596_800_000, -1, 0, 1_704_067_200_000, 253_402_300_799_999]
        var cases: [(FieldType, [[Int64]])] = [
            (.int64, [[.min], [], [-1, 0, 1], [.max], [.min, .max]]),
            (.double, doubleKeys.map { [$0] } + [[], Array(Set(doubleKeys)).sorted()]),
            (.date, dates.map { [$0] } + [[]]),
            (.bool, [[0], [1], [0, 1], []]),
            (.int64, Array(repeating: [42], count: 7)),
        ]
        var rng = SplitMix64(seed: 7)
        for width in [1, 2, 7, 8, 13, 31, 32, 33, 56, 57, 58, 63] {
            let base = Int64(bitPattern: rng.next())
            let span = width >= 64 ? UInt64.max : (UInt64(1) << UInt64(width)) - 1
            let docs = (0..<(50 + rng.below(200))).map { _ -> [Int64] in
                let n = rng.below(4)
                return Array(Set((0..<n).map { _ in base &+ Int64(bitPattern: rng.next() & span) })).sorted()
            }
            cases.append((.int64, docs))
        }
        for (type, docs) in cases {
            let dir = MemoryDirectory()
            var b = ColumnBuilder(field: 0, type: type)
            for values in docs {
                for v in values.reversed() { b.append(key: v) } // the builder sorts a document's values
                b.endDocument()
            }
            try ColumnsWriter.write([b], docCount: docs.count, to: dir, name: "c.col", segmentID: FileFormat.noSegmentID)
            let columns = try Columns(file: dir.openFile("c.col"), fields: [("v", type)], docCount: docs.count)
            try columns.verify()
            let c = try #require(columns.column(0))
            let read = try (0..<docs.count).map { d in try c.values(of: Int32(d)).map { try c.key($0) } }
            #expect(read == docs, "\(type), \(docs.count) documents, width \(c.packedValues.width)")
        }
        // Keywords: ordinals and starts packed, the dictionary in byte order.
        let dir = MemoryDirectory()
        var k = ColumnBuilder(field: 0, type: .keyword)
        let words = (0..<300).map { "w\($0 * 7919 % 1000)" }
        var expected: [[String]] = []
        for i in 0..<500 {
            let values = i % 9 == 0 ? [] : Array(Set((0..<(1 + i % 3)).map { words[($0 * 31 + i) % words.count] }))
            for v in values { k.append(string: v) }
            k.endDocument()
            expected.append(values.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        }
        try ColumnsWriter.write([k], docCount: 500, to: dir, name: "k.col", segmentID: FileFormat.noSegmentID)
        let kc = try #require(try Columns(file: dir.openFile("k.col"), fields: [("k", .keyword)], docCount: 500).column(0))
        #expect(try (0..<500).map { d in try kc.values(of: Int32(d)).map { try kc.term(kc.ordinal($0)) } } == expected)
        #expect(kc.packedValues.width == 9, "300 distinct values: ordinals of 9 bits")
    }

    @Test func aMergeWithDeletionsKeepsEachDocumentsValues() throws {
        let dir = MemoryDirectory()
        let w = try IndexWriter(directory: dir, schema: Schema([.keyword("id"), .value("price", .int64), .keyword("tag", fast: true, multiValued: true)]))
        for i in 0..<60 {
            var d = Document(fields: ["id": [.string("d\(i)")], "price": [.int(Int64(i * 3 % 17))]])
            if i % 4 != 0 { d[values: "tag"] = (0..<(i % 3 + 1)).map { .string("t\((i + $0) % 5)") } }
            try w.add(d)
            if i % 20 == 19 { try w.commit() }
        }
        for i in stride(from: 0, to: 60, by: 7) { try w.deleteDocuments(field: "id", value: "d\(i)") }
        try w.commit()
        try w.forceMerge()
        try w.close()
        let reader = try IndexReader(directory: dir)
        #expect(reader.segments.count == 1)
        let report = try reader.verifyDeep { _ in }
        #expect(report.columns == 2)
        let s = try Searcher(reader: reader)
        let live = (0..<60).filter { $0 % 7 != 0 }
        for p in 0..<17 { #expect(try s.count("price:\(p)") == live.filter { $0 * 3 % 17 == p }.count) }
        for t in 0..<5 {
            #expect(try s.count("tag:t\(t)") == live.filter { i in i % 4 != 0 && (0..<(i % 3 + 1)).contains { (i + $0) % 5 == t } }.count)
        }
    }
}
