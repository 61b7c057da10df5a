import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

@Suite struct IndexTests {
    let schema = Schema([FieldSpec("id", indexed: false), FieldSpec("body", stored: true)])

    @Test func segmentRoundTrip() throws {
        let dir = MemoryDirectory()
        let writer = try IndexWriter(directory: dir, schema: schema)
        try writer.add(["id": "a", "body": "the cat sat on the mat"])
        try writer.add(["id": "b", "body": "no felines here"])
        try writer.add(["id": "c", "body": "cat cat cat"])
        try writer.commit()

        let reader = try IndexReader(directory: dir)
        #expect(reader.documentCount == 3)
        #expect(reader.segments.count == 1)
        let seg = reader.segments[0]
        let body = 1
        let cat = try #require(try seg.termInfo(field: body, term: "cat"))
        #expect(cat.docFreq == 2)
        #expect(cat.totalFreq == 4)
        #expect(try seg.termInfo(field: body, term: "dog") == nil)
        #expect(try seg.termInfo(field: 0, term: "a") == nil, "unindexed field has no terms")

        let it = try seg.postings(cat)
        #expect(try it.next() == 0)
        #expect(it.freq == 1)
        #expect(try it.positions() == [1])
        #expect(try it.next() == 2)
        #expect(it.freq == 3)
        #expect(try it.positions() == [0, 1, 2])
        #expect(try it.next() == PostingsFormat.noMoreDocs)

        let the = try seg.postings(try #require(try seg.termInfo(field: body, term: "the")))
        #expect(try the.next() == 0)
        #expect(try the.positions() == [0, 4])

        #expect(try seg.norms.norm(field: body, doc: 0) == NormCodec.encode(6))
        #expect(try seg.norms.norm(field: body, doc: 1) == NormCodec.encode(3))
        #expect(try seg.storedFields(1) == ["id": "b", "body": "no felines here"])
        #expect(reader.fieldStatistics(body).docCount == 3)
        #expect(reader.fieldStatistics(body).averageLength == 4)

        var all: [String] = []
        try seg.terms.forEachTerm(field: body) { t, _ in if !IndexedTerm.isMarked(t) { all.append(t) }; return true }
        #expect(all == ["cat", "felines", "here", "mat", "no", "on", "sat", "the"])
        var withPrefix: [String] = []
        try seg.terms.forEachTerm(field: body, prefix: "fe") { t, _ in withPrefix.append(t); return true }
        #expect(withPrefix == ["felines"])
        try reader.verifyChecksums()
    }

    @Test func manyTermsSpanManyDictionaryBlocks() throws {
        let dir = MemoryDirectory()
        let writer = try IndexWriter(directory: dir, schema: schema)
        for i in 0..<500 { try writer.add(["id": "\(i)", "body": "w\(i) common w\(i + 1)"]) }
        try writer.commit()
        let seg = try IndexReader(directory: dir).segments[0]
        for i in [0, 1, 31, 32, 33, 250, 499, 500] {
            let info = try #require(try seg.termInfo(field: 1, term: "w\(i)"), "w\(i)")
            #expect(info.docFreq == (i == 0 || i == 500 ? 1 : 2))
        }
        #expect(try seg.termInfo(field: 1, term: "w501") == nil)
        #expect(try seg.termInfo(field: 1, term: "a") == nil)
        #expect(try seg.termInfo(field: 1, term: "zzz") == nil)
        #expect(try seg.termInfo(field: 1, term: "common")?.docFreq == 500)
    }

    @Test func severalSegmentsAndCommits() throws {
        let dir = MemoryDirectory()
        do {
            let writer = try IndexWriter(directory: dir, schema: schema)
            try writer.add(["id": "1", "body": "alpha beta"])
            try writer.flush()
            try writer.add(["id": "2", "body": "beta gamma"])
            try writer.commit()
            try writer.add(["id": "3", "body": "gamma delta"])
            try writer.commit()
        }
        let reader = try IndexReader(directory: dir)
        #expect(reader.segments.count == 3)
        #expect(reader.manifest.generation == 2)
        let s = try Searcher(reader: reader)
        let hits = try s.search("gamma").hits.map { $0.fields["id"] }
        #expect(Set(hits) == ["2", "3"])
        #expect(try s.count("beta") == 2)
        let files = try dir.list()
        #expect(!files.contains("manifest-1"), "the superseded manifest is removed after the new commit")
    }

    @Test func uncommittedDocumentsAreInvisibleAndRebuildReplaces() throws {
        let dir = MemoryDirectory()
        do {
            let w = try IndexWriter(directory: dir, schema: schema)
            try w.add(["id": "old", "body": "kept"])
            try w.commit()
            try w.add(["id": "lost", "body": "never committed"])
            try w.flush()
        }
        #expect(try Searcher(directory: dir).count("committed") == 0)
        #expect(try Searcher(directory: dir).count("kept") == 1)
        do {
            let w = try IndexWriter(directory: dir, schema: schema, create: true)
            try w.add(["id": "new", "body": "fresh"])
            try w.commit()
        }
        let s = try Searcher(directory: dir)
        #expect(try s.count("kept") == 0)
        #expect(try s.count("fresh") == 1)
        #expect(!(try dir.list()).contains { $0.hasPrefix("_0.") })
    }

    @Test func secondWriterIsRefused() throws {
        let dir = MemoryDirectory()
        let first = try IndexWriter(directory: dir, schema: schema)
        #expect(throws: LoupeError.self) { _ = try IndexWriter(directory: dir, schema: schema) }
        _ = first
    }

    @Test func unknownFieldIsAnError() throws {
        let dir = MemoryDirectory()
        let w = try IndexWriter(directory: dir, schema: schema)
        #expect(throws: LoupeError.self) { try w.add(["nope": "x"]) }
    }

    @Test func damagedFilesAreReportedByName() throws {
        let dir = MemoryDirectory()
        do {
            let w = try IndexWriter(directory: dir, schema: schema)
            try w.add(["id": "1", "body": "alpha beta gamma"])
            try w.commit()
        }
        for ext in SegmentWriter.extensions {
            let name = "_0." + ext
            let original = try dir.contents(of: name)
            // A flipped byte in the body: the checksum catches it.
            var flipped = original
            flipped[FileFormat.headerSize] ^= 0x40
            try dir.replace(name, with: flipped)
            do {
                let r = try IndexReader(directory: dir)
                try r.verifyChecksums()
                Issue.record("flipped byte in .\(ext) not detected")
            } catch let LoupeError.corrupt(file, _) {
                #expect(file == "_0." + ext)
            }
            // A truncated file: detected on open.
            try dir.replace(name, with: Array(original.prefix(original.count - 3)))
            do {
                _ = try IndexReader(directory: dir)
                Issue.record("truncated .\(ext) not detected")
            } catch let LoupeError.corrupt(file, _) {
                #expect(file == "_0." + ext)
            }
            try dir.replace(name, with: original)
            #expect(dir.contains(name), "a damaged file is never deleted")
        }
        try IndexReader(directory: dir).verifyChecksums()
    }

    @Test func damagedManifestIsAnErrorNotAnEmptyIndex() throws {
        let dir = MemoryDirectory()
        do {
            let w = try IndexWriter(directory: dir, schema: schema)
            try w.add(["id": "1", "body": "alpha"])
            try w.commit()
        }
        var data = try dir.contents(of: "manifest-1")
        data[12] ^= 1
        try dir.replace("manifest-1", with: data)
        #expect(throws: LoupeError.self) { _ = try IndexReader(directory: dir) }
        #expect(dir.contains("manifest-1"))
    }

    @Test func normCodecIsExactForShortFieldsAndMonotonic() {
        for n in 0..<40 { #expect(NormCodec.decode(NormCodec.encode(n)) == n) }
        var last = -1
        for n in stride(from: 0, to: 2_000_000, by: 997) {
            let d = NormCodec.decode(NormCodec.encode(n))
            #expect(d <= n && d >= last)
            #expect(Double(n - d) <= Double(n) * 0.07 + 1)
            last = d
        }
    }

    @Test func crc32cKnownAnswer() {
        // The standard check value of CRC-32C for "123456789".
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
    }
}

@Suite struct ByteSlicePoolTests {
    /// Streams written in an interleaved order, some of one byte and some spanning every slice
    /// level, read back exactly.
    @Test func interleavedStreamsReadBackExactly() {
        let pool = ByteSlicePool()
        var rng = SplitMix64(seed: 3)
        var streams = [ByteSlicePool.Stream](repeating: .init(), count: 200)
        var expected = [[UInt8]](repeating: [], count: 200)
        for round in 0..<200_000 {
            let s = round < 200 ? round : (rng.below(10) == 0 ? rng.below(200) : rng.below(5))
            let b = UInt8(truncatingIfNeeded: rng.next())
            pool.append(b, to: &streams[s])
            expected[s].append(b)
        }
        pool.appendVarint(300, to: &streams[7])
        expected[7] += [0xAC, 0x02]
        #expect(expected[0].count > 30_000 && pool.capacity > ByteSlicePool.pageSize, "streams run through every slice size and several pages")
        for (s, want) in expected.enumerated() {
            var got: [UInt8] = []
            pool.read(streams[s], into: &got)
            #expect(got == want, "stream \(s)")
        }
        var none: [UInt8] = []
        pool.read(ByteSlicePool.Stream(), into: &none)
        #expect(none.isEmpty)
    }
}

@Suite struct PagedArrayTests {
    /// Values appended across several pages read back in order; updates in place stick, and pages
    /// are allocated only as the count needs them.
    @Test func appendsAcrossPagesAndUpdatesInPlace() {
        let a = PagedArray<SegmentBuffer.TermPostings>()
        #expect(a.bytesUsed == 0)
        let n = 3 * PagedArray<SegmentBuffer.TermPostings>.pageCount + 5
        for i in 0..<n { a.append(.init(lastDoc: Int32(i), totalFreq: UInt32(2 * i))) }
        #expect(a.count == n)
        #expect(a.bytesUsed == 4 * PagedArray<SegmentBuffer.TermPostings>.pageCount * MemoryLayout<SegmentBuffer.TermPostings>.stride)
        for i in stride(from: 0, to: n, by: 7) { a.update(i) { $0.totalFreq += 1 } }
        for i in 0..<n {
            #expect(a[i].lastDoc == Int32(i))
            #expect(a[i].totalFreq == UInt32(2 * i) + (i % 7 == 0 ? 1 : 0))
        }
    }
}

@Suite struct TermTableTests {
    /// Keys get dense ids in order of first sight, keep them through the table's growth, and are
    /// found again byte for byte; keys that differ only in length or in a last byte stay apart.
    @Test func idsAreDenseStableAndExact() {
        var table = TermTable()
        var keys: [[UInt8]] = [[], [0], [0, 0], [1, 2, 3], [1, 2, 4], Array("straße".utf8), Array("strasse".utf8)]
        for i in 0..<20_000 { keys.append([UInt8(i % 3)] + Array("term\(i)".utf8)) }
        for (i, k) in keys.enumerated() {
            let (id, isNew) = k.withUnsafeBytes { table.id(of: $0) }
            #expect(id == Int32(i) && isNew)
        }
        #expect(table.count == keys.count)
        for (i, k) in keys.enumerated() {
            #expect(k.withUnsafeBytes { table.id(of: $0) } == (Int32(i), false))
            #expect(k.withUnsafeBytes { table.find($0) } == Int32(i))
            #expect(Array(table.key(i)) == k)
        }
        #expect([UInt8]([1, 2]).withUnsafeBytes { table.find($0) } == nil)
        #expect([UInt8]([0, 0, 0]).withUnsafeBytes { table.find($0) } == nil)
        // Once the lookup is released (a flush), the keys stay readable by id; nothing is found.
        let before = (0..<table.count).map { Array(table.key($0)) }
        table.releaseLookup()
        #expect((0..<table.count).map { Array(table.key($0)) } == before)
        #expect(keys[3].withUnsafeBytes { table.find($0) } == nil)
    }
}

@Suite struct NormColumnTests {
    /// A field no document of a segment has gets no norms column (the file holds docCount bytes per
    /// field that has one); its norms read as 0, and a merge with a segment that has the field
    /// writes its column again with the right lengths.
    @Test func absentFieldsHaveNoColumn() throws {
        let dir = MemoryDirectory()
        let writer = try IndexWriter(directory: dir, schema: .files)
        for i in 0..<10 { try writer.add(["path": "n/\(i).txt", "body": "plain note \(i)"]) }
        try writer.commit()
        let nrm = { (name: String) -> Int in
            dir.contains(name + ".nrm") ? dir.size(of: name + ".nrm") : -1
        }
        let first = try #require(try IndexReader(directory: dir).manifest.segments.first)
        let r = try IndexReader(directory: dir)
        let seg = try #require(r.segments.first)
        // path and body have a column of norms and one of languages; title does not.
        let codes = try #require(seg.norms.languageCodes)
        #expect(nrm(first.name) == FileFormat.headerSize + FileFormat.segmentIDSize + FileFormat.footerSize + 2 * 10
                + 1 + codes.reduce(0) { $0 + 1 + $1.utf8.count } + 2 * 10)
        #expect(try seg.norms.norm(field: 1, doc: 3) == 0)
        #expect(try seg.norms.norm(field: 2, doc: 3) == NormCodec.encode(3))

        try writer.add(["path": "t/x.txt", "title": "three word title", "body": "body"])
        try writer.forceMerge()
        let merged = try IndexReader(directory: dir)
        #expect(merged.segments.count == 1)
        let m = merged.segments[0]
        let mergedCodes = try #require(m.norms.languageCodes)
        #expect(nrm(m.info.name) == FileFormat.headerSize + FileFormat.segmentIDSize + FileFormat.footerSize + 3 * 11
                + 1 + mergedCodes.reduce(0) { $0 + 1 + $1.utf8.count } + 3 * 11)
        #expect(try (0..<11).map { try m.norms.norm(field: 1, doc: Int32($0)) }.filter { $0 > 0 } == [NormCodec.encode(3)])
        let hits = try Searcher(directory: dir).search("title:word").hits
        #expect(hits.map(\.path) == ["t/x.txt"])
    }
}
