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
        let expected = Array("LCOL".utf8) + hex("01000000") + FileFormat.noSegmentID + hex("""
            00000000 01000000 01000000 02000000  0500000000000000 0700000000000000
            00000000 02000000 03000000 03000000  00000000 01000000 00000000  01000000 02000000 6162
            01 02 00 00 02000000 00000000 1800000000000000 2800000000000000 0000000000000000
            02 01 00 00 03000000 02000000 3800000000000000 4800000000000000 5400000000000000
            02000000 03000000
            """)
        #expect(Array(bytes.dropLast(8)) == expected)
        let columns = try Columns(file: dir.openFile("x.col"), schema: Self.schema, docCount: 3)
        try columns.verify()
        let tag = try #require(columns.column(2))
        #expect(try tag.values(of: 0).map { try tag.term(tag.ordinal($0)) } == ["a", "b"])
        #expect(try columns.column(1)!.values(of: 1).isEmpty)
    }

    @Test func damageIsRefused() throws {
        let dir = MemoryDirectory()
        let name = try writeExample(dir)
        // An ordinal past the dictionary (the second value of document 0): the deep check refuses it.
        try dir.rewriteWithChecksum(name) { b in b[72 + 4] = 9 }
        let columns = try Columns(file: dir.openFile(name), schema: Self.schema, docCount: 3)
        #expect(throws: LoupeError.self) { try columns.verify() }
        // Starts that run past the values: refused when opened.
        let dir2 = MemoryDirectory(), dir3 = MemoryDirectory()
        let other = try writeExample(dir2)
        try dir2.rewriteWithChecksum(other) { b in b[24 + 12] = 0x7F }
        #expect(throws: LoupeError.self) { _ = try Columns(file: dir2.openFile(other), schema: Self.schema, docCount: 3) }
        // A column of a field that is not fast in the schema.
        #expect(throws: LoupeError.self) { _ = try Columns(file: dir3.openFile(try writeExample(dir3)), schema: Schema([.text("body"), .text("price"), .keyword("tag")]), docCount: 3) }
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
