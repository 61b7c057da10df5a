import Foundation
import Loupe

/// The writer of the load test, on a thread of its own: every interval it adds the next files of the
/// corpus that the index does not hold yet (real text, as `loupe index` would add it) and commits,
/// until stopped. A commit that runs late is followed by the next one at once.
final class CommitLoop: @unchecked Sendable {
    /// What the loop did, read after `wait()` (written only by the loop's thread before it signals).
    struct Report {
        var commits = 0
        var documents = 0
        var skippedFiles = 0
        /// Milliseconds of each `commit()`.
        var commitMilliseconds: [Double] = []
        var error: String? = nil
    }

    private let indexPath: String
    private let corpus: String
    private let known: Set<String>
    private let interval: Double
    private let perCommit: Int
    private let lock = NSLock()
    private var stopping = false
    private let done = DispatchSemaphore(value: 0)
    private var report = Report()

    init(indexPath: String, corpus: String, known: Set<String>, interval: Double, perCommit: Int) {
        self.indexPath = indexPath
        self.corpus = corpus
        self.known = known
        self.interval = interval
        self.perCommit = perCommit
    }

    func start() {
        let thread = Thread { [self] in
            report = run()
            done.signal()
        }
        thread.name = "bench.writer"
        thread.start()
    }

    func stop() { lock.withLock { stopping = true } }

    private var isStopping: Bool { lock.withLock { stopping } }

    /// Waits for the loop's last commit and the writer's close.
    func wait() -> Report {
        done.wait()
        return report
    }

    private func run() -> Report {
        var r = Report()
        do {
            let writer = try IndexWriter(path: indexPath, schema: .files)
            guard let files = FileManager.default.enumerator(atPath: corpus) else { throw BenchError("cannot list \(corpus)") }
            let start = Date()
            var tick = 0
            outer: while !isStopping {
                var added = 0
                while added < perCommit {
                    guard let rel = files.nextObject() as? String else { break outer }
                    guard files.fileAttributes?[.type] as? FileAttributeType == .typeRegular, !known.contains(rel) else { continue }
                    guard let data = FileManager.default.contents(atPath: corpus + "/" + rel),
                          let text = try? ExtractorRegistry.standard.extract(Array(data), fileName: rel, context: ExtractionContext(firstLines: false))
                    else {
                        r.skippedFiles += 1
                        continue
                    }
                    var doc: Document = ["path": rel, "body": text.body]
                    if text.titleIsDeclared { doc["title"] = text.title }
                    try writer.add(doc)
                    added += 1
                }
                let t0 = Date()
                try writer.commit()
                r.commitMilliseconds.append(Date().timeIntervalSince(t0) * 1000)
                r.commits += 1
                r.documents += added
                tick += 1
                let wait = start.addingTimeInterval(Double(tick) * interval).timeIntervalSinceNow
                if wait > 0 { Thread.sleep(forTimeInterval: wait) }
            }
            try writer.close()
        } catch {
            r.error = "\(error)"
        }
        return r
    }
}
