import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

@Suite struct PostingsCodecTests {
    @Test func bitPackingRoundTripsEveryWidth() {
        for width in 0...32 {
            let mask: UInt64 = width == 0 ? 0 : (1 << UInt64(width)) - 1
            let values = (0..<128).map { UInt32(truncatingIfNeeded: (UInt64($0) &* 0x9E37_79B9_7F4A_7C15 >> 7) & mask) }
            var bytes: [UInt8] = []
            values.withUnsafeBufferPointer { BitPacking.pack($0, width: width, into: &bytes) }
            #expect(bytes.count == 16 * width)
            // Eight bytes of ones after the block, as the footer may be: the mask must drop them.
            var padded = [UInt8](repeating: 0xFF, count: bytes.count + 8)
            padded.replaceSubrange(0..<bytes.count, with: bytes)
            var out = [UInt32](repeating: 7, count: 128)
            padded.withUnsafeBytes { raw in
                out.withUnsafeMutableBufferPointer { BitPacking.unpackPadded(raw.baseAddress!, width: width, into: $0.baseAddress!) }
            }
            #expect(out == values, "padded, width \(width)")
        }
    }

    /// Skipping n varints lands where decoding n of them does, for 1- to 5-byte varints, runs that
    /// end inside a word and at the end of the file; a run past the end is reported.
    @Test func skipVarintsMatchesDecoding() throws {
        var bytes: [UInt8] = []
        var values: [UInt32] = []
        for i in 0..<600 {
            let v: UInt32 = i % 7 == 0 ? UInt32(i) << 20 : i % 5 == 0 ? UInt32(i) * 300 : UInt32(i % 120)
            values.append(v)
            PostingsEncoder.varint(v, into: &bytes)
        }
        let dir = MemoryDirectory()
        try dir.replace("v", with: bytes)
        let file = try dir.openFile("v")
        for start in [0, 1, 13, 299] {
            var decoded = 0
            for _ in 0..<start { _ = try file.varint(&decoded) }
            for n in [0, 1, 7, 8, 9, 17, 64, 600 - start] {
                var expected = decoded
                for _ in 0..<n { _ = try file.varint(&expected) }
                var skipped = decoded
                try file.skipVarints(n, &skipped)
                #expect(skipped == expected, "start \(start), skip \(n)")
            }
        }
        var o = 0
        #expect(throws: LoupeError.self) { try file.skipVarints(601, &o) }
    }

    /// The varint writer gives LEB128's bytes (worked out by hand: 7 bits a byte, low bits first,
    /// the high bit on all but the last), for both widths it is used at.
    @Test func varintsAreLEB128() {
        let cases: [(UInt64, [UInt8])] = [
            (0, [0x00]), (127, [0x7F]), (128, [0x80, 0x01]), (300, [0xAC, 0x02]),
            (16_384, [0x80, 0x80, 0x01]), (UInt64(UInt32.max), [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
            (UInt64.max, [UInt8](repeating: 0xFF, count: 9) + [0x01]),
        ]
        for (v, bytes) in cases {
            var out: [UInt8] = [0xEE]
            Varint.append(v, to: &out)
            #expect(out == [0xEE] + bytes, "\(v)")
            if let v32 = UInt32(exactly: v) {
                var out32: [UInt8] = []
                PostingsEncoder.varint(v32, into: &out32)
                #expect(out32 == bytes, "\(v)")
            }
        }
    }

    /// A position buffer keeps what was appended through its growth, sorts only from where it is
    /// told, and starts over empty without shrinking.
    @Test func positionBufferGrowsSortsAndEmpties() {
        let b = PositionBuffer(capacity: 2)
        b.append(count: 3) { for i in 0..<3 { $0[i] = Int32(10 - i) } }
        b.append(count: 70) { for i in 0..<70 { $0[i] = Int32(200 - i) } }
        #expect(b.count == 73)
        b.sort(from: 3)
        let all = b.array
        #expect(Array(all[0..<3]) == [10, 9, 8], "the first part left as it was")
        #expect(Array(all[3...]) == (131...200).map(Int32.init))
        b.removeAll()
        #expect(b.count == 0 && b.array.isEmpty)
        b.append(count: 1) { $0[0] = 5 }
        #expect(b.array == [5] && b[0] == 5)
    }

    /// A term in every third of 2,000 docs (15 full blocks and a tail), with varying frequencies:
    /// next, advance and positions agree with what was indexed, across block boundaries and skips.
    @Test func blocksSkipsAndPositions() throws {
        let dir = MemoryDirectory()
        let w = try IndexWriter(directory: dir, schema: Schema([FieldSpec("body")]))
        var expected: [(doc: Int32, positions: [Int32])] = []
        for d in 0..<2000 {
            if d % 3 == 0 {
                let reps = 1 + (d / 3) % 4
                var words: [String] = []
                var pos: [Int32] = []
                for r in 0..<reps {
                    words.append("filler\(r)")
                    words.append("target")
                    pos.append(Int32(2 * r + 1))
                }
                try w.add(["body": words.joined(separator: " ")])
                expected.append((Int32(d), pos))
            } else {
                try w.add(["body": "other words here"])
            }
        }
        try w.commit()
        let seg = try IndexReader(directory: dir).segments[0]
        let info = try #require(try seg.termInfo(field: 0, term: "target"))
        #expect(info.docFreq == expected.count)

        // Every posting, every position.
        let it = try seg.postings(info)
        for e in expected {
            #expect(try it.next() == e.doc)
            #expect(it.freq == UInt32(e.positions.count))
            #expect(try it.positions() == e.positions)
        }
        #expect(try it.next() == PostingsFormat.noMoreDocs)

        // Advance to targets far and near, reading positions only sometimes.
        let jumps: [Int32] = [0, 1, 2, 300, 301, 384, 385, 386, 900, 1150, 1151, 1995, 1999]
        let adv = try seg.postings(info)
        for (k, t) in jumps.enumerated() {
            let want = expected.first { $0.doc >= t }
            let got = try adv.advance(to: t)
            #expect(got == (want?.doc ?? PostingsFormat.noMoreDocs), "advance(to: \(t))")
            if let want, k % 2 == 0 { #expect(try adv.positions() == want.positions, "positions at \(want.doc)") }
        }
        #expect(try adv.advance(to: 5000) == PostingsFormat.noMoreDocs)

        // Phrase and AND queries use the skips; results must not change.
        let s = try Searcher(directory: dir)
        #expect(try s.count("\"filler3 target\"") == expected.filter { $0.positions.count == 4 }.count)
        #expect(try s.count("+target +filler2") == expected.filter { $0.positions.count >= 3 }.count)
    }

    /// The doc freq of a word's forms is the size of their union: counted by walking the largest
    /// list (many other documents) or by looking the others up in it (few), the same either way.
    @Test func unionCountsMatchSetsBothWays() throws {
        let dir = MemoryDirectory()
        let w = try IndexWriter(directory: dir, schema: Schema([FieldSpec("body")]))
        let lists: [String: (Int) -> Bool] = [
            "big": { $0 % 2 == 0 }, "mid": { $0 % 3 == 0 }, "small": { $0 % 7 == 0 }, "tiny": { [1, 3, 4, 2999].contains($0) },
        ]
        let names = lists.keys.sorted()
        for d in 0..<3000 { try w.add(["body": (["x"] + names.filter { lists[$0]!(d) }).joined(separator: " ")]) }
        try w.commit()
        let seg = try IndexReader(directory: dir).segments[0]
        func count(_ terms: [String]) throws -> Int {
            try SnapshotStatistics.unionCount(terms.map { try seg.postings(try #require(try seg.termInfo(field: 0, term: $0))) },
                                              docCount: seg.docCount)
        }
        func expected(_ terms: [String]) -> Int { (0..<3000).filter { d in terms.contains { lists[$0]!(d) } }.count }
        // tiny: 4 lookups in big; mid and small: walks of big (500 and 429 marked beside 1,500).
        for terms in [["big", "tiny"], ["big", "small"], ["big", "mid"], ["mid", "small", "tiny"], ["big", "mid", "small", "tiny"], ["small"]] {
            #expect(try count(terms) == expected(terms), "\(terms)")
        }
        // The walk starts after the current posting.
        let it = try seg.postings(try #require(try seg.termInfo(field: 0, term: "small")))
        for _ in 0..<5 { try it.next() }
        var rest: [Int32] = []
        try it.forEachRemainingDoc { rest.append($0) }
        #expect(rest == (35..<3000).filter { $0 % 7 == 0 }.map(Int32.init))
        #expect(it.doc == PostingsFormat.noMoreDocs)
    }

    @Test func mergedBlocksKeepPostings() throws {
        let dir = MemoryDirectory()
        let w = try IndexWriter(directory: dir, schema: Schema([FieldSpec("id", isKeyword: true), FieldSpec("body")]))
        for d in 0..<1000 {
            try w.add(["id": "\(d)", "body": d % 2 == 0 ? "even word number\(d)" : "odd word"])
            if d % 250 == 249 { try w.flush() }
        }
        for d in stride(from: 0, to: 1000, by: 10) { try w.deleteDocuments(field: "id", value: "\(d)") }
        try w.forceMerge()
        let s = try Searcher(directory: dir)
        #expect(try IndexReader(directory: dir).segments.count == 1)
        #expect(try s.count("even") == 400)
        #expect(try s.count("word") == 900)
        #expect(try s.count("\"even word\"") == 400)
        #expect(try s.count("number998") == 1 && s.count("number990") == 0)
    }
}
