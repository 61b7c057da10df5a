import Foundation
import Testing
@testable import Loupe

@Suite struct TermDictionaryTests {
    /// Every present key is found with its own statistics, and every absent key — between two
    /// present ones, a prefix of one, one extended by a byte, before the first and after the last,
    /// in another field — is not, across many blocks.
    @Test func lookupFindsExactlyTheKeysWritten() throws {
        var rng = KillTests.Random(state: 42)
        let alphabet = Array("abcé東z".unicodeScalars)
        var terms = Set<String>()
        while terms.count < 3000 {
            var t = ""
            for _ in 0...rng.below(8) { t.unicodeScalars.append(alphabet[rng.below(alphabet.count)]) }
            terms.insert(t)
        }
        // Shared prefixes of every length, as real vocabularies have.
        for t in ["stra", "strass", "strasse", "strassen", "straße"] { terms.insert(t) }
        let keys = terms.map { [UInt8(2)] + Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
        let dir = TempDir()
        let path = dir.path + "/t.tim"
        let w = try TermDictionaryWriter(path: path)
        var expected: [String: TermInfo] = [:]
        for (i, k) in keys.enumerated() {
            let info = TermInfo(docFreq: i + 1, totalFreq: 2 * i + 1, docOffset: 10 * i, posOffset: 20 * i)
            try w.add(key: k, info: info)
            expected[String(decoding: k.dropFirst(), as: UTF8.self)] = info
        }
        try w.finish()
        let dict = try TermDictionary(path: path)
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
    }
}
