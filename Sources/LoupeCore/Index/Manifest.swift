/// A commit point: which segments are live, the schema, and user data. Each commit writes a new
/// `manifest-<generation>` file atomically; readers open the highest generation that checks out.
///
/// File `manifest-<generation>` (magic "LMAN", version 5), inside `FileFormat`'s envelope:
/// ```
/// body      := generation:u64 nextSegment:u64 schema segments userData
/// schema    := nFields:varint field*
/// field     := name:string flags:u8 boost:u32 analyzer:string type:u8 options:u8
///                                                   -- flags: 1 indexed, 2 stored, 4 path, 8 keyword; boost = Float bits;
///                                                   -- analyzer: its name in an `AnalyzerRegistry`;
///                                                   -- type: `FieldType`'s raw value; options: 1 multi-valued,
///                                                   -- 2 fast, 4 case-sensitive, 8 not searched by default
/// segments  := nSegments:varint segment*
/// segment   := name:string idLength:u8 id[idLength] segFlags:u8 docCount:varint delGen:varint deletedCount:varint
///              fieldStats{nFields}                  -- id: what the segment's files carry in their headers;
///                                                   -- segFlags: 1 = the segment has a `.col` file
///                                                   -- (idLength 16; 0 for a segment written before ids);
///                                                   -- delGen 0: no deletions; else `<name>_<delGen>.del`
/// fieldStats:= docsWithField:varint sumLength:varint -- for BM25's N and avgdl (0 0 when not indexed)
/// userData  := n:varint (key:string value:string)*
/// string    := length:varint utf8[length]
/// ```
/// A reader refuses: generation, nextSegment or a delGen ≥ 2⁶³ (the writer adds 1 to them); a
/// boost that is not finite and ≥ 0; a segment name other than `_` + base-36 digits of a number
/// below nextSegment, or named twice (its files are opened by it, and the next segment must be new); docCounts summing past `Int32.max` (doc ids are Int32s); deletedCount or
/// docsWithField > docCount; sumLength > docsWithField · 2³¹ (positions are Int32s), so the sums
/// over an index fit an Int.
/// Example: generation 3, one field `body` (indexed, not stored, boost 1, analyzer `simple`), one
/// segment `_2` of 2 docs whose bodies hold 5 and 7 words, no user data:
/// `"LMAN" 05000000 | 03000000 00000000 | 03000000 00000000 | 01 04"body" 01 0000803F 06"simple" 00 00 | 01 02"_2" 10 <id, 16 bytes> 01 02 00 00 02 0C | 00 | crc "LEND"`.
/// Version 4 (no type, options or segFlags: text fields, or keyword when flagged; no `.col`), version 3
/// (no analyzer either: every field's is `standard`) and version 2 (no idLength, no id) are still read.
/// A field added to the end of the schema gets zero statistics in the segments written before it.
package struct Manifest: Equatable, Sendable {
    static let magic = "LMAN"
    static let version: UInt32 = 5
    /// The oldest version a reader accepts.
    static let oldestVersion: UInt32 = 2

    /// What BM25 needs of one field in one segment.
    package struct FieldStats: Equatable, Sendable {
        /// Documents of the segment with at least one term in the field.
        package var docsWithField: Int
        /// Total number of terms (positions) of the field over the segment.
        package var sumLength: Int
    }

    /// One live segment of the commit.
    package struct Segment: Equatable, Sendable {
        /// The segment's name (`_` + base 36), the stem of its files' names.
        package var name: String
        /// Documents in the segment, deleted ones included; its doc ids are `0 ..< docCount`.
        package var docCount: Int
        /// Generation of the segment's deletions file; 0 when nothing is deleted.
        package var delGen: UInt64 = 0
        /// Documents of the segment deleted as of this commit.
        package var deletedCount: Int = 0
        /// Per field of the schema, in order.
        package var fieldStats: [FieldStats]
        /// The id every file of the segment carries in its header (`FileFormat.checkSegmentIDs`);
        /// nil for a segment written before ids.
        package var id: [UInt8]? = nil
        /// Whether the segment has a column file (`.col`: segments written before columns have none).
        package var hasColumns = false

        /// Documents not deleted.
        package var liveCount: Int { docCount - deletedCount }

        /// The segment's files.
        package var files: [String] {
            SegmentWriter.extensions.map { name + "." + $0 } + (hasColumns ? [name + "." + ColumnsFormat.fileExtension] : [])
                + (delGen > 0 ? [DeletionsFormat.fileName(segment: name, generation: delGen)] : [])
        }
    }

    /// The commit's number, higher than every earlier commit's: its file is `manifest-<generation>`.
    package var generation: UInt64
    /// The number the next new segment is named after.
    package var nextSegment: UInt64
    /// The index's fields.
    package var schema: Schema
    /// The live segments, in doc id order.
    package var segments: [Segment]
    /// Strings the writer's user set at commit (`IndexWriter.userData`; the files layer records
    /// `source`, the folder indexed).
    package var userData: [String: String]

    static func fileName(_ generation: UInt64) -> String { "manifest-\(generation)" }

    /// The largest generation, next segment number or deletions generation a reader accepts (the
    /// writer adds 1 to each; no index commits 2⁶³ times).
    static let maxCounter: UInt64 = 1 << 63

    /// Whether `name` is a segment name as the writer makes them: `_` then base-36 digits.
    static func isSegmentName(_ name: String) -> Bool {
        let u = Array(name.utf8)
        return u.count >= 2 && u.count <= 14 && u[0] == UInt8(ascii: "_")
            && u.dropFirst().allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) }
    }

    /// The generation in a manifest file name, or nil for other files.
    package static func generation(of fileName: String) -> UInt64? {
        guard fileName.hasPrefix("manifest-") else { return nil }
        return UInt64(fileName.dropFirst("manifest-".count))
    }

    /// Writes this manifest durably and atomically (temp file → fsync → rename → fsync folder).
    func write(to dir: any Directory) throws {
        let name = Self.fileName(generation)
        let temp = name + ".tmp"
        let out = try FileOutput(dir, name: temp, magic: Self.magic, version: Self.version)
        out.writeU64(generation)
        out.writeU64(nextSegment)
        out.writeVarint(UInt64(schema.fields.count))
        for f in schema.fields {
            out.writeString(f.name)
            out.writeByte((f.indexed ? 1 : 0) | (f.stored ? 2 : 0) | (f.isPath ? 4 : 0) | (f.isKeyword ? 8 : 0))
            out.writeU32(f.boost.bitPattern)
            out.writeString(f.analyzer)
            out.writeByte(f.type.code)
            out.writeByte((f.multiValued ? 1 : 0) | (f.fast ? 2 : 0) | (f.caseSensitive ? 4 : 0) | (f.searchedByDefault ? 0 : 8))
        }
        out.writeVarint(UInt64(segments.count))
        for s in segments {
            out.writeString(s.name)
            out.writeByte(UInt8(s.id?.count ?? 0))
            if let id = s.id { out.writeBytes(id) }
            out.writeByte(s.hasColumns ? 1 : 0)
            out.writeVarint(UInt64(s.docCount))
            out.writeVarint(s.delGen)
            out.writeVarint(UInt64(s.deletedCount))
            for fs in s.fieldStats {
                out.writeVarint(UInt64(fs.docsWithField))
                out.writeVarint(UInt64(fs.sumLength))
            }
        }
        out.writeVarint(UInt64(userData.count))
        for (k, v) in userData.sorted(by: { $0.key < $1.key }) {
            out.writeString(k)
            out.writeString(v)
        }
        try out.finish()
        try dir.publish(temp, as: name)
    }

    /// Reads and fully verifies (checksum included) a manifest file.
    package static func read(_ file: MappedFile) throws -> Manifest {
        let stated = try file.u32(4)
        let fileVersion = (oldestVersion..<version).contains(stated) ? stated : version
        let body = try FileFormat.open(file, magic: magic, version: fileVersion)
        try FileFormat.verifyChecksum(file)
        var p = body.lowerBound
        func str() throws -> String {
            let n = Int(clamping: try file.varint(&p))
            let s = try file.string(p, n)
            p += n
            return s
        }
        func count(_ limit: Int) throws -> Int {
            let n = try file.varint(&p)
            guard n <= UInt64(limit) else { throw LoupeError.corrupt(file: file.name, reason: "count \(n) out of range") }
            return Int(n)
        }
        let generation = try file.u64(p); p += 8
        let nextSegment = try file.u64(p); p += 8
        // The writer adds 1 to both: a value no run of commits can reach is damage.
        guard generation < maxCounter, nextSegment < maxCounter else {
            throw LoupeError.corrupt(file: file.name, reason: "generation \(generation) or next segment \(nextSegment) out of range")
        }
        var fields: [FieldSpec] = []
        for _ in 0..<(try count(255)) {
            let name = try str()
            let flags = try file.u8(p); p += 1
            let boost = Float(bitPattern: try file.u32(p)); p += 4
            guard boost.isFinite, boost >= 0 else { throw LoupeError.corrupt(file: file.name, reason: "field \(name) has boost \(boost)") }
            let analyzer = fileVersion >= 4 ? try str() : FieldSpec.defaultAnalyzer
            var type: FieldType = flags & 8 != 0 ? .keyword : .text
            var options: UInt8 = type == .keyword ? 4 : 0 // keyword fields kept case before
            if fileVersion >= 5 {
                let raw = try file.u8(p)
                guard let t = FieldType(code: raw) else { throw LoupeError.corrupt(file: file.name, reason: "field \(name) has type \(raw)") }
                type = t
                options = try file.u8(p + 1)
                p += 2
            }
            fields.append(FieldSpec(name, type: type, indexed: flags & 1 != 0, stored: flags & 2 != 0, fast: options & 2 != 0,
                                    multiValued: options & 1 != 0, caseSensitive: options & 4 != 0, searchedByDefault: options & 8 == 0,
                                    boost: boost, isPath: flags & 4 != 0, analyzer: analyzer))
        }
        var segments: [Segment] = []
        var totalDocs = 0
        for _ in 0..<(try count(1 << 20)) {
            let name = try str()
            // A segment's files are opened by its name: only Loupe's own names (`_` + base 36).
            // Its number is below nextSegment and it is named once: the next segment a writer makes
            // (a flush, a merge) must not be one of these, whose files are mapped while it writes.
            guard isSegmentName(name), let number = UInt64(name.dropFirst(), radix: 36), String(number, radix: 36) == name.dropFirst(),
                  number < nextSegment, !segments.contains(where: { $0.name == name }) else {
                throw LoupeError.corrupt(file: file.name, reason: "bad segment name \(name.debugDescription) (next segment \(nextSegment))")
            }
            var id: [UInt8]? = nil
            if fileVersion >= 3 {
                let n = try file.u8(p); p += 1
                guard n == 0 || Int(n) == FileFormat.segmentIDSize else {
                    throw LoupeError.corrupt(file: file.name, reason: "segment \(name): id of \(n) bytes")
                }
                if n > 0 { id = try file.bytes(p, Int(n)); p += Int(n) }
            }
            var hasColumns = false
            if fileVersion >= 5 {
                let f = try file.u8(p); p += 1
                guard f <= 1 else { throw LoupeError.corrupt(file: file.name, reason: "segment \(name): flags \(f)") }
                hasColumns = f == 1
            }
            // Doc ids of the whole index are Int32s: the documents of all segments fit.
            let docCount = try count(Int(Int32.max) - totalDocs)
            totalDocs += docCount
            let delGen = try file.varint(&p)
            guard delGen < maxCounter else { throw LoupeError.corrupt(file: file.name, reason: "deletions generation \(delGen) out of range") }
            let deleted = try count(docCount)
            var stats: [FieldStats] = []
            for _ in fields {
                let d = try count(docCount)
                // A position is an Int32, so no document's field is longer than 2³¹ words.
                let s = try count(d << 31)
                stats.append(FieldStats(docsWithField: d, sumLength: s))
            }
            segments.append(Segment(name: name, docCount: docCount, delGen: delGen, deletedCount: deleted, fieldStats: stats, id: id, hasColumns: hasColumns))
        }
        var userData: [String: String] = [:]
        for _ in 0..<(try count(1 << 20)) {
            let k = try str()
            userData[k] = try str()
        }
        guard p == body.upperBound else { throw LoupeError.corrupt(file: file.name, reason: "trailing bytes") }
        do { try Schema(fields).validate() } catch { throw LoupeError.corrupt(file: file.name, reason: "\(error)") }
        return Manifest(generation: generation, nextSegment: nextSegment, schema: Schema(fields), segments: segments, userData: userData)
    }

    /// The newest manifest in `dir`, or nil if there is none. A newest manifest that fails its checks is
    /// an error (reported, not skipped: skipping would silently roll the index back).
    ///
    /// A writer may publish a newer manifest and delete this one between the listing and the open; a
    /// manifest that is gone by then is not an error: the folder is listed again (a newer one exists).
    package static func latest(in dir: any Directory) throws -> Manifest? {
        try latest(in: dir, listing: dir.list)
    }

    /// The generation of the newest manifest in `dir`, from the file names alone (nothing is read):
    /// what a searcher checks before reopening.
    static func latestGeneration(in dir: any Directory) throws -> UInt64? {
        try newestGeneration(in: dir.list(), of: dir)
    }

    /// The largest generation among `names` whose file is a manifest: files that are not named as
    /// manifests are ignored, and so are files so named that do not start as a manifest does
    /// (`isForeign`: not Loupe's; the last good manifest is used).
    private static func newestGeneration(in names: [String], of dir: any Directory) -> UInt64? {
        names.compactMap(generation(of:)).sorted(by: >).first { !isForeign(fileName($0), in: dir) }
    }

    /// Whether the file `name` is a regular file that does not start with a manifest's magic:
    /// not a file Loupe wrote. One that vanished is not (a reader retries), nor is anything but a
    /// regular file (reading it is an error that names it).
    static func isForeign(_ name: String, in dir: any Directory) -> Bool {
        guard let file = try? dir.openFile(name) else { return false }
        return (try? file.bytes(0, 4)) != Array(magic.utf8)
    }

    /// The files named as manifests that are not Loupe's (`isForeign`), for a warning: the index
    /// is read from the last good manifest.
    package static func foreignManifests(in dir: any Directory) -> [String] {
        ((try? dir.list()) ?? []).filter { generation(of: $0) != nil && isForeign($0, in: dir) }
    }

    /// `latest(in:)` with the folder's listing as a seam (tests hand it a stale listing).
    static func latest(in dir: any Directory, listing: () throws -> [String]) throws -> Manifest? {
        var attempt = 0
        while true {
            guard let g = try newestGeneration(in: listing(), of: dir) else { return nil }
            let name = fileName(g)
            do {
                return try read(dir.openFile(name))
            } catch let error as LoupeError {
                attempt += 1
                guard case .io = error, attempt < 100, !dir.contains(name) else { throw error }
            }
        }
    }
}
