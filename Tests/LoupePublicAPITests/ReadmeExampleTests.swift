import Foundation
import Loupe
import LoupeTestSupport
import Testing

/// The README's library example, compiled and run as a test. `readmeMatchesThisFile` keeps the two
/// identical: edit the example here and paste it into README.md.
func readmeExample(indexPath: String) throws -> [String] {
    var printed: [String] = []
    func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }
    // README example begins
    let schema = Schema([.keyword("path"), .text("title", boost: 2), .text("body")])
    let writer = try IndexWriter(path: indexPath, schema: schema)
    try writer.add(["path": "notes/moscow.txt", "title": "Moscow", "body": "Москва — столица России."])
    try writer.add(["path": "notes/ankara.txt", "title": "Ankara", "body": "Mevlüt Çavuşoğlu spoke in Ankara."])
    try writer.commit()

    let searcher = try Searcher(path: indexPath)
    let results = try searcher.search("moskva OR cavusoglu", options: SearchOptions(limit: 10, snippets: 1))
    for hit in results.hits {
        print(hit.score, hit[field: "path"] ?? "", hit[field: "title"] ?? "")
        if let passage = hit.snippets.first { print("   ", passage.marked(open: "[", close: "]")) }
    }
    // README example ends
    return printed
}

@Suite struct ReadmeExampleTests {
    @Test func exampleRunsAndFindsBoth() throws {
        let dir = TempDir()
        let lines = try readmeExample(indexPath: dir.path + "/idx")
        #expect(lines.count == 4)
        #expect(lines.contains { $0.contains("notes/moscow.txt") })
        #expect(lines.contains { $0.contains("[Москва]") })
        #expect(lines.contains { $0.contains("[Çavuşoğlu]") })
    }

    @Test func readmeMatchesThisFile() throws {
        // The first folder up from this file that holds the README (the check package of
        // scripts/check-public-api.sh links this file from a folder inside the repository).
        var root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: root.appendingPathComponent("README.md").path) {
            let up = root.deletingLastPathComponent()
            try #require(up.path != root.path, "no README.md above \(#filePath)")
            root = up
        }
        let me = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(me.range(of: "// README example begins\n"))
        let end = try #require(me.range(of: "    // README example ends"))
        let body = me[begin.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("    ") ? String($0.dropFirst(4)) : String($0) }.joined(separator: "\n")
        #expect(readme.contains("import Loupe\n\n" + body), "README.md's library example must be the code of readmeExample()")
    }
}
