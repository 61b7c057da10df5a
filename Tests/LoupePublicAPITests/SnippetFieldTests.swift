import Loupe
import Testing

/// Where a hit's snippet comes from when the search names no field: an app's own schema, with no
/// field called `body`.
@Suite struct SnippetFieldTests {
    static let schema = Schema([.keyword("id"), .text("content"), .text("summary"), .text("hidden", stored: false)])

    static func searcher() throws -> Searcher {
        let memory = MemoryDirectory()
        let w = try IndexWriter(directory: memory, schema: schema)
        try w.add(["id": "a", "summary": "Tides of the harbour",
                   "content": "The lighthouse keeper logged every storm that reached the northern cape, year after year, in a brown notebook."])
        try w.add(["id": "b", "summary": "A notebook of storms",
                   "content": "Fishing boats leave before dawn and come back when the bell of the old chapel rings noon.",
                   "hidden": "quartz"])
        try w.commit()
        return try Searcher(directory: memory)
    }

    static func snippet(_ s: Searcher, _ query: String) throws -> (id: String?, text: String, highlighted: [String]) {
        let hit = try #require(try s.search(query, options: SearchOptions(limit: 1, snippets: 1)).hits.first)
        let snippet = try #require(hit.snippets.first)
        // The highlighted words, read back from the marked text.
        let marked = snippet.marked(open: "[", close: "]")
        let words = marked.split(separator: "[", omittingEmptySubsequences: false).dropFirst().compactMap { $0.split(separator: "]", omittingEmptySubsequences: false).first.map(String.init) }
        return (hit.fields["id"], snippet.text, words)
    }

    /// The longer field is cut first; the shorter one gives the snippet when only it holds the word;
    /// a hit matched in neither shows the start of the longer one, not of the shorter.
    @Test func theLongestStoredTextFieldHoldingTheWordGivesTheSnippet() throws {
        let s = try Self.searcher()
        let lighthouse = try Self.snippet(s, "lighthouse")
        #expect(lighthouse.id == "a" && lighthouse.highlighted == ["lighthouse"] && lighthouse.text.hasPrefix("The lighthouse keeper"))

        let tides = try Self.snippet(s, "tides")
        #expect(tides.id == "a" && tides.highlighted == ["Tides"] && tides.text == "Tides of the harbour")

        let quartz = try Self.snippet(s, "quartz")
        #expect(quartz.id == "b" && quartz.highlighted.isEmpty && quartz.text.hasPrefix("Fishing boats"))
    }
}
