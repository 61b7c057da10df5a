/// What makes a folder a Loupe index, and which of its files the index wrote.
///
/// A writer only ever works in a folder that is its own: one it created (or found empty), marked by
/// the file `loupe-index`. A folder that holds anything else and no marker is refused, so a mistyped
/// `--index` never turns someone's folder into an index. An index written before markers existed
/// (no marker, a readable manifest) is adopted: the marker is written. And when the writer removes
/// files (an older commit's, or what a crash left), it removes only files it can prove it wrote: the
/// name is one Loupe gives its files *and* the header is the one Loupe writes under that name — for a
/// segment's files, with a segment id starting with this index's tag (`FileFormat`); for a manifest
/// or a catalog, with the generation of its name as the first field of its body. Anything else in
/// the folder is left alone.
///
/// File `loupe-index` (magic "LIDX", version 1), inside `FileFormat`'s envelope:
/// ```
/// body := indexID[16]          -- random, made when the index is; its first 8 bytes are the tag
/// ```
/// Example: `"LIDX" 01000000 | 5A1C0E77 93B2D410 0F6E2C88 19D03A5B | crc "LEND"`.
enum IndexMarker {
    static let fileName = "loupe-index"
    static let magic = "LIDX"
    static let version: UInt32 = 1
    static let idSize = 16
    static let tagSize = 8
    /// Names a writer may find in a folder it is about to make an index (left by an attempt that
    /// stopped before its first commit).
    static let harmless: Set<String> = ["write.lock", fileName + ".tmp"]

    /// The index's id from its marker; nil when the folder has none.
    /// - Throws: `LoupeError.corrupt` when the marker is damaged.
    static func read(_ dir: any Directory) throws -> [UInt8]? {
        guard dir.contains(fileName) else { return nil }
        let file = try dir.openFile(fileName)
        let body = try FileFormat.open(file, magic: magic, version: version)
        try FileFormat.verifyChecksum(file)
        guard body.count == idSize else { throw LoupeError.corrupt(file: fileName, reason: "\(body.count) bytes of id") }
        return try file.bytes(body.lowerBound, idSize)
    }

    /// Refuses a folder that is neither empty nor an index: called before the writer creates
    /// anything in it (its lock included). A marker that cannot be read is refused with the
    /// reason: the system's error as it is, damage as a refusal that says what is damaged.
    static func refuseForeign(_ dir: any Directory) throws {
        do {
            if try read(dir) != nil { return }
        } catch let error as LoupeError {
            guard case .corrupt = error else { throw error }
            throw LoupeError.invalidArgument("\(dir.path) has a damaged index marker (\(error)): "
                + "not writing in it; move it away or choose another folder")
        }
        let names = try dir.list().filter { !harmless.contains($0) }
        if names.isEmpty { return }
        if (try? Manifest.latest(in: dir)) != nil { return } // adopted in claim
        let shown = names.prefix(3).joined(separator: ", ") + (names.count > 3 ? ", …" : "")
        throw LoupeError.invalidArgument("\(dir.path) is not a Loupe index and is not empty (\(shown)): "
            + "not writing in it; choose a new or empty folder for the index")
    }

    /// The index's id, writing the marker first when the folder has none (a new index, or one written
    /// before markers) or a damaged one beside a readable manifest. Call with the write lock held.
    static func claim(_ dir: any Directory) throws -> [UInt8] {
        do {
            if let id = try read(dir) { return id }
        } catch let error as LoupeError {
            guard case .corrupt = error, (try? Manifest.latest(in: dir)) != nil else { throw error }
        }
        var id = [UInt8](repeating: 0, count: idSize)
        var rng = SystemRandomNumberGenerator()
        for i in id.indices { id[i] = UInt8.random(in: 0...255, using: &rng) }
        let temp = fileName + ".tmp"
        let out = try FileOutput(dir, name: temp, magic: magic, version: version)
        out.writeBytes(id)
        try out.finish()
        try dir.publish(temp, as: fileName)
        return id
    }

    /// A new segment id for the index whose id is `indexID`: its tag, then 8 random bytes.
    static func newSegmentID(indexID: [UInt8]) -> [UInt8] {
        var rng = SystemRandomNumberGenerator()
        return Array(indexID.prefix(tagSize)) + withUnsafeBytes(of: rng.next()) { Array($0) }
    }

    /// The magic a file named `name` is written with by an index, or nil when the name is not one an
    /// index gives its files. `segmentVersion`: for a segment file, the version that carries an id;
    /// `generation`: for a manifest or a catalog, the generation its body starts with.
    static func expectedHeader(of name: String) -> (magic: String, segmentVersion: UInt32?, generation: UInt64?)? {
        func digits(_ s: Substring) -> Bool { !s.isEmpty && s.allSatisfy { $0.isASCII && $0.isNumber } }
        func base36(_ s: Substring) -> Bool { !s.isEmpty && s.allSatisfy { $0.isASCII && ($0.isNumber || $0.isLowercase) } }
        var n = Substring(name)
        if n.hasSuffix(".tmp") { n = n.dropLast(4) }
        if n == fileName { return (magic, nil, nil) }
        if n.hasPrefix("manifest-"), digits(n.dropFirst(9)), let g = UInt64(n.dropFirst(9)) { return (Manifest.magic, nil, g) }
        if n.hasPrefix("catalog-"), digits(n.dropFirst(8)), let g = UInt64(n.dropFirst(8)) { return (CommitCatalogFile.magic, nil, g) }
        guard n.hasPrefix("_"), let dot = n.lastIndex(of: ".") else { return nil }
        let stem = n[n.index(after: n.startIndex)..<dot], ext = n[n.index(after: dot)...]
        if ext == "del" {
            let parts = stem.split(separator: "_", omittingEmptySubsequences: false)
            return parts.count == 2 && base36(parts[0]) && digits(parts[1]) ? (DeletionsFormat.magic, nil, nil) : nil
        }
        guard base36(stem) else { return nil }
        switch ext {
        case "tim": return (TermDictionaryFormat.magic, TermDictionaryFormat.version, nil)
        case "doc": return (PostingsFormat.docMagic, PostingsFormat.version, nil)
        case "pos": return (PostingsFormat.posMagic, PostingsFormat.version, nil)
        case "nrm": return (NormCodec.magic, NormCodec.version, nil)
        case "sto": return (StoredFieldsFormat.magic, StoredFieldsFormat.version, nil)
        case "col": return (ColumnsFormat.magic, ColumnsFormat.version, nil)
        default: return nil
        }
    }

    /// Whether the file `name` is one this index (tag `indexID`'s first bytes) wrote: see the type.
    /// An empty file with the name of a segment's file or a catalog counts as one: what a writer
    /// killed before its first write leaves (it holds nothing to lose). An empty manifest does not:
    /// manifests appear by rename, whole.
    /// Reads at most its first 24 bytes; never opens a symlink, a FIFO or anything not a regular file
    /// (`Directory.openFile`).
    static func isOwnFile(_ name: String, in dir: any Directory, indexID: [UInt8]) -> Bool {
        guard let expected = expectedHeader(of: name) else { return false }
        guard let file = try? dir.openFile(name) else { return false }
        if file.count == 0 { return name.hasSuffix(".tmp") || (expected.magic != Manifest.magic && expected.magic != magic) }
        let n = min(file.count, FileFormat.headerSize + FileFormat.segmentIDSize)
        guard let header = try? file.bytes(0, n) else { return false }
        guard n >= FileFormat.headerSize, Array(header[0..<4]) == Array(expected.magic.utf8) else { return false }
        if let generation = expected.generation {
            guard n >= FileFormat.headerSize + 8 else { return false }
            return header[8..<16].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) } == generation
        }
        guard let current = expected.segmentVersion else { return true }
        let version = UInt32(header[4]) | UInt32(header[5]) << 8 | UInt32(header[6]) << 16 | UInt32(header[7]) << 24
        let ids = FileFormat.idVersions(magic: expected.magic, version: current)
        if !ids.contains(version) { return version == ids.lowerBound - 1 } // a segment file from before ids
        return n == FileFormat.headerSize + FileFormat.segmentIDSize && Array(header[8..<8 + tagSize]) == Array(indexID.prefix(tagSize))
    }
}

extension Directory {
    /// Refuses to write the file `name` when something is there that this index did not write
    /// (`IndexMarker.isOwnFile`): a file of the user's that has a name Loupe gives its files.
    package func refuseForeignFile(_ name: String, indexID: [UInt8]) throws {
        guard contains(name), !IndexMarker.isOwnFile(name, in: self, indexID: indexID) else { return }
        throw LoupeError.io(path: file(name), reason: "is there and was not written by this index: not overwriting it; move it away")
    }
}
