import Foundation

/// Keeps an index in step with a folder — what `loupe index DIR` runs. The first run indexes every
/// text file; later runs index new and changed files only (size and mtime differ, or, when only the
/// mtime differs, the content hash does), delete the documents of removed files, and leave the rest
/// untouched. Binary, unreadable, oversized or vanished files are skipped with a warning. A run commits
/// once at the end (nothing at all when nothing changed), so an interrupted run leaves the previous
/// commit as it was.
public struct DirectoryIndexer {
    public struct Summary: Sendable {
        public var added = 0
        public var updated = 0
        public var deleted = 0
        public var unchanged = 0
        public var skipped = 0
        /// Bytes of the files (re)indexed.
        public var bytes = 0
        public var seconds = 0.0
        public var warnings: [String] = []
        /// Whether a new commit was written.
        public var committed = false
        /// Documents indexed in this run (added + updated).
        public var indexed: Int { added + updated }
    }

    /// How far a run is, for a progress display.
    public struct Progress: Sendable {
        public var filesDone: Int
        public var filesTotal: Int
        public var bytesIndexed: Int
        public var seconds: Double
    }

    public let source: String
    public let indexPath: String
    /// Rebuild from scratch instead of updating.
    public var full = false
    /// Files larger than this are skipped with a warning.
    public var maxFileBytes = 64 << 20
    /// Flush threshold of the writer (bytes of in-memory segment).
    public var flushThresholdBytes = 256 << 20
    /// Called with each warning as it happens.
    public var onWarning: (String) -> Void = { _ in }
    /// Called about every 100 ms of work with the run's progress.
    public var onProgress: ((Progress) -> Void)? = nil

    public init(source: String, indexPath: String) {
        self.source = source
        self.indexPath = indexPath
    }

    /// What the index knows of one file.
    struct Known {
        var size: Int
        var mtime: Int
        var hash: String
    }

    /// The files of the current commit: path → size, mtime, hash (from stored fields).
    /// - Complexity: O(documents); reads the small stored fields of every live document.
    static func catalog(indexPath: String) throws -> [String: Known] {
        guard let reader = try? IndexReader(path: indexPath) else { return [:] }
        let schema = reader.schema
        guard let path = schema.number(of: "path"), let size = schema.number(of: "size"),
              let mtime = schema.number(of: "mtime"), let hash = schema.number(of: "hash") else { return [:] }
        var out: [String: Known] = [:]
        out.reserveCapacity(reader.documentCount)
        var wanted = [Bool](repeating: false, count: schema.fields.count)
        for f in [path, size, mtime, hash] { wanted[f] = true }
        for seg in reader.segments {
            for d in 0..<Int32(seg.docCount) where !seg.isDeleted(d) {
                var p = "", k = Known(size: -1, mtime: -1, hash: "")
                try seg.stored.forEachValue(d, fields: wanted) { f, v in
                    switch f {
                    case path: p = v
                    case size: k.size = Int(v) ?? -1
                    case mtime: k.mtime = DirectoryWalker.Entry.mtime(v) ?? -1
                    default: k.hash = v
                    }
                }
                out[p] = k
            }
        }
        return out
    }

    /// Indexes the folder; see the type's description.
    public func run() throws -> Summary {
        let start = Date()
        var summary = Summary()
        let absolute = source.hasPrefix("/") ? source : FileManager.default.currentDirectoryPath + "/" + source
        let root = (absolute as NSString).standardizingPath
        let (entries, walkWarnings) = try DirectoryWalker(root: root).entries()
        for w in walkWarnings { warn(w, &summary) }

        let writer = try IndexWriter(path: indexPath, schema: .files, create: full)
        writer.flushThresholdBytes = flushThresholdBytes
        var known = full ? [:] : try Self.catalog(indexPath: indexPath)
        let hadIndex = !known.isEmpty
        writer.userData["source"] = root
        var lastReport = Date()

        for (i, entry) in entries.enumerated() {
            if let onProgress, i % 64 == 0, Date().timeIntervalSince(lastReport) >= 0.1 {
                lastReport = Date()
                onProgress(Progress(filesDone: i, filesTotal: entries.count, bytesIndexed: summary.bytes, seconds: lastReport.timeIntervalSince(start)))
            }
            let rel = entry.path
            let size = entry.size
            // What is left in `known` after the walk are the files that disappeared.
            let old = known.removeValue(forKey: rel)
            if let old, old.size == size, old.mtime == entry.mtime {
                summary.unchanged += 1
                continue
            }
            let abs = root + "/" + rel
            let sizeText = String(size)
            if size > maxFileBytes {
                warn("\(rel): \(size) bytes is over the \(maxFileBytes)-byte limit, skipped", &summary)
                if old != nil { try writer.deleteDocuments(field: "id", value: rel) }
                continue
            }
            guard let data = Self.readFile(abs, size: size) else {
                warn("\(rel): cannot read (\(String(cString: strerror(errno)))), skipped", &summary)
                continue
            }
            let hash = Self.hash(data)
            if let old, old.size == size, old.hash == hash {
                summary.unchanged += 1 // touched, same content
                continue
            }
            let text: ExtractedText
            do { text = try TextExtractor.extract(data, fileName: rel) } catch {
                warn("\(rel): \(error), skipped", &summary)
                if old != nil { try writer.deleteDocuments(field: "id", value: rel) }
                continue
            }
            if old != nil {
                try writer.deleteDocuments(field: "id", value: rel)
                summary.updated += 1
            } else {
                summary.added += 1
            }
            var doc: Document = ["id": rel, "path": rel, "body": text.body, "size": sizeText, "mtime": entry.mtimeText, "hash": hash]
            doc[text.titleIsDeclared ? "title" : "firstline"] = text.title
            try writer.add(doc)
            summary.bytes += data.count
        }
        for path in known.keys {
            try writer.deleteDocuments(field: "id", value: path)
            summary.deleted += 1
        }
        if full || summary.added + summary.updated + summary.deleted > 0 || !hadIndex {
            try writer.commit()
            summary.committed = true
        }
        summary.seconds = Date().timeIntervalSince(start)
        onProgress?(Progress(filesDone: entries.count, filesTotal: entries.count, bytesIndexed: summary.bytes, seconds: summary.seconds))
        return summary
    }

    /// FNV-1a, 64 bits, as 16 hex digits: tells whether a file whose mtime moved really changed.
    static func hash(_ data: [UInt8]) -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in data { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The indexed text (the body as `TextExtractor` gives it) of the file at `path` under `source`,
    /// read again from disk: what snippets are cut from when bodies are not stored. Nil if the file is
    /// gone or no longer text.
    public static func bodyText(source: String, path: String) -> String? {
        let abs = source + "/" + path
        var st = stat()
        guard stat(abs, &st) == 0, let data = readFile(abs, size: Int(st.st_size)) else { return nil }
        return try? TextExtractor.extract(data, fileName: path).body
    }

    /// The bytes of a file, read with plain `read(2)` calls (Foundation's `contents(atPath:)` costs
    /// several extra syscalls and a copy per file). Reads until EOF, so a file that grew is read whole.
    static func readFile(_ path: String, size: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return nil }
        defer { close(fd) }
        var out = [UInt8](repeating: 0, count: max(size, 0) + 1)
        var n = 0
        while true {
            if n == out.count { out.append(contentsOf: repeatElement(0, count: out.count)) }
            let r = out.withUnsafeMutableBytes { read(fd, $0.baseAddress! + n, $0.count - n) }
            if r < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if r == 0 { break }
            n += r
        }
        out.removeSubrange(n...)
        return out
    }

    private func warn(_ message: String, _ summary: inout Summary) {
        summary.skipped += 1
        summary.warnings.append(message)
        onWarning(message)
    }
}
