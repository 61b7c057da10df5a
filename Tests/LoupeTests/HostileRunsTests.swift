import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// The hostile-filesystem test: runs of the indexer on a folder whose files and folders
/// are swapped for links (to a file or folder outside it, to `/dev/zero`), FIFOs, or grow past the
/// limit, at seeded moments (before the walk, or between the walk and a file's read). After each
/// run the index opens, passes every checksum, holds nothing from outside and nothing past the
/// limit, and a search's reads of the hits' files refuse what was swapped.
///
/// Rounds: `LOUPE_HOSTILE_ROUNDS` (default 10, about a second), seed `LOUPE_HOSTILE_SEED`;
/// `scripts/hostile-fs.sh` runs the long form.
@Suite struct HostileRunsTests {
    enum Swap: CaseIterable {
        case linkToOutsideFile, linkToDevZero, fifo, grow, folderToLink, rewrite
    }

    /// Swaps made from the indexing threads; each folder is swapped once per run.
    final class Swapper: @unchecked Sendable {
        let src: String, outside: String, stash: String
        let atRead: [String: Swap]
        private var swappedFolders = Set<String>()
        private let lock = NSLock()

        init(src: String, outside: String, stash: String, atRead: [String: Swap]) {
            self.src = src
            self.outside = outside
            self.stash = stash
            self.atRead = atRead
        }

        /// Whether `rel` is a regular file reached through real folders: the swaps themselves must
        /// not write through a folder already swapped for a link, nor open a FIFO for writing.
        func isPlainFile(_ rel: String) -> Bool {
            var path = src
            var st = stat()
            for part in rel.split(separator: "/") {
                path += "/" + part
                guard lstat(path, &st) == 0 else { return false }
                if st.st_mode & S_IFMT == S_IFLNK { return false }
            }
            return st.st_mode & S_IFMT == S_IFREG
        }

        func apply(_ swap: Swap, to rel: String) {
            let fm = FileManager.default
            let path = src + "/" + rel
            lock.lock()
            defer { lock.unlock() }
            guard isPlainFile(rel) else { return }
            switch swap {
            case .linkToOutsideFile:
                try? fm.removeItem(atPath: path)
                _ = symlink(outside + "/secret.txt", path)
            case .linkToDevZero:
                try? fm.removeItem(atPath: path)
                _ = symlink("/dev/zero", path)
            case .fifo:
                try? fm.removeItem(atPath: path)
                _ = mkfifo(path, 0o644)
            case .grow:
                if let h = FileHandle(forWritingAtPath: path) {
                    h.seekToEndOfFile()
                    h.write(Data(String(repeating: "growword ", count: 10_000).utf8))
                    h.closeFile()
                }
            case .folderToLink:
                let folder = (rel as NSString).deletingLastPathComponent
                guard !folder.isEmpty, swappedFolders.insert(folder).inserted else { return }
                try? fm.createDirectory(atPath: stash, withIntermediateDirectories: true)
                try? fm.moveItem(atPath: src + "/" + folder, toPath: stash + "/" + folder)
                _ = symlink(outside, src + "/" + folder)
            case .rewrite:
                try? "rewritten common text".write(toFile: path, atomically: false, encoding: .utf8)
            }
        }

        func beforeRead(_ rel: String) { if let s = atRead[rel] { apply(s, to: rel) } }
    }

    static let folders = ["", "d1", "d2", "d2/deep"]
    static let secret = HostileFilesTests.secret

    /// Puts every file back as a regular file with its first content, folders back in place.
    func restore(_ src: String, stash: String, files: [String]) throws {
        let fm = FileManager.default
        // Only the secret is outside.
        for name in try fm.contentsOfDirectory(atPath: src + "/../outside") where name != "secret.txt" {
            try fm.removeItem(atPath: src + "/../outside/" + name)
        }
        for f in Self.folders where !f.isEmpty {
            let path = src + "/" + f
            if (try? fm.destinationOfSymbolicLink(atPath: path)) != nil {
                try fm.removeItem(atPath: path)
                try fm.moveItem(atPath: stash + "/" + f, toPath: path)
            }
        }
        for f in files {
            let path = src + "/" + f
            var st = stat()
            if lstat(path, &st) == 0, st.st_mode & S_IFMT != S_IFREG { try fm.removeItem(atPath: path) }
            try "common words of \((f as NSString).lastPathComponent.replacingOccurrences(of: ".", with: " "))"
                .write(toFile: path, atomically: false, encoding: .utf8)
        }
    }

    @Test func seededSwapsDuringRunsLeaveASoundIndexWithNothingFromOutside() throws {
        let env = ProcessInfo.processInfo.environment
        let rounds = env["LOUPE_HOSTILE_ROUNDS"].flatMap(Int.init) ?? 10
        var random = SplitMix64(seed: env["LOUPE_HOSTILE_SEED"].flatMap { UInt64($0) } ?? 0x5EED_F11E)
        let dir = TempDir()
        dir.write("outside/secret.txt", "the \(Self.secret) lives here")
        let src = dir.path + "/src", outside = dir.path + "/outside", stash = dir.path + "/stash"
        var files: [String] = []
        for f in Self.folders {
            for n in 0..<4 { files.append((f.isEmpty ? "" : f + "/") + "file\(n).txt") }
        }
        for f in Self.folders where !f.isEmpty { try FileManager.default.createDirectory(atPath: src + "/" + f, withIntermediateDirectories: true) }
        try restore(src, stash: stash, files: files)

        for round in 0..<rounds {
            // Some files swapped before the walk, some between the walk and their read.
            var before: [String: Swap] = [:], atRead: [String: Swap] = [:]
            for f in files {
                switch random.below(6) {
                case 0: before[f] = Swap.allCases[random.below(Swap.allCases.count)]
                case 1: atRead[f] = Swap.allCases[random.below(Swap.allCases.count)]
                default: break
                }
            }
            let swapper = Swapper(src: src, outside: outside, stash: stash, atRead: atRead)
            for (f, s) in before.sorted(by: { $0.key < $1.key }) { swapper.apply(s, to: f) }
            var ix = trustingIndexer(dir, full: random.below(4) == 0)
            ix.maxFileBytes = 32 << 10
            ix.beforeRead = { swapper.beforeRead($0) }
            let summary = try ix.run()

            let context = "round \(round): before \(before), at read \(atRead), \(summary)"
            let searcher = try Searcher(path: dir.path + "/idx")
            try searcher.reader.verifyChecksums()
            #expect(try searcher.search(Self.secret, limit: 10).hits.isEmpty, "outside content indexed: \(context)")
            #expect(try searcher.search("growword", limit: 10).hits.isEmpty, "read past the limit: \(context)")
            let hits = try searcher.search("common OR rewritten", limit: 100).hits
            #expect(Set(hits.compactMap(\.path)).isSubset(of: Set(files)), "\(context)")
            // A search's reads of the hits' files: the file as indexed, or a refusal.
            let sources = SourceDocumentReader(reader: searcher.reader)
            for hit in hits {
                if case let .success(text) = sources.text(of: hit.path ?? "", whole: true) {
                    #expect(!text.body.contains(Self.secret) && text.body.utf8.count <= 32 << 10, "\(context)")
                }
            }
            try restore(src, stash: stash, files: files)
        }
        // Put back, the folder indexes whole.
        _ = try trustingIndexer(dir).run()
        let searcher = try Searcher(path: dir.path + "/idx")
        #expect(try searcher.search("common", limit: 100).hits.count == files.count)
        try searcher.reader.verifyChecksums()
    }
}
