/// Latencies of one run, in milliseconds, and their percentiles.
struct Latencies {
    private(set) var values: [Double] = []

    init(_ values: [Double] = []) { self.values = values }

    mutating func append(_ ms: Double) { values.append(ms) }
    mutating func append(contentsOf other: Latencies) { values.append(contentsOf: other.values) }

    var count: Int { values.count }

    /// The value at rank p (0…1) of the sorted values, nearest rank; 0 when empty.
    func percentile(_ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }
}
