import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// Files that are not UTF-8 (13.10) and HTML's character references (13.14).
@Suite struct EncodingTests {
    func body(_ bytes: [UInt8], _ name: String = "a.txt") throws -> String {
        try TextExtractor.extract(bytes, fileName: name).body
    }

    func utf16(_ s: String, bigEndian: Bool) -> [UInt8] {
        var out: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for u in s.utf16 { out += bigEndian ? [UInt8(u >> 8), UInt8(u & 0xFF)] : [UInt8(u & 0xFF), UInt8(u >> 8)] }
        return out
    }

    @Test func utf16WithAByteOrderMarkIsDecoded() throws {
        let text = "Grüße aus dem Café\n日本語 😀 ok"
        #expect(try body(utf16(text, bigEndian: false)) == text)
        #expect(try body(utf16(text, bigEndian: true)) == text)
        #expect(try TextExtractor.extract(utf16("First line\nrest", bigEndian: false), fileName: "x.txt").title == "First line")
        // An odd last byte and a lone surrogate are repaired, not fatal.
        #expect(try body(utf16("ab", bigEndian: false) + [0x41]) == "ab\u{FFFD}")
        #expect(try body([0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00]) == "\u{FFFD}A")
        // UTF-16 holding NUL code units is still binary.
        #expect(throws: TextExtractor.Rejection.binary) { try body([0xFF, 0xFE, 0, 0, 0, 0]) }
    }

    @Test func invalidUTF8IsReadAsWindows1252() throws {
        // Latin-1 "café naïve", Windows-1252 quotes, dash, euro.
        #expect(try body([0x63, 0x61, 0x66, 0xE9, 0x20, 0x6E, 0x61, 0xEF, 0x76, 0x65]) == "café naïve")
        #expect(try body([0x93, 0x71, 0x94, 0x20, 0x96, 0x20, 0x80, 0x35]) == "\u{201C}q\u{201D} \u{2013} €5")
        // Well-formed UTF-8 around a stray byte keeps its characters.
        #expect(try body(Array("naïve ".utf8) + [0xE9] + Array(" 日本".utf8)) == "naïve é 日本")
        // Truncated and overlong sequences are bytes of Windows-1252 too.
        #expect(try body([0xC3]) == "Ã")
        #expect(try body([0xC0, 0xAF]) == "À¯")
        #expect(try body([0xE2, 0x82]) == "â‚")
        // A UTF-8 byte-order mark is dropped; NULs still mean binary.
        #expect(try body([0xEF, 0xBB, 0xBF, 0x68, 0x69]) == "hi")
        #expect(throws: TextExtractor.Rejection.binary) { try body([0x61, 0, 0x62]) }
    }

    @Test func legacyAndUTF16FilesAreFoundByTheirWords() throws {
        let dir = TempDir()
        try FileManager.default.createDirectory(atPath: dir.path + "/src", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: dir.path + "/src/latin1.txt", contents: Data([0x4C, 0x65, 0x20, 0x63, 0x61, 0x66, 0xE9, 0x20, 0x6E, 0x6F, 0x69, 0x72]))
        _ = FileManager.default.createFile(atPath: dir.path + "/src/utf16.txt", contents: Data(utf16("Ein Straßenfest in Zürich", bigEndian: false)))
        let s = try trustingIndexer(dir).run()
        #expect(s.added == 2 && s.skipped == 0, "\(s)")
        let searcher = try Searcher(path: dir.path + "/idx")
        #expect(try searcher.search("cafe", limit: 10).hits.compactMap(\.path) == ["latin1.txt"])
        #expect(try searcher.search("café", limit: 10).hits.compactMap(\.path) == ["latin1.txt"])
        #expect(try searcher.search("zurich", limit: 10).hits.compactMap(\.path) == ["utf16.txt"])
    }

    static let page = """
        <html><head><title>Caf&eacute; &amp; cr&egrave;me &mdash; na&iuml;ve</title>
        <style>p { content: "&eacute; styleword" }</style>
        <script>var x = "&hearts; scriptword";</script></head>
        <body><!-- commentword &eacute; --><p>Le caf&eacute; na&iuml;ve &NotNestedLessLess; &bigstar;
        &copy2024 &eacutex &#x41;&#66;&#67 &#128;&#0; &unknownname; AT&T &amp</p></body></html>
        """

    @Test func htmlNamedReferencesAreDecodedInTitleAndBody() throws {
        let t = try TextExtractor.extract(Array(Self.page.utf8), fileName: "p.html")
        #expect(t.title == "Café & crème — naïve" && t.titleIsDeclared)
        let words = t.body.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words == "Le café naïve \u{2AA1}\u{0338} ★ ©2024 éx ABC €\u{FFFD} &unknownname; AT&T &", "\(words)")
        for dropped in ["styleword", "scriptword", "commentword", "eacute", "hearts"] {
            #expect(!t.body.contains(dropped) && !t.title.contains(dropped), "\(dropped)")
        }
    }

    @Test func everyNameOfTheStandardIsKnown() {
        #expect(HTMLEntities.names.count == 2231)
        #expect(HTMLEntities.names["CounterClockwiseContourIntegral;"] == "\u{2233}")
        #expect(HTMLEntities.names["eacute"] == "é" && HTMLEntities.names["eacute;"] == "é")
        #expect(HTMLEntities.names["nvlt;"] == "<\u{20D2}", "two code points")
    }

    @Test func anHTMLPageIsFoundByItsDecodedWords() throws {
        let dir = TempDir()
        dir.write("src/p.html", Self.page)
        _ = try trustingIndexer(dir).run()
        let searcher = try Searcher(path: dir.path + "/idx")
        for word in ["cafe", "naive", "creme", "title:cafe", "title:naive"] {
            #expect(try searcher.search(word, limit: 10).hits.compactMap(\.path) == ["p.html"], "\(word)")
        }
        for word in ["eacute", "iuml", "caf", "scriptword", "styleword", "commentword"] {
            #expect(try searcher.search(word, limit: 10).hits.isEmpty, "\(word)")
        }
    }
}
