import LoupeCore
import Glibc

/// What a commit was built from: every file the folder's walk met, in walk order, with its relative
/// path, size and modification time, and either the content hash of its document (one entry per live
/// document of the commit) or the warning it was skipped with. A re-run of `loupe index` compares
/// its walk with this list entry after entry (the same order, so a merge join, not a hash table)
/// and, when nothing differs, is done without reading a segment or a file: a skipped file is not
/// read again until its size, mtime or ctime moves (a `chmod` that makes it readable moves ctime).
///
/// A container (an mbox, a zip: `ContainerExtractor`) is one entry whose documents are its members,
/// each stored under the container's path followed by the member's name (`mail.mbox#3`,
/// `docs.zip/inner/readme.txt`); the entry keeps their names, and for a container read up to a point
/// that can be resumed (an mbox whose messages are only appended to), that point: the length and hash
/// of the prefix its members came from and how many units (messages) it held.
///
/// It also lists the folders the walk read, each with its inode and ctime: a folder whose inode and
/// ctime have not moved holds the same names (creating, removing or renaming an entry sets the
/// folder's ctime), so the next walk takes its names from here instead of reading and sorting the
/// folder again; its files are still stat'ed one by one. A folder is recorded with ctime 0 (read it
/// again next time) when its ctime was too recent to be trusted (a change in the same clock tick
/// would not move it) or its listing had warnings.
///
/// It is the only record of the files' sizes, mtimes and content hashes (the stored fields keep the
/// paths). When it is missing, damaged or not this commit's, a run warns, finds the documents by
/// their stored paths, reads and indexes every file again, and its commit writes a new catalog. A
/// commit that does not hand `IndexWriter` a catalog has none, so a catalog is never carried over to
/// a commit it does not describe.
///
/// File `catalog-<generation>` (magic "LCAT", version 3), inside `FileFormat`'s envelope, written
/// before the manifest of the same generation and removed with it:
/// ```
/// body     := generation:u64 documents:varint count:varint nFolders:varint rawLength:varint zstd(raw)
/// raw      := name{count} size{count} mtime{count} kind{count} hash{documents}
///             skip{skipped} folder{nFolders} extractors container{containers}
///                                                      -- one zstd frame, rawLength bytes
/// name     := shared:varint suffixLength:varint suffix[suffixLength]   -- `shared` bytes of the
///                                                                   --   previous path, then suffix
/// size     := varint                                   -- of the size's 64-bit pattern
/// mtime    := varint of (d << 1) ^ (d >> 63)           -- d = mtime − previous entry's (first: − 0)
/// kind     := 00 | 01 | 02                             -- 00 a live document, 01 a skipped file,
///                                                      --   02 a container
/// hash     := u64                                      -- per entry not skipped, in entry order
/// skip     := ctime:u64 noteLength:varint note[noteLength]   -- per skipped file; note: its warning
/// folder   := parent:varint nameLength:varint name[nameLength] files:varint inode:u64 ctime:u64
/// extractors := length:varint signature[length]     -- `ExtractorRegistry.signature` of the run
/// container := members:varint member{members} resumeLength:varint resumeUnits:varint resumeHash:u64
///                                                      -- per container entry, in entry order
/// member   := nameLength:varint name[nameLength]       -- appended to the container's path
/// ```
/// `documents` counts the live documents: entries of kind 00 plus every container's members.
/// `resumeLength` is 0 when the container is read whole each time. Version 1 has no `extractors`
/// (read as the empty signature: its skipped files are read again); versions 1 and 2 no containers.
///
/// Example of a container: `box.mbox` holding two messages, resumable after its 812 bytes, is an
/// entry of kind 02 with its hash, and `02 02 "#1" 02 "#2" AC06 02 <hash of the 812 bytes>` after
/// the extractors: documents `box.mbox#1` and `box.mbox#2`.
/// Entries are in walk order, one column after the other (sizes next to sizes, mtimes next to
/// mtimes compress better than whole entries: debdocs-full's catalog 7.6 → 6.7 MB). Folders are in
/// walk order, the root first (parent 0, name empty); `parent` is 1 + the index of the parent
/// folder; `files` counts the folder's own entries, which come after those of the folders before
/// it (a folder's files, then its subfolders, depth first: the walk's order). mtime and ctime are in
/// nanoseconds since 1970; hash is `DirectoryIndexer.hash` (FNV-1a, 64 bits).
///
/// Example: generation 4; `a/x.txt`, 5 bytes, mtime 1000, hash 0x1122334455667788; `a/y.txt`, 12
/// bytes, the same mtime, hash 0xFF; `a/z.bin`, 3 bytes, the same mtime, ctime 2000, skipped as
/// "binary"; the root folder (inode 2, not to be trusted) holds only folder `a` (inode 16, ctime 3000):
/// `"LCAT" 03000000 | 04000000 00000000 | 02 03 02 6E | zstd(raw) | crc "LEND"`, where raw (110 bytes) is
/// `00 07 "a/x.txt" 02 05 "y.txt" 02 05 "z.bin" | 05 0C 03 | D00F 00 00 | 00 00 01 |`
/// `8877665544332211 FF00000000000000 | D007000000000000 06 "binary" |`
/// `00 00 00 0200000000000000 0000000000000000 | 01 01 "a" 03 1000000000000000 B80B000000000000 |`
/// `06 "text.1"` (the later paths share `a/` with the one before; the run read with one extractor).
///
/// Bounds a reader checks before it allocates: `rawLength < 2³¹` and at most `ZstdLimits.maxRatio`
/// (128) times the frame's size, which declares `rawLength` as its content size; `count ≤ rawLength /
/// 5` (an entry is at least a name's two varints, a size, an mtime and a kind); `nFolders ≤
/// rawLength / 19`; the entries' paths, once their shared fronts are expanded, total at most
/// `maxEntryPathBytes(rawLength)` (32 MiB + 8 × rawLength: front coding lets a few bytes stand for
/// a long path, so without a bound a small file could expand to gigabytes); the folders' paths
/// total at most `maxFolderPathBytes` (32 MiB). A walk whose folders' paths total more (a tree
/// thousands of levels deep: the paths grow with the square of the depth) is written without its
/// folder records, as a listed run's is: the next run reads every folder again.
package struct SourceCatalog: Equatable, Sendable, CommitCatalog {
    static let magic = CommitCatalogFile.magic
    static let version: UInt32 = 3
    /// The largest `rawLength` (and so the largest total of the paths) a reader accepts: paths are
    /// indexed by 32-bit offsets.
    static let maxRawLength = Int(Int32.max)
    /// The most the folders' paths may total, written or read.
    static let maxFolderPathBytes = 32 << 20

    /// The most the entries' expanded paths may total in a catalog whose raw body is `rawLength` bytes.
    static func maxEntryPathBytes(rawLength: Int) -> Int { min(maxRawLength, (32 << 20) + 8 * rawLength) }

    /// The bytes the folders' paths total.
    static func folderPathBytes(_ folders: [Folder]) -> Int { folders.reduce(0) { $0 + $1.path.utf8.count } }

    /// Paths one after the other; entry `i`'s path is `pathBytes[starts[i] ..< starts[i + 1]]`.
    private(set) var pathBytes: [UInt8] = []
    private(set) var starts: [Int32] = [0]
    /// Each entry's size in bytes.
    package private(set) var sizes: [Int] = []
    /// Each entry's modification time in nanoseconds since 1970; 0 when too recent to be trusted
    /// (the next run compares the content).
    package private(set) var mtimes: [Int] = []
    /// The document's content hash; 0 for a skipped file.
    package private(set) var hashes: [UInt64] = []
    /// The skipped files: entry → its ctime and warning.
    package private(set) var skipped: [Int32: (ctime: Int, note: String)] = [:]
    /// The containers: entry → its members and where it can be resumed.
    package private(set) var containers: [Int32: Container] = [:]

    /// What the catalog keeps of a file whose documents are its members.
    package struct Container: Equatable, Sendable {
        /// Each member's name: its document's path is the container's path followed by it.
        package var members: [String]
        /// The length of the prefix the members were read from when reading can resume after it
        /// (`ContainerResume`); 0 when the container is read whole each time.
        package var resumeLength = 0
        /// How many units (messages) that prefix holds.
        package var resumeUnits = 0
        /// `DirectoryIndexer.hash` of that prefix.
        package var resumeHash: UInt64 = 0

        package init(members: [String], resumeLength: Int = 0, resumeUnits: Int = 0, resumeHash: UInt64 = 0) {
            self.members = members
            self.resumeLength = resumeLength
            self.resumeUnits = resumeUnits
            self.resumeHash = resumeHash
        }
    }

    /// A folder the walk read.
    package struct Folder: Equatable, Sendable {
        /// Relative path ("" for the root).
        package var path: String
        /// Index of the parent folder in `folders` (-1 for the root).
        package var parent: Int
        /// The folder's own files: entries `firstEntry ..< firstEntry + files`.
        package var firstEntry: Int
        /// How many entries are the folder's own files.
        package var files: Int
        /// The folder's inode number.
        package var inode: UInt64
        /// Status change time in nanoseconds, or 0: the names are not to be trusted.
        package var ctime: Int
    }

    /// The folders in walk order, the root first; empty for a catalog of a listed run.
    package private(set) var folders: [Folder] = []

    /// The extractors (names and versions, `ExtractorRegistry.signature`) that judged the files:
    /// a run with other extractors reads the skipped files again. Empty when unknown.
    package var extractors = ""

    /// Adds the next folder of the walk, whose files are the `files` entries after the previous
    /// folders' (its path must be its parent's plus one name).
    package mutating func appendFolder(path: String, parent: Int, files: Int, inode: UInt64, ctime: Int) {
        let first = folders.last.map { $0.firstEntry + $0.files } ?? 0
        folders.append(Folder(path: path, parent: parent, firstEntry: first, files: files, inode: inode, ctime: ctime))
    }

    /// Entry `i`'s skip record, or nil when it is a document.
    /// - Complexity: O(1); no hashing at all when nothing was skipped (the common case).
    @inline(__always) package func skip(_ i: Int) -> (ctime: Int, note: String)? {
        skipped.isEmpty ? nil : skipped[Int32(i)]
    }

    /// Entry `i`'s container record, or nil when it is not a container.
    @inline(__always) package func container(_ i: Int) -> Container? {
        containers.isEmpty ? nil : containers[Int32(i)]
    }

    /// The live documents: entries that are documents (not skipped, not containers) and the
    /// containers' members.
    package var documents: Int {
        count - skipped.count - containers.count + containers.values.reduce(0) { $0 + $1.members.count }
    }

    /// The path of every live document (a container's members' included), sorted bytewise: what
    /// the stored paths of the commit must be.
    func documentPaths() -> [[UInt8]] {
        var out: [[UInt8]] = []
        out.reserveCapacity(documents)
        for i in 0..<count where skip(i) == nil {
            let path = withPath(i) { Array($0) }
            if let c = container(i) {
                for m in c.members { out.append(path + Array(m.utf8)) }
            } else {
                out.append(path)
            }
        }
        return out.sorted { $0.lexicographicallyPrecedes($1) }
    }

    package static func == (a: SourceCatalog, b: SourceCatalog) -> Bool {
        a.pathBytes == b.pathBytes && a.starts == b.starts && a.sizes == b.sizes && a.mtimes == b.mtimes
            && a.hashes == b.hashes && a.folders == b.folders && a.extractors == b.extractors && a.skipped.count == b.skipped.count
            && a.skipped.allSatisfy { k, v in b.skipped[k].map { $0.ctime == v.ctime && $0.note == v.note } ?? false }
            && a.containers == b.containers
    }

    /// An empty catalog.
    package init() {}

    /// Entries, skipped ones included.
    package var count: Int { sizes.count }

    static func fileName(_ generation: UInt64) -> String { CommitCatalogFile.fileName(generation) }

    /// Adds an entry at the end.
    package mutating func append(path: String, size: Int, mtime: Int, hash: UInt64) {
        append(pathBytes: path.utf8, size: size, mtime: mtime, hash: hash)
    }

    /// Adds an entry whose path is given as UTF-8 bytes.
    mutating func append<Bytes: Collection<UInt8>>(pathBytes path: Bytes, size: Int, mtime: Int, hash: UInt64) {
        pathBytes.append(contentsOf: path)
        starts.append(Int32(pathBytes.count))
        sizes.append(size)
        mtimes.append(mtime)
        hashes.append(hash)
    }

    /// Adds a file that was skipped, with its ctime and the warning it was skipped with.
    package mutating func appendSkipped(path: String, size: Int, mtime: Int, ctime: Int, note: String) {
        skipped[Int32(count)] = (ctime, note)
        append(path: path, size: size, mtime: mtime, hash: 0)
    }

    /// Adds a container whose documents are `container`'s members.
    package mutating func appendContainer(path: String, size: Int, mtime: Int, hash: UInt64, container: Container) {
        containers[Int32(count)] = container
        append(path: path, size: size, mtime: mtime, hash: hash)
    }

    /// Reserves room for `n` entries.
    package mutating func reserveCapacity(_ n: Int) {
        starts.reserveCapacity(n + 1)
        sizes.reserveCapacity(n)
        mtimes.reserveCapacity(n)
        hashes.reserveCapacity(n)
    }

    /// Entry `i`'s path, relative to the source folder.
    package func path(_ i: Int) -> String {
        String(decoding: pathBytes[Int(starts[i])..<Int(starts[i + 1])], as: UTF8.self)
    }

    /// Whether entry `i`'s path is `path`'s UTF-8.
    /// - Complexity: O(path length), one `memcmp`.
    func pathEquals(_ i: Int, _ path: UnsafeRawBufferPointer) -> Bool {
        let start = Int(starts[i]), length = Int(starts[i + 1]) - start
        guard length == path.count else { return false }
        if length == 0 { return true }
        return pathBytes.withUnsafeBytes { memcmp($0.baseAddress! + start, path.baseAddress!, length) == 0 }
    }

    /// Calls `body` with entry `i`'s path bytes (they must not escape).
    func withPath<R>(_ i: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try pathBytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[Int(starts[i])..<Int(starts[i + 1])])) }
    }

    /// Writes the catalog durably (synced) as the file `name` of `directory`, for commit `generation`.
    /// - Complexity: O(total path bytes), plus zstd at level 3 (a few hundred MB/s).
    package func write(to directory: any Directory, name: String, generation: UInt64) throws {
        var raw: [UInt8] = []
        raw.reserveCapacity(pathBytes.count + 24 * count)
        func varint(_ v: UInt64) { Varint.append(v, to: &raw) }
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { raw.append(contentsOf: $0) } }
        func string(_ s: String) {
            varint(UInt64(s.utf8.count))
            raw.append(contentsOf: s.utf8)
        }
        pathBytes.withUnsafeBufferPointer { bytes in
            for i in 0..<count {
                let start = Int(starts[i]), end = Int(starts[i + 1])
                var shared = 0
                if i > 0 {
                    let prev = Int(starts[i - 1])
                    let limit = min(start - prev, end - start)
                    while shared < limit && bytes[prev + shared] == bytes[start + shared] { shared += 1 }
                }
                varint(UInt64(shared))
                varint(UInt64(end - start - shared))
                raw.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(start + shared)..<end]))
            }
        }
        for size in sizes { varint(UInt64(bitPattern: Int64(size))) }
        var previousMtime = 0
        for mtime in mtimes {
            let d = Int64(mtime &- previousMtime)
            varint(UInt64(bitPattern: (d << 1) ^ (d >> 63)))
            previousMtime = mtime
        }
        for i in 0..<count { raw.append(skip(i) != nil ? 1 : container(i) != nil ? 2 : 0) }
        for i in 0..<count where skip(i) == nil { u64(hashes[i]) }
        for (_, s) in skipped.sorted(by: { $0.key < $1.key }) {
            u64(UInt64(bitPattern: Int64(s.ctime)))
            string(s.note)
        }
        // Folders whose paths a reader would refuse are left out: the next run reads them again.
        let folders = Self.folderPathBytes(self.folders) <= Self.maxFolderPathBytes ? self.folders : []
        for f in folders {
            varint(UInt64(f.parent + 1))
            let parentPath = f.parent < 0 ? "" : folders[f.parent].path
            string(String(f.path.utf8.dropFirst(parentPath.isEmpty ? 0 : parentPath.utf8.count + 1))!)
            varint(UInt64(f.files))
            u64(f.inode)
            u64(UInt64(bitPattern: Int64(f.ctime)))
        }
        string(extractors)
        for (_, c) in containers.sorted(by: { $0.key < $1.key }) {
            varint(UInt64(c.members.count))
            for m in c.members { string(m) }
            varint(UInt64(c.resumeLength))
            varint(UInt64(c.resumeUnits))
            u64(c.resumeHash)
        }
        let out = try FileOutput(directory, name: name, magic: Self.magic, version: Self.version)
        out.writeU64(generation)
        out.writeVarint(UInt64(documents))
        out.writeVarint(UInt64(count))
        out.writeVarint(UInt64(folders.count))
        out.writeVarint(UInt64(raw.count))
        out.writeBytes(try ZstdCompressor(level: 3).compress(raw))
        try out.finish()
    }

    /// Reads and fully verifies the catalog file `file`: envelope, checksum, that it belongs to
    /// commit `generation`, and that it lists `documents` documents (the commit's live documents).
    /// - Throws: `LoupeError.corrupt` naming the file and what is wrong.
    /// - Complexity: O(file size) for the checksum, O(raw size) to decompress (~1 GB/s) and decode.
    static func read(_ file: MappedFile, generation: UInt64, documents: Int) throws -> SourceCatalog {
        let fileVersion: UInt32 = try min(max(file.u32(4), 1), version)
        let body = try FileFormat.open(file, magic: magic, version: fileVersion)
        try FileFormat.verifyChecksum(file)
        var p = body.lowerBound
        let g = try file.u64(p); p += 8
        guard g == generation else {
            throw LoupeError.corrupt(file: file.name, reason: "written for generation \(g), not \(generation)")
        }
        let d = try file.varint(&p)
        guard d == UInt64(documents) else {
            throw LoupeError.corrupt(file: file.name, reason: "\(d) documents listed for \(documents) live documents")
        }
        let n = try file.varint(&p), nFolders = try file.varint(&p), rawLength = try file.varint(&p)
        // An entry takes at least 5 raw bytes, a folder 19 (see the grammar's bounds).
        guard n >= d || fileVersion >= 3, rawLength <= UInt64(Self.maxRawLength), n <= rawLength / 5, nFolders <= rawLength / 19,
              ZstdLimits.allows(rawLength: Int(rawLength), frameBytes: body.upperBound - p) else {
            throw LoupeError.corrupt(file: file.name, reason: "\(n) entries, \(nFolders) folders in \(rawLength) bytes")
        }
        guard let raw = try file.withBytes(p, body.upperBound - p, { ZstdDecompressor().decompress($0, rawLength: Int(rawLength)) }) else {
            throw LoupeError.corrupt(file: file.name, reason: "the zstd frame does not decompress to \(rawLength) bytes")
        }
        var c = SourceCatalog()
        try raw.withUnsafeBytes { bytes in
            var r = ByteCursor(bytes: bytes, file: file.name, what: "an entry", within: "the catalog")
            try c.decode(&r, entries: Int(n), folders: Int(nFolders))
            if fileVersion >= 2 { c.extractors = String(decoding: try r.bytes(Int(clamping: try r.varint())), as: UTF8.self) }
            try c.decodeContainers(&r)
            guard r.isAtEnd else { throw LoupeError.corrupt(file: file.name, reason: "trailing bytes") }
        }
        guard c.documents == documents else {
            throw LoupeError.corrupt(file: file.name, reason: "\(c.documents) document entries, \(documents) listed")
        }
        return c
    }

    /// Decodes the container records (their entries are known by their kind) into `self`. The
    /// members' names total at most `maxEntryPathBytes` with their containers' paths.
    private mutating func decodeContainers(_ r: inout ByteCursor) throws {
        var bytes = 0
        let maxBytes = Self.maxEntryPathBytes(rawLength: r.bytes.count)
        for key in containers.keys.sorted() {
            let n = Int(clamping: try r.varint())
            // A member takes at least its name's length byte.
            guard n <= r.bytes.count else { throw LoupeError.corrupt(file: r.file, reason: "a container of \(n) members") }
            var c = Container(members: [])
            c.members.reserveCapacity(n)
            let pathLength = Int(starts[Int(key) + 1] - starts[Int(key)])
            for _ in 0..<n {
                let name = try r.bytes(Int(clamping: try r.varint()))
                bytes += pathLength + name.count
                guard bytes <= maxBytes else { throw LoupeError.corrupt(file: r.file, reason: "the members' paths exceed \(maxBytes) bytes") }
                c.members.append(String(decoding: name, as: UTF8.self))
            }
            c.resumeLength = Int(clamping: try r.varint())
            c.resumeUnits = Int(clamping: try r.varint())
            c.resumeHash = try r.u64()
            containers[key] = c
        }
    }

    /// Decodes the entries and folders of a catalog's raw (decompressed) body into `self`.
    private mutating func decode(_ r: inout ByteCursor, entries n: Int, folders nFolders: Int) throws {
        reserveCapacity(n)
        pathBytes.reserveCapacity(r.bytes.count)
        let maxPathBytes = Self.maxEntryPathBytes(rawLength: r.bytes.count)
        // The previous path kept apart: appending a slice of `pathBytes` to itself would copy it.
        var last: [UInt8] = []
        for i in 0..<n {
            let shared = Int(clamping: try r.varint())
            let suffix = try r.bytes(Int(clamping: try r.varint()))
            guard shared <= last.count else {
                throw LoupeError.corrupt(file: r.file, reason: "entry \(i) shares \(shared) bytes of a shorter path")
            }
            last.removeSubrange(shared...)
            last.append(contentsOf: suffix)
            guard last.count <= maxPathBytes - pathBytes.count else {
                throw LoupeError.corrupt(file: r.file, reason: "the paths exceed \(maxPathBytes) bytes")
            }
            pathBytes.append(contentsOf: last)
            starts.append(Int32(pathBytes.count))
        }
        for _ in 0..<n { sizes.append(Int(Int64(bitPattern: try r.varint()))) }
        var mtime = 0
        for _ in 0..<n {
            let z = try r.varint()
            mtime = mtime &+ Int(Int64(bitPattern: z >> 1) ^ -Int64(bitPattern: z & 1))
            mtimes.append(mtime)
        }
        var skippedEntries: [Int32] = []
        for i in 0..<n {
            switch try r.u8() {
            case 0: break
            case 1: skippedEntries.append(Int32(i))
            case 2: containers[Int32(i)] = Container(members: [])
            case let k: throw LoupeError.corrupt(file: r.file, reason: "entry \(i) of kind \(k)")
            }
        }
        var next = 0
        for i in 0..<n {
            if next < skippedEntries.count && skippedEntries[next] == Int32(i) {
                hashes.append(0)
                next += 1
            } else {
                hashes.append(try r.u64())
            }
        }
        for i in skippedEntries {
            let ctime = Int(Int64(bitPattern: try r.u64()))
            let note = String(decoding: try r.bytes(Int(clamping: try r.varint())), as: UTF8.self)
            skipped[i] = (ctime, note)
        }
        var folderBytes = 0
        for i in 0..<nFolders {
            let parent = Int(clamping: try r.varint()) - 1
            let name = String(decoding: try r.bytes(Int(clamping: try r.varint())), as: UTF8.self)
            let files = Int(clamping: try r.varint())
            let inode = try r.u64()
            let ctime = Int(Int64(bitPattern: try r.u64()))
            guard (i == 0) == (parent < 0), parent < i, files <= count - (folders.last.map { $0.firstEntry + $0.files } ?? 0) else {
                throw LoupeError.corrupt(file: r.file, reason: "folder \(i) (parent \(parent), \(files) files) does not fit")
            }
            let path = parent < 0 ? name : folders[parent].path.isEmpty ? name : folders[parent].path + "/" + name
            folderBytes += path.utf8.count
            guard folderBytes <= Self.maxFolderPathBytes else {
                throw LoupeError.corrupt(file: r.file, reason: "the folders' paths exceed \(Self.maxFolderPathBytes) bytes")
            }
            appendFolder(path: path, parent: parent, files: files, inode: inode, ctime: ctime)
        }
        guard folders.isEmpty || folders.last!.firstEntry + folders.last!.files == count else {
            throw LoupeError.corrupt(file: r.file, reason: "folders hold \(folders.last!.firstEntry + folders.last!.files) of \(count) entries")
        }
    }
}
