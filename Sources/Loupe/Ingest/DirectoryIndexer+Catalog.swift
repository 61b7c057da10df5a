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
        /// Relative path (UTF-8) → position in `files`: a byte-keyed table, not a `[String: Int]`
        /// (100k `String`s and their SipHash were a third of an unchanged re-run).
        private var positions = TermTable()
        /// `positions`' ids are first sights; `files` may hold later duplicates: id → position.
        private var positionOfID: [Int32] = []
        var count: Int { files.count }

        init() {}

        /// An empty catalog when there is no index yet (or one without those fields).
        /// - Complexity: O(documents); one sequential scan of each segment's stored fields.
        init(indexPath: String) throws {
            guard let reader = try? IndexReader(path: indexPath) else { return }
            let schema = reader.schema
            guard let path = schema.number(of: "path"), let size = schema.number(of: "size"),
                  let mtime = schema.number(of: "mtime"), let hash = schema.number(of: "hash") else { return }
            files.reserveCapacity(reader.documentCount)
            positionOfID.reserveCapacity(reader.documentCount)
            var wanted = [Bool](repeating: false, count: schema.fields.count)
            for f in [path, size, mtime, hash] { wanted[f] = true }
            var p: [UInt8] = []
            for seg in reader.segments {
                var scanner = StoredFields.Scanner(seg.stored)
                for d in 0..<Int32(seg.docCount) where !seg.isDeleted(d) {
                    var k = Known(segment: seg.info.name, doc: d, size: -1, mtime: -1, hash: nil)
                    p.removeAll(keepingCapacity: true)
                    try scanner.forEachValue(d, fields: wanted) { f, v in
                        switch f {
                        case path: p.append(contentsOf: v)
                        case size: k.size = DirectoryIndexer.integer(v)
                        case mtime: k.mtime = DirectoryIndexer.integer(v)
                        default: k.hash = DirectoryIndexer.unhex(v)
                        }
                    }
                    let (id, isNew) = p.withUnsafeBytes { positions.id(of: $0) }
                    if isNew {
                        positionOfID.append(Int32(files.count))
                    } else {
                        // Two live documents for one path (not written by DirectoryIndexer): the
                        // later one is kept; the earlier is a stale copy, never looked up, so it is
                        // deleted as if its file had vanished.
                        positionOfID[Int(id)] = Int32(files.count)
                    }
                    files.append(k)
                }
            }
        }

        /// The position in `files` of the document of `path`, or -1. Safe from several threads.
        func position(of path: String) -> Int {
            var path = path
            guard let id = path.withUTF8({ positions.find(UnsafeRawBufferPointer($0)) }) else { return -1 }
            return Int(positionOfID[Int(id)])
        }

        /// Calls `body(path, known)` for every path the catalog finds (a duplicate's stale copy aside).
        func forEachPath(_ body: (String, Known) -> Void) {
            for id in 0..<positions.count {
                body(String(decoding: positions.key(id), as: UTF8.self), files[Int(positionOfID[id])])
            }
        }

        /// For each entry, its position in `files`, or -1 for a file the last commit does not hold.
        /// - Complexity: O(entries) hash lookups, shared among the cores.
        func lookUp(_ entries: [DirectoryWalker.Entry]) -> [Int] {
            let out = Slots(count: entries.count)
            let chunks = entries.count < 4096 ? 1 : 8
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                for i in (c * entries.count / chunks)..<((c + 1) * entries.count / chunks) {
                    out.values[i] = position(of: entries[i].path)
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
