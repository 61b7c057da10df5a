import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// `IndexReader.verifyDeep()` (`loupe check --deep`): what it counts on a sound index, and damage
/// with right checksums that only it can see.
@Suite struct DeepCheckTests {
    static let schema = Schema([FieldSpec("id", isKeyword: true), FieldSpec("body", stored: false)])

    /// Three documents in two flushed segments: ids d0 d1 | d2, bodies "red fox" "red dog" | "fox fox".
    func smallIndex(_ dir: MemoryDirectory) throws {
        let w = try IndexWriter(directory: dir, schema: Self.schema)
        try w.add(["id": "d0", "body": "red fox"])
        try w.add(["id": "d1", "body": "red dog"])
        try w.flush()
        try w.add(["id": "d2", "body": "fox fox"])
        try w.commit()
    }

    @Test func aSoundIndexIsCountedWhole() throws {
        let dir = MemoryDirectory()
        try smallIndex(dir)
        let r = try IndexReader(directory: dir).verifyDeep()
        // Segment 1: id d0 d1, body dog fox red → 5 terms, 6 postings (d0 d1 dog fox red red),
        // positions 1+1+1+1+2 = 6. Segment 2: d2, fox → 2 terms, 2 postings, 3 positions.
        #expect(r == CheckReport(segments: 2, documents: 3, deletedDocuments: 0, terms: 7, postings: 8, positions: 9, storedDocuments: 3))
    }

    @Test func mergedSegmentsWithDeletionsCheckOut() throws {
        let dir = MemoryDirectory()
        let w = try IndexWriter(directory: dir, schema: Self.schema)
        for i in 0..<300 { try w.add(["id": "d\(i)", "body": "word\(i % 7) common \(i % 3 == 0 ? "third" : "")"]) }
        try w.flush()
        for i in 300..<400 { try w.add(["id": "d\(i)", "body": "common word\(i % 5)"]) }
        try w.commit()
        for i in stride(from: 0, to: 400, by: 9) { try w.deleteDocuments(field: "id", value: "d\(i)") }
        try w.commit()
        let before = try IndexReader(directory: dir).verifyDeep()
        #expect(before.documents == 400 && before.deletedDocuments == 45)
        try w.forceMerge()
        let after = try IndexReader(directory: dir).verifyDeep()
        #expect(after.segments == 1 && after.documents == 355 && after.deletedDocuments == 0)
    }

    @Test func aChangedNormIsFoundOnlyByTheDeepCheck() throws {
        let dir = MemoryDirectory()
        try smallIndex(dir)
        // Segment _0's norms, after the header and the segment id: column id (2 docs), then body; body of d0 has 2 words → 5.
        try dir.rewriteWithChecksum("_0.nrm") { b in b[8 + 16 + 2] = 5 } // header, segment id
        let reader = try IndexReader(directory: dir)
        try reader.verifyChecksums()
        #expect(throws: LoupeError.corrupt(file: "_0.nrm", reason: "document 0 has 2 words in field 1, its norm says 5")) {
            _ = try reader.verifyDeep()
        }
    }

    @Test func aManifestCountOfDocumentsWithAFieldIsCrossChecked() throws {
        let dir = MemoryDirectory()
        try smallIndex(dir)
        var m = try #require(try Manifest.latest(in: dir))
        m.segments[0].fieldStats[1].docsWithField = 1
        try m.write(to: dir)
        let reader = try IndexReader(directory: dir)
        try reader.verifyChecksums()
        #expect(throws: LoupeError.self) { _ = try reader.verifyDeep() }
    }

    @Test func aBlockBoundThatUndercountsIsFound() throws {
        let dir = MemoryDirectory()
        let w = try IndexWriter(directory: dir, schema: Schema([FieldSpec("body", stored: false)]))
        for i in 0..<200 { try w.add(["body": i == 5 ? "zebra zebra zebra" : "zebra"]) }
        try w.commit()
        let info = try #require(try IndexReader(directory: dir).segments[0].termInfo(field: 0, term: "zebra"))
        // One block: nBlocks 01, skip entry: lastDelta 128 (2 bytes), docBytes, posBytes (2 bytes), maxFreq 3.
        try dir.rewriteWithChecksum("_0.doc") { b in
            let p = info.docOffset + 1 + 2 + 1 + 2
            #expect(b[p] == 3)
            b[p] = 1
        }
        let reader = try IndexReader(directory: dir)
        #expect(throws: LoupeError.self) { _ = try reader.verifyDeep() }
    }

    /// A `.del` that deletes another document than the one the catalog dropped: the counts agree,
    /// the documents do not.
    @Test func deletionsThatDisagreeWithTheCatalogAreFound() throws {
        let dir = TempDir()
        for i in 0..<10 { dir.write("src/f\(i).txt", "file number \(i)") }
        _ = try trustingIndexer(dir).run()
        try FileManager.default.removeItem(atPath: dir.path + "/src/f3.txt")
        _ = try trustingIndexer(dir).run()
        let index = FileSystemDirectory(path: dir.path + "/idx")
        #expect(try IndexReader(directory: index).verifyDeep().deletedDocuments == 1)
        let m = try #require(try Manifest.latest(in: index))
        let s = m.segments[0]
        try index.rewriteWithChecksum(DeletionsFormat.fileName(segment: s.name, generation: s.delGen)) { b in
            // The bits after docCount and deletedCount: move the one set bit.
            let bits = 8 + 8
            let set = (bits..<(b.count - 8)).first { b[$0] != 0 }!
            let bit = b[set]
            b[set] = 0
            b[bits] = bit == 1 ? 2 : 1
        }
        #expect(throws: LoupeError.self) { _ = try IndexReader(directory: index).verifyDeep() }
    }
}

/// Rules of the formats' grammars the deep check enforces beyond what the readers need.
@Suite struct DeepCheckGrammarTests {
    /// A dictionary term made invalid UTF-8 (checksum recomputed) dropped its documents from
    /// results while `check --deep` said ok.
    @Test func aTermThatIsNotUTF8IsDamage() throws {
        let dir = MemoryDirectory()
        let w = try IndexWriter(directory: dir, schema: DamagedIndexTests.bodyOnly)
        try w.add(["body": "apple bpple"]); try w.add(["body": "apple"])
        try w.close()
        _ = try IndexReader(directory: dir).verifyDeep()
        // "\0bpple" shares 1 byte with "\0apple" (lengths 0x15): its 'b' becomes 0xFF, still in order.
        try dir.rewriteWithChecksum("_0.tim") { b in
            let at = offset(of: [0x15] + Array("bpple".utf8), in: b)!
            b[at + 1] = 0xFF
        }
        #expect {
            try IndexReader(directory: dir).verifyDeep()
        } throws: { error in
            guard case let LoupeError.corrupt(file, reason) = error else { return false }
            return file == "_0.tim" && reason.contains("UTF-8")
        }
    }

    /// A position repeated within a document (a zero delta) is damage.
    @Test func aRepeatedPositionIsDamage() throws {
        let dir = MemoryDirectory()
        let w = try IndexWriter(directory: dir, schema: DamagedIndexTests.bodyOnly)
        try w.add(["body": "zeta x zeta"])
        try w.close()
        let info = try #require(try IndexReader(directory: dir).segments[0].termInfo(field: 0, term: "zeta"))
        // zeta's positions in doc 0: 0 then +2; the delta 2 becomes 0.
        try dir.rewriteWithChecksum("_0.pos") { b in
            #expect(b[info.posOffset] == 0 && b[info.posOffset + 1] == 2)
            b[info.posOffset + 1] = 0
        }
        #expect(throws: LoupeError.self) { try IndexReader(directory: dir).verifyDeep() }
    }
}
