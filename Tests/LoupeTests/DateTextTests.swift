import Foundation
import LoupeTestSupport
import Testing
@_spi(Benchmarks) @testable import LoupeCore

/// A date value's text (stored and shown) is computed without a formatter for years 1583 to 9999:
/// it must be what Foundation's ISO 8601 formatter writes, for any instant (the Julian calendar
/// before 1582 included).
@Suite struct DateTextTests {
    static func foundation(_ millis: Int64) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    @Test func sameTextAsFoundation() {
        let first: Int64 = -62_135_596_800_000 // 0001-01-01T00:00:00.000Z
        let last: Int64 = 253_402_300_799_999 // 9999-12-31T23:59:59.999Z
        var instants: [Int64] = [0, -1, 1, 86_399_999, 86_400_000, -86_400_000, first, last,
                                 951_782_400_000, 951_868_799_999, 4_107_542_400_000, // 2000-02-29, 2100-03-01
                                 1_709_164_800_123, -2_208_988_800_000,             // 2024-02-29, 1900-01-01
                                 -12_219_292_800_000, -12_219_292_800_001,          // 1582-10-15 and the instant before
                                 -12_212_553_600_000, -12_212_553_600_001]          // 1583-01-01 and the instant before
        var rng = SplitMix64(seed: 7)
        for _ in 0..<3000 { instants.append(first + Int64(rng.next() % UInt64(last - first))) }
        for _ in 0..<1000 { instants.append(1_500_000_000_000 + Int64(rng.below(400_000_000_000))) }
        for ms in instants {
            #expect(FieldValue.formatDate(millis: ms) == Self.foundation(ms), "\(ms)")
        }
        #expect(FieldValue.formatDate(millis: 0) == "1970-01-01T00:00:00.000Z")
        #expect(FieldValue.formatDate(millis: -1) == "1969-12-31T23:59:59.999Z")
        #expect(FieldValue.formatDate(millis: 1_709_164_800_123) == "2024-02-29T00:00:00.123Z")
    }

    /// What `formatDate` writes reads back to the same instant (a message's date crosses the helper
    /// process as this text); other text is not taken for it.
    @Test func theTextReadsBackToTheSameInstant() {
        let from: Int64 = -12_212_553_600_000 // 1583-01-01
        let to: Int64 = 253_402_300_799_999   // 9999-12-31T23:59:59.999Z
        var rng = SplitMix64(seed: 11)
        var instants: [Int64] = [from, to, 0, -1, 951_782_400_000, 1_709_164_800_123]
        for _ in 0..<3000 { instants.append(from + Int64(rng.next() % UInt64(to - from))) }
        for ms in instants {
            #expect(FieldValue.millis(parsingDate: FieldValue.formatDate(millis: ms)) == ms, "\(ms)")
        }
        #expect(FieldValue.millis(parsingDate: "2024-02-29T09:30:00Z") == 1_709_199_000_000)
        for text in ["2023-02-29T00:00:00.000Z", "2024-13-01T00:00:00.000Z", "2024-01-01T24:00:00.000Z",
                     "2024-01-01T00:00:00.000+01:00", "1582-12-31T00:00:00.000Z", "2024-01-01", "x024-01-01T00:00:00.000Z"] {
            #expect(FieldValue.millis(parsingDate: text) == nil, "\(text)")
        }
    }
}
