import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// Inputs at the edges of the query language and of the search options: each gets a clear error,
/// never a crash or an infinite score.
@Suite struct QueryLimitsTests {
    func column(_ s: Searcher, _ q: String) -> Int? {
        do { _ = try s.search(q); return nil } catch let LoupeError.badQuery(_, col) { return col } catch { return -1 }
    }

    /// 16,000 nested parentheses overflowed the stack (SIGSEGV); the test runs off the main thread,
    /// where ~1,400 levels did.
    @Test func deepNestingIsAnErrorAtItsColumn() throws {
        let dir = MemoryDirectory()
        let s = try buildIndex([("1", "", "a b")], in: dir)
        let n = 16_000
        let limit = QueryParser.maxDepth
        #expect(column(s, String(repeating: "(", count: n) + "a" + String(repeating: ")", count: n)) == limit + 1)
        // `-(-(…`: every '-' and every '(' opens a level.
        #expect(column(s, String(repeating: "-(", count: n) + "a" + String(repeating: ")", count: n)) == limit + 1)
        #expect(column(s, "a " + String(repeating: "+ ", count: n) + "b") == 2 * limit + 3)
        // Up to the limit, nesting works.
        let ok = String(repeating: "(", count: limit - 1) + "a" + String(repeating: ")", count: limit - 1)
        #expect(try s.search(ok).totalHits == 1)
    }

    /// `beta +-alpha` meant `beta +alpha` (273 hits where `beta -alpha` had 15): a word both required
    /// and excluded is an error at the second operator, as in Lucene's parser; `(-alpha)` matched
    /// nothing silently where `-alpha` alone is an error: a group of excluded words alone is one too.
    @Test func contradictoryAndExcludedOnlyGroupsAreErrors() throws {
        let dir = MemoryDirectory()
        let s = try buildIndex([("1", "", "alpha beta"), ("2", "", "beta")], in: dir)
        #expect(column(s, "beta +-alpha") == 7)
        #expect(column(s, "beta -+alpha") == 7)
        #expect(column(s, "beta + NOT alpha") == 8)
        #expect(column(s, "(-alpha)") == 1)
        #expect(column(s, "beta (-alpha)") == 6)
        #expect(try s.search("beta -alpha").totalHits == 1)
        #expect(try s.search("++alpha").totalHits == 1, "a repeated sign is harmless")
        #expect(try s.search("(beta -alpha)").totalHits == 1)
    }

    /// A built query deeper than binding allows is refused; one within it runs.
    @Test func deepBuiltQueriesAreRefused() throws {
        let dir = MemoryDirectory()
        let s = try buildIndex([("1", "", "a b")], in: dir)
        func nested(_ levels: Int) -> Query {
            var q = Query.term("a")
            for _ in 1..<levels { q = .boolean([Query.Clause(.must, q)]) }
            return q
        }
        #expect(nested(1000).depth == 1000)
        #expect(throws: LoupeError.self) { try s.search(nested(1000)) }
        #expect(try s.search(nested(Query.maxDepth)).totalHits == 1)
        // Query objects nested past the limit too.
        var node: any QueryNode = MatchAllQuery()
        for _ in 0..<1000 { node = BooleanQuery([(.must, node)]) }
        #expect(throws: LoupeError.self) { try s.search(node, options: SearchOptions()) }
    }

    /// `offset + limit` near `Int.max` overflowed (signal 4).
    @Test func offsetAndLimitNearIntMaxAreAnError() throws {
        let dir = MemoryDirectory()
        let s = try buildIndex([("1", "", "a b")], in: dir)
        #expect(throws: LoupeError.self) { try s.search("a", limit: 10, offset: Int.max - 1) }
        #expect(throws: LoupeError.self) { try s.search("a", limit: Int.max, offset: 1) }
        #expect(throws: LoupeError.self) { try s.search("a", limit: -1, offset: 0) }
        // Large but representable: the page is simply empty or whole.
        #expect(try s.search("a", limit: Int.max, offset: 0).hits.count == 1)
        #expect(try s.search("a", limit: 1, offset: Int.max - 1).hits.isEmpty)
    }

    /// `word^3e38` made every score infinite (and the CLI's JSON failed on it).
    @Test func hugeBoostsAreAnErrorAtTheirColumn() throws {
        let dir = MemoryDirectory()
        let s = try buildIndex([("1", "", "word other")], in: dir)
        #expect(column(s, "word^3e38") == 6)
        #expect(column(s, "word^inf") == 5)
        // Nested boosts multiply: each within the limit, together beyond it.
        #expect(column(s, "((word^100)^100)^100") == 18)
        #expect(throws: LoupeError.self) { try s.search(Query.boosted(.boosted(.term("word"), 1e10), 1e10)) }
        #expect(throws: LoupeError.self) { try s.search(Query.boosted(.term("word"), .nan)) }
        let r = try s.search("word^10000 other")
        #expect(r.hits.allSatisfy { $0.score.isFinite })
    }
}
