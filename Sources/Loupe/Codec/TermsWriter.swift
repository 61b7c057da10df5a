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

/// Writes `.sto` (see `StoredFieldsFormat`) one document at a time.
final class StoredFieldsWriter {
    private let out: FileOutput
    private var starts: [Int] = []

    init(path: String) throws {
        out = try FileOutput(path: path, magic: StoredFieldsFormat.magic, version: StoredFieldsFormat.version)
    }

    /// Adds a document already encoded as `doc := nValues (field length utf8)*`.
    func addEncoded<C: Collection>(_ bytes: C) throws where C.Element == UInt8 {
        starts.append(out.offset)
        out.writeBytes(bytes)
        try out.maybeFlush()
    }

    /// Adds a document from its (field number, value) pairs.
    func add(_ values: [(field: Int, value: String)]) throws {
        starts.append(out.offset)
        out.writeVarint(UInt64(values.count))
        for (f, v) in values {
            out.writeByte(UInt8(f))
            out.writeString(v)
        }
        try out.maybeFlush()
    }

    func finish() throws {
        let offsetsStart = out.offset
        for s in starts { out.writeU64(UInt64(s)) }
        out.writeU64(UInt64(starts.count))
        out.writeU64(UInt64(offsetsStart))
        try out.finish()
    }
}
