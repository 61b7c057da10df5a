import Foundation

/// Indexes every text file under a folder into an index with the `Schema.files` fields — what
/// `loupe index DIR` runs. Binary and unreadable files are skipped with a warning; the run commits
/// once at the end, so an interrupted run leaves the previous commit as it was.
public struct DirectoryIndexer {
    public struct Summary: Sendable {
        public var indexed = 0
        public var skipped = 0
        public var bytes = 0
        public var seconds = 0.0
        public var warnings: [String] = []
    }

    public let source: String
    public let indexPath: String
    /// Files larger than this are skipped with a warning.
    public var maxFileBytes = 64 << 20
    /// Flush threshold of the writer (bytes of in-memory segment).
    public var flushThresholdBytes = 256 << 20
    /// Called with each warning as it happens.
    public var onWarning: (String) -> Void = { _ in }

    public init(source: String, indexPath: String) {
        self.source = source
        self.indexPath = indexPath
    }

    /// Builds the index from scratch (the previous commit stays readable until this one lands).
    public func run() throws -> Summary {
        let start = Date()
        var summary = Summary()
        let absolute = source.hasPrefix("/") ? source : FileManager.default.currentDirectoryPath + "/" + source
        let root = (absolute as NSString).standardizingPath
        let (paths, walkWarnings) = try DirectoryWalker(root: root).files()
        for w in walkWarnings { warn(w, &summary) }
        let writer = try IndexWriter(path: indexPath, schema: .files, create: true)
        writer.flushThresholdBytes = flushThresholdBytes
        writer.userData["source"] = root
        for rel in paths {
            let abs = root + "/" + rel
            var st = stat()
            guard stat(abs, &st) == 0 else {
                warn("\(rel): vanished or unreadable, skipped", &summary)
                continue
            }
            let size = Int(st.st_size)
            if size > maxFileBytes {
                warn("\(rel): \(size) bytes is over the \(maxFileBytes)-byte limit, skipped", &summary)
                continue
            }
            guard let data = Self.readFile(abs, size: size) else {
                warn("\(rel): cannot read (\(String(cString: strerror(errno)))), skipped", &summary)
                continue
            }
            let text: ExtractedText
            do { text = try TextExtractor.extract(data, fileName: rel) } catch {
                warn("\(rel): \(error), skipped", &summary)
                continue
            }
            let mtime = Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
            var doc: Document = ["path": rel, "body": text.body, "size": String(size), "mtime": String(format: "%.6f", mtime)]
            doc[text.titleIsDeclared ? "title" : "firstline"] = text.title
            try writer.add(doc)
            summary.indexed += 1
            summary.bytes += data.count
        }
        try writer.commit()
        summary.seconds = Date().timeIntervalSince(start)
        return summary
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
