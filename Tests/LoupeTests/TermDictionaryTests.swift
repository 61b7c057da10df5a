import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

@Suite struct TermDictionaryTests {
    /// Every present key is found with its own statistics, and every absent key — between two
    /// present ones, a prefix of one, one extended by a byte, before the first and after the last,
    /// in another field — is not, across many blocks.
    @Test func lookupFindsExactlyTheKeysWritten() throws {
        var rng = SplitMix64(seed: 42)
        let alphabet = Array("abcé東z".unicodeScalars)
        var terms = Set<String>()
        while terms.count < 3000 {
            var t = ""
            for _ in 0...rng.below(8) { t.unicodeScalars.append(alphabet[rng.below(alphabet.count)]) }
            terms.insert(t)
        }
        // Shared prefixes of every length, as real vocabularies have.
        for t in ["stra", "strass", "strasse", "strassen", "straße"] { terms.insert(t) }
        // Suffixes around the 15-byte escape of the lengths byte, and prefixes past 8 bytes.
        for n in 12...40 { terms.insert(String(repeating: "q", count: n)); terms.insert("long" + String(repeating: "é", count: n)) }
        let keys = terms.map { [UInt8(2)] + Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
        let dir = MemoryDirectory()
        let name = "t.tim"
        let w = try TermDictionaryWriter(dir, name: name)
        var expected: [String: TermInfo] = [:]
        var docOffset = 8, posOffset = 8
        for k in keys {
            // Frequencies equal (a hapax's) and not, offsets that grow by small and large steps.
            let docFreq = rng.below(3) == 0 ? 1 + rng.below(100_000) : 1
            let totalFreq = rng.below(2) == 0 ? docFreq : docFreq + 1 + rng.below(1000)
            docOffset += rng.below(4) == 0 ? rng.below(1 << 24) : rng.below(4)
            posOffset += rng.below(3) == 0 ? rng.below(1 << 30) : 0
            let info = TermInfo(docFreq: docFreq, totalFreq: totalFreq, docOffset: docOffset, posOffset: posOffset)
            try w.add(key: k, info: info)
            expected[String(decoding: k.dropFirst(), as: UTF8.self)] = info
        }
        try w.finish()
        let dict = try TermDictionary(file: dir.openFile(name))
        for (t, info) in expected { #expect(try dict.lookup(field: 2, term: t) == info, "\(t)") }
        var absent = ["", "\u{1}", "zzzzzzzzzz", "stras", "strasss", "strasse\u{0}", "straß"]
        for t in expected.keys.prefix(500) {
            absent.append(t + "q")
            absent.append(String(t.dropLast()))
            absent.append(t + "\u{0}")
        }
        for t in absent where expected[t] == nil {
            #expect(try dict.lookup(field: 2, term: t) == nil, "\(t) is not in the dictionary")
        }
        #expect(try dict.lookup(field: 1, term: "stra") == nil)
        #expect(try dict.lookup(field: 3, term: "stra") == nil)
        // A scan sees every term once, in byte order, with the statistics a lookup gives.
        var scanned: [(String, TermInfo)] = []
        try dict.forEachTerm(field: 2) { scanned.append(($0, $1)); return true }
        #expect(scanned.map { [UInt8(2)] + Array($0.0.utf8) } == keys)
        #expect(scanned.allSatisfy { expected[$0.0] == $0.1 })
        var under: [String] = []
        try dict.forEachTerm(field: 2, prefix: "strass") { t, _ in under.append(t); return true }
        #expect(under == ["strass", "strasse", "strassen"])
    }

    /// Folded keys (marker byte after the field) are all found; the filter turns away nearly every
    /// absent one before any search, and a dictionary without folded keys turns them all away.
    /// The dictionary's filter holds the keys whose term starts with the byte analysis marks folded
    /// forms with: the codec knows the byte, not the analysis layer, so the two must agree.
    @Test func filterByteIsTheFoldedMarker() {
        #expect(TermDictionaryFormat.filteredByte == IndexedTerm.markerByte)
        #expect(Array(IndexedTerm.folded("x").utf8).first == TermDictionaryFormat.filteredByte)
    }

    @Test func foldedKeysPassTheFilterAndAbsentOnesMostlyDoNot() throws {
        var rng = SplitMix64(seed: 11)
        var words = Set<String>()
        while words.count < 2000 { words.insert(String((0..<(3 + rng.below(6))).map { _ in Character(UnicodeScalar(97 + rng.below(26))!) })) }
        let folded = Set(words.prefix(300))
        var keys = words.map { [UInt8(2)] + Array($0.utf8) } + folded.map { [UInt8(2), IndexedTerm.markerByte] + Array($0.utf8) }
        keys.sort { $0.lexicographicallyPrecedes($1) }
        let dir = MemoryDirectory()
        let w = try TermDictionaryWriter(dir, name: "f.tim")
        for (i, k) in keys.enumerated() { try w.add(key: k, info: TermInfo(docFreq: 1, totalFreq: 1, docOffset: 8 + i, posOffset: 8)) }
        try w.finish()
        let dict = try TermDictionary(file: dir.openFile("f.tim"))
        #expect(dict.foldedBits == 4096, "300 keys × 10 bits, rounded up to a power of two")
        for t in folded { #expect(try dict.lookup(field: 2, term: IndexedTerm.folded(t)) != nil, "\(t)") }
        var passed = 0
        for t in words.subtracting(folded) {
            let key = [UInt8(2), IndexedTerm.markerByte] + Array(t.utf8)
            if try key.withUnsafeBytes({ try dict.mayHoldFolded($0) }) { passed += 1 }
            #expect(try dict.lookup(field: 2, term: IndexedTerm.folded(t)) == nil)
        }
        #expect(passed < 1700 / 20, "\(passed) of 1700 absent folded keys passed the filter")

        let plain = try TermDictionaryWriter(dir, name: "p.tim")
        for (i, k) in words.map({ [UInt8(2)] + Array($0.utf8) }).sorted(by: { $0.lexicographicallyPrecedes($1) }).enumerated() {
            try plain.add(key: k, info: TermInfo(docFreq: 1, totalFreq: 1, docOffset: 8 + i, posOffset: 8))
        }
        try plain.finish()
        let p = try TermDictionary(file: dir.openFile("p.tim"))
        #expect(p.foldedBits == 0)
        #expect(try p.lookup(field: 2, term: IndexedTerm.folded(words.first!)) == nil)
        #expect(try p.lookup(field: 2, term: words.first!) != nil)
    }

    /// The worked example at the top of `TermDictionary.swift`, byte for byte (in version 4: the
    /// 16-byte segment id after the version, every offset of the file 16 more).
    @Test func formatMatchesTheWorkedExample() throws {
        let dir = MemoryDirectory()
        let name = "t.tim"
        let w = try TermDictionaryWriter(dir, name: name)
        try w.add(key: [2] + Array("cat".utf8), info: TermInfo(docFreq: 2, totalFreq: 3, docOffset: 8, posOffset: 8))
        try w.add(key: [2] + Array("cats".utf8), info: TermInfo(docFreq: 1, totalFreq: 1, docOffset: 13, posOffset: 12))
        try w.finish()
        let bytes = try dir.contents(of: name)
        let body: [UInt8] = [0x04, 2] + Array("cat".utf8) + [4, 1, 8, 8] + [0x41] + Array("s".utf8) + [3, 5, 4]
            + [8 + 16, 0, 0, 0, 0, 0, 0, 0] + [2, 0, 0, 0, 0, 0, 0, 0] + [1, 0, 0, 0, 0, 0, 0, 0] + [0x16 + 16, 0, 0, 0, 0, 0, 0, 0]
            + [0x1E + 16, 0, 0, 0, 0, 0, 0, 0] + [0, 0, 0, 0, 0, 0, 0, 0]
        #expect(Array(bytes[0..<8]) == Array("LTRM".utf8) + [4, 0, 0, 0])
        #expect(Array(bytes[8..<24]) == FileFormat.noSegmentID)
        #expect(Array(bytes[24..<(bytes.count - 8)]) == body)
        #expect(Array(bytes.suffix(4)) == Array("LEND".utf8))
    }
}
