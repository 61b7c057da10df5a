import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// The index the fuzz targets of `Benchmarks/Fuzz` start from (`FuzzFixture`, shared with them).
func fuzzBaseIndex(_ dir: TempDir) throws -> String {
    try FuzzFixture.buildIndex(source: dir.path + "/src", index: dir.path + "/index")
    return dir.path + "/index"
}

/// What a fuzz target does with a damaged index (`FuzzFixture.exercise`).
func exerciseDamagedIndex(_ index: String, source: String?, merge: Bool = true) {
    FuzzFixture.exercise(index, source: source, merge: merge)
}

/// The crashers the fuzz targets found, each the body of one file of `fuzzBaseIndex` (base64), kept
/// so a fix stays fixed; and seeded random damage to every file of that index.
@Suite struct FuzzRegressionTests {
    /// Replaces the body of the `format` file of a fresh base index with `body` (valid checksum),
    /// choosing the file as the fuzz target of that format does.
    func withBody(_ body: [UInt8], of format: String, _ run: (String, String) throws -> Void) throws {
        let dir = TempDir()
        let index = try fuzzBaseIndex(dir)
        let wanted: (String) -> Bool = switch format {
        case "manifest": { $0.hasPrefix("manifest-") }
        case "catalog": { $0.hasPrefix("catalog-") }
        case "del": { $0.hasSuffix(".del") }
        default: { $0 == "_0." + format }
        }
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: index).sorted().first(where: wanted))
        try rewriteWithChecksum(index + "/" + file) { b in
            var body = body
            // A segment file's body opens with the segment's id, new in every base index: the
            // sound file's is put in, as the fuzz harness does, so the decoders are reached.
            if Self.segmentFormats.contains(format), body.count >= FileFormat.segmentIDSize {
                body.replaceSubrange(0..<FileFormat.segmentIDSize, with: b[8..<(8 + FileFormat.segmentIDSize)])
            }
            b = Array(b[..<8]) + body + [0, 0, 0, 0] + Array("LEND".utf8)
        }
        try run(index, dir.path + "/src")
    }

    /// fuzz-tim: a dictionary whose keys repeat. The merge added the key's postings twice, out of
    /// order, and TermDocsEncoder trapped on a negative gap.
    @Test func aDictionaryThatRepeatsAKeyIsRefusedByTheMerge() throws {
        let dir = TempDir()
        let path = dir.path + "/index"
        let w = try IndexWriter(path: path, schema: DamagedIndexTests.bodyOnly)
        try w.add(["body": "apple bpple"]); try w.add(["body": "apple"]); try w.flush()
        try w.add(["body": "apple"]); try w.commit()
        // _0.tim: "\0apple", then "\0bpple" sharing 1 byte (lengths 0x15): made "\0apple" again.
        try rewriteWithChecksum(path + "/_0.tim") { b in
            let at = offset(of: [0x15] + Array("bpple".utf8), in: b)!
            b[at + 1] = UInt8(ascii: "a")
        }
        #expect(throws: LoupeError.self) { try w.forceMerge() }
    }

    /// fuzz-tim: an empty key. The deep check read its field byte (index out of range) and a
    /// lookup of it passed a null pointer to memcmp.
    @Test func anEmptyKeyIsRefusedByTheDeepCheck() throws {
        let dir = TempDir()
        let path = dir.path + "/index"
        let w = try IndexWriter(path: path, schema: DamagedIndexTests.bodyOnly)
        try w.add(["body": "apple pear"]); try w.commit()
        var entries: [([UInt8], TermInfo)] = []
        try IndexReader(path: path).segments[0].terms.forEachEntry { entries.append(($0, $1)) }
        let id = try #require(IndexReader(path: path).manifest.segments[0].id)
        let t = try TermDictionaryWriter(FileSystemDirectory(path: dir.path), name: "new.tim", segmentID: id)
        try t.add(key: [], info: entries[0].1)
        for (k, info) in entries { try t.add(key: k, info: info) }
        try t.finish()
        try FileManager.default.removeItem(atPath: path + "/_0.tim")
        try FileManager.default.moveItem(atPath: dir.path + "/new.tim", toPath: path + "/_0.tim")
        let reader = try IndexReader(path: path)
        #expect(throws: LoupeError.self) { _ = try reader.verifyDeep() }
        _ = try? Searcher(reader: reader).search("apple OR app*")
    }

    static let segmentFormats: Set<String> = ["tim", "doc", "pos", "nrm", "sto"]

    /// Each crasher runs through everything a fuzz target runs (no trap), and is refused by the
    /// check meant for it: opening the index, its deep check, its catalog and every stored document,
    /// the first `LoupeError` thrown is the crasher's `refusal`.
    @Test(arguments: FuzzCrashers.all)
    func aFuzzCrasherIsRefusedNotACrash(_ crasher: FuzzCrashers.Crasher) throws {
        let body = [UInt8](try #require(Data(base64Encoded: crasher.base64)))
        try withBody(body, of: crasher.format) { index, src in
            let error = #expect(throws: LoupeError.self) {
                let reader = try IndexReader(path: index)
                _ = try reader.verifyDeep()
                _ = try reader.sourceCatalog()
                for s in reader.segments { for d in 0..<Int32(s.docCount) { _ = try s.storedFields(d) } }
            }
            guard case let .corrupt(file, reason)? = error else {
                Issue.record("\(crasher.testDescription): \(String(describing: error)), not a damaged file")
                return
            }
            #expect(file == crasher.refusal.file)
            #expect(reason.contains(crasher.refusal.reason), "\(reason)")
            exerciseDamagedIndex(index, source: src)
        }
    }

    @Test func theCrashersAreTested() {
        #expect(FuzzCrashers.all.count >= 2)
    }

    /// Seeded random bit flips and byte rewrites, one file at a time, checksums recomputed: open,
    /// search, check, deep check, statistics and merge must throw or succeed, never trap.
    @Test func randomDamageToEveryFileIsAnErrorNotACrash() throws {
        let dir = TempDir(inMemory: true) // 24 copies of the index: tmpfs when there is one
        let index = try fuzzBaseIndex(dir)
        let names = try FileManager.default.contentsOfDirectory(atPath: index).filter { $0 != "write.lock" }.sorted()
        let originals = try names.map { [UInt8](try Data(contentsOf: URL(fileURLWithPath: index + "/" + $0))) }
        var rng = SplitMix64(seed: 0x5EED_11)
        let work = dir.path + "/work"
        var refused = 0, rounds = 0
        for round in 0..<24 {
            try? FileManager.default.removeItem(atPath: work)
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: false)
            for (n, b) in zip(names, originals) { #expect(FileManager.default.createFile(atPath: work + "/" + n, contents: Data(b))) }
            let target = round % names.count
            var b = originals[target]
            let bodyCount = b.count - 16
            guard bodyCount > 0 else { continue }
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                let at = 8 + Int(rng.next() % UInt64(bodyCount))
                if rng.next() % 2 == 0 { b[at] ^= 1 << UInt8(rng.next() % 8) } else { b[at] = UInt8(truncatingIfNeeded: rng.next()) }
            }
            fixChecksum(&b)
            #expect(FileManager.default.createFile(atPath: work + "/" + names[target], contents: Data(b)))
            if (try? IndexReader(path: work).verifyDeep()) == nil { refused += 1 }
            exerciseDamagedIndex(work, source: nil, merge: round % 8 == 0)
            rounds += 1
        }
        // Most damage is seen by the deep check (a flip in a stored value's text or a hash is not).
        #expect(rounds == 24 && refused > rounds / 2, "\(refused) of \(rounds) refused")
    }
}


extension FuzzRegressionTests {
    /// fuzz-manifest: a manifest whose nextSegment is 0 while `_0` is live. The merge wrote its new
    /// `_0.tim` over the one it was reading (mapped): SIGBUS. The reader refuses such a manifest.
    @Test func aNextSegmentNumberThatIsAlreadyLiveIsRefused() throws {
        let dir = TempDir()
        let path = dir.path + "/index"
        let w = try IndexWriter(path: path, schema: DamagedIndexTests.bodyOnly)
        try w.add(["body": "one"]); try w.flush()
        try w.add(["body": "two"]); try w.commit()
        var m = try #require(try Manifest.latest(in: FileSystemDirectory(path: path)))
        m.nextSegment = 0
        try m.write(to: FileSystemDirectory(path: path))
        #expect(throws: LoupeError.self) { _ = try IndexWriter(path: path, schema: DamagedIndexTests.bodyOnly) }
        m.nextSegment = 2
        m.segments[1].name = m.segments[0].name
        try m.write(to: FileSystemDirectory(path: path))
        #expect(throws: LoupeError.self) { _ = try IndexReader(path: path) }
    }
}
