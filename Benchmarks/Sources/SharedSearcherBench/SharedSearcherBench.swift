import Foundation
import Loupe
@_spi(Benchmarks) import LoupeCore

/// Load test of `SharedSearcher`: `tasks` concurrent tasks search the query set over and over while a
/// writer adds documents and commits every `commit-ms`, for `seconds`. Reports failed searches (any
/// error, or a hit without its stored path), searches, throughput, latency percentiles, commits and
/// peak RSS. Public API only. See Benchmarks/README.md for the command and the figures.
@main
struct SharedSearcherBench {
    /// What one search task did.
    struct TaskReport: Sendable {
        var latencies: [Double] = []
        var failures = 0
        var messages: [String] = []
        var reopens = 0
    }

    static func main() async {
        do {
            try await run(BenchOptions.parse(Array(CommandLine.arguments.dropFirst())))
        } catch {
            FileHandle.standardError.write(Data("SharedSearcherBench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run(_ o: BenchOptions) async throws {
        let queries = try o.queryTexts()
        guard !queries.isEmpty else { throw BenchError("no queries in \(o.queries)") }
        guard let listText = try? String(contentsOfFile: o.list, encoding: .utf8) else { throw BenchError("cannot read \(o.list)") }
        let known = Set(listText.split(whereSeparator: \.isNewline).map(String.init))

        // The writer changes the index: the run works on a copy, removed at the end.
        let work = o.work ?? (o.index.hasSuffix("/") ? String(o.index.dropLast()) : o.index) + ".bench-\(getpid())"
        try? FileManager.default.removeItem(atPath: work)
        try FileManager.default.copyItem(atPath: o.index, toPath: work)
        defer { try? FileManager.default.removeItem(atPath: work) }

        let searcher = try SharedSearcher(path: work)
        let startDocuments = searcher.reader.documentCount
        let startGeneration = searcher.reader.generation
        print("index \(o.index): \(startDocuments) documents, generation \(startGeneration); \(queries.count) queries")
        print("\(o.tasks) tasks, \(o.seconds) s, a commit of \(o.documentsPerCommit) documents every \(o.commitMilliseconds) ms, refresh: \(o.refresh.rawValue)")

        let interval = o.commitMilliseconds / 1000
        let writer = CommitLoop(indexPath: work, corpus: o.corpus, known: known, interval: interval, perCommit: o.documentsPerCommit)
        let clock = ContinuousClock()
        let began = clock.now
        let deadline = began + .milliseconds(Int64(o.seconds * 1000))
        writer.start()

        let reports = await withTaskGroup(of: TaskReport.self) { group in
            for t in 0..<o.tasks {
                group.addTask {
                    await searchLoop(searcher, queries: queries, first: t * queries.count / o.tasks, until: deadline,
                                     refreshEachQuery: o.refresh == .perQuery)
                }
            }
            if o.refresh == .refresher {
                group.addTask { await refreshLoop(searcher, every: interval, until: deadline) }
            }
            var all: [TaskReport] = []
            for await r in group { all.append(r) }
            return all
        }
        let elapsed = clock.now - began
        writer.stop()
        let w = writer.wait()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18

        var latencies = Latencies()
        for r in reports { latencies.append(contentsOf: Latencies(r.latencies)) }
        let failures = reports.reduce(0) { $0 + $1.failures }
        let reopens = reports.reduce(0) { $0 + $1.reopens }
        let generation = searcher.reader.generation

        try searcher.reopenIfChanged()
        let endDocuments = searcher.reader.documentCount
        let commitTimes = Latencies(w.commitMilliseconds)

        print(String(format: "failed searches     %d", failures))
        for m in Set(reports.flatMap(\.messages)).sorted().prefix(5) { print("  " + m) }
        print(String(format: "searches            %d in %.2f s", latencies.count, seconds))
        print(String(format: "throughput          %.0f queries/s", Double(latencies.count) / seconds))
        print(String(format: "latency p50 / p99   %.3f / %.3f ms (max %.1f)", latencies.percentile(0.5), latencies.percentile(0.99), latencies.percentile(1)))
        print(String(format: "commits             %d (%d documents, %d files skipped); commit p50 / max %.1f / %.1f ms",
                     w.commits, w.documents, w.skippedFiles, commitTimes.percentile(0.5), commitTimes.percentile(1)))
        print("reopens             \(reopens) (generation \(startGeneration) → \(generation) while searching)")
        let cpu = cpuSeconds()
        print(String(format: "process CPU         %.2f s user + %.2f s sys: %.3f ms a search (the writer's included)",
                     cpu.user, cpu.system, (cpu.user + cpu.system) * 1000 / Double(max(1, latencies.count))))
        print(String(format: "peak RSS            %.1f MB", peakRSSMegabytes()))
        let consistent = endDocuments == startDocuments + w.documents
        print("documents           \(startDocuments) + \(w.documents) → \(endDocuments)\(consistent ? "" : " (MISMATCH)")")
        if let e = w.error { print("writer error: \(e)") }
        // Thrown, not exit(): the copy of the index is removed on the way out.
        if failures > 0 || w.error != nil || !consistent { throw BenchError("the run failed (above)") }
    }

    /// One search task: queries from `first` on, cycling, until `deadline`.
    static func searchLoop(_ searcher: SharedSearcher, queries: [String], first: Int, until deadline: ContinuousClock.Instant,
                           refreshEachQuery: Bool) async -> TaskReport {
        var r = TaskReport()
        let clock = ContinuousClock()
        var i = first
        func fail(_ message: String) {
            r.failures += 1
            if r.messages.count < 5 { r.messages.append(message) }
        }
        while clock.now < deadline {
            let q = queries[i % queries.count]
            i += 1
            if refreshEachQuery {
                do { if try searcher.reopenIfChanged() { r.reopens += 1 } } catch { fail("reopenIfChanged: \(error)") }
            }
            let t0 = clock.now
            do {
                let results = try await searcher.search(q)
                let d = clock.now - t0
                r.latencies.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
                for hit in results.hits where hit[field: "path"]?.isEmpty ?? true { fail("\(q): hit \(hit.doc) without a path") }
            } catch {
                fail("\(q): \(error)")
            }
        }
        return r
    }

    /// The refresher: `reopenIfChanged()` every `interval` seconds until `deadline`.
    static func refreshLoop(_ searcher: SharedSearcher, every interval: Double, until deadline: ContinuousClock.Instant) async -> TaskReport {
        var r = TaskReport()
        let clock = ContinuousClock()
        while clock.now < deadline {
            do { if try searcher.reopenIfChanged() { r.reopens += 1 } } catch {
                r.failures += 1
                if r.messages.count < 5 { r.messages.append("reopenIfChanged: \(error)") }
            }
            let next = clock.now + .milliseconds(Int64(interval * 1000))
            try? await Task.sleep(until: min(next, deadline))
        }
        return r
    }

    /// The process's CPU time so far, user and system, in seconds.
    static func cpuSeconds() -> (user: Double, system: Double) {
        let u = usage()
        return (Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6, Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6)
    }

    static func usage() -> rusage {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage
    }

    /// The process's peak resident set (getrusage's ru_maxrss, in KiB on Linux).
    static func peakRSSMegabytes() -> Double {
        Double(usage().ru_maxrss) / 1024
    }
}
