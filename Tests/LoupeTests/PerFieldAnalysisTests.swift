import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore

/// Each field is analyzed by the analyzer it names (`FieldSpec.analyzer`), documents and query
/// words alike; the manifest records the names.
@Suite struct PerFieldAnalysisTests {
    /// `title` standard (folds, transliterates, stems), `notes` simple (case folding only).
    static let schema = Schema([FieldSpec("id", isKeyword: true), FieldSpec("title"), FieldSpec("notes", analyzer: "simple")])

    func build(_ dir: MemoryDirectory) throws -> Searcher {
        let w = try IndexWriter(directory: dir, schema: Self.schema)
        var a = Document(["id": "a", "title": "Mevlüt was running", "notes": "plain words"])
        a.language = .english
        var b = Document(["id": "b", "title": "plain words", "notes": "Mevlüt was running"])
        b.language = .english
        var c = Document(["id": "c", "title": "Other", "notes": "Mevlut and Mevlüt"])
        c.language = .english
        for d in [a, b, c] { try w.add(d) }
        try w.commit()
        return try Searcher(directory: dir)
    }

    func ids(_ s: Searcher, _ query: String) throws -> [String] {
        try s.search(query, limit: 10).hits.compactMap { $0[field: "id"] }.sorted()
    }

    @Test func aWordIsAnalyzedByEachFieldsAnalyzer() throws {
        let dir = MemoryDirectory()
        let s = try build(dir)
        // Only the standard chain folds ü: `mevlut` finds the title of a, and the plain `Mevlut` of c's notes.
        #expect(try ids(s, "mevlut") == ["a", "c"])
        #expect(try ids(s, "notes:mevlut") == ["c"])
        #expect(try ids(s, "title:mevlut") == ["a"])
        // Typed with its diacritic it is in both fields' vocabularies.
        #expect(try ids(s, "mevlüt") == ["a", "b", "c"])
        // Only the standard chain stems: `run` finds `running` in a's title, not in b's notes.
        #expect(try ids(s, "run") == ["a"])
        #expect(try ids(s, "running") == ["a", "b"])
        // A prefix is folded per field: `mevlu*` is `mevlut`'s prefix (title), not `mevlüt`'s (notes).
        #expect(try ids(s, "mevlu*") == ["a", "c"])
        #expect(try ids(s, "mevl*") == ["a", "b", "c"])
        // The simple field has no folded or stem terms at all.
        let seg = try #require(s.reader.segments.first)
        let notes = try #require(s.reader.schema.number(of: "notes"))
        #expect(try seg.termInfo(field: notes, term: "mevlüt") != nil)
        #expect(try seg.termInfo(field: notes, term: IndexedTerm.folded("mevlut")) == nil)
        #expect(try seg.termInfo(field: notes, term: IndexedTerm.stemmed("run", language: .english)) == nil)
    }

    @Test func snippetsOfAFieldAreAnalyzedByItsAnalyzer() throws {
        let dir = MemoryDirectory()
        let s = try build(dir)
        // c's title has no match, so the snippet comes from `notes`; there, through the simple
        // analyzer, `mevlüt` is only `Mevlüt` (the standard analyzer would light up neither word).
        let hit = try #require(try s.search("mevlüt", options: SearchOptions(limit: 10, snippets: 1)).hits.first { $0[field: "id"] == "c" })
        #expect(hit.snippets.first?.marked(open: "[", close: "]") == "Mevlut and [Mevlüt]")
        let ascii = try #require(try s.search("mevlut", options: SearchOptions(limit: 10, snippets: 1)).hits.first { $0[field: "id"] == "c" })
        #expect(ascii.snippets.first?.marked(open: "[", close: "]") == "[Mevlut] and Mevlüt")
    }

    @Test func theManifestRecordsEachFieldsAnalyzer() throws {
        let dir = MemoryDirectory()
        _ = try build(dir)
        let r = try IndexReader(directory: dir)
        #expect(r.schema == Self.schema)
        #expect(r.schema.fields.map(\.analyzer) == ["standard", "standard", "simple"])
        let m = try Manifest.read(dir.openFile(Manifest.fileName(r.manifest.generation)))
        #expect(m.schema.fields.map(\.analyzer) == ["standard", "standard", "simple"])
        // The writer reopens it with the same schema, and refuses another analyzer for a field.
        _ = try IndexWriter(directory: dir, schema: Self.schema)
        var other = Self.schema
        other.fields[2].analyzer = "standard"
        let error = #expect(throws: LoupeError.self) { try IndexWriter(directory: dir, schema: other) }
        #expect(error.map { "\($0)".contains("field 'notes' has analyzer simple (here standard)") } == true, "the message names the analyzers")
    }

    /// A version 3 manifest (no analyzer names) reads with every field `standard`.
    @Test func aVersion3ManifestReadsAsStandard() throws {
        let dir = MemoryDirectory()
        let out = try FileOutput(dir, name: "manifest-1", magic: Manifest.magic, version: 3)
        out.writeU64(1) // generation
        out.writeU64(0) // next segment
        out.writeVarint(2)
        for (name, flags) in [("path", UInt8(7)), ("body", UInt8(1))] {
            out.writeString(name)
            out.writeByte(flags)
            out.writeU32(Float(1).bitPattern)
        }
        out.writeVarint(0) // segments
        out.writeVarint(0) // user data
        _ = try out.finish()
        let m = try Manifest.read(dir.openFile("manifest-1"))
        #expect(m.schema.fields.map(\.name) == ["path", "body"])
        #expect(m.schema.fields.map(\.analyzer) == ["standard", "standard"])
        #expect(m.schema.fields[0].isPath && !m.schema.fields[1].stored)
    }

    @Test func anUnknownAnalyzerIsAnError() throws {
        let dir = MemoryDirectory()
        let bad = Schema([FieldSpec("body", analyzer: "klingon")])
        #expect(throws: LoupeError.invalidArgument("field 'body' names unknown analyzer 'klingon' (analyzers: simple, standard)")) {
            try IndexWriter(directory: dir, schema: bad)
        }
        #expect(try dir.list().isEmpty, "nothing is written")

        // An index written with a registered analyzer opens only with it.
        var registry = AnalyzerRegistry()
        registry.register("nostem") {
            try Analyzer(tokenizer: ICUTokenizer(), filters: [CaseFoldFilter(), TransliterateFilter(), LengthFilter()])
        }
        #expect(registry.names == ["nostem", "simple", "standard"])
        let w = try IndexWriter(directory: dir, schema: Schema([FieldSpec("body", analyzer: "nostem")]), analyzers: registry)
        var d = Document(["body": "Çavuşoğlu was running"])
        d.language = .english
        try w.add(d)
        try w.commit()
        #expect(throws: LoupeError.self) { try Searcher(directory: dir) }
        #expect(throws: LoupeError.self) { try SharedSearcher(directory: dir) }
        let s = try Searcher(directory: dir, analyzers: registry)
        #expect(try s.count("cavusoglu") == 1, "the custom chain transliterates")
        #expect(try s.count("run") == 0, "and does not stem")
        #expect(try SharedSearcher(directory: dir, analyzers: registry).count("running") == 1)
    }
}
