import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// zstd packs a gigabyte of one byte into 32 KB: a frame of RLE blocks, each 3 header bytes and
/// the byte, standing for 128 KiB. What a crafted catalog or `.sto` holds in place of its frames.
func zstdBomb(rawLength: Int) -> [UInt8] {
    var out: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0xE0]
    withUnsafeBytes(of: UInt64(rawLength).littleEndian) { out.append(contentsOf: $0) }
    var left = rawLength
    while left > 0 {
        let n = min(left, 128 << 10)
        left -= n
        let header = UInt32(n) << 3 | 1 << 1 | (left == 0 ? 1 : 0) // type 1: RLE
        out += [UInt8(truncatingIfNeeded: header), UInt8(truncatingIfNeeded: header >> 8), UInt8(truncatingIfNeeded: header >> 16), 0]
    }
    return out
}

/// Memory bombs in a hostile index: each allocation a count or length from a file drives is bounded
/// by what the file's size allows, before anything is allocated.
@Suite(.serialized) struct HostileIndexTests {
    /// A frame claiming far more than its size was decompressed whole (a 435 KB `.sto` made `check
    /// --deep` unpack 12 GB and say ok).
    @Test func aZstdFrameClaimingMoreThanItsRatioIsRefused() throws {
        let bomb = zstdBomb(rawLength: 64 << 20)
        #expect(bomb.count < 3000)
        let out = bomb.withUnsafeBytes { ZstdDecompressor().decompress($0, rawLength: 64 << 20) }
        #expect(out == nil)
        // What compresses past the ratio is written as stored blocks, and read back.
        let zeros = [UInt8](repeating: 0, count: 300_000)
        let frame = try ZstdCompressor().compress(zeros)
        #expect(frame.count * ZstdLimits.maxRatio >= zeros.count)
        #expect(frame.withUnsafeBytes { ZstdDecompressor().decompress($0, rawLength: zeros.count) } == zeros)
        let text = Array(String(repeating: "a different line each time? no, the same line. ", count: 200).utf8)
        let packed = try ZstdCompressor().compress(text)
        #expect(packed.withUnsafeBytes { ZstdDecompressor().decompress($0, rawLength: text.count) } == text)
    }

    /// A catalog of 30 KB whose frame claims 1 GiB: `stats` and `search` passed 2–5 GB. Every command
    /// now stays under 256 MB of address space, reports the catalog damaged, and `index` reads the
    /// files again.
    @Test func aCatalogBombStaysUnder256MB() throws {
        let tmp = TempDir()
        tmp.write("src/a.txt", "alpha words")
        tmp.write("src/b.txt", "beta words")
        let index = tmp.path + "/idx"
        #expect(try CLI.run(["index", tmp.path + "/src", "--index", index]).status == 0)
        let reader = try IndexReader(path: index)
        let generation = reader.manifest.generation
        let catalog = index + "/" + CommitCatalogFile.fileName(generation)
        try rewriteWithChecksum(catalog) { b in
            let rawLength = 1 << 30
            var body: [UInt8] = []
            withUnsafeBytes(of: generation.littleEndian) { body += $0 }
            body += varintBytes(2) + varintBytes(UInt64(rawLength / 5)) + varintBytes(0) + varintBytes(UInt64(rawLength))
            body += zstdBomb(rawLength: rawLength)
            b = Array(b[..<8]) + body + [0, 0, 0, 0] + Array("LEND".utf8)
        }
        for args in [["stats", "--index", index], ["search", "words", "--index", index], ["check", "--deep", "--index", index],
                     ["list"], ["index", tmp.path + "/src", "--index", index]] {
            let r = try CLI.run(args, memoryCapMB: 256)
            #expect(r.status <= 2, "\(args): status \(r.status), \(r.stderr)")
            #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Crash"), "\(args): \(r.stderr)")
        }
        #expect(try Searcher(path: index).search("words").totalHits == 2, "the run read the files again")
        #expect(try IndexReader(path: index).sourceCatalog() != nil)
    }

    /// A `.sto` whose eight blocks each claim 64 MiB from 2 KB: searches took 560–620 MB (eight
    /// blocks cached) and `check --deep` unpacked them all and said ok. Each command now stays under
    /// 256 MB and names the file.
    @Test func aStoredFieldsBombStaysUnder256MB() throws {
        let tmp = TempDir()
        for i in 0..<8 { tmp.write("src/\(i).html", "<html><head><title>Page \(i)</title></head><body>common words</body></html>") }
        let index = tmp.path + "/idx"
        #expect(try CLI.run(["index", tmp.path + "/src", "--index", index]).status == 0)
        let segment = try IndexReader(path: index).manifest.segments[0].name
        try craftStoredFieldsBomb(index + "/" + segment + ".sto", blocks: 8, rawLength: 64 << 20)
        for args in [["search", "words", "--index", index], ["check", "--deep", "--index", index], ["stats", "--index", index],
                     ["index", tmp.path + "/src", "--index", index]] {
            let r = try CLI.run(args, memoryCapMB: 256)
            // `stats` and an unchanged `index` run read no block: they may succeed.
            let readsBlocks = args[0] == "search" || args[0] == "check"
            #expect(readsBlocks ? r.status == 2 : r.status <= 2, "\(args): status \(r.status), \(r.stderr)")
            #expect(!readsBlocks || r.stderr.contains(segment + ".sto"), "\(args): \(r.stderr)")
        }
    }
}

/// A `.sto` of `blocks` blocks of one document each, every frame a bomb claiming `rawLength`, its
/// checksums right (so readers reach the frames): what the 435 KB crafted `.sto` did.
func craftStoredFieldsBomb(_ path: String, blocks: Int, rawLength: Int) throws {
    let old = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    func u64(_ at: Int) -> Int { Int(old[at..<(at + 8)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }) }
    let t = old.count - 8 - 56
    let docCount = u64(t), keyField = u64(t + 24), columnStart = u64(t + 32), groupsStart = u64(t + 40)
    let headerSize = 8 + FileFormat.segmentIDSize
    var out = Array(old[..<headerSize])
    let frame = zstdBomb(rawLength: rawLength)
    var index: [UInt8] = []
    func le<T: FixedWidthInteger>(_ v: T, _ into: inout [UInt8]) { withUnsafeBytes(of: v.littleEndian) { into += $0 } }
    for b in 0..<min(blocks, docCount) {
        le(UInt32(b), &index); le(UInt32(rawLength), &index); le(UInt64(out.count), &index); le(CRC32C.checksum(frame), &index)
        out += frame
    }
    let indexStart = out.count
    var tail = index + old[columnStart..<t]
    let newColumn = indexStart + index.count
    out += tail
    for v in [docCount, min(blocks, docCount), indexStart, keyField, newColumn, newColumn + (groupsStart - columnStart)] { le(UInt64(v), &out) }
    le(UInt64(CRC32C.checksum(tail)), &out)
    tail = []
    out += [0, 0, 0, 0] + Array("LEND".utf8)
    fixChecksum(&out)
    try Data(out).write(to: URL(fileURLWithPath: path))
}

/// Bit rot, without a checksum recomputed: a flipped bit in `.sto`'s key column showed another
/// file's path, one in a block another title, one in `.nrm` changed scores, all with exit 0. Each is
/// now an error naming the file, when the segment opens or when the block is read.
@Suite struct BitRotTests {
    func index(_ dir: TempDir) throws -> String {
        let path = dir.path + "/index"
        let w = try IndexWriter(path: path, schema: .files)
        for (p, t) in [("docs/alpha.txt", "Alpha title"), ("docs/beta.txt", "Beta title"), ("docs/gamma.txt", "Gamma title")] {
            try w.add(["path": p, "title": t, "body": "common words " + t])
        }
        try w.close()
        return path
    }

    func flip(_ file: String, at: (([UInt8]) -> Int?)) throws {
        var b = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        let i = try #require(at(b))
        b[i] ^= 0x04
        try Data(b).write(to: URL(fileURLWithPath: file))
    }

    func expectCorrupt(_ name: String, _ body: () throws -> Void) {
        #expect {
            try body()
        } throws: { error in
            guard case let LoupeError.corrupt(file, _) = error else { return false }
            return file == name
        }
    }

    @Test func aFlippedBitInThePathColumnIsAnError() throws {
        let dir = TempDir()
        let path = try index(dir)
        try flip(path + "/_0.sto") { offset(of: Array("gamm".utf8), in: $0).map { $0 + 1 } }
        expectCorrupt("_0.sto") { _ = try Searcher(path: path).search("gamma") }
    }

    @Test func aFlippedBitInAStoredBlockIsAnError() throws {
        let dir = TempDir()
        let path = try index(dir)
        try flip(path + "/_0.sto") { offset(of: Array("Alpha title".utf8), in: $0).map { $0 + 1 } }
        let s = try Searcher(path: path)
        expectCorrupt("_0.sto") { _ = try s.search("alpha") }
    }

    @Test func aFlippedBitInTheNormsIsAnErrorAtOpen() throws {
        let dir = TempDir()
        let path = try index(dir)
        try flip(path + "/_0.nrm") { $0.count > 40 ? $0.count - 12 : nil }
        expectCorrupt("_0.nrm") { _ = try IndexReader(path: path) }
    }
}

/// A catalog that passes its own checks but lists other documents than the segments' stored paths
/// (`check --deep` called it damaged) was trusted by the next run, which committed on top of it.
/// The run now stops naming it, and the index keeps every document.
@Suite struct DamagedCatalogRunTests {
    /// What the README promises: a catalog that fails its checks is reported, and the run reads and
    /// indexes every file again, dropping none.
    @Test func aCatalogFailingItsChecksumMeansEveryFileIsReadAgain() throws {
        let dir = TempDir()
        for n in ["a", "b", "c"] { dir.write("src/\(n).txt", "words of \(n)") }
        _ = try trustingIndexer(dir).run()
        let g = try IndexReader(path: dir.path + "/idx").manifest.generation
        let file = dir.path + "/idx/" + SourceCatalog.fileName(g)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        bytes[20] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let summary = try trustingIndexer(dir).run()
        #expect(summary.updated == 3 && summary.added == 0 && summary.deleted == 0, "\(summary)")
        #expect(summary.warnings.contains { $0.contains(SourceCatalog.fileName(g)) }, "\(summary.warnings)")
        let reader = try IndexReader(path: dir.path + "/idx")
        #expect(reader.documentCount == 3)
        _ = try reader.verifyDeep()
    }

    @Test func aCatalogThatDisagreesWithTheStoredPathsStopsTheRun() throws {
        let dir = TempDir()
        for n in ["a", "b", "c"] { dir.write("src/\(n).txt", "words of \(n)") }
        _ = try trustingIndexer(dir).run()
        let reader = try IndexReader(path: dir.path + "/idx")
        let g = reader.manifest.generation
        let file = dir.path + "/idx/" + SourceCatalog.fileName(g)
        let sound = try SourceCatalog.read(file, generation: g, documents: 3)
        var wrong = SourceCatalog()
        for i in 0..<sound.count {
            let p = sound.path(i) == "b.txt" ? "x.txt" : sound.path(i)
            wrong.append(path: p, size: sound.sizes[i], mtime: sound.mtimes[i], hash: sound.hashes[i])
        }
        for f in sound.folders { wrong.appendFolder(path: f.path, parent: f.parent, files: f.files, inode: f.inode, ctime: f.ctime) }
        try FileManager.default.removeItem(atPath: file)
        try wrong.write(to: file, generation: g)
        #expect(throws: LoupeError.self) { try IndexReader(path: dir.path + "/idx").verifyDeep() }
        dir.write("src/c.txt", "other words of c, longer")
        #expect {
            _ = try trustingIndexer(dir).run()
        } throws: { error in
            guard case let LoupeError.corrupt(name, _) = error else { return false }
            return name == SourceCatalog.fileName(g)
        }
        let after = try IndexReader(path: dir.path + "/idx")
        #expect(after.manifest.generation == g && after.documentCount == 3, "nothing committed, nothing lost")
        // A rebuild, as the error says, gets a sound index.
        _ = try trustingIndexer(dir, full: true).run()
        _ = try IndexReader(path: dir.path + "/idx").verifyDeep()
    }
}

/// `--memory` cannot bound one file's own postings (a 63 MB file of distinct words took ~700 MB with
/// `--memory 64`): `--help` says so, and that a thread's buffer is flushed at 512 MB whatever it asks.
@Test func theMemoryOptionSaysWhatItCannotBound() throws {
    let r = try CLI.run(["index", "--help"])
    let help = r.stdout.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
    #expect(help.contains("at most 512 per thread"), "\(help)")
    #expect(help.contains("one file's own postings"), "\(help)")
}
