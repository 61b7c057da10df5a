import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

@Suite struct IngestTests {
    @Test func htmlIsStrippedAndTitled() throws {
        let html = "<html><head><title>Caf&eacute; &amp; Bar</title><style>p{}</style></head><body><script>var zz=1</script><p>Hello&nbsp;<b>world</b></p><!-- hidden --></body></html>"
        let t = try TextExtractor.extract(Array(html.utf8), fileName: "x.html")
        #expect(t.title == "Café & Bar")
        #expect(t.titleIsDeclared)
        #expect(t.body.contains("Hello world"))
        #expect(!t.body.contains("zz") && !t.body.contains("hidden") && !t.body.contains("<"))
    }

    @Test func markdownHeadingOrFirstLine() throws {
        let md = try TextExtractor.extract(Array("intro line\n\n## The Heading\ntext".utf8), fileName: "a.md")
        #expect(md.title == "The Heading" && md.titleIsDeclared)
        let txt = try TextExtractor.extract(Array("\n\n   First real line  \nsecond".utf8), fileName: "a.txt")
        #expect(txt.title == "First real line" && !txt.titleIsDeclared)
    }

    @Test func binaryIsRejectedAndBadUTF8ReadAsWindows1252() throws {
        #expect(throws: TextExtractor.Rejection.binary) { try TextExtractor.extract([0x41, 0x00, 0x42], fileName: "b") }
        let t = try TextExtractor.extract([0x61, 0xFF, 0x62], fileName: "c.txt")
        #expect(t.body == "a\u{FF}b")
    }

    @Test func walkerSkipsHiddenAndListsSorted() throws {
        let dir = TempDir()
        dir.write("b/z.txt", "z")
        dir.write("a.txt", "a")
        dir.write(".git/config", "x")
        dir.write("b/.hidden", "x")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/loop", withDestinationPath: dir.path)
        let (paths, warnings) = try DirectoryWalker(root: dir.path).files()
        #expect(paths == ["a.txt", "b/z.txt"])
        #expect(warnings.isEmpty)
        #expect(throws: LoupeError.self) { _ = try DirectoryWalker(root: dir.path + "/missing").files() }
    }

    @Test func walkOrderIsEachFoldersFilesByBytesThenItsSubfolders() throws {
        let dir = TempDir()
        // Names sharing their first 8 bytes (the sort key) and differing after; a folder that sorts
        // before a file; non-ASCII names (byte order: "Z" < "a" < "é").
        for name in ["longprefix-b.txt", "longprefix-a.txt", "longprefix.txt", "é.txt", "a.txt", "Z.txt"] {
            dir.write("top/" + name, name)
        }
        dir.write("top/0sub/x.txt", "x")
        dir.write("top/sub2/y.txt", "y")
        dir.write("root.txt", "r")
        let (paths, _) = try DirectoryWalker(root: dir.path).files()
        #expect(paths == ["root.txt", "top/Z.txt", "top/a.txt", "top/longprefix-a.txt", "top/longprefix-b.txt",
                          "top/longprefix.txt", "top/é.txt", "top/0sub/x.txt", "top/sub2/y.txt"])
    }

    @Test func aLevelOfBigAndSmallFoldersIsListedWholeAndInOrder() throws {
        // The names of one level are stat'ed in shares that cut across folders: a big folder among
        // small and empty ones, with subfolders at two depths.
        let dir = TempDir()
        let fm = FileManager.default
        for (folder, n) in [("a", 3), ("big", 900), ("c", 0), ("d", 40), ("big/sub", 300), ("big/sub/deeper", 5), ("e", 1)] {
            try fm.createDirectory(atPath: dir.path + "/" + folder, withIntermediateDirectories: true)
            for i in 0..<n { #expect(fm.createFile(atPath: "\(dir.path)/\(folder)/n\((i * 7919) % max(n, 1))", contents: Data(count: i % 5))) }
        }
        #expect(fm.createFile(atPath: dir.path + "/top.txt", contents: Data()))
        // The walk order, by its definition: a folder's files by bytes, then its subfolders so.
        func reference(_ rel: String) throws -> [String] {
            let names = try fm.contentsOfDirectory(atPath: rel.isEmpty ? dir.path : dir.path + "/" + rel)
                .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            var files: [String] = [], folders: [String] = []
            for name in names {
                let path = rel.isEmpty ? name : rel + "/" + name
                var isDir: ObjCBool = false
                _ = fm.fileExists(atPath: dir.path + "/" + path, isDirectory: &isDir)
                if isDir.boolValue { folders.append(path) } else { files.append(path) }
            }
            return try files + folders.flatMap { try reference($0) }
        }
        let (entries, warnings) = try DirectoryWalker(root: dir.path).entries()
        #expect(warnings.isEmpty)
        #expect(entries.map(\.path) == (try reference("")))
        #expect(entries.count == 1 + 3 + 900 + 40 + 300 + 5 + 1)
        for e in entries.prefix(60) {
            #expect(e.size == (try fm.attributesOfItem(atPath: dir.path + "/" + e.path)[.size] as! Int))
        }
    }

    @Test func aBigFolderIsListedWholeAndInOrder() throws {
        // More names than one thread takes, so the listing is cut in chunks and stat'ed in parallel.
        let dir = TempDir()
        var names: [String] = []
        for i in 0..<1500 { names.append("f\((i * 7919) % 1500).txt") }
        for n in names { #expect(FileManager.default.createFile(atPath: dir.path + "/" + n, contents: Data(n.utf8))) }
        let (entries, warnings) = try DirectoryWalker(root: dir.path).entries()
        #expect(warnings.isEmpty)
        #expect(entries.map(\.path) == names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        #expect(entries.allSatisfy { $0.size == $0.path.utf8.count && $0.mtime > 0 })
    }
}

@Suite struct IndexInsideSourceTests {
    @Test func anIndexInsideTheFolderIsNotIndexed() throws {
        let dir = TempDir()
        dir.write("notes/a.txt", "alpha")
        var ix = DirectoryIndexer(source: dir.path, indexPath: dir.path + "/Indexes/self")
        var warnings: [String] = []
        ix.onWarning = { warnings.append($0) }
        #expect(try ix.run().added == 1)
        let second = try ix.run()
        #expect(second.added == 0 && second.unchanged == 1 && warnings.isEmpty, "\(warnings)")
    }
}

@Suite struct TextExtractorDetailTests {
    /// The first line as it was found before it was cut on bytes: on Characters.
    func firstLineOnCharacters(_ text: String) -> String {
        var rest = Substring(text)
        while !rest.isEmpty {
            let end = rest.firstIndex(where: \.isNewline) ?? rest.endIndex
            let t = String(rest[..<end].prefix(400)).trimmingWhitespace
            if !t.isEmpty { return String(t.prefix(200)) }
            rest = end == rest.endIndex ? "" : rest[rest.index(after: end)...]
        }
        return ""
    }

    /// Random texts of blank lines, every kind of line end, spaces, accents and long lines: the same
    /// first line as the Character-based search.
    @Test func firstLineMatchesTheCharacterDefinition() {
        let pieces = ["\n", "\r\n", "\r", "\u{b}", "\u{c}", "\u{85}", "\u{2028}", "\u{2029}", " ", "\t", "\u{a0}",
                      "word", "é", "e\u{301}", "東京", "🙂", String(repeating: "long ", count: 100), "\u{feff}"]
        var rng = SplitMix64(seed: 5)
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<rng.below(12) { text += pieces[rng.below(pieces.count)] }
            #expect(TextExtractor.firstLine(text) == firstLineOnCharacters(text), "\(Array(text.unicodeScalars))")
        }
    }

    @Test func extensionsAsNSStringGivesThem() {
        for name in ["a.txt", "dir/Page.HTML", "x.tar.gz", "noext", ".bashrc", "dir/.hidden", "dir.d/file", "a.", "dir/a.Md", ""] {
            #expect(TextExtractor.extensionOf(name) == (name as NSString).pathExtension.lowercased(), "\(name)")
        }
    }
}
