import Foundation

/// What kind of values a field holds, which decides how they are indexed, stored, kept in columns and
/// queried.
public enum FieldType: Sendable, CaseIterable {
    /// Prose, analyzed into words by the field's analyzer.
    case text
    /// An exact value (a tag, an id, an author): one term per value, not analyzed; matched whole,
    /// case folded unless the field keeps case (`FieldSpec.caseSensitive`).
    case keyword
    /// A signed 64-bit integer.
    case int64
    /// A 64-bit floating-point number.
    case double
    /// An instant (milliseconds since 1970-01-01 UTC); given as a `Date`, or in the query language as
    /// ISO 8601 with an optional time zone (`2024-06-01`, `2024-06-01T09:30:00+02:00`).
    case date
    /// True or false.
    case bool

    /// The type's byte in the manifest and the columns file.
    package var code: UInt8 {
        switch self {
        case .text: return 0
        case .keyword: return 1
        case .int64: return 2
        case .double: return 3
        case .date: return 4
        case .bool: return 5
        }
    }

    /// The type of byte `code`, nil for a byte no type has.
    package init?(code: UInt8) {
        guard let t = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = t
    }

    /// Numbers, dates and booleans: kept in a column as ordered 64-bit keys.
    package var isNumeric: Bool { self == .int64 || self == .double || self == .date || self == .bool }
}

/// One value of a document's field.
public enum FieldValue: Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, CustomStringConvertible {
    /// Text of a `text` or `keyword` field.
    case string(String)
    /// A value of an `int64` field (also accepted by `double` fields).
    case int(Int64)
    /// A value of a `double` field.
    case double(Double)
    /// A value of a `date` field: an instant.
    case date(Date)
    /// A value of a `bool` field.
    case bool(Bool)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }

    /// The value as stored and shown: the text; an integer in decimal; a double as Swift prints it;
    /// a date in ISO 8601 UTC with milliseconds (`2024-06-01T09:30:00.000Z`); `true` / `false`.
    public var description: String {
        switch self {
        case let .string(s): return s
        case let .int(i): return String(i)
        case let .double(d): return String(d)
        case let .date(d): return FieldValue.formatDate(millis: FieldValue.millis(d))
        case let .bool(b): return b ? "true" : "false"
        }
    }

    /// The text of a string value, nil for the other kinds.
    package var string: String? { if case let .string(s) = self { return s } else { return nil } }

    /// Milliseconds since 1970 of `date`, rounded down (dates before 1970 too).
    static func millis(_ date: Date) -> Int64 {
        let ms = (date.timeIntervalSince1970 * 1000).rounded(.down)
        return ms.isFinite ? Int64(max(-9.2e18, min(9.2e18, ms))) : 0
    }

    /// `millis` as ISO 8601 UTC with milliseconds. Years 1583 to 9999 by arithmetic on the
    /// Gregorian calendar (every stored date goes through here: a formatter per value cost more
    /// than the rest of a document's fields); others by Foundation's formatter, which counts days
    /// before October 1582 in the Julian calendar.
    package static func formatDate(millis: Int64) -> String {
        let (date, inDay) = CivilDate.of(millis: millis)
        let (year, month, day) = (date.year, date.month, date.day)
        if year >= 1583 && year <= 9999 {
            var out = [UInt8]()
            out.reserveCapacity(24)
            func digits(_ v: Int64, _ width: Int) {
                var d = Int64(1)
                for _ in 1..<width { d *= 10 }
                while d > 0 { out.append(UInt8(ascii: "0") + UInt8(v / d % 10)); d /= 10 }
            }
            digits(year, 4); out.append(UInt8(ascii: "-")); digits(month, 2); out.append(UInt8(ascii: "-")); digits(day, 2)
            out.append(UInt8(ascii: "T")); digits(inDay / 3_600_000, 2); out.append(UInt8(ascii: ":"))
            digits(inDay / 60_000 % 60, 2); out.append(UInt8(ascii: ":")); digits(inDay / 1000 % 60, 2)
            out.append(UInt8(ascii: ".")); digits(inDay % 1000, 3); out.append(UInt8(ascii: "Z"))
            return String(decoding: out, as: UTF8.self)
        }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    /// The instant `formatDate` writes for years 1583 to 9999 (`2024-02-29T09:30:00.123Z`, the
    /// fraction optional), read back by arithmetic; nil for any other text.
    package static func millis(parsingDate text: String) -> Int64? {
        var u = Array(text.utf8)
        if u.count == 20 { u.insert(contentsOf: Array(".000".utf8), at: 19) } // no fraction
        guard u.count == 24, u[4] == 0x2D, u[7] == 0x2D, u[10] == 0x54, u[13] == 0x3A, u[16] == 0x3A,
              u[19] == 0x2E, u[23] == 0x5A else { return nil }
        func number(_ from: Int, _ count: Int) -> Int64? {
            var n: Int64 = 0
            for b in u[from..<(from + count)] {
                guard b >= 0x30, b <= 0x39 else { return nil }
                n = n * 10 + Int64(b - 0x30)
            }
            return n
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
              let minute = number(14, 2), let second = number(17, 2), let ms = number(20, 3),
              (1583...9999).contains(year), (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        let date = CivilDate(year: year, month: month, day: day)
        guard CivilDate(daysSince1970: date.daysSince1970) == date else { return nil } // 2023-02-30
        return date.daysSince1970 * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + ms
    }

    /// The value's 64-bit column key for a field of `type`, whose order is the values' order
    /// (a double's bits flipped so that negative numbers sort first); nil when the value does not fit
    /// the type.
    func columnKey(for type: FieldType) -> Int64? {
        switch (type, self) {
        case let (.int64, .int(i)): return i
        case let (.double, .double(d)): return d.isNaN ? nil : Self.key(ofDouble: d)
        case let (.double, .int(i)): return Self.key(ofDouble: Double(i))
        case let (.date, .date(d)): return Self.millis(d)
        case let (.date, .int(ms)): return ms
        case let (.bool, .bool(b)): return b ? 1 : 0
        default: return nil
        }
    }

    /// The ordered key of `d`: the bits of a positive double as they are, a negative one's flipped.
    static func key(ofDouble d: Double) -> Int64 {
        let bits = Int64(bitPattern: (d == 0 ? 0.0 : d).bitPattern) // -0 is 0
        return bits < 0 ? bits ^ Int64.max : bits
    }

    /// The double whose key is `k`.
    static func double(ofKey k: Int64) -> Double {
        Double(bitPattern: UInt64(bitPattern: k < 0 ? k ^ Int64.max : k))
    }

    /// The value of a field of `type` whose column key is `key`.
    static func fromKey(_ key: Int64, type: FieldType) -> FieldValue {
        switch type {
        case .double: return .double(double(ofKey: key))
        case .date: return .date(Date(timeIntervalSince1970: Double(key) / 1000))
        case .bool: return .bool(key != 0)
        default: return .int(key)
        }
    }
}
