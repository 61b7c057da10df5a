/// The values of one keyword fast field over the segments of a snapshot, numbered in byte order
/// (global ordinals), with each segment's column ordinals mapped to those numbers: what facets count
/// by, so that a search adds into one flat array and turns only the values it reports into text.
/// Made once per snapshot and field (`IndexReader.keywordOrdinals(field:)`), by merging the
/// segments' sorted dictionaries.
///
/// `Sendable`: immutable once made.
final class KeywordOrdinals: Sendable {
    /// The distinct values' bytes one after the other: value g is `bytes[ends[g - 1] ..< ends[g]]`.
    private let bytes: [UInt8]
    private let ends: [Int]
    /// Per segment of the snapshot, in order, each of its ordinals' global number (empty: the
    /// segment has no column of the field).
    let segmentMaps: [[Int32]]

    /// - Complexity: O(values of the segments' dictionaries · segments) byte comparisons.
    init(columns: [Column?]) throws {
        var bytes: [UInt8] = [], ends: [Int] = []
        var maps = columns.map { [Int32](repeating: 0, count: $0?.termCount ?? 0) }
        var next = [Int](repeating: 0, count: columns.count)
        var heads: [[UInt8]?] = try columns.map { c in try c.flatMap { $0.termCount > 0 ? try $0.termBytes(0) : nil } }
        var last: [UInt8]? = nil
        while true {
            var m = -1
            for i in heads.indices {
                guard let h = heads[i] else { continue }
                if m < 0 || h.lexicographicallyPrecedes(heads[m]!) { m = i }
            }
            if m < 0 { break }
            let value = heads[m]!
            if value != last {
                bytes += value
                ends.append(bytes.count)
                last = value
            }
            maps[m][next[m]] = Int32(ends.count - 1)
            next[m] += 1
            heads[m] = next[m] < maps[m].count ? try columns[m]!.termBytes(next[m]) : nil
        }
        self.bytes = bytes
        self.ends = ends
        segmentMaps = maps
    }

    /// Distinct values.
    var count: Int { ends.count }

    /// Value `g` as text.
    func value(_ g: Int) -> String {
        String(decoding: bytes[(g == 0 ? 0 : ends[g - 1]) ..< ends[g]], as: UTF8.self)
    }
}
