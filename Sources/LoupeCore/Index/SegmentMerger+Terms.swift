/// The merge's view of the sources' term dictionaries: each read in key order by a `TermCursor`,
/// and the cursors merged through a min-heap (tantivy's `TermMerger`), so a merge holds one entry per
/// source, never a dictionary.
extension SegmentMerger {
    /// Reads a `.tim` file entry by entry, in key order.
    struct TermCursor {
        let terms: TermDictionary
        private var block = -1
        private var inBlock = TermDictionaryFormat.blockSize
        private var read = 0
        private var entry: TermDictionary.Cursor

        init(_ terms: TermDictionary) {
            self.terms = terms
            entry = TermDictionary.Cursor(offset: 0)
        }

        /// The current entry's key (field byte + term) and postings.
        var key: [UInt8] { entry.key }
        var info: TermInfo { entry.info }

        /// Moves to the next entry; false past the last.
        /// - Complexity: O(entry size).
        mutating func next() throws -> Bool {
            guard read < terms.termCount else { return false }
            let previous = entry.key
            if inBlock == TermDictionaryFormat.blockSize || entry.offset >= terms.indexOffset {
                block += 1
                guard block < terms.blockCount else {
                    throw LoupeError.corrupt(file: terms.file.name, reason: "\(read) terms in the blocks, the trailer says \(terms.termCount)")
                }
                entry = TermDictionary.Cursor(offset: try terms.blockOffset(block))
                inBlock = 0
            }
            try terms.readEntry(&entry)
            inBlock += 1
            read += 1
            // The merge's order (and the merged dictionary's) rests on the sources' being sorted.
            guard read == 1 || previous.lexicographicallyPrecedes(entry.key), !entry.key.isEmpty else {
                throw LoupeError.corrupt(file: terms.file.name, reason: "keys out of order in block \(block)")
            }
            return true
        }
    }

    /// The sources' cursors, smallest key first (ties: the lower source first, so a term's postings
    /// come in the merged segment's doc order).
    struct TermMerger {
        private var cursors: [TermCursor]
        /// Indexes into `cursors`, as a binary min-heap.
        private var heap: [Int] = []

        init(_ dictionaries: [TermDictionary]) throws {
            cursors = dictionaries.map(TermCursor.init)
            for i in cursors.indices where try cursors[i].next() { push(i) }
        }

        /// The next key and, in source order, every source holding it with its postings; nil when
        /// every dictionary is read.
        /// - Complexity: O(k log k) for k sources holding the key.
        mutating func next(into sources: inout [(source: Int, info: TermInfo)]) throws -> [UInt8]? {
            sources.removeAll(keepingCapacity: true)
            guard let top = heap.first else { return nil }
            let key = cursors[top].key
            while let i = heap.first, cursors[i].key == key {
                pop()
                sources.append((i, cursors[i].info))
                if try cursors[i].next() { push(i) }
            }
            return key
        }

        private func less(_ a: Int, _ b: Int) -> Bool {
            let ka = cursors[a].key, kb = cursors[b].key
            if ka == kb { return a < b }
            return ka.lexicographicallyPrecedes(kb)
        }

        private mutating func push(_ i: Int) {
            heap.append(i)
            var c = heap.count - 1
            while c > 0 {
                let p = (c - 1) / 2
                guard less(heap[c], heap[p]) else { break }
                heap.swapAt(c, p)
                c = p
            }
        }

        private mutating func pop() {
            heap.swapAt(0, heap.count - 1)
            heap.removeLast()
            var p = 0
            while true {
                let l = 2 * p + 1, r = l + 1
                var m = p
                if l < heap.count && less(heap[l], heap[m]) { m = l }
                if r < heap.count && less(heap[r], heap[m]) { m = r }
                if m == p { return }
                heap.swapAt(p, m)
                p = m
            }
        }
    }
}
