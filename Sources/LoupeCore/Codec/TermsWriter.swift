/// Writes a segment's terms: the dictionary (`.tim`) and each term's postings (`.doc`, format 2) and
/// positions (`.pos`), together, so their offsets agree. Terms must arrive in increasing key order.
/// Used by both the flush of an in-memory segment and the merge of segments.
final class TermsWriter {
    private let tim: TermDictionaryWriter
    private let docOut: FileOutput
    private let posOut: FileOutput
    private var run: [UInt8] = []

    init(directory: any Directory, segment: String, id: [UInt8]) throws {
        docOut = try FileOutput(directory, name: segment + ".doc", magic: PostingsFormat.docMagic, version: PostingsFormat.version,
                                segmentID: id)
        posOut = try FileOutput(directory, name: segment + ".pos", magic: PostingsFormat.posMagic, version: PostingsFormat.version,
                                segmentID: id)
        tim = try TermDictionaryWriter(directory, name: segment + ".tim", segmentID: id)
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
    private var index: [(firstDoc: UInt32, rawLength: UInt32, offset: UInt64, crc: UInt32)] = []
    private var docCount = 0
    /// No document so far has a value outside the key column: their (empty) entries are not in
    /// `block` yet, and if it stays so the file has no blocks at all.
    private var onlyKeys = true
    /// The key field's column (front-coded entries) and where each group of 16 starts in it.
    private let keyField: Int?
    private var column: [UInt8] = []
    private var groups: [UInt32] = []
    private var previousKey: [UInt8] = []

    /// `keyField`: the field kept in the front-coded column (the schema's path field), if any.
    init(_ directory: any Directory, name: String, keyField: Int?, segmentID: [UInt8] = FileFormat.noSegmentID) throws {
        precondition(keyField.map { $0 >= 0 && $0 < 255 } ?? true)
        out = try FileOutput(directory, name: name, magic: StoredFieldsFormat.magic, version: StoredFieldsFormat.version,
                             segmentID: segmentID)
        self.keyField = keyField
    }

    /// Adds a document already encoded as `doc := nValues (field length utf8)*`.
    func addEncoded<C: Collection>(_ bytes: C) throws where C.Element == UInt8 {
        let doc = Array(bytes)
        var key: ArraySlice<UInt8>? = nil
        var others: [(start: Int, end: Int)] = []
        var i = 0
        let n = Int(PostingsEncoder.readVarint(doc, &i))
        for _ in 0..<n {
            let start = i
            let f = Int(doc[i]); i += 1
            let length = Int(PostingsEncoder.readVarint(doc, &i))
            if f == keyField { key = doc[i..<(i + length)] } else { others.append((start, i + length)) }
            i += length
        }
        appendKey(key)
        if onlyKeys && others.isEmpty {
            docCount += 1
            return
        }
        if onlyKeys {
            // The first document with other values: the empty ones before it get their entries.
            onlyKeys = false
            for d in 0..<docCount { try appendToBlock([], doc: d) }
        }
        try appendToBlock(others.map { doc[$0.start..<$0.end] }, doc: docCount)
        docCount += 1
    }

    /// Adds document `doc`'s encoded values (key field left out) to the block being filled.
    private func appendToBlock(_ values: [ArraySlice<UInt8>], doc: Int) throws {
        starts.append(UInt32(block.count))
        PostingsEncoder.varint(UInt32(values.count), into: &block)
        for v in values { block.append(contentsOf: v) }
        if block.count >= StoredFieldsFormat.blockBytes { try flushBlock(nextDoc: doc + 1) }
    }

    private func appendKey(_ value: ArraySlice<UInt8>?) {
        if docCount % StoredFields.groupSize == 0 {
            groups.append(UInt32(column.count))
            previousKey = []
        }
        guard let value else {
            column += [0, 0] // shared 0, absent: the next entry starts from nothing
            previousKey = []
            return
        }
        let key = Array(value)
        var shared = 0
        let limit = min(previousKey.count, key.count)
        while shared < limit && previousKey[shared] == key[shared] { shared += 1 }
        // Then the bytes it shares with the previous key's end (".txt"), outside the shared prefix.
        var tail = 0
        let tailLimit = min(previousKey.count, key.count) - shared
        while tail < tailLimit && previousKey[previousKey.count - 1 - tail] == key[key.count - 1 - tail] { tail += 1 }
        PostingsEncoder.varint(UInt32(shared), into: &column)
        PostingsEncoder.varint(UInt32(key.count - shared - tail + 1), into: &column)
        PostingsEncoder.varint(UInt32(tail), into: &column)
        column.append(contentsOf: key[shared..<(key.count - tail)])
        previousKey = key
    }

    /// Appends every document of `source` (a segment with no deletions, written with the same key
    /// field) without decompressing it: its key column re-coded entry by entry, its blocks copied as
    /// the compressed frames they are, their index entries moved by the documents before them.
    /// Returns false, having written nothing, when the key fields differ (then add document by
    /// document).
    /// - Complexity: O(bytes of the source's blocks) copied, O(its keys) decoded.
    func appendSegment(_ source: StoredFields) throws -> Bool {
        guard source.keyField == keyField else { return false }
        if source.blockCount > 0 || !onlyKeys {
            if onlyKeys {
                // The documents so far had only keys: they get their (empty) entries now.
                onlyKeys = false
                for d in 0..<docCount { try appendToBlock([], doc: d) }
            }
            if source.blockCount == 0 {
                for d in 0..<source.docCount { try appendToBlock([], doc: docCount + d) }
            } else {
                try flushBlock(nextDoc: docCount)
                for b in 0..<source.blockCount {
                    let first = try source.firstDoc(ofBlock: b)
                    let rawLength = try source.rawLength(ofBlock: b)
                    let (start, end) = try source.frameRange(b)
                    guard docCount + first <= Int(UInt32.max) else {
                        throw LoupeError.invalidArgument("a merged segment of more than \(UInt32.max) documents")
                    }
                    // A frame no reader would unpack is not carried into a new segment.
                    guard ZstdLimits.allows(rawLength: Int(rawLength), frameBytes: end - start) else {
                        throw LoupeError.corrupt(file: source.file.name, reason: "block \(b) claims \(rawLength) bytes in \(end - start)")
                    }
                    var crc = CRC32C()
                    try source.file.withBytes(start, end - start) { crc.update($0) }
                    index.append((UInt32(docCount + first), rawLength, UInt64(out.offset), crc.value))
                    try source.file.withBytes(start, end - start) { out.writeBytes($0) }
                    try out.maybeFlush()
                }
            }
        }
        var p = source.columnStart
        var key: [UInt8] = []
        for _ in 0..<source.docCount {
            let present = try source.nextKey(&p, &key)
            appendKey(present ? key[...] : nil)
            docCount += 1
        }
        return true
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

    /// Compresses and writes the block; its documents end before `nextDoc`.
    private func flushBlock(nextDoc: Int) throws {
        guard !starts.isEmpty else { return }
        var raw: [UInt8] = []
        raw.reserveCapacity(4 + 4 * starts.count + block.count)
        for v in [UInt32(starts.count)] + starts { withUnsafeBytes(of: v.littleEndian) { raw.append(contentsOf: $0) } }
        raw.append(contentsOf: block)
        let frame = try compressor.compress(raw)
        index.append((UInt32(nextDoc - starts.count), UInt32(raw.count), UInt64(out.offset), CRC32C.checksum(frame)))
        out.writeBytes(frame)
        try out.maybeFlush()
        block.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
    }

    func finish() throws {
        try flushBlock(nextDoc: docCount)
        let indexStart = out.offset
        // Index, column and groups gathered first: their checksum ends the trailer.
        var tail: [UInt8] = []
        tail.reserveCapacity(20 * index.count + column.count + 4 * groups.count)
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { tail.append(contentsOf: $0) } }
        for e in index {
            u32(e.firstDoc)
            u32(e.rawLength)
            withUnsafeBytes(of: e.offset.littleEndian) { tail.append(contentsOf: $0) }
            u32(e.crc)
        }
        let columnStart = indexStart + tail.count
        tail.append(contentsOf: column)
        let groupsStart = indexStart + tail.count
        for g in groups { u32(g) }
        out.writeBytes(tail)
        for v in [docCount, index.count, indexStart, keyField ?? 255, columnStart, groupsStart] { out.writeU64(UInt64(v)) }
        out.writeU64(UInt64(CRC32C.checksum(tail)))
        try out.finish()
    }
}
