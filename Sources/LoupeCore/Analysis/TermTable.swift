import Glibc

/// The terms of an in-memory segment: keys (field byte ++ UTF-8, as in `.tim`) → dense ids (0, 1, 2, … in order of
/// first sight), in an open-addressing hash table over one byte arena. What `SegmentBuffer` looks
/// every token up in, instead of a `[String: Int32]`: no `String` per term, no SipHash (a
/// multiply-rotate hash over 8-byte words instead: the table is private, so no flooding defence is
/// needed), keys compared with `memcmp`.
///
/// - Complexity: `id(of:)` O(key length) expected; the table doubles at half load.
package struct TermTable {
    /// Keys one after the other; key `i` is `arena[starts[i] ..< starts[i + 1]]`.
    private(set) var arena: [UInt8] = []
    private(set) var starts: [Int32] = [0]
    /// Per slot `hash << 32 | (id + 1)`, 0 for an empty one; the count is a power of two. The hash
    /// sits beside the id so a probe reads one slot, not the slot and then a hash array indexed by
    /// id (a second cache miss per lookup on a large table).
    private var slots = [UInt64](repeating: 0, count: 16)

    package init() {}

    package var count: Int { starts.count - 1 }

    /// Bytes held (for a flush threshold).
    package var bytesUsed: Int { arena.capacity + 4 * starts.capacity + 8 * slots.count }

    package static func hash(_ key: UnsafeRawBufferPointer) -> UInt32 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        var i = 0
        while i + 8 <= key.count {
            h = (h ^ key.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h = h ^ (h >> 31)
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < key.count {
            tail |= UInt64(key[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        return UInt32(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// The id of `key`, adding it when new.
    @inline(__always) package mutating func id(of key: UnsafeRawBufferPointer) -> (id: Int32, isNew: Bool) {
        let h = Self.hash(key)
        let (s, found) = probe(key, h)
        if let found { return (found, false) }
        let id = Int32(count)
        slots[s] = UInt64(h) << 32 | UInt64(id + 1)
        arena.append(contentsOf: key)
        starts.append(Int32(arena.count))
        if 2 * count > slots.count { grow() }
        return (id, true)
    }

    /// Frees the hash table (its slots): what a flush does first, since writing the terms
    /// needs only their keys (on debdocs-full ~10 MB a buffer at the run's peak). `id(of:)` must not
    /// be called after; `find` then finds nothing.
    package mutating func releaseLookup() {
        slots = []
    }

    /// The id of `key`, or nil.
    package func find(_ key: UnsafeRawBufferPointer) -> Int32? {
        guard !slots.isEmpty else { return nil }
        return probe(key, Self.hash(key)).id
    }

    /// Where `key` (hash `h`) is: its id, or nil and the empty slot where it would go.
    @inline(__always) private func probe(_ key: UnsafeRawBufferPointer, _ h: UInt32) -> (slot: Int, id: Int32?) {
        let mask = slots.count - 1
        var s = Int(h) & mask
        while true {
            let entry = slots[s]
            if entry == 0 { return (s, nil) }
            if UInt32(truncatingIfNeeded: entry >> 32) == h {
                let id = Int(UInt32(truncatingIfNeeded: entry)) - 1
                if equals(id, key) { return (s, Int32(id)) }
            }
            s = (s + 1) & mask
        }
    }

    @inline(__always) private func equals(_ id: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        let start = Int(starts[id]), length = Int(starts[id + 1]) - start
        guard length == key.count else { return false }
        if length == 0 { return true }
        return arena.withUnsafeBytes { memcmp($0.baseAddress! + start, key.baseAddress!, length) == 0 }
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        let mask = slots.count - 1
        for entry in old where entry != 0 {
            var s = Int(UInt32(truncatingIfNeeded: entry >> 32)) & mask
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = entry
        }
    }

    /// Key `id`'s bytes.
    package func key(_ id: Int) -> ArraySlice<UInt8> { arena[Int(starts[id])..<Int(starts[id + 1])] }
}
