import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles
import Glibc

/// Rewrites the index file at `path` with `change` applied to its bytes, then recomputes its
/// checksum, so readers get past the CRC and meet the damage itself.
func rewriteWithChecksum(_ path: String, _ change: (inout [UInt8]) -> Void) throws {
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    change(&bytes)
    fixChecksum(&bytes)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// Sets the footer's CRC-32C of an index file's bytes to match the bytes before it.
func fixChecksum(_ bytes: inout [UInt8]) {
    guard bytes.count >= FileFormat.headerSize + FileFormat.footerSize else { return }
    var crc = CRC32C()
    crc.update(Array(bytes[..<(bytes.count - FileFormat.footerSize)]))
    withUnsafeBytes(of: crc.value.littleEndian) { bytes.replaceSubrange((bytes.count - 8)..<(bytes.count - 4), with: $0) }
}

/// The offset of the first occurrence of `pattern` in `bytes`.
func offset(of pattern: [UInt8], in bytes: [UInt8]) -> Int? {
    guard pattern.count <= bytes.count else { return nil }
    return (0...(bytes.count - pattern.count)).first { bytes[$0..<($0 + pattern.count)].elementsEqual(pattern) }
}

/// A LEB128 varint.
func varintBytes(_ v: UInt64) -> [UInt8] {
    var v = v, out: [UInt8] = []
    while v >= 0x80 { out.append(UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7 }
    out.append(UInt8(v))
    return out
}

/// Damaged files whose checksums are right: every reader must refuse them with `LoupeError.corrupt`,
/// never trap, overflow a buffer, hang or allocate what a length field claims.
@Suite struct DamagedIndexTests {
    static let bodyOnly = Schema([FieldSpec("body", stored: false)])

    /// An index of one segment: "zebra" in docs 0..<127 (a tail of 127 postings, no block), the
    /// last term, so its runs end the `.doc` and `.pos` bodies; "aardvark" in every doc.
    func zebraIndex(_ dir: TempDir, docs: Int = 1200) throws -> String {
        let path = dir.path + "/index"
        let w = try IndexWriter(path: path, schema: Self.bodyOnly)
        for i in 0..<docs { try w.add(["body": i < 127 ? "aardvark zebra" : "aardvark"]) }
        try w.commit()
        return path
    }

    func isCorrupt(_ body: () throws -> Void) -> Bool {
        do { try body() } catch let e as LoupeError {
            if case .corrupt = e { return true }
            return false
        } catch { return false }
        return false
    }

    @Test func aRaisedDocFreqIsRefusedNotAHeapOverflow() throws {
        let dir = TempDir()
        let path = try zebraIndex(dir)
        // .tim: zebra's entry shares the field byte: lengths 0x15, "zebra", freqs = 127 << 1 | 1.
        try rewriteWithChecksum(path + "/_0.tim") { b in
            let at = offset(of: [0x15] + Array("zebra".utf8) + varintBytes(127 << 1 | 1), in: b)!
            b.replaceSubrange((at + 6)..<(at + 8), with: varintBytes(1000 << 1 | 1))
        }
        // .doc / .pos: 873 more postings (deltas of 1, freq 1: docs 127..<1000) and their positions.
        try rewriteWithChecksum(path + "/_0.doc") { b in b.insert(contentsOf: [UInt8](repeating: 0x03, count: 873), at: b.count - 8) }
        try rewriteWithChecksum(path + "/_0.pos") { b in b.insert(contentsOf: [UInt8](repeating: 0x00, count: 873), at: b.count - 8) }
        let reader = try IndexReader(path: path)
        try reader.verifyChecksums() // checksums are right: only the reader's own checks can see it
        #expect(isCorrupt { _ = try Searcher(reader: reader).search("zebra") })
        #expect(isCorrupt { _ = try reader.verifyDeep() })
    }

    @Test func aTimBlockOffsetWithItsHighBitSetIsRefusedAtOpen() throws {
        let dir = TempDir()
        let path = try zebraIndex(dir, docs: 10)
        try rewriteWithChecksum(path + "/_0.tim") { b in
            let t = b.count - 8 - TermDictionaryFormat.trailerSize
            let index = Int(b[t + 16]) | Int(b[t + 17]) << 8 // blockIndexOffset (small)
            b[index + 7] = 0x80
        }
        #expect(isCorrupt { _ = try IndexReader(path: path) })
    }

    @Test func storedFieldsTrailerOffsetsNearTwoToTheSixtyFourAreRefused() throws {
        let dir = TempDir()
        _ = try buildIndex([("a.txt", "A title", "one"), ("b.txt", "B title", "two")], in: dir)
        let path = dir.path + "/index"
        try rewriteWithChecksum(path + "/_0.sto") { b in
            let t = b.count - 8 - 48
            for i in 0..<8 { b[t + 16 + i] = 0xFF } // indexStart
            b[t + 16] = 0xF0
        }
        #expect(isCorrupt { _ = try IndexReader(path: path) })
    }

    @Test func aDocBlockCountOfTwoToTheFiftySevenIsRefused() throws {
        let dir = TempDir()
        let path = try zebraIndex(dir, docs: 10)
        let reader0 = try IndexReader(path: path)
        let info = try #require(try reader0.segments[0].termInfo(field: 0, term: "zebra"))
        try rewriteWithChecksum(path + "/_0.doc") { b in
            b.replaceSubrange(info.docOffset..<(info.docOffset + 1), with: varintBytes(1 << 57))
        }
        let reader = try IndexReader(path: path)
        #expect(isCorrupt { _ = try Searcher(reader: reader).search("zebra") })
    }

    /// A segment with deletions and a tail posting whose doc id is past the segment's documents: the
    /// scorer's deletions lookup trapped.
    @Test func aPostingPastTheLastDocumentIsRefusedInASegmentWithDeletions() throws {
        let dir = TempDir()
        let path = dir.path + "/index"
        let w = try IndexWriter(path: path, schema: Schema([FieldSpec("id", isKeyword: true), FieldSpec("body", stored: false)]))
        for i in 0..<10 { try w.add(["id": "d\(i)", "body": i == 9 ? "zebra" : "aardvark"]) }
        try w.commit()
        try w.deleteDocuments(field: "id", value: "d3")
        try w.commit()
        let m = try #require(try Manifest.latest(in: FileSystemDirectory(path: path)))
        let seg = m.segments[0].name
        let info = try #require(try IndexReader(path: path).segments[0].termInfo(field: 1, term: "zebra"))
        try rewriteWithChecksum(path + "/\(seg).doc") { b in
            // 0 blocks, then one posting: doc 9 → doc 5000 (freq 1).
            b.replaceSubrange((info.docOffset + 1)..<(info.docOffset + 2), with: varintBytes(5001 << 1 | 1))
        }
        let reader = try IndexReader(path: path)
        #expect(isCorrupt { _ = try Searcher(reader: reader).search("zebra") })
        #expect(isCorrupt { _ = try Searcher(reader: reader).search("zebra OR aardvark") })
    }

    @Test func manifestLengthSumsThatWouldOverflowAreRefused() throws {
        let dir = TempDir()
        let path = dir.path + "/index"
        let w = try IndexWriter(path: path, schema: Self.bodyOnly)
        try w.add(["body": "one"]); try w.flush()
        try w.add(["body": "two"]); try w.commit()
        var m = try #require(try Manifest.latest(in: FileSystemDirectory(path: path)))
        #expect(m.segments.count == 2)
        for i in m.segments.indices { m.segments[i].fieldStats[0].sumLength = Int.max / 2 + 1 }
        try m.write(to: FileSystemDirectory(path: path))
        #expect(isCorrupt { _ = try IndexReader(path: path) })
        #expect(isCorrupt { _ = try IndexStatistics(path: path) })
    }

    @Test func aManifestGenerationOfTwoToTheSixtyFourMinusOneIsRefused() throws {
        let dir = TempDir()
        let path = try zebraIndex(dir, docs: 3)
        var m = try #require(try Manifest.latest(in: FileSystemDirectory(path: path)))
        m.generation = .max
        try m.write(to: FileSystemDirectory(path: path))
        #expect(isCorrupt { _ = try IndexWriter(path: path, schema: Self.bodyOnly) })
        #expect(isCorrupt { _ = try IndexReader(path: path) })
    }

    @Test func aSegmentNameThatLeavesTheFolderIsRefused() throws {
        let dir = TempDir()
        let path = try zebraIndex(dir, docs: 3)
        var m = try #require(try Manifest.latest(in: FileSystemDirectory(path: path)))
        m.segments[0].name = "../index/_0"
        try m.write(to: FileSystemDirectory(path: path))
        #expect(isCorrupt { _ = try IndexReader(path: path) })
    }

    /// A position of 2³²−1 in a segment being merged: the merger's delta re-encoding trapped.
    @Test func aMergeOfADamagedSegmentThrows() throws {
        let dir = TempDir()
        let path = dir.path + "/index"
        let w = try IndexWriter(path: path, schema: Self.bodyOnly)
        try w.add(["body": "aardvark zebra"]); try w.flush()
        try w.add(["body": "aardvark"]); try w.commit()
        let info = try #require(try IndexReader(path: path).segments[0].termInfo(field: 0, term: "zebra"))
        try rewriteWithChecksum(path + "/_0.pos") { b in
            b.replaceSubrange(info.posOffset..<(info.posOffset + 1), with: varintBytes(0xFFFF_FFFF))
        }
        #expect(isCorrupt { try w.forceMerge() })
    }

    /// A FIFO in place of any file the reader opens: refused at once, not waited on.
    @Test(arguments: ["manifest-1", "_0.tim", "_0.sto", "_0_1.del", "catalog-1"])
    func aFIFOInPlaceOfAnIndexFileIsRefused(_ name: String) throws {
        let dir = TempDir()
        let path = dir.path + "/index"
        let w = try IndexWriter(path: path, schema: Schema([FieldSpec("id", isKeyword: true)]))
        for i in 0..<10 { try w.add(["id": "d\(i)"]) }
        try w.commit()
        try w.deleteDocuments(field: "id", value: "d1")
        try w.commit()
        // Name the files of generation 2 as the test's arguments say generation 1's.
        let m = try #require(try Manifest.latest(in: FileSystemDirectory(path: path)))
        let real = name.replacingOccurrences(of: "-1", with: "-\(m.generation)")
        if real.hasPrefix("catalog") {
            // A commit with a catalog is DirectoryIndexer's; a FIFO where it would be is enough.
            #expect(mkfifo(path + "/" + real, 0o600) == 0)
            #expect(isCorrupt { _ = try IndexReader(path: path).sourceCatalog() })
            return
        }
        try FileManager.default.removeItem(atPath: path + "/" + real)
        #expect(mkfifo(path + "/" + real, 0o600) == 0)
        #expect(isCorrupt { _ = try IndexReader(path: path) })
    }

    /// Peak resident memory of the process, in bytes.
    func peakRSS() -> Int {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return u.ru_maxrss * 1024
    }

    @Test func aStoredBlockClaimingGigabytesIsRefusedBeforeAllocating() throws {
        let dir = TempDir()
        _ = try buildIndex([("a.txt", "A title", "one"), ("b.txt", "B title", "two")], in: dir)
        let path = dir.path + "/index"
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path + "/_0.sto")))
        for claim: UInt32 in [0xFFFF_FFFF, 60 << 20] {
            var b = original
            let t = b.count - 8 - 48
            let indexStart = Int(b[t + 16]) | Int(b[t + 17]) << 8
            withUnsafeBytes(of: claim.littleEndian) { b.replaceSubrange((indexStart + 4)..<(indexStart + 8), with: $0) }
            fixChecksum(&b)
            try Data(b).write(to: URL(fileURLWithPath: path + "/_0.sto"))
            let before = peakRSS()
            #expect(isCorrupt {
                let r = try IndexReader(path: path)
                _ = try r.storedFields(0)
            })
            #expect(peakRSS() - before < 32 << 20, "claim \(claim)")
        }
    }

    @Test func aCatalogClaimingTwoGigabytesIsRefusedBeforeAllocating() throws {
        let dir = TempDir()
        dir.write("src/a.txt", "alpha")
        dir.write("src/b.txt", "beta")
        _ = try trustingIndexer(dir).run()
        let m = try #require(try Manifest.latest(in: FileSystemDirectory(path: dir.path + "/idx")))
        let catalog = dir.path + "/idx/" + SourceCatalog.fileName(m.generation)
        try rewriteWithChecksum(catalog) { b in
            // After generation:u64, three one-byte varints (2 documents, 2 entries, 1 folder), rawLength.
            let p = 8 + 8 + 3
            var length = 0
            while b[p + length] >= 0x80 { length += 1 }
            b.replaceSubrange(p..<(p + length + 1), with: varintBytes(UInt64(Int32.max) - 16))
        }
        let before = peakRSS()
        #expect(isCorrupt { _ = try IndexReader(path: dir.path + "/idx").sourceCatalog() })
        #expect(peakRSS() - before < 32 << 20)
    }
}

extension DamagedIndexTests {
    /// A dictionary entry's docFreq of 2⁶² in two segments: the binder's index-wide sum overflowed.
    @Test func docFreqsThatWouldOverflowTheirSumAreRefused() throws {
        let dir = TempDir()
        let path = dir.path + "/index"
        let w = try IndexWriter(path: path, schema: Self.bodyOnly)
        try w.add(["body": "zebra"]); try w.flush()
        try w.add(["body": "zebra"]); try w.commit()
        for seg in ["_0", "_1"] {
            try rewriteWithChecksum(path + "/\(seg).tim") { b in
                // The only entry: lengths 06, "\0zebra", freqs = 1 << 1 | 1 → 2⁶² << 1 | 1 (9 bytes more).
                let at = offset(of: [0x06, 0x00] + Array("zebra".utf8) + [0x03], in: b)!
                b.replaceSubrange((at + 7)..<(at + 8), with: varintBytes(1 << 63 | 1))
                // The trailer's offsets move with the entry: blockIndexOffset and foldedOffset.
                let t = b.count - 8 - TermDictionaryFormat.trailerSize
                for field in [16, 24] {
                    var v: UInt64 = 0
                    for i in 0..<8 { v |= UInt64(b[t + field + i]) << (8 * UInt64(i)) }
                    v += 9
                    for i in 0..<8 { b[t + field + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt64(i))) }
                }
            }
        }
        let reader = try IndexReader(path: path)
        #expect(isCorrupt { _ = try reader.docFreq(field: 0, term: "zebra") })
        #expect(isCorrupt { _ = try Searcher(reader: reader).search("zebra") })
    }
}
