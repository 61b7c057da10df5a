import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

@Suite struct StoredFieldsTests {
    /// Documents of varied sizes: small ones share blocks, one is bigger than a block on its own.
    func documents() -> [[(field: Int, value: String)]] {
        (0..<4000).map { i in
            var doc: [(field: Int, value: String)] = [(0, "folder\(i % 7)/file-\(i).txt"), (2, String(i * 31))]
            if i % 5 == 0 { doc.append((1, "Заголовок \(i) — título \(i)")) }
            if i == 1234 { doc.append((3, String(repeating: "big value ", count: 4000))) }
            if i % 11 == 3 { doc.removeFirst() } // no key (path) value
            return doc
        }
    }

    func write(_ docs: [[(field: Int, value: String)]], to dir: MemoryDirectory, _ name: String) throws {
        let w = try StoredFieldsWriter(dir, name: name, keyField: 0)
        for d in docs { try w.add(d) }
        try w.finish()
    }

    @Test func everyDocumentReadsBackInAnyOrder() throws {
        let dir = MemoryDirectory()
        let name = "s.sto", docs = documents()
        try write(docs, to: dir, name)
        let sto = try StoredFields(file: dir.openFile(name), docCount: docs.count)
        #expect(sto.blockCount >= 5, "the documents span many blocks")
        var order = Array(docs.indices)
        var rng = SplitMix64(seed: 7)
        order.shuffle(using: &rng)
        for i in order {
            let got = try sto.document(Int32(i))
            #expect(got.map(\.field) == docs[i].map(\.field) && got.map(\.value) == docs[i].map(\.value), "doc \(i)")
        }
        var only: [String] = []
        try sto.forEachValue(1234, fields: [false, false, true]) { _, v in only.append(String(decoding: v, as: UTF8.self)) }
        #expect(only == [String(1234 * 31)])
        // The key alone comes from the front-coded column, for docs with and without one.
        for i in [0, 1, 15, 16, 17, 3, 14, 1234, docs.count - 1] {
            var keys: [String] = []
            try sto.forEachValue(Int32(i), fields: [true]) { _, v in keys.append(String(decoding: v, as: UTF8.self)) }
            #expect(keys == docs[i].filter { $0.field == 0 }.map(\.value), "doc \(i)")
        }
        #expect(throws: LoupeError.self) { _ = try sto.document(Int32(docs.count)) }
        // Compressed: the raw documents are several times the file.
        let raw = docs.reduce(0) { $0 + $1.reduce(0) { $0 + $1.value.utf8.count + 2 } }
        let size = dir.size(of: name)
        #expect(size * 2 < raw, "\(size) bytes for \(raw) raw")
    }

    /// Documents with nothing but a key write no blocks; when a document with another value comes
    /// after many empty ones (more than one block of empty entries), every one still reads back.
    @Test func keysOnlyWriteNoBlocksAndLateValuesReadBack() throws {
        let dir = MemoryDirectory()
        let keysOnly: [[(field: Int, value: String)]] = (0..<300).map { [(0, "f\($0).txt")] }
        try write(keysOnly, to: dir, "k.sto")
        let k = try StoredFields(file: dir.openFile("k.sto"), docCount: keysOnly.count)
        #expect(k.blockCount == 0)
        for i in [0, 17, 299] { #expect(try k.document(Int32(i)).map(\.value) == ["f\(i).txt"]) }
        var scanner = StoredFields.Scanner(k)
        try scanner.forEachValue(5, fields: [true, true]) { f, v in #expect(f == 0 && String(decoding: v, as: UTF8.self) == "f5.txt") }

        var mixed: [[(field: Int, value: String)]] = (0..<20_000).map { [(0, "e\($0)")] }
        mixed.append([(0, "titled"), (1, "A title")])
        mixed += (0..<40).map { $0 % 9 == 0 ? [(0, "t\($0)"), (1, "title \($0)")] : [(0, "t\($0)")] }
        try write(mixed, to: dir, "m.sto")
        let m = try StoredFields(file: dir.openFile("m.sto"), docCount: mixed.count)
        #expect(m.blockCount >= 2, "20,000 empty entries fill more than one block")
        for i in [0, 1, 16_383, 16_384, 16_385, 19_999, 20_000, 20_001, 20_010, mixed.count - 1] {
            let got = try m.document(Int32(i))
            #expect(got.map(\.field) == mixed[i].map(\.field) && got.map(\.value) == mixed[i].map(\.value), "doc \(i)")
        }
    }

    /// Keys whose fronts and ends overlap in every way (one the prefix or suffix of the next, equal,
    /// empty, repeated bytes) read back exactly from the front- and back-coded column.
    @Test func keyColumnRoundTripsOverlappingKeys() throws {
        let keys = ["a", "aa", "aaa", "aa", "a", "", "a", "ab.txt", "aab.txt", "b.txt", "b.txt", "xb.txt", "xb.txtx",
                    "x", "abcabc", "abc", "bcabc", "c", "cc.md", "c.md", "ccc.md", "d/e/f.txt", "d/e/g.txt", "d/f.txt",
                    "д/ё.txt", "д/ж.txt", "ж", "folder/a-1.txt", "folder/a-12.txt", "folder/a-2.txt", "folder/b-2.txt",
                    // Longer than the stack buffer of `withKey`, and its neighbour sharing its front.
                    String(repeating: "long/", count: 900) + "x.txt", String(repeating: "long/", count: 900) + "y.txt"]
        let dir = MemoryDirectory()
        let name = "k.sto"
        // Several groups of 16, each in several orders, and a doc without a key among them.
        var docs: [[(field: Int, value: String)]] = []
        for round in 0..<4 {
            for (i, k) in (round % 2 == 0 ? keys : keys.reversed()).enumerated() {
                docs.append(i == 9 && round == 1 ? [(1, "no key")] : [(0, k)])
            }
        }
        try write(docs, to: dir, name)
        let sto = try StoredFields(file: dir.openFile(name), docCount: docs.count)
        for (i, d) in docs.enumerated() {
            let key = try sto.key(of: i).map { String(decoding: $0, as: UTF8.self) }
            #expect(key == d.first { $0.field == 0 }?.value, "doc \(i)")
            let viaStack = try sto.withKey(of: i) { $0.map { String(decoding: $0, as: UTF8.self) } }
            #expect(viaStack == key, "doc \(i), on the stack")
        }
    }

    /// A scanner reading documents in increasing order, some skipped, gives what random access gives:
    /// the key and the block values, across groups and blocks; going back is an error.
    @Test func scannerReadsWhatRandomAccessReads() throws {
        let dir = MemoryDirectory()
        let name = "s.sto", docs = documents()
        try write(docs, to: dir, name)
        let sto = try StoredFields(file: dir.openFile(name), docCount: docs.count)
        for (step, fields) in [(1, [true, true, true, true]), (3, [true, false, false, false]), (7, [false, true, true, false]), (17, [true, false, true, true])] {
            var scanner = StoredFields.Scanner(sto)
            for d in stride(from: step - 1, to: docs.count, by: step) {
                var got: [(Int, String)] = [], want: [(Int, String)] = []
                try scanner.forEachValue(Int32(d), fields: fields) { got.append(($0, String(decoding: $1, as: UTF8.self))) }
                try sto.forEachValue(Int32(d), fields: fields) { want.append(($0, String(decoding: $1, as: UTF8.self))) }
                #expect(got.map(\.0) == want.map(\.0) && got.map(\.1) == want.map(\.1), "doc \(d), step \(step)")
            }
            #expect(throws: LoupeError.self) { try scanner.forEachValue(0, fields: fields) { _, _ in } }
        }
    }

    @Test func aDamagedBlockIsAnErrorNotACrash() throws {
        let dir = MemoryDirectory()
        let name = "s.sto", docs = documents()
        try write(docs, to: dir, name)
        var bytes = try dir.contents(of: name)
        // Flip bytes inside the frames (past the 8-byte header, well before the index), skipping the
        // checksum as a reader does on open for big files.
        let indexStart = Int(bytes[(bytes.count - 8 - 56 + 16)..<(bytes.count - 8 - 56 + 24)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        for at in stride(from: 40, to: indexStart, by: 997) { bytes[at] ^= 0x5A }
        try dir.replace(name, with: bytes)
        let sto = try StoredFields(file: dir.openFile(name), docCount: docs.count)
        var errors = 0
        for i in docs.indices {
            do { _ = try sto.document(Int32(i)) } catch let e as LoupeError {
                if case .corrupt(let file, _) = e { #expect(file == "s.sto") }
                errors += 1
            }
        }
        #expect(errors > 0)
        #expect(throws: LoupeError.self) { try FileFormat.verifyChecksum(dir.openFile(name)) }
    }
}
