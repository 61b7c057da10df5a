import Foundation

/// How the query language writes values of keyword, number, date and bool fields, and what ranges
/// of them it accepts after `field:`:
///
/// ```
/// value   := "*"                                   -- the field has a value (exists)
///          | ("[" | "{") bound " TO " bound ("]" | "}")  -- [ ] inclusive, { } exclusive; bound "*" open
///          | (">" | ">=" | "<" | "<=") bound
///          | bound? ".." bound?                    -- inclusive at both ends
///          | bound                                 -- that value (a date: the whole day, month or year written)
///          | "<" keyword ">"                       -- a keyword field's value in angle brackets: that value
///                                                  -- (`message-id:<a1@example.org>`), not a range
/// int64   := -?digits ("." digits)? unit?          -- units K M G T (KB, KiB, …): powers of 1024 (`1.5MB`)
/// double  := a decimal or exponent number
/// date    := YYYY | YYYY-MM | YYYY-MM-DD | YYYY-MM-DD"T"HH:MM(:SS(.fff)?)? zone?   -- zone: Z or ±HH:MM;
///                                                  -- without one, the parser's time zone (UTC by default)
/// bool    := true | false
/// ```
/// A date written to the day stands for that whole day: `>2024-06-01` starts on June 2,
/// `<=2024-06` ends with June, `2024-01..2024-03` is January to March.
package enum ValueSyntax {
    /// What a written value stands for: from `lower` to `upper` (a point has `lower == upper`).
    struct Interval {
        var lower: FieldValue
        var upper: FieldValue
        var upperInclusive: Bool
    }

    /// The query `raw` (what follows `field:`) makes for field `spec`; a message when it is not
    /// a value of the field's type.
    static func query(_ raw: String, spec: FieldSpec, timeZone: TimeZone) throws -> Query {
        let field = spec.name
        if raw == "*" { return .exists(field) }
        if let first = raw.first, first == "[" || first == "{" {
            guard let last = raw.last, last == "]" || last == "}", raw.count >= 2 else { throw message("a range ends with ] or }") }
            let inner = raw.dropFirst().dropLast()
            let parts = inner.components(separatedBy: " TO ")
            guard parts.count == 2 else { throw message("a range is written [low TO high]") }
            let lo = parts[0].trimmingCharacters(in: .whitespaces), hi = parts[1].trimmingCharacters(in: .whitespaces)
            return try range(spec, lo == "*" ? nil : lo, first == "[", hi == "*" ? nil : hi, last == "]", timeZone)
        }
        if spec.type == .keyword, raw.count > 2, raw.hasPrefix("<"), raw.hasSuffix(">") {
            return .text(String(raw.dropFirst().dropLast()), field: field, match: .exact)
        }
        for (op, isLower, inclusive) in [(">=", true, true), ("<=", false, true), (">", true, false), ("<", false, false)] where raw.hasPrefix(op) {
            let v = String(raw.dropFirst(op.count))
            return isLower ? try range(spec, v, inclusive, nil, true, timeZone) : try range(spec, nil, true, v, inclusive, timeZone)
        }
        if spec.type != .keyword, let dots = raw.range(of: "..") {
            let lo = String(raw[..<dots.lowerBound]), hi = String(raw[dots.upperBound...])
            return try range(spec, lo.isEmpty ? nil : lo, true, hi.isEmpty ? nil : hi, true, timeZone)
        }
        if spec.type == .keyword {
            // `tag:sw*`: the values that start with `sw`.
            if raw.count > 1, raw.hasSuffix("*") { return .text(String(raw.dropLast()), field: field, match: .prefix) }
            return .text(raw, field: field, match: .exact)
        }
        return try range(spec, raw, true, raw, true, timeZone)
    }

    /// `Query.range` from written bounds (nil: open): a lower bound starts at its interval's start
    /// (inclusive) or after its end (exclusive), an upper one ends at its interval's end
    /// (inclusive) or before its start (exclusive).
    static func range(_ spec: FieldSpec, _ lo: String?, _ loInclusive: Bool, _ hi: String?, _ hiInclusive: Bool,
                      _ timeZone: TimeZone) throws -> Query {
        if spec.type == .keyword {
            let lower = lo.map { Query.RangeBound(.string($0), inclusive: loInclusive) }
            let upper = hi.map { Query.RangeBound(.string($0), inclusive: hiInclusive) }
            return .range(spec.name, lower: lower, upper: upper)
        }
        var lower: Query.RangeBound?, upper: Query.RangeBound?
        if let lo {
            let i = try interval(lo, type: spec.type, timeZone: timeZone)
            lower = loInclusive ? .init(i.lower) : .init(i.upper, inclusive: !i.upperInclusive)
        }
        if let hi {
            let i = try interval(hi, type: spec.type, timeZone: timeZone)
            upper = hiInclusive ? .init(i.upper, inclusive: i.upperInclusive) : .init(i.lower, inclusive: false)
        }
        return .range(spec.name, lower: lower, upper: upper)
    }

    /// The values `raw` stands for in a field of `type`.
    static func interval(_ raw: String, type: FieldType, timeZone: TimeZone) throws -> Interval {
        switch type {
        case .int64:
            guard let v = integer(raw) else { throw message("'\(raw)' is not an integer (units K, M, G, T are allowed: 10MB)") }
            return Interval(lower: .int(v), upper: .int(v), upperInclusive: true)
        case .double:
            guard let v = Double(raw), v.isFinite else { throw message("'\(raw)' is not a number") }
            return Interval(lower: .double(v), upper: .double(v), upperInclusive: true)
        case .bool:
            switch raw.lowercased() {
            case "true": return Interval(lower: .bool(true), upper: .bool(true), upperInclusive: true)
            case "false": return Interval(lower: .bool(false), upper: .bool(false), upperInclusive: true)
            default: throw message("'\(raw)' is not true or false")
            }
        case .date:
            guard let (start, end) = dateInterval(raw, timeZone: timeZone) else {
                throw message("'\(raw)' is not a date (2024, 2024-06, 2024-06-01, 2024-06-01T09:30:00Z)")
            }
            return end == start ? Interval(lower: .int(start), upper: .int(start), upperInclusive: true)
                : Interval(lower: .int(start), upper: .int(end), upperInclusive: false)
        case .text, .keyword:
            return Interval(lower: .string(raw), upper: .string(raw), upperInclusive: true)
        }
    }

    static func message(_ text: String) -> LoupeError { LoupeError.badQuery(message: text, column: 0) }

    /// An integer with an optional unit of powers of 1024.
    static func integer(_ raw: String) -> Int64? {
        if let v = Int64(raw) { return v }
        var s = raw.uppercased()
        for suffix in ["IB", "B"] where s.hasSuffix(suffix) && s.count > suffix.count {
            s.removeLast(suffix.count)
            break
        }
        guard let unit = s.last, let power = ["K": 1, "M": 2, "G": 3, "T": 4, "P": 5][unit] else { return nil }
        guard let n = Double(s.dropLast()), n.isFinite else { return nil }
        let v = (n * pow(1024, Double(power))).rounded()
        return abs(v) < 9.2e18 ? Int64(v) : nil
    }

    /// The milliseconds a written date starts at and the start of the next period at its
    /// precision (equal when it names an instant to the millisecond).
    package static func dateInterval(_ raw: String, timeZone: TimeZone) -> (Int64, Int64)? {
        let u = Array(raw.utf8)
        var i = 0
        func number(_ digits: Int) -> Int? {
            guard i + digits <= u.count else { return nil }
            var n = 0
            for j in i..<(i + digits) {
                guard u[j] >= 0x30, u[j] <= 0x39 else { return nil }
                n = n * 10 + Int(u[j] - 0x30)
            }
            i += digits
            return n
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < u.count, u[i] == c else { return false }
            i += 1
            return true
        }
        var c = DateComponents()
        var step = DateComponents()
        guard let year = number(4) else { return nil }
        c.year = year
        step.year = 1
        if expect(UInt8(ascii: "-")) {
            guard let m = number(2), (1...12).contains(m) else { return nil }
            c.month = m
            step = DateComponents(month: 1)
            if expect(UInt8(ascii: "-")) {
                guard let d = number(2), (1...31).contains(d) else { return nil }
                c.day = d
                step = DateComponents(day: 1)
                if expect(UInt8(ascii: "T")) || expect(UInt8(ascii: " ")) {
                    guard let h = number(2), h < 24, expect(UInt8(ascii: ":")), let mi = number(2), mi < 60 else { return nil }
                    c.hour = h
                    c.minute = mi
                    step = DateComponents(minute: 1)
                    if expect(UInt8(ascii: ":")) {
                        guard let sec = number(2), sec < 61 else { return nil }
                        c.second = sec
                        step = DateComponents(second: 1)
                        if expect(UInt8(ascii: ".")) {
                            let from = i
                            while i < u.count, u[i] >= 0x30, u[i] <= 0x39 { i += 1 }
                            guard i > from else { return nil }
                            let digits = Array(u[from..<min(i, from + 3)]) + [UInt8](repeating: 0x30, count: max(0, 3 - (i - from)))
                            c.nanosecond = (Int(String(decoding: digits, as: UTF8.self)) ?? 0) * 1_000_000
                            step = DateComponents(nanosecond: 1_000_000)
                        }
                    }
                }
            }
        }
        var zone = timeZone
        if i < u.count {
            if expect(UInt8(ascii: "Z")) {
                zone = TimeZone(identifier: "UTC")!
            } else if u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") {
                let sign = u[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard let h = number(2), h <= 14 else { return nil }
                _ = expect(UInt8(ascii: ":"))
                guard let m = number(2), m < 60, let z = TimeZone(secondsFromGMT: sign * (h * 3600 + m * 60)) else { return nil }
                zone = z
            }
        }
        guard i == u.count else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let start = calendar.date(from: c), calendar.component(.day, from: start) == (c.day ?? 1),
              let end = calendar.date(byAdding: step, to: start) else { return nil }
        let s = FieldValue.millis(start), e = FieldValue.millis(end)
        return (s, step.nanosecond != nil ? s : e)
    }
}
