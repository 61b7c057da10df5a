import Foundation
import Glibc
import Loupe
@_spi(Benchmarks) import LoupeCore

/// What every fuzz target shares: a small sound index built once per process (two segments, one
/// with a deletions file, a source catalog, folded terms, stored titles, a full postings block),
/// and a run that puts the fuzzer's bytes in place of one of its files, with the format's header
/// and a valid footer (so the checksum passes and the decoders are reached), then opens, searches,
/// checks (plain and deep), reads the statistics and the catalog, re-runs the indexer over the
/// index and merges it. Nothing may trap; any thrown error is a correct answer.
///
/// With `LOUPE_FUZZ_MEMORY_MB` set (a build without AddressSanitizer, whose shadow memory needs
/// terabytes of address space), the process's address space is capped there (`setrlimit`), so
/// an input that makes a reader allocate far more than the file holds ends the run as a finding
/// (an allocation failure traps). Under AddressSanitizer, `scripts/fuzz.sh` asks libFuzzer for the
/// same with `-malloc_limit_mb`.
public enum Harness {
    public enum Format: String, Sendable {
        case manifest, tim, doc, pos, nrm, sto, col, del, catalog
    }

    nonisolated(unsafe) static var format = Format.tim
    nonisolated(unsafe) static var folder = ""
    /// The sound index's files by name, and the one the input replaces.
    nonisolated(unsafe) static var files: [(name: String, bytes: [UInt8])] = []
    nonisolated(unsafe) static var target = 0

    /// Builds the sound index; with `LOUPE_FUZZ_SEED_DIR` set, writes the target file's body there
    /// as the first corpus entry.
    public static func setUp(format: Format) -> Int32 {
        self.format = format
        let base = (FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory())
        folder = base + "/loupe-fuzz-\(format.rawValue)-\(getpid())"
        try? FileManager.default.removeItem(atPath: folder)
        do {
            try buildIndex()
            let names = try FileManager.default.contentsOfDirectory(atPath: folder + "/index").sorted()
            files = try names.map { ($0, [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/index/" + $0)))) }
            let wanted: (String) -> Bool
            switch format {
            case .manifest: wanted = { $0.hasPrefix("manifest-") }
            case .catalog: wanted = { $0.hasPrefix("catalog-") }
            case .del: wanted = { $0.hasSuffix(".del") }
            default: wanted = { $0 == "_0." + format.rawValue }
            }
            guard let t = files.firstIndex(where: { wanted($0.name) }) else { fatalError("no \(format) file in \(names)") }
            target = t
            if let seeds = ProcessInfo.processInfo.environment["LOUPE_FUZZ_SEED_DIR"] {
                let b = files[t].bytes
                try Data(b[8..<(b.count - 8)]).write(to: URL(fileURLWithPath: seeds + "/seed-\(format.rawValue)"))
            }
        } catch {
            fatalError("fuzz set-up: \(error)")
        }
        atexit { try? FileManager.default.removeItem(atPath: Harness.folder) }
        if let mb = ProcessInfo.processInfo.environment["LOUPE_FUZZ_MEMORY_MB"].flatMap(Int.init), mb > 0 {
            // On top of what the process has mapped by now (runtime, libraries, the threads' stacks
            // and malloc arenas the set-up made): the cap bounds what the inputs cost.
            let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
            let vmKB = status.split(separator: "\n").first { $0.hasPrefix("VmSize:") }
                .flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
            let bytes = rlim_t(vmKB) << 10 + rlim_t(mb) << 20
            var limit = rlimit(rlim_cur: bytes, rlim_max: bytes)
            if setrlimit(Int32(RLIMIT_AS.rawValue), &limit) != 0 { fatalError("setrlimit: \(String(cString: strerror(errno)))") }
        }
        return 0
    }

    static func buildIndex() throws {
        try FuzzFixture.buildIndex(source: folder + "/src", index: folder + "/index")
    }

    /// One input: `body` becomes the target file's body.
    public static func run(_ body: UnsafeBufferPointer<UInt8>) -> Int32 {
        let index = folder + "/work"
        try? FileManager.default.removeItem(atPath: index)
        try? FileManager.default.createDirectory(atPath: index, withIntermediateDirectories: false)
        for (i, f) in files.enumerated() {
            var bytes = f.bytes
            if i == target {
                var body = Array(body)
                // A segment file's body opens with its segment's id, new in every process: the sound
                // file's is put in, so a corpus kept from an earlier run still reaches the decoders.
                if ![.manifest, .del, .catalog].contains(format), body.count >= 16 {
                    body.replaceSubrange(0..<16, with: f.bytes[8..<24])
                }
                bytes = Array(f.bytes[..<8]) + body
                var crc = CRC32C()
                crc.update(bytes)
                withUnsafeBytes(of: crc.value.littleEndian) { bytes.append(contentsOf: $0) }
                bytes.append(contentsOf: Array("LEND".utf8))
            }
            FileManager.default.createFile(atPath: index + "/" + f.name, contents: Data(bytes))
        }
        exercise(index)
        return 0
    }

    static func exercise(_ index: String) {
        // The indexer re-runs over the index when the input is a file it reads (the catalog, the
        // deletions, the stored keys, the manifest).
        let reruns: [Format] = [.catalog, .del, .sto, .manifest]
        FuzzFixture.exercise(index, source: reruns.contains(format) ? folder + "/src" : nil)
    }
}
