import Dispatch

extension DirectoryIndexer {
    /// What the index knows of one file.
    struct Known {
        /// Where the file's document is in the last commit.
        var segment: String
        var doc: Int32
        var size: Int
        var mtime: Int
        /// FNV-1a of the content (nil if the stored value is not readable: the file is re-read).
        var hash: UInt64?
    }

    /// The files of the last commit, read from the stored `path`, `size`, `mtime` and `hash` fields of
    /// every live document: what a run compares the walk against.
    struct Catalog {
        /// One per live document, in segment and document order.
        var files: [Known] = []
        /// Relative path → position in `files`.
        var positions: [String: Int] = [:]
        var count: Int { files.count }

        init() {}

        /// An empty catalog when there is no index yet (or one without those fields).
        /// - Complexity: O(documents); reads four small stored fields per live document.
        init(indexPath: String) throws {
            guard let reader = try? IndexReader(path: indexPath) else { return }
            let schema = reader.schema
            guard let path = schema.number(of: "path"), let size = schema.number(of: "size"),
                  let mtime = schema.number(of: "mtime"), let hash = schema.number(of: "hash") else { return }
            files.reserveCapacity(reader.documentCount)
            positions.reserveCapacity(reader.documentCount)
            var wanted = [Bool](repeating: false, count: schema.fields.count)
            for f in [path, size, mtime, hash] { wanted[f] = true }
            for seg in reader.segments {
                for d in 0..<Int32(seg.docCount) where !seg.isDeleted(d) {
                    var p = "", k = Known(segment: seg.info.name, doc: d, size: -1, mtime: -1, hash: nil)
                    try seg.stored.forEachValue(d, fields: wanted) { f, v in
                        switch f {
                        case path: p = String(decoding: v, as: UTF8.self)
                        case size: k.size = DirectoryIndexer.integer(v)
                        case mtime: k.mtime = DirectoryIndexer.integer(v)
                        default: k.hash = DirectoryIndexer.unhex(v)
                        }
                    }
                    if let earlier = positions.updateValue(files.count, forKey: p) {
                        // Two live documents for one path (not written by DirectoryIndexer): the
                        // earlier one is a stale copy; it is deleted as if its file had vanished.
                        positions[p + "\u{0}\(earlier)"] = earlier
                    }
                    files.append(k)
                }
            }
        }

        /// For each entry, its position in `files`, or -1 for a file the last commit does not hold.
        /// - Complexity: O(entries) hash lookups, shared among the cores.
        func lookUp(_ entries: [DirectoryWalker.Entry]) -> [Int] {
            let out = Slots(count: entries.count)
            let chunks = entries.count < 4096 ? 1 : 8
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                for i in (c * entries.count / chunks)..<((c + 1) * entries.count / chunks) {
                    out.values[i] = positions[entries[i].path] ?? -1
                }
            }
            return out.values
        }
    }
}

/// One integer slot per item, each written by one thread only.
private final class Slots: @unchecked Sendable {
    var values: [Int]
    init(count: Int) { values = [Int](repeating: -1, count: count) }
}
