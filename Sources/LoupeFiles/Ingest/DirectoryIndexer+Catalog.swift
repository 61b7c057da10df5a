@_spi(Benchmarks) import LoupeCore
import Dispatch

extension DirectoryIndexer {
    /// Where a document of the last commit is: a segment (an index into `Catalog.segmentNames`) and
    /// a doc id in it.
    struct Place {
        var segment: Int32
        var doc: Int32
    }

    /// The last commit, as a run starts from it.
    struct Previous {
        /// The commit, or nil when there is none yet (or the run rebuilds with `full`).
        var reader: IndexReader?
        /// The commit's catalog file, when it has a sound one: what the commit knows of each
        /// file's size, mtime and content, and enough to tell that nothing changed.
        var catalogFile: SourceCatalog?
        /// Why there is no catalog to go by, for a warning.
        var problem: String?

        init() {}

        /// - Throws: what opening the last commit throws, but for there being no index yet: a run
        ///   on an index it cannot read would add every file again beside the documents it cannot see.
        /// - Complexity: O(catalog size): the file is verified whole (checksum, generation, count).
        init(indexPath: String) throws {
            let r: IndexReader
            do { r = try IndexReader(path: indexPath) } catch LoupeError.noIndex { return }
            reader = r
            do {
                catalogFile = try r.sourceCatalog()
                if catalogFile == nil, r.documentCount > 0 {
                    problem = "\(indexPath): commit \(r.manifest.generation) has no file catalog (it was not made by this indexer); every file is read and indexed again"
                }
            } catch {
                problem = "\(error); every file is read and indexed again, and the run's commit writes a new catalog"
            }
        }
    }

    /// The documents of the last commit: each one's path (the stored key column) and where it is.
    /// What a run that changes something deletes through.
    struct Catalog {
        /// One path per live document, in segment and document order (sizes, mtimes, hashes unused).
        var paths = SourceCatalog()
        /// Parallel to `paths`.
        var places: [Place] = []
        var segmentNames: [String] = []
        var count: Int { paths.count }

        init() {}

        /// An empty catalog when the index stores no `path`.
        /// - Complexity: O(documents); one sequential scan of each segment's key column (no block
        ///   of stored values is decompressed).
        init(reader: IndexReader) throws {
            guard let path = reader.schema.number(of: "path") else { return }
            paths.reserveCapacity(reader.documentCount)
            places.reserveCapacity(reader.documentCount)
            var wanted = [Bool](repeating: false, count: reader.schema.fields.count)
            wanted[path] = true
            var p: [UInt8] = []
            for (s, seg) in reader.segments.enumerated() {
                segmentNames.append(seg.info.name)
                var scanner = StoredFields.Scanner(seg.stored)
                for d in 0..<Int32(seg.docCount) where !seg.isDeleted(d) {
                    p.removeAll(keepingCapacity: true)
                    try scanner.forEachValue(d, fields: wanted) { _, v in p.append(contentsOf: v) }
                    paths.append(pathBytes: p, size: -1, mtime: -1, hash: 0)
                    places.append(Place(segment: Int32(s), doc: d))
                }
            }
        }

        func segment(of i: Int) -> String { segmentNames[Int(places[i].segment)] }
    }
}

extension SourceCatalog {
    /// For each walk entry, the index of the catalog entry with its path, or -1 for a path the
    /// catalog does not hold. Entries in the catalog's own order (a re-run of the same walk) are
    /// matched by comparing each with the next catalog entry; the first entry out of order builds a
    /// hash table of the catalog's paths for the rest. When a path is listed twice (only a catalog
    /// read from stored fields can do that), the later entry is the one found by the table.
    /// - Complexity: O(total path bytes) in order; plus O(catalog) to build the table otherwise.
    func match(_ entries: [DirectoryWalker.Entry]) -> [Int32] {
        var out = [Int32](repeating: -1, count: entries.count)
        var table: (paths: TermTable, indexOfID: [Int32])?
        var next = 0
        for (i, entry) in entries.enumerated() {
            var path = entry.path
            let found: Int32? = path.withUTF8 { utf8 in
                let bytes = UnsafeRawBufferPointer(utf8)
                if next < count && pathEquals(next, bytes) { return Int32(next) }
                if table == nil { table = pathTable() }
                return table!.paths.find(bytes).map { table!.indexOfID[Int($0)] }
            }
            if let found {
                out[i] = found
                next = Int(found) + 1
            }
        }
        return out
    }

    /// A hash table of the paths: id → catalog index (the last entry of a path listed twice).
    func pathTable() -> (paths: TermTable, indexOfID: [Int32]) {
        var paths = TermTable()
        var indexOfID: [Int32] = []
        indexOfID.reserveCapacity(count)
        for i in 0..<count {
            let (id, isNew) = withPath(i) { paths.id(of: $0) }
            if isNew { indexOfID.append(Int32(i)) } else { indexOfID[Int(id)] = Int32(i) }
        }
        return (paths, indexOfID)
    }

    /// Whether the walk found exactly the catalog's files with their sizes and mtimes (and, for a
    /// skipped file, its ctime): nothing to read, nothing to commit.
    /// - Complexity: O(entries) after `match`.
    func isUnchanged(_ entries: [DirectoryWalker.Entry], matches: [Int32]) -> Bool {
        guard entries.count == count else { return false }
        var seen = [Bool](repeating: false, count: count)
        for (entry, m) in zip(entries, matches) {
            guard m >= 0, !seen[Int(m)], sizes[Int(m)] == entry.size, mtimes[Int(m)] == entry.mtime else { return false }
            if let s = skip(Int(m)), s.ctime != entry.ctime { return false }
            seen[Int(m)] = true
        }
        return true
    }
}
