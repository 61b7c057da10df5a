import Glibc

/// Writes a `SegmentBuffer` as the immutable files of one segment: `.tim` (term dictionary), `.doc`
/// and `.pos` (postings), `.nrm` (norms), `.sto` (stored fields), `.col` (the fast fields' columns). Every file is fsynced; the segment
/// becomes visible only when a manifest names it.
enum SegmentWriter {
    /// The file extensions of a segment.
    static let extensions = ["tim", "doc", "pos", "nrm", "sto"]
    /// Those and the column file, which segments written before columns lack.
    static let allExtensions = extensions + [ColumnsFormat.fileExtension]

    /// - Complexity: O(T log T) to sort the T distinct terms, O(bytes) to write.
    /// The buffer is spent: it takes no document after.
    /// `id`: the segment's id (`IndexMarker.newSegmentID`), written into every file's header.
    static func write(_ buffer: SegmentBuffer, name: String, id: [UInt8], to dir: any Directory) throws -> Manifest.Segment {
        buffer.prepareForWriting()
        let terms = try TermsWriter(directory: dir, segment: name, id: id)
        var encoder = TermDocsEncoder()
        var docs: [UInt8] = [], positions: [UInt8] = []
        let table = buffer.terms
        let postings = buffer.postings
        // Keys start with their field byte: one sort puts the fields in order too.
        for id in Self.sortedIDs(table) {
            let key = Array(table.key(Int(id)))
            let field = Int(key[0])
            // A field without norms in the file bounds its blocks by norm 0, what a reader reads.
            let norms = buffer.schema.hasNorms(field) ? buffer.norms[field] : []
            let p = postings[Int(id)]
            docs.removeAll(keepingCapacity: true)
            positions.removeAll(keepingCapacity: true)
            buffer.pool.read(p.docs, into: &docs)
            buffer.pool.read(p.positions, into: &positions)
            // The buffer keeps (delta, freq) varints; they are re-encoded into blocks.
            encoder.removeAll()
            let keepsPositions = buffer.schema.hasPositions(field)
            Self.decodeBuffered(docs: docs, positions: positions, keepsPositions: keepsPositions, into: &encoder)
            if !keepsPositions { positions.removeAll(keepingCapacity: true) }
            try terms.add(key: key, totalFreq: Int(p.totalFreq), encoder: encoder, positions: positions) {
                norms.isEmpty ? 0 : norms[Int($0)]
            }
        }
        try terms.finish()

        let nrm = try FileOutput(dir, name: name + ".nrm", magic: NormCodec.magic, version: NormCodec.version,
                                 segmentID: id)
        let columns = buffer.schema.normColumns(buffer.fieldStats)
        NormCodec.write(to: nrm, norms: columns.map { buffer.norms[$0] }, codes: buffer.languageCodes,
                        languages: columns.map { buffer.languages[$0] })
        try nrm.finish()

        let sto = try StoredFieldsWriter(dir, name: name + ".sto", keyField: buffer.schema.storedKeyField,
                                         segmentID: id)
        for (i, start) in buffer.storedStarts.enumerated() {
            let end = i + 1 < buffer.storedStarts.count ? buffer.storedStarts[i + 1] : buffer.stored.count
            try sto.addEncoded(buffer.stored[start..<end])
        }
        try sto.finish()

        try ColumnsWriter.write(buffer.columns, docCount: buffer.docCount, to: dir, name: name + "." + ColumnsFormat.fileExtension,
                                segmentID: id)

        return Manifest.Segment(name: name, docCount: buffer.docCount, fieldStats: buffer.fieldStats, id: id, hasColumns: true)
    }

    /// The table's ids in key byte order (what `.tim` sorts by). Sorted by the keys' first 8 bytes,
    /// ties by `memcmp` in the table's arena, so the sort moves plain integers.
    /// - Complexity: O(T log T).
    static func sortedIDs(_ table: TermTable) -> [Int32] {
        let arena = table.arena, starts = table.starts
        var entries: [(prefix: UInt64, id: Int32)] = []
        entries.reserveCapacity(table.count)
        for id in 0..<table.count {
            let start = Int(starts[id]), end = Int(starts[id + 1])
            var prefix: UInt64 = 0
            for j in 0..<8 { prefix = prefix << 8 | UInt64(start + j < end ? arena[start + j] : 0) }
            entries.append((prefix, Int32(id)))
        }
        arena.withUnsafeBufferPointer { bytes in
            entries.sort { a, b in
                if a.prefix != b.prefix { return a.prefix < b.prefix }
                let sa = Int(starts[Int(a.id)]), la = Int(starts[Int(a.id) + 1]) - sa
                let sb = Int(starts[Int(b.id)]), lb = Int(starts[Int(b.id) + 1]) - sb
                let c = memcmp(bytes.baseAddress! + sa, bytes.baseAddress! + sb, min(la, lb))
                return c != 0 ? c < 0 : la < lb
            }
        }
        return entries.map(\.id)
    }

    /// The postings of one buffered term, with the byte length of each doc's positions (0 when
    /// they are not kept).
    static func decodeBuffered(docs: [UInt8], positions: [UInt8], keepsPositions: Bool = true, into encoder: inout TermDocsEncoder) {
        docs.withUnsafeBufferPointer { docs in
            positions.withUnsafeBufferPointer { positions in
                var di = 0, pi = 0
                var doc: Int32 = 0
                while di < docs.count {
                    let code = PostingsEncoder.readVarint(docs, &di)
                    let freq = code & 1 == 1 ? 1 : PostingsEncoder.readVarint(docs, &di)
                    doc += Int32(code >> 1)
                    // The doc's `freq` position varints, skipped undecoded.
                    guard let end = Varint.skip(Int(freq), in: UnsafeRawBufferPointer(positions), from: pi) else {
                        preconditionFailure("a buffered term's positions end before its postings do")
                    }
                    encoder.add(doc: doc, freq: freq, positionBytes: keepsPositions ? end - pi : 0)
                    pi = end
                }
            }
        }
    }
}
