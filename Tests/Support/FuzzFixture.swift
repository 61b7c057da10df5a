import Foundation
import Loupe
@_spi(Benchmarks) import LoupeCore
@_spi(Benchmarks) import LoupeFiles

/// The small sound index every fuzz target of `Benchmarks/Fuzz` (where this file is linked into the
/// harness) and the fuzz regression tests start from, and what both do with a damaged copy of it:
/// one definition, so a crasher found by the fuzzer reproduces in the suite. Public API only, and
/// the statistics `loupe stats` reads (an SPI).
public enum FuzzFixture {
    /// The queries run on a damaged index: words, Boolean operators, a phrase, a prefix, a fuzzy
    /// word, fields, typed filters.
    public static let queries = ["common", "common OR rare", "common AND word5", "\"quick brown\"", "com*", "comon~1",
                                 "title:alpha", "cafe", "café OR naïve", "+common -word3", "path:f12",
                                 "common ext:txt", "size:[10 TO 200]", "* modified:>=2020-01-01", "* folder:sub -ext:*"]

    /// Writes the source folder `source` and indexes it into `index` twice (a file deleted and five
    /// added between the runs): two segments, the first with a deletions file and a full postings
    /// block, a source catalog, folded terms, a stored title. One thread, so doc ids follow the walk
    /// and every process builds the same index.
    public static func buildIndex(source src: String, index: String) throws {
        try FileManager.default.createDirectory(atPath: src + "/sub", withIntermediateDirectories: true)
        for i in 0..<140 {
            let text = "common word\(i % 7) word\(i % 7) \(i % 11 == 0 ? "rare" : "") the quick brown fox \(i % 5 == 0 ? "café naïve Straße" : "")"
            try text.write(toFile: src + (i % 3 == 0 ? "/sub" : "") + "/f\(i).txt", atomically: false, encoding: .utf8)
        }
        try "<html><head><title>Alpha page</title></head><body>common alpha</body></html>"
            .write(toFile: src + "/a.html", atomically: false, encoding: .utf8)
        try Data([0, 1, 2, 3]).write(to: URL(fileURLWithPath: src + "/blob.bin"))
        var ix = DirectoryIndexer(source: src, indexPath: index)
        ix.onWarning = { _ in }
        ix.threads = 1
        _ = try ix.run()
        try FileManager.default.removeItem(atPath: src + "/f4.txt")
        for i in 0..<5 { try "common late\(i) quick brown".write(toFile: src + "/g\(i).txt", atomically: false, encoding: .utf8) }
        _ = try ix.run()
    }

    /// What a fuzz target does with a damaged index: every reader, the queries (sorted and faceted
    /// too), the checks plain and deep, the catalog, the statistics, a re-run of the indexer over
    /// `source` (when given) and a merge. Each may throw; none may trap.
    public static func exercise(_ index: String, source: String?, merge: Bool = true) {
        if let reader = try? IndexReader(path: index) {
            if let searcher = try? Searcher(reader: reader) {
                for q in queries { _ = try? searcher.search(q, options: SearchOptions(limit: 5)) }
                var sorted = SearchOptions(limit: 5)
                sorted.sort = [.field("modified", descending: true), .field("ext")]
                sorted.facets = [.terms("ext"), .terms("folder"), .ranges("size", [FacetRange("small", to: 100)])]
                _ = try? searcher.search("common", options: sorted)
                // Ranges read the packed columns a document at a time and (counted) all at once.
                sorted.sort = [.field("size")]
                _ = try? searcher.search("common size:[10 TO 200]", options: sorted)
                _ = try? searcher.count("size:<100")
            }
            _ = try? reader.verifyChecksums()
            _ = try? reader.verifyDeep()
            _ = try? IndexStatistics(path: index)
        }
        if let source {
            var ix = DirectoryIndexer(source: source, indexPath: index)
            ix.onWarning = { _ in }
            ix.threads = 1
            _ = try? ix.run()
        }
        if merge, let writer = try? IndexWriter(path: index, schema: .files) { _ = try? writer.forceMerge() }
    }
}
