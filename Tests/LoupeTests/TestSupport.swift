import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles
@_exported import LoupeTestSupport

/// The one helper every analysis test goes through: `text` must analyze to exactly `expected`, each
/// pair being (term, the original text the token covers). Positions must count 0, 1, 2, … and each
/// token's byte offsets must cut exactly that original text out of `text`.
func expectTokens(_ analyzer: Analyzer, _ text: String, _ expected: [(term: String, original: String)],
                  sourceLocation: SourceLocation = #_sourceLocation) {
    let tokens: [Token]
    do { tokens = try analyzer.tokens(text) } catch {
        Issue.record(error, sourceLocation: sourceLocation)
        return
    }
    #expect(tokens.map(\.term) == expected.map(\.term), "terms of \(text)", sourceLocation: sourceLocation)
    #expect(tokens.map(\.position) == Array(0..<tokens.count), "positions of \(text)", sourceLocation: sourceLocation)
    let bytes = Array(text.utf8)
    let cut = tokens.map { t -> String in
        guard t.startOffset >= 0, t.startOffset <= t.endOffset, t.endOffset <= bytes.count else { return "<bad offsets \(t)>" }
        return String(decoding: bytes[t.startOffset..<t.endOffset], as: UTF8.self)
    }
    #expect(cut == expected.map(\.original), "offsets of \(text)", sourceLocation: sourceLocation)
}

/// An index of `path` and an unstored `body` per document, each analyzed in its named language
/// (an ISO 639-1 code), committed and opened.
func buildLanguageIndex(_ docs: [(path: String, body: String, language: String)], in dir: any Directory) throws -> Searcher {
    let writer = try IndexWriter(directory: dir, schema: Schema([FieldSpec("path", isPath: true), FieldSpec("body", stored: false)]))
    for d in docs {
        var doc = Document(["path": d.path, "body": d.body])
        doc.language = Language(code: d.language)
        try writer.add(doc)
    }
    try writer.commit()
    return try Searcher(directory: dir)
}

/// Builds an index in `dir` from (path, title, body) triples with the files schema.
func buildIndex(_ docs: [(path: String, title: String, body: String)], in dir: any Directory) throws -> Searcher {
    let writer = try IndexWriter(directory: dir, schema: .files)
    for d in docs { try writer.add(["path": d.path, "title": d.title, "body": d.body]) }
    try writer.commit()
    return try Searcher(directory: dir)
}

/// `buildIndex(_:in:)` on disk, in the folder `index` of `dir` (for tests of the files themselves).
func buildIndex(_ docs: [(path: String, title: String, body: String)], in dir: TempDir) throws -> Searcher {
    try buildIndex(docs, in: FileSystemDirectory(path: dir.path + "/index"))
}

/// An indexer of `dir/src` into `dir/idx` that trusts every mtime and ctime, however recent: the
/// incremental tests write files and run at once (`racyFilesAreReadAgainByTheNextRun` tests the
/// margin itself).
func trustingIndexer(_ dir: TempDir, full: Bool = false) -> DirectoryIndexer {
    var ix = DirectoryIndexer(source: dir.path + "/src", indexPath: dir.path + "/idx")
    ix.full = full
    ix.trustMargin = -3600
    return ix
}

/// Compares a fast word breaker with ICU's on real files: every file of `paths` (under `root`) that
/// `take` accepts, whose words `both` gives as ICU's and the fast breaker's (nil: it declined the
/// text). Stops at the first file that differs. Returns how many files agreed, their words, and how
/// many texts the fast breaker declined.
func compareBreakerWithICU(root: String, paths: [String], take: (Data) -> Bool,
                           _ both: (String) throws -> (icu: [Range<Int>], fast: [Range<Int>]?)) throws -> (files: Int, words: Int, declined: Int) {
    var files = 0, words = 0, declined = 0
    for f in paths {
        guard let data = FileManager.default.contents(atPath: root + "/" + f), take(data) else { continue }
        let (icu, fast) = try both(String(decoding: data, as: UTF8.self))
        guard let fast else { declined += 1; continue }
        #expect(icu == fast, "\(f)")
        if icu != fast { break }
        files += 1
        words += icu.count
    }
    return (files, words, declined)
}

/// The files under `root`, relative to it.
func filesUnder(_ root: String) -> [String] {
    var paths: [String] = []
    let e = FileManager.default.enumerator(atPath: root)
    while let f = e?.nextObject() as? String { paths.append(f) }
    return paths
}
