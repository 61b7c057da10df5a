import Foundation
import Testing
@testable import Loupe

/// Merges never launder damage, and a segment's files are known to be that segment's.
@Suite struct MergeTests {
    static let schema = Schema([FieldSpec("path", isPath: true), FieldSpec("body", stored: false)])

    /// An index of two segments (one per commit) at `dir/idx`.
    func twoSegments(_ dir: TempDir) throws -> String {
        let path = dir.path + "/idx"
        let w = try IndexWriter(path: path, schema: Self.schema)
        for i in 0..<50 { try w.add(["path": "a/\(i)", "body": "red green blue \(i) red"]) }
        try w.commit()
        for i in 0..<50 { try w.add(["path": "b/\(i)", "body": "green blue red \(i)"]) }
        try w.commit()
        #expect(try IndexReader(path: path).segments.count == 2)
        return path
    }

    @Test func aMergeRefusesADamagedSegmentAndKeepsIt() throws {
        let dir = TempDir()
        let path = try twoSegments(dir)
        let first = try IndexReader(path: path).segments[0].info.name
        let file = path + "/" + first + ".pos"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        bytes[bytes.count / 2] ^= 0x04
        try bytes.write(to: URL(fileURLWithPath: file))
        let names = try IndexDirectory(path: path).list()

        #expect {
            let w = try IndexWriter(path: path, schema: Self.schema)
            try w.forceMerge()
        } throws: { error in
            guard case let LoupeError.corrupt(name, reason) = error else { return false }
            return name == first + ".pos" && reason.contains("checksum")
        }
        // The damaged original and everything else of the last commit are still there, as they were.
        #expect(try IndexDirectory(path: path).list() == names)
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == bytes)
        #expect(try IndexReader(path: path).segments.count == 2)
    }

    /// A `.pos` swapped between two segments keeps valid checksums; the segment ids catch it at open
    /// (what `loupe check`, search and the writer all do first).
    @Test func aFileSwappedBetweenSegmentsIsCaughtAtOpen() throws {
        let dir = TempDir()
        let path = try twoSegments(dir)
        let names = try IndexReader(path: path).segments.map(\.info.name)
        let a = path + "/" + names[0] + ".pos", b = path + "/" + names[1] + ".pos"
        try FileManager.default.moveItem(atPath: a, toPath: a + ".x")
        try FileManager.default.moveItem(atPath: b, toPath: a)
        try FileManager.default.moveItem(atPath: a + ".x", toPath: b)
        #expect {
            _ = try IndexReader(path: path)
        } throws: { error in
            guard case let LoupeError.corrupt(name, reason) = error else { return false }
            return name.hasSuffix(".pos") && reason.contains("another segment")
        }
    }

    /// Every file of a segment carries the id the manifest records for it, and the id starts with
    /// the index's tag (the first bytes of its marker's id).
    @Test func segmentFilesCarryTheManifestsID() throws {
        let dir = TempDir()
        let path = try twoSegments(dir)
        let indexID = try #require(try IndexMarker.read(IndexDirectory(path: path)))
        let segments = try IndexReader(path: path).manifest.segments
        #expect(Set(segments.compactMap(\.id)).count == 2)
        for s in segments {
            let id = try #require(s.id)
            #expect(Array(id.prefix(8)) == Array(indexID.prefix(8)))
            for ext in SegmentWriter.extensions {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: path + "/" + s.name + "." + ext))
                #expect(Array(bytes[8..<24]) == id, "\(s.name).\(ext)")
            }
        }
    }
}
