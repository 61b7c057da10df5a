import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// Merges never launder damage, and a segment's files are known to be that segment's.
@Suite struct MergeTests {
    static let schema = Schema([FieldSpec("path", isPath: true), FieldSpec("body", stored: false)])

    /// An index of two segments (one per commit) at `dir/idx`.
    func twoSegments(_ dir: MemoryDirectory) throws {
        let w = try IndexWriter(directory: dir, schema: Self.schema)
        for i in 0..<50 { try w.add(["path": "a/\(i)", "body": "red green blue \(i) red"]) }
        try w.commit()
        for i in 0..<50 { try w.add(["path": "b/\(i)", "body": "green blue red \(i)"]) }
        try w.commit()
        #expect(try IndexReader(directory: dir).segments.count == 2)
    }

    @Test func aMergeRefusesADamagedSegmentAndKeepsIt() throws {
        let dir = MemoryDirectory()
        try twoSegments(dir)
        let first = try IndexReader(directory: dir).segments[0].info.name
        let file = first + ".pos"
        var bytes = try dir.contents(of: file)
        bytes[bytes.count / 2] ^= 0x04
        try dir.replace(file, with: bytes)
        let names = try dir.list()

        #expect {
            let w = try IndexWriter(directory: dir, schema: Self.schema)
            try w.forceMerge()
        } throws: { error in
            guard case let LoupeError.corrupt(name, reason) = error else { return false }
            return name == first + ".pos" && reason.contains("checksum")
        }
        // The damaged original and everything else of the last commit are still there, as they were.
        #expect(try dir.list() == names)
        #expect(try dir.contents(of: file) == bytes)
        #expect(try IndexReader(directory: dir).segments.count == 2)
    }

    /// A `.pos` swapped between two segments keeps valid checksums; the segment ids catch it at open
    /// (what `loupe check`, search and the writer all do first).
    @Test func aFileSwappedBetweenSegmentsIsCaughtAtOpen() throws {
        let dir = MemoryDirectory()
        try twoSegments(dir)
        let names = try IndexReader(directory: dir).segments.map(\.info.name)
        let a = names[0] + ".pos", b = names[1] + ".pos"
        try dir.rename(a, to: a + ".x")
        try dir.rename(b, to: a)
        try dir.rename(a + ".x", to: b)
        #expect {
            _ = try IndexReader(directory: dir)
        } throws: { error in
            guard case let LoupeError.corrupt(name, reason) = error else { return false }
            return name.hasSuffix(".pos") && reason.contains("another segment")
        }
    }

    /// Every file of a segment carries the id the manifest records for it, and the id starts with
    /// the index's tag (the first bytes of its marker's id).
    @Test func segmentFilesCarryTheManifestsID() throws {
        let dir = MemoryDirectory()
        try twoSegments(dir)
        let indexID = try #require(try IndexMarker.read(dir))
        let segments = try IndexReader(directory: dir).manifest.segments
        #expect(Set(segments.compactMap(\.id)).count == 2)
        for s in segments {
            let id = try #require(s.id)
            #expect(Array(id.prefix(8)) == Array(indexID.prefix(8)))
            for ext in SegmentWriter.extensions {
                let bytes = try dir.contents(of: s.name + "." + ext)
                #expect(Array(bytes[8..<24]) == id, "\(s.name).\(ext)")
            }
        }
    }

    /// Every (key, doc freq, total freq, postings with positions) of a segment, in key order.
    func dump(_ r: SegmentReader) throws -> [String] {
        var out: [String] = []
        var cursor = SegmentMerger.TermCursor(r.terms)
        while try cursor.next() {
            let it = try r.postings(cursor.info)
            var line = "\(cursor.key) df \(cursor.info.docFreq) tf \(cursor.info.totalFreq):"
            while try it.next() != PostingsFormat.noMoreDocs { line += " \(it.doc)x\(it.freq)\(try it.positions())" }
            out.append(line)
        }
        return out
    }

    /// A merge of many segments (with deletions or not) equals the segment the live documents make
    /// at once: the same keys in the same order, the same postings, positions, norms and stored
    /// values. Without deletions the stored blocks are copied compressed; with the body not stored,
    /// the first segments have no blocks at all (titles come later) and the last ones have some.
    @Test(arguments: [(true, true), (false, true), (false, false)])
    func aMergeEqualsTheSegmentOfItsLiveDocuments(deleting: Bool, bodyStored: Bool) throws {
        let words = ["red", "green", "blue", "Straße", "strasse", "東京", "a", "ab", "abc", "b", "zz"]
        var rng = SplitMix64(seed: 7)
        let docs = (0..<300).map { i in
            (0..<(1 + rng.below(12))).map { _ in words[rng.below(words.count)] }.joined(separator: " ") + " w\(i % 37)"
        }
        let deleted = deleting ? Set((0..<300).filter { $0 % 7 == 3 || $0 % 11 == 0 }) : []
        let schema = Schema([FieldSpec("id", stored: false, isKeyword: true), FieldSpec("path", isPath: true), FieldSpec("title"),
                             FieldSpec("body", stored: bodyStored)])
        func add(_ w: IndexWriter, _ i: Int) throws {
            var doc = ["id": "\(i)", "path": "p/\(i).txt", "body": docs[i]]
            if i % 5 == 0 && i > 150 { doc["title"] = "title \(i)" }
            try w.add(Document(doc))
        }
        let mergedDir = MemoryDirectory(), onceDir = MemoryDirectory()
        do {
            let w = try IndexWriter(directory: mergedDir, schema: schema)
            w.mergePolicy.maxSegments = 100
            for i in 0..<300 {
                try add(w, i)
                if i % 23 == 22 { try w.commit() }
            }
            for i in deleted.sorted() { try w.deleteDocuments(field: "id", value: "\(i)") }
            try w.commit()
            #expect(try IndexReader(directory: mergedDir).segments.count > 10)
            try w.forceMerge()
        }
        do {
            let w = try IndexWriter(directory: onceDir, schema: schema)
            for i in 0..<300 where !deleted.contains(i) { try add(w, i) }
            try w.commit()
        }
        let merged = try IndexReader(directory: mergedDir), once = try IndexReader(directory: onceDir)
        #expect(merged.segments.count == 1 && once.segments.count == 1)
        let m = merged.segments[0], o = once.segments[0]
        #expect(m.docCount == o.docCount && m.deleted == nil)
        #expect(m.info.fieldStats == o.info.fieldStats)
        #expect(try dump(m) == dump(o))
        for d in 0..<Int32(o.docCount) {
            #expect(try m.storedFields(d) == o.storedFields(d))
            for f in schema.indexedFields { #expect(try m.norms.norm(field: f, doc: d) == o.norms.norm(field: f, doc: d)) }
        }
    }

    /// A commit starts its merge in the background and does not publish it; deletions made while
    /// it runs are carried over to the merged segment when `close` publishes it.
    @Test func deletionsDuringABackgroundMergeAreCarriedOver() throws {
        let dir = MemoryDirectory()
        let schema = Schema([FieldSpec("id", isKeyword: true), FieldSpec("body", stored: false)])
        let w = try IndexWriter(directory: dir, schema: schema)
        w.mergePolicy.maxSegments = 2
        w.mergePolicy.mergeFactor = 2
        for i in 0..<30 {
            try w.add(["id": "\(i)", "body": "word w\(i)"])
            if i % 10 == 9 { try w.commit() }
        }
        // Three segments: the commit published them all and left the merge to its thread.
        #expect(try IndexReader(directory: dir).segments.count == 3)
        for i in [0, 5, 12, 29] { #expect(try w.deleteDocuments(field: "id", value: "\(i)") == 1) }
        try w.close()
        let r = try IndexReader(directory: dir)
        #expect(r.segments.count == 2)
        #expect(r.documentCount == 26)
        let s = try Searcher(reader: r)
        #expect(try s.count("word") == 26)
        for i in 0..<30 { #expect(try s.count("w\(i)") == ([0, 5, 12, 29].contains(i) ? 0 : 1), "w\(i)") }
    }

    /// Many commits with merges in the background: the segments stay bounded (twice `maxSegments`
    /// at most while merges run), `close` brings them to `maxSegments`, and nothing is lost.
    @Test func backgroundMergesKeepTheSegmentsBounded() throws {
        let dir = MemoryDirectory()
        let schema = Schema([FieldSpec("id", isKeyword: true), FieldSpec("body", stored: false)])
        let w = try IndexWriter(directory: dir, schema: schema)
        w.mergePolicy.maxSegments = 3
        w.mergePolicy.mergeFactor = 3
        for i in 0..<24 {
            try w.add(["id": "\(i)", "body": "word w\(i)"])
            if i % 4 == 0 { try w.deleteDocuments(field: "id", value: "\(i / 2)") }
            try w.commit()
            #expect(try IndexReader(directory: dir).segments.count <= 6)
        }
        try w.close()
        let r = try IndexReader(directory: dir)
        #expect(r.segments.count <= 3)
        let deleted = Set((0..<24).filter { $0 % 4 == 0 }.map { $0 / 2 })
        #expect(r.documentCount == 24 - deleted.count)
        #expect(try Searcher(reader: r).count("word") == 24 - deleted.count)
    }
}
