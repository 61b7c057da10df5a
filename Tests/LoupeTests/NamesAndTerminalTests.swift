import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// Finding files by name (a path word is cut where indexed paths are) and printing names and
/// option values so a terminal shows exactly what they hold.
@Suite(.serialized) struct NamesAndTerminalTests {
    /// `path:os.html`, `path:README.Debian` and `README.Debian` alone find the files so named: the
    /// query word is cut at `/ \ . _ -` in the path field as the indexed paths are.
    @Test func aFileNameFindsTheFile() throws {
        let dir = TempDir()
        let searcher = try buildIndex([
            ("doc/python3/os.html", "", "the module reference"),
            ("doc/bash/README.Debian", "", "notes for this package"),
            ("doc/zsh/README.Debian", "", "more notes"),
            ("doc/vim/README.Debian", "", "see readme.debian in the other package"),
            ("doc/vim/README", "", "plain readme, debian package"),
            ("doc/other/notes.txt", "", "nothing to see"),
        ], in: dir)
        func paths(_ q: String) throws -> Set<String> { Set(try searcher.search(q, limit: 50).hits.compactMap(\.path)) }
        #expect(try paths("path:os.html") == ["doc/python3/os.html"])
        let debian: Set = ["doc/bash/README.Debian", "doc/zsh/README.Debian", "doc/vim/README.Debian"]
        #expect(try paths("path:README.Debian") == debian)
        #expect(try paths("path:readme_debian") == debian, "an underscore cuts as a dot does")
        let bare = try paths("README.Debian")
        #expect(bare.isSuperset(of: debian), "\(bare)")
        #expect(bare.isSubset(of: debian.union(["doc/vim/README"])), "\(bare)")
        // A word without those characters binds as before: one word over every field.
        #expect(try paths("path:python3") == ["doc/python3/os.html"])
    }

    /// `--limit 0` prints how many documents match, not "no hits past the first N".
    @Test func limitZeroPrintsTheCountOnly() throws {
        let tmp = TempDir()
        tmp.write("d/a.txt", "alpha one")
        tmp.write("d/b.txt", "alpha two")
        #expect(try CLI.run(["index", "d"], cwd: tmp.path).status == 0)
        let r = try CLI.run(["search", "alpha", "--limit", "0"], cwd: tmp.path)
        #expect(r.status == 0)
        #expect(r.stdout == "2 matching documents\n", "\(r.stdout)")
    }

    /// A backslash in a name is shown as `\\` (a literal `\x1b` cannot pass for an escape), and
    /// invisible format characters (zero-width space, direction marks, byte-order mark) as escapes.
    @Test func backslashesAndInvisibleCharactersInNamesAreEscaped() throws {
        let tmp = TempDir()
        tmp.write("d/back\\x1b[31mslash.txt", "zebra one")
        tmp.write("d/zero\u{200B}width\u{200E}mark\u{FEFF}.txt", "zebra two")
        tmp.write("d/emoji👩‍👩‍👧 ok.txt", "zebra three")
        #expect(try CLI.run(["index", "d"], cwd: tmp.path).status == 0)
        let r = try CLI.run(["search", "zebra", "--color", "never"], cwd: tmp.path)
        #expect(r.status == 0)
        #expect(r.stdout.contains("back\\\\x1b[31mslash.txt"), "\(r.stdout)")
        #expect(r.stdout.contains("zero\\u{200b}width\\u{200e}mark\\u{feff}.txt"), "\(r.stdout)")
        #expect(!r.stdout.unicodeScalars.contains { [0x200B, 0x200E, 0xFEFF].contains($0.value) })
        #expect(r.stdout.contains("emoji👩‍👩‍👧 ok.txt"), "the joiner inside an emoji sequence stays")
        // JSON keeps the real names, its own escapes intact.
        let j = try CLI.run(["search", "zebra", "--json"], cwd: tmp.path)
        let names = j.stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["path"] as? String
        }
        #expect(Set(names) == ["back\\x1b[31mslash.txt", "zero\u{200B}width\u{200E}mark\u{FEFF}.txt", "emoji👩‍👩‍👧 ok.txt"], "\(j.stdout)")
        #expect(!j.stdout.unicodeScalars.contains { [0x200B, 0x200E, 0xFEFF].contains($0.value) })
    }

    /// A file name that is not UTF-8 (Latin-1 `café.txt`) is indexed under a name that keeps its
    /// bytes: found, shown as `caf\xe9.txt`, read again for its snippets, and found unchanged by a
    /// re-run (from the catalog, and through a walk that takes the folder's names from it).
    @Test func aFileNameThatIsNotUTF8IsIndexedAndShownEscaped() throws {
        let dir = TempDir()
        dir.write("src/other.txt", "other words")
        var raw = Array((dir.path + "/src/caf").utf8) + [0xE9] + Array(".txt".utf8) + [0]
        let fd = raw.withUnsafeMutableBufferPointer { p in
            p.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
        }
        #expect(fd >= 0)
        _ = Array("zebrafile in latin one".utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        let first = try trustingIndexer(dir).run()
        #expect(first.added == 2 && first.skipped == 0, "\(first)")
        let searcher = try Searcher(path: dir.path + "/idx")
        let hit = try #require(try searcher.search("zebrafile").hits.first)
        let path = try #require(hit.path)
        #expect(FileName.bytes(path) == Array("caf".utf8) + [0xE9] + Array(".txt".utf8))
        #expect(try SourceDocumentReader(reader: searcher.reader).text(of: path, whole: true).get().body == "zebrafile in latin one")
        #expect(try trustingIndexer(dir).run().unchanged == 2, "found unchanged from the catalog")
        dir.write("src/other.txt", "other words, changed")
        let walked = try trustingIndexer(dir).run()
        #expect(walked.updated == 1 && walked.unchanged == 1 && walked.added == 0 && walked.deleted == 0, "\(walked)")

        let tmp = TempDir()
        try FileManager.default.moveItem(atPath: dir.path + "/src", toPath: tmp.path + "/d")
        #expect(try CLI.run(["index", "d"], cwd: tmp.path).status == 0)
        let r = try CLI.run(["search", "zebrafile", "--color", "never"], cwd: tmp.path)
        #expect(r.status == 0 && r.stdout.contains("caf\\xe9.txt"), "\(r.stdout)")
        #expect(r.stdout.contains("**zebrafile**") || r.stdout.contains("zebrafile in latin one"), "the snippet is read from the file: \(r.stdout)")
    }

    /// The argument parser's message quotes a bad option value: escaped.
    @Test func aBadOptionValueIsEchoedEscaped() throws {
        let tmp = TempDir()
        let r = try CLI.run(["search", "x", "--language", "\u{1B}]0;PWN\u{07}"], cwd: tmp.path)
        #expect(r.status == 2)
        #expect(!r.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(r.stderr.debugDescription)")
        #expect(r.stderr.contains("\\x1b]0;PWN\\x07"), "\(r.stderr)")
    }
}
