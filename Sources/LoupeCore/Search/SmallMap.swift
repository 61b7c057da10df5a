/// A map for the handful of keys one query binds (its words, per field and segment): searched
/// linearly while it holds at most 32 entries, hashed once it holds more (a prefix expansion's
/// hundreds). Hashing the `String` keys of a two-word query was 2.5–4 % of its time; a plain list
/// made a 256-term expansion quadratic.
/// A class, held by `let`: reading a struct kept in a class property copied (retained) both of
/// its buffers per lookup, 4 % of a two-word query.
/// - Complexity: O(min(n, 32)) key comparisons per lookup; O(1) expected past 32.
final class SmallMap<Key: Hashable, Value> {
    @exclusivity(unchecked) private var small: [(key: Key, value: Value)] = []
    @exclusivity(unchecked) private var large: [Key: Value] = [:]
    static var linearLimit: Int { 32 }

    init() {}

    subscript(key: Key) -> Value? {
        if large.isEmpty {
            for e in small where e.key == key { return e.value }
            return nil
        }
        return large[key]
    }

    /// Adds `value` for a key not yet in the map.
    func insert(_ value: Value, for key: Key) {
        if large.isEmpty && small.count < Self.linearLimit {
            small.append((key, value))
            return
        }
        if large.isEmpty {
            for e in small { large[e.key] = e.value }
            small = []
        }
        large[key] = value
    }
}
