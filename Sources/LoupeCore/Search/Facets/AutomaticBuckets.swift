import Glibc

/// The buckets of an automatic range facet (`FacetRequest.automatic`), chosen from the values
/// matched rather than given: numbers by decade of their magnitude (`0`, `1–9`, `10–99`, …, and
/// the same below zero), dates by year (by month when every match falls in one year), booleans by
/// value. Each match's value maps to a small integer bucket while collecting; the labels are made
/// once, at the end.
struct AutomaticBuckets {
    let type: FieldType
    /// Matches per bucket id.
    private(set) var counts: [Int64: Int] = [:]

    init(type: FieldType) { self.type = type }

    /// Counts a match whose value has column key `key`.
    mutating func add(key: Int64) {
        counts[Self.bucket(key: key, type: type), default: 0] += 1
    }

    /// The bucket of a column key: a signed decade for numbers, a month (year · 12 + month − 1) for
    /// dates, the key itself for booleans.
    static func bucket(key: Int64, type: FieldType) -> Int64 {
        switch type {
        case .int64:
            return decade(magnitude: key.magnitude, negative: key < 0)
        case .double:
            // The decade's exponent, shifted positive (10⁻³²⁴ … 10³⁰⁸ → 76 … 708; infinity 1000),
            // negated below zero: bucket order is value order.
            let d = FieldValue.double(ofKey: key)
            guard d != 0 else { return 0 }
            let index: Int64 = d.isFinite ? Int64(floor(log10(abs(d)))) + 400 : 1_000
            return d < 0 ? -index : index
        case .date:
            let d = CivilDate.of(millis: key).date
            return d.year * 12 + (d.month - 1)
        default:
            return key
        }
    }

    /// 0 for 0; else 1 + the number of decimal digits after the first, negated below zero.
    private static func decade(magnitude: UInt64, negative: Bool) -> Int64 {
        guard magnitude > 0 else { return 0 }
        var digits: Int64 = 0
        var m = magnitude
        while m > 0 { m /= 10; digits += 1 }
        return negative ? -digits : digits
    }

    /// The buckets in ascending order of their values, labelled.
    func results() -> [(value: String, count: Int)] {
        switch type {
        case .date:
            let years = Set(counts.keys.map { floorDiv($0, 12) })
            if years.count > 1 {
                var byYear: [Int64: Int] = [:]
                for (k, n) in counts { byYear[floorDiv(k, 12), default: 0] += n }
                return byYear.sorted { $0.key < $1.key }.map { (String($0.key), $0.value) }
            }
            return counts.sorted { $0.key < $1.key }.map { k, n in
                let m = k - floorDiv(k, 12) * 12 + 1
                return ("\(floorDiv(k, 12))-\(m < 10 ? "0" : "")\(m)", n)
            }
        case .bool:
            return counts.sorted { $0.key < $1.key }.map { ($0.key == 0 ? "false" : "true", $0.value) }
        case .double:
            return counts.sorted { $0.key < $1.key }.map { (Self.doubleLabel($0.key), $0.value) }
        default:
            return counts.sorted { $0.key < $1.key }.map { (Self.integerLabel($0.key), $0.value) }
        }
    }

    /// `10–99` for bucket 2, `-99–-10` for −2, `0` for 0.
    static func integerLabel(_ b: Int64) -> String {
        guard b != 0 else { return "0" }
        let digits = Int(b.magnitude)
        let low = "1" + String(repeating: "0", count: digits - 1), high = String(repeating: "9", count: digits)
        return b > 0 ? "\(low)–\(high)" : "-\(high)–-\(low)"
    }

    /// `[10, 100)` for the decade of 10 to 99.99…, `(-100, -10]` below zero; `0` for 0.
    static func doubleLabel(_ b: Int64) -> String {
        guard b != 0 else { return "0" }
        guard b.magnitude < 1_000 else { return b > 0 ? "∞" : "-∞" }
        let low = pow(10, Double(Int64(b.magnitude) - 400))
        func text(_ d: Double) -> String { d >= 1 && d < 1e15 ? String(Int64(d)) : "\(d)" }
        return b > 0 ? "[\(text(low)), \(text(low * 10)))" : "(-\(text(low * 10)), -\(text(low))]"
    }
}

/// Division rounding toward minus infinity.
private func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
