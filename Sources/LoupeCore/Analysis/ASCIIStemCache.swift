/// The stems of short lowercase ASCII words in one language, in a direct-mapped table of fixed-size
/// slots: a word's slot is picked by a hash of its bytes and holds the last word seen there with the
/// key of its stem term. What English indexing asks for every word; a `[String: String]` cache cost a
/// `String` and a hashed lookup per word. Not thread-safe (one per `Analyzer` and language).
///
/// Slot layout (`slotSize` bytes): word length, word bytes (≤ `maxWord`), stem-key length (0: the
/// stem is the word), stem-key bytes (≤ `maxKey`: `en:` + the stem), and a flag set when the word
/// is found again. A word seen once does not evict a word found again: it clears the flag instead
/// (a second chance), so the frequent words stay while the long tail passes by (English indexing
/// stemmed 629 K words again on debdocs-100k when any new word evicted).
///
/// The table starts at `initialSlots` and grows fourfold (its words moved over) each time it has
/// missed as many times as it has slots, up to `maxSlots`: an analyzer keeps a cache per language
/// it meets, and a language met in a few documents has no use for the full 2.4 MB table, which is
/// all written when it is made (at full size, debdocs-100k's ~25 stemmed languages took ~110 MB
/// of the run's 240 MB peak).
final class ASCIIStemCache {
    static let initialSlots = 1 << 9
    static let maxSlots = 1 << 15
    static let maxWord = 31
    static let maxKey = 38
    static let slotSize = 1 + maxWord + 1 + maxKey + 1
    // One thread uses a cache: no dynamic exclusivity checks on its state.
    @exclusivity(unchecked) private var table: UnsafeMutableBufferPointer<UInt8>
    /// Slots in `table` (a power of two).
    @exclusivity(unchecked) private(set) var slots: Int
    /// Misses since the table last grew.
    @exclusivity(unchecked) private var misses = 0
    let language: Language
    private let prefix: [UInt8]

    init(language: Language) {
        self.language = language
        prefix = Array((language.code + ":").utf8)
        slots = Self.initialSlots
        table = Self.emptyTable(slots: slots)
    }

    deinit { table.deallocate() }

    private static func emptyTable(slots: Int) -> UnsafeMutableBufferPointer<UInt8> {
        let t = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: slots * slotSize)
        t.initialize(repeating: 0xFF) // length 255: no word
        return t
    }

    @inline(__always) private static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for b in word { h = (h ^ UInt32(b)) &* 16_777_619 }
        return h
    }

    /// Moves every word to a table four times larger (a word whose new slot is taken is dropped:
    /// it is only a cache).
    private func grow() {
        let old = table, oldSlots = slots
        slots = min(oldSlots * 4, Self.maxSlots)
        table = Self.emptyTable(slots: slots)
        misses = 0
        for i in 0..<oldSlots {
            let from = i * Self.slotSize
            let n = Int(old[from])
            guard n != 0xFF else { continue }
            let h = Self.hash(UnsafeBufferPointer(rebasing: old[(from + 1)..<(from + 1 + n)]))
            let to = Int(h & UInt32(slots - 1)) * Self.slotSize
            guard table[to] == 0xFF else { continue }
            for j in 0..<Self.slotSize { table[to + j] = old[from + j] }
        }
        old.deallocate()
    }

    /// Calls `body` with the stem term (after its marker) of lowercase ASCII `word` when the stem
    /// differs from it; `stem` computes a stem on a miss.
    @inline(__always) func withStem(of word: UnsafeBufferPointer<UInt8>, stem: (String) -> String?,
                                    _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        let n = word.count
        guard n <= Self.maxWord else {
            let w = String(decoding: word, as: UTF8.self)
            if let s = stem(w), s != w, !s.isEmpty {
                var key = String(decoding: prefix, as: UTF8.self) + s
                key.withUTF8 { body($0) }
            }
            return
        }
        if misses >= slots, slots < Self.maxSlots { grow() }
        let base = Int(Self.hash(word) & UInt32(slots - 1)) * Self.slotSize
        let slot = UnsafeMutableBufferPointer(rebasing: table[base..<(base + Self.slotSize)])
        var same = Int(slot[0]) == n
        if same { for i in 0..<n where slot[1 + i] != word[i] { same = false; break } }
        let flag = Self.slotSize - 1
        if same {
            if slot[flag] == 0 { slot[flag] = 1 }
            let k = Int(slot[1 + Self.maxWord])
            if k > 0 { body(UnsafeBufferPointer(rebasing: slot[(2 + Self.maxWord)..<(2 + Self.maxWord + k)])) }
            return
        }
        misses += 1
        let w = String(decoding: word, as: UTF8.self)
        var key: [UInt8] = []
        if let s = stem(w), s != w, !s.isEmpty { key = prefix + Array(s.utf8) }
        guard key.count <= Self.maxKey, slot[0] == 0xFF || slot[flag] == 0 else {
            if slot[0] != 0xFF { slot[flag] = 0 } // the word there had its second chance
            if !key.isEmpty { key.withUnsafeBufferPointer { body($0) } } // not cached
            return
        }
        slot[0] = UInt8(n)
        slot[flag] = 0
        for i in 0..<n { slot[1 + i] = word[i] }
        slot[1 + Self.maxWord] = UInt8(key.count)
        for i in 0..<key.count { slot[2 + Self.maxWord + i] = key[i] }
        if !key.isEmpty { body(UnsafeBufferPointer(rebasing: slot[(2 + Self.maxWord)..<(2 + Self.maxWord + key.count)])) }
    }
}
