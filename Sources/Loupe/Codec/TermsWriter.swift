/// Writes a segment's terms: the dictionary (`.tim`) and each term's postings (`.doc`, format 2) and
/// positions (`.pos`), together, so their offsets agree. Terms must arrive in increasing key order.
/// Used by both the flush of an in-memory segment and the merge of segments.
final class TermsWriter {
    private let tim: TermDictionaryWriter
    private let docOut: FileOutput
    private let posOut: FileOutput
    private var run: [UInt8] = []

    init(directory: IndexDirectory, segment: String) throws {
        docOut = try FileOutput(path: directory.file(segment + ".doc"), magic: PostingsFormat.docMagic, version: PostingsFormat.version)
        posOut = try FileOutput(path: directory.file(segment + ".pos"), magic: PostingsFormat.posMagic, version: PostingsFormat.version)
        tim = try TermDictionaryWriter(path: directory.file(segment + ".tim"))
    }

    /// Adds one term (`key` = field byte + UTF-8): its postings from `encoder` (encoded here, with
    /// `norm(doc)` for the blocks' bounds) and its positions, already encoded in `.pos` form.
    func add(key: [UInt8], totalFreq: Int, encoder: TermDocsEncoder, positions: [UInt8], norm: (Int32) -> UInt8) throws {
        run.removeAll(keepingCapacity: true)
        encoder.encode(into: &run, norm: norm)
        try tim.add(key: key, info: TermInfo(docFreq: encoder.count, totalFreq: totalFreq, docOffset: docOut.offset, posOffset: posOut.offset))
        docOut.writeBytes(run)
        posOut.writeBytes(positions)
        try docOut.maybeFlush()
        try posOut.maybeFlush()
    }

    func finish() throws {
        try tim.finish()
        try docOut.finish()
        try posOut.finish()
    }
}

/// Writes `.sto` (see `StoredFieldsFormat`) one document at a time, a zstd block every ~16 KiB.
final class StoredFieldsWriter {
    private let out: FileOutput
    private let compressor = ZstdCompressor(level: 3)
    /// The documents of the block being filled, and where each starts in it.
    private var block: [UInt8] = []
    private var starts: [UInt32] = []
    private var index: [(firstDoc: UInt32, rawLength: UInt32, offset: UInt64)] = []
    private var docCount = 0

    init(path: String) throws {
        out = try FileOutput(path: path, magic: StoredFieldsFormat.magic, version: StoredFieldsFormat.version)
    }

    /// Adds a document already encoded as `doc := nValues (field length utf8)*`.
    func addEncoded<C: Collection>(_ bytes: C) throws where C.Element == UInt8 {
        starts.append(UInt32(block.count))
        block.append(contentsOf: bytes)
        docCount += 1
        if block.count >= StoredFieldsFormat.blockBytes { try flushBlock() }
    }

    /// Adds a document from its (field number, value) pairs.
    func add(_ values: [(field: Int, value: String)]) throws {
        var doc: [UInt8] = []
        PostingsEncoder.varint(UInt32(values.count), into: &doc)
        for (f, v) in values {
            doc.append(UInt8(f))
            PostingsEncoder.varint(UInt32(v.utf8.count), into: &doc)
            doc.append(contentsOf: v.utf8)
        }
        try addEncoded(doc)
    }

    private func flushBlock() throws {
        guard !starts.isEmpty else { return }
        var raw: [UInt8] = []
        raw.reserveCapacity(4 + 4 * starts.count + block.count)
        for v in [UInt32(starts.count)] + starts { withUnsafeBytes(of: v.littleEndian) { raw.append(contentsOf: $0) } }
        raw.append(contentsOf: block)
        index.append((UInt32(docCount - starts.count), UInt32(raw.count), UInt64(out.offset)))
        out.writeBytes(try compressor.compress(raw))
        try out.maybeFlush()
        block.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
    }

    func finish() throws {
        try flushBlock()
        let indexStart = out.offset
        for e in index {
            out.writeU32(e.firstDoc)
            out.writeU32(e.rawLength)
            out.writeU64(e.offset)
        }
        out.writeU64(UInt64(docCount))
        out.writeU64(UInt64(index.count))
        out.writeU64(UInt64(indexStart))
        try out.finish()
    }
}
