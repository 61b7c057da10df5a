import Foundation
import LoupeTestSupport
import Testing
@testable import LoupeCore

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
}
