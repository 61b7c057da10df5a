import Foundation
import Loupe
import LoupeTestSupport
import Testing

/// Automatic range facets over seeded random records, each checked against the buckets computed
/// by brute force (decades by string length, dates by Foundation's Gregorian calendar in UTC).
@Suite struct AutomaticFacetsTests {
    struct Row {
        var count: Int64
        var ratio: Double
        var when: Int64 // ms since 1970
        var flag: Bool
        var word: String
    }

    static let schema = Schema([
        .text("body"),
        .value("count", .int64),
        .value("ratio", .double),
        .value("when", .date),
        .value("flag", .bool),
    ])

    static func rows(_ n: Int, seed: UInt64, hours: Int) -> [Row] {
        var rng = SplitMix64(seed: seed)
        // 1969-06-01 onwards (dates before 1970 too), spread over `hours`.
        let start: Int64 = -18_489_600_000
        return (0..<n).map { _ in
            let magnitude = [0, 7, 42, 999, 1_000, 65_536, 3_000_000_000][rng.below(7)] + Int64(rng.below(3))
            return Row(count: rng.below(4) == 0 ? -magnitude : magnitude,
                       ratio: [0, 0.004, 0.5, 1, 9.99, 12.5, 1e6, -3.2][rng.below(8)],
                       when: start + Int64(rng.below(hours)) * 3_600_000,
                       flag: rng.below(3) == 0,
                       word: rng.below(2) == 0 ? "alpha" : "beta")
        }
    }

    func index(_ rows: [Row], in dir: TempDir) throws -> Searcher {
        let w = try IndexWriter(path: dir.path, schema: Self.schema)
        for (i, r) in rows.enumerated() {
            var d = Document()
            d[values: "body"] = [.string(r.word)]
            d[values: "count"] = [.int(r.count)]
            d[values: "ratio"] = [.double(r.ratio)]
            d[values: "when"] = [.date(Date(timeIntervalSince1970: Double(r.when) / 1000))]
            d[values: "flag"] = [.bool(r.flag)]
            try w.add(d)
            if i % 97 == 96 { try w.flush() } // several segments
        }
        try w.commit()
        return try Searcher(path: dir.path)
    }

    /// The decade label of an integer, from its decimal text.
    static func decade(_ v: Int64) -> String {
        guard v != 0 else { return "0" }
        let n = String(v.magnitude).count
        let low = "1" + String(repeating: "0", count: n - 1), high = String(repeating: "9", count: n)
        return v > 0 ? "\(low)–\(high)" : "-\(high)–-\(low)"
    }

    static func counted<K: Hashable>(_ keys: [K]) -> [K: Int] { Dictionary(keys.map { ($0, 1) }, uniquingKeysWith: +) }

    /// Five years (by year), then 150 days of 1969 (by month).
    @Test(arguments: [(UInt64(7), 5 * 365 * 24), (UInt64(8), 150 * 24)])
    func bucketsAreTheBruteForceOnes(seed: UInt64, hours: Int) throws {
        let dir = TempDir()
        let rows = Self.rows(400, seed: seed, hours: hours)
        let s = try index(rows, in: dir)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for word in ["alpha", "*"] {
            let matched = rows.filter { word == "*" || $0.word == word }
            var options = SearchOptions(limit: 0)
            options.facets = [.automatic("count"), .automatic("when"), .automatic("flag"), .automatic("ratio")]
            let r = try s.search(word, options: options)
            #expect(r.totalHits == matched.count)
            let byField = Dictionary(uniqueKeysWithValues: r.facets.map { ($0.field, $0) })

            // Integers: by decade, in ascending order of value.
            let counts = try #require(byField["count"])
            #expect(Dictionary(uniqueKeysWithValues: counts.buckets.map { ($0.value, $0.count) }) == Self.counted(matched.map { Self.decade($0.count) }))
            let lows = counts.buckets.map { b in matched.filter { Self.decade($0.count) == b.value }.map(\.count).min()! }
            #expect(lows == lows.sorted(), "ascending: \(counts.buckets.map(\.value))")

            // Dates: by year, or by month when all fall in one year.
            let dates = matched.map { calendar.dateComponents([.year, .month], from: Date(timeIntervalSince1970: Double($0.when) / 1000)) }
            let expected: [String: Int]
            if Set(dates.map(\.year!)).count > 1 {
                expected = Self.counted(dates.map { String($0.year!) })
            } else {
                expected = Self.counted(dates.map { String(format: "%04d-%02d", $0.year!, $0.month!) })
            }
            let when = try #require(byField["when"])
            #expect(Dictionary(uniqueKeysWithValues: when.buckets.map { ($0.value, $0.count) }) == expected)
            #expect(when.buckets.map(\.value) == when.buckets.map(\.value).sorted())

            let flag = try #require(byField["flag"])
            #expect(Dictionary(uniqueKeysWithValues: flag.buckets.map { ($0.value, $0.count) })
                    == Self.counted(matched.map { $0.flag ? "true" : "false" }))

            // Doubles: the bucket of each value holds it, and the counts add up.
            let ratio = try #require(byField["ratio"])
            #expect(ratio.buckets.reduce(0) { $0 + $1.count } == matched.count)
            for v in Set(matched.map(\.ratio)) {
                let n = matched.filter { $0.ratio == v }.count
                let label = v == 0 ? "0" : ratio.buckets.first { b in
                    let parts = b.value.dropFirst().dropLast().split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
                    return parts.count == 2 && (v > 0 ? (v >= parts[0] && v < parts[1]) : (v > parts[0] && v <= parts[1]))
                }?.value
                #expect(label != nil, "a bucket holds \(v): \(ratio.buckets.map(\.value))")
                if let label { #expect(ratio.buckets.first { $0.value == label }!.count >= n) }
            }
        }
    }

    @Test func aTextFieldHasNoAutomaticRanges() throws {
        let dir = TempDir()
        let s = try index(Self.rows(5, seed: 1, hours: 24), in: dir)
        var options = SearchOptions(limit: 5)
        options.facets = [.automatic("body")]
        #expect(throws: LoupeError.self) { try s.search("alpha", options: options) }
    }
}
