import Foundation
import LoupeCore
import Glibc

/// Runs the extractors of complex formats (`DocumentExtractor.runsIsolated`: PDF, office files,
/// e-books) in a helper process, one per file, so that a parser that crashes, hangs or runs away with
/// memory costs that file only: its warning names the file and the run goes on.
///
/// The helper is an executable that reads a file's bytes on stdin and writes an `IsolatedResult` as
/// JSON on stdout (a container's documents when given `--members`, resuming after `--resume L:U`): `loupe extract-helper` (the CLI re-executing itself), which sets its own CPU-time
/// and address-space limits (`setrlimit`) before parsing. This side adds a time limit (a helper
/// blocked without using CPU is killed; see `timeLimit`) and reads at most `maxOutputBytes` of its answer. The
/// helper uses the standard extractors; an app's own extractors run in process. A library user
/// without such an executable leaves `DirectoryIndexer.isolation` nil: every format then runs in
/// process.
package struct HelperProcessIsolation: Sendable {
    /// The helper's executable and its arguments (before the file name, which is appended).
    package var executable: String
    package var arguments: [String]
    /// Seconds a file may take while its helper could run. The time it waits for a CPU that other
    /// work holds is not counted (`runQueueWait`): on a loaded machine a 1,000-page PDF whose
    /// parsing needs 20 s of CPU may take minutes of wall-clock time, and that is not a hang. A
    /// helper that spins is stopped by its own CPU-time limit; one blocked (not using CPU) is counted
    /// in full. Whatever the load, no file takes more than `maxLoadFactor` times this limit.
    package var timeLimit: Double = 60
    /// How many times `timeLimit` a file may take in wall-clock time when the machine is busy.
    package var maxLoadFactor: Double = 10
    /// The most the helper may write back (the extracted text and its fields).
    package var maxOutputBytes = 256 << 20

    package init(executable: String, arguments: [String]) {
        self.executable = executable
        self.arguments = arguments
    }

    /// What the helper writes on stdout: the text, or the extraction's error.
    package struct IsolatedResult: Codable, Sendable {
        package var title = "", body = "", format = ""
        package var titleIsDeclared = false
        package var fields: [String: String] = [:]
        /// The extraction's error, when it failed.
        package var error: ExtractionError?
        /// A container's documents (`ContainerContents`), when its members were asked for.
        package var members: [Member]?
        package var warnings: [String]?
        package var resume: ContainerResume?
        package var resumed: Bool?

        /// One document of a container.
        package struct Member: Codable, Sendable {
            package var name: String
            package var text: IsolatedResult
        }

        package init(_ contents: ContainerContents) {
            members = contents.members.map { Member(name: $0.name, text: IsolatedResult($0.text)) }
            warnings = contents.warnings
            resume = contents.resume
            resumed = contents.resumed
        }

        var text: ExtractedText {
            ExtractedText(title: title, body: body, titleIsDeclared: titleIsDeclared, format: format, fields: fields)
        }

        package init(_ text: ExtractedText) {
            title = text.title
            body = text.body
            format = text.format
            titleIsDeclared = text.titleIsDeclared
            fields = text.fields
        }

        package init(error: ExtractionError) { self.error = error }
    }

    /// The text of `data` (the file `fileName`), extracted by the helper.
    /// - Throws: `ExtractionError.helperFailed` (a crash, a signal, the time limit, an answer that
    ///   is not one), or the extraction's own `ExtractionError`.
    package func extract(_ data: [UInt8], fileName: String) throws -> ExtractedText {
        let result = try run(data, fileName: fileName, extra: [])
        if let error = result.error { throw error }
        return result.text
    }

    /// The documents of the container `data` (the file `fileName`) after `resume`, read by the helper.
    /// - Throws: as `extract`.
    package func members(_ data: [UInt8], fileName: String, after resume: ContainerResume?) throws -> ContainerContents {
        let result = try run(data, fileName: fileName, extra: ["--members"] + (resume.map { ["--resume", "\($0.length):\($0.units)"] } ?? []))
        if let error = result.error { throw error }
        guard let members = result.members else { throw ExtractionError.helperFailed("no documents in its answer") }
        return ContainerContents(members: members.map { ContainerMember(name: $0.name, text: $0.text.text) },
                                 warnings: result.warnings ?? [], resume: result.resume, resumed: result.resumed ?? false)
    }

    /// Runs the helper on `data` with `extra` arguments (before the `--` that ends `arguments`, if it does).
    private func run(_ data: [UInt8], fileName: String, extra: [String]) throws -> IsolatedResult {
        // The bytes go in through an unlinked temporary file, not a pipe: no deadlock, and no
        // SIGPIPE in the indexer when the helper dies before reading them.
        let input = try Self.unlinkedFile(holding: data)
        defer { close(input) }
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else { throw ExtractionError.helperFailed("no pipe: \(String(cString: strerror(errno)))") }
        // Not inherited by the helpers other threads start meanwhile (their pipe would stay open).
        for p in pipeFDs { _ = fcntl(p, F_SETFD, FD_CLOEXEC) }
        let fd = pipeFDs[0]
        defer { close(fd) }
        // posix_spawn, not Foundation's Process: its wait also waited for a killed helper's children.
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input, 0)
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
        var args = arguments
        args.insert(contentsOf: extra, at: args.last == "--" ? args.count - 1 : args.count)
        let argv = [executable] + args + [fileName]
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, &cArgs, environ)
        close(pipeFDs[1])
        guard spawned == 0 else { throw ExtractionError.helperFailed("cannot start \(executable): \(String(cString: strerror(spawned)))") }
        // Read the answer until its end or the deadline (polled: a helper's own child may hold the
        // pipe open after the helper is killed).
        let started = DispatchTime.now().uptimeNanoseconds
        let limit = UInt64(timeLimit * 1e9), hardLimit = UInt64(timeLimit * max(1, maxLoadFactor) * 1e9)
        var answer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var timedOut = false
        while true {
            let elapsed = DispatchTime.now().uptimeNanoseconds - started
            if elapsed >= limit {
                // Past the limit in wall-clock time: what counts is the time it could run.
                let waited = Self.runQueueWait(pid) ?? 0
                guard elapsed < hardLimit, elapsed - min(elapsed, waited) < limit else { timedOut = true; break }
            }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let r = poll(&pfd, 1, 1000)
            if r < 0 && errno != EINTR { break }
            if r <= 0 { continue }
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            answer.append(contentsOf: chunk[..<n])
            if answer.count > maxOutputBytes { break }
        }
        if timedOut || answer.count > maxOutputBytes { kill(pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if timedOut { throw ExtractionError.helperFailed("no answer within \(Int(timeLimit)) s, stopped") }
        // Killed by a signal: WIFSIGNALED, the signal in the low 7 bits.
        if status & 0x7F != 0 && status & 0x7F != 0x7F {
            throw ExtractionError.helperFailed("it crashed (signal \(status & 0x7F))")
        }
        guard answer.count <= maxOutputBytes else { throw ExtractionError.helperFailed("more than \(maxOutputBytes) bytes of text") }
        guard let result = try? JSONDecoder().decode(IsolatedResult.self, from: Data(answer)) else {
            throw ExtractionError.helperFailed("exit status \((status >> 8) & 0xFF), no answer")
        }
        return result
    }

    /// Nanoseconds the process `pid` (its main thread, where a helper parses) has been runnable but
    /// waiting for a CPU, from Linux's `/proc/PID/schedstat` (its second number); nil when the
    /// system does not tell.
    static func runQueueWait(_ pid: pid_t) -> UInt64? {
        let fd = open("/proc/\(pid)/schedstat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
        guard n > 0 else { return nil }
        let fields = buffer[..<n].split(whereSeparator: { $0 == 0x20 || $0 == 0x0A })
        guard fields.count >= 2 else { return nil }
        return UInt64(String(decoding: fields[1], as: UTF8.self))
    }

    /// The helper's side: limits this process (CPU seconds, address space in bytes), reads a file's
    /// bytes from stdin, extracts them with `registry` and writes the `IsolatedResult` on stdout.
    /// With `members`, the container's documents after `resume`; with `ocr`, images are read too
    /// and pages without text recognized (`DirectoryIndexer.ocr`).
    package static func serve(fileName: String, cpuSeconds: Int, memoryBytes: Int, registry: ExtractorRegistry = .standard,
                             maxExpandedBytes: Int = 64 << 20, members: Bool = false, resume: ContainerResume? = nil,
                             ocr: OCROptions? = nil) -> Int32 {
        var cpu = rlimit(rlim_cur: rlim_t(cpuSeconds), rlim_max: rlim_t(cpuSeconds))
        var memory = rlimit(rlim_cur: rlim_t(memoryBytes), rlim_max: rlim_t(memoryBytes))
        setrlimit(Int32(RLIMIT_CPU.rawValue), &cpu)
        setrlimit(Int32(RLIMIT_AS.rawValue), &memory)
        let data = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        let result: IsolatedResult
        do {
            let registry = ocr == nil ? registry : registry.withImages()
            var context = ExtractionContext(registry: registry, firstLines: false, maxExpandedBytes: maxExpandedBytes)
            context.ocr = ocr
            if members, let container = registry.extractor(for: ExtractionProbe(fileName: fileName, data: data)) as? any ContainerExtractor {
                result = IsolatedResult(try container.members(of: data, fileName: fileName, context: context, after: resume))
            } else {
                result = IsolatedResult(try registry.extract(data, fileName: fileName, context: context))
            }
        } catch let e as ExtractionError {
            result = IsolatedResult(error: e)
        } catch {
            result = IsolatedResult(error: .damaged("\(error)"))
        }
        guard let json = try? JSONEncoder().encode(result) else { return 1 }
        FileHandle.standardOutput.write(json)
        return 0
    }

    /// A descriptor of a new temporary file holding `data`, already unlinked, at offset 0.
    static func unlinkedFile(holding data: [UInt8]) throws -> Int32 {
        let path = NSTemporaryDirectory() + "/loupe-extract-" + UUID().uuidString
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ExtractionError.helperFailed("cannot write a temporary file") }
        unlink(path)
        var written = 0
        let ok = data.withUnsafeBytes { bytes -> Bool in
            while written < bytes.count {
                let n = write(fd, bytes.baseAddress! + written, bytes.count - written)
                if n < 0 { if errno == EINTR { continue }; return false }
                written += n
            }
            return true
        }
        guard ok, lseek(fd, 0, SEEK_SET) == 0 else {
            close(fd)
            throw ExtractionError.helperFailed("cannot write a temporary file")
        }
        return fd
    }

}
