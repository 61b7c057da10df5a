/// Writes a `SegmentBuffer` as the immutable files of one segment: `.tim` (term dictionary), `.doc`
/// and `.pos` (postings), `.nrm` (norms), `.sto` (stored fields). Every file is fsynced; the segment
/// becomes visible only when a manifest names it.
enum SegmentWriter {
    /// The file extensions of a segment.
    static let extensions = ["tim", "doc", "pos", "nrm", "sto"]

    /// - Complexity: O(T log T) to sort the T distinct terms, O(bytes) to write.
    static func write(_ buffer: SegmentBuffer, name: String, to dir: IndexDirectory) throws -> Manifest.Segment {
        let docOut = try FileOutput(path: dir.file(name + ".doc"), magic: PostingsFormat.docMagic, version: PostingsFormat.version)
        let posOut = try FileOutput(path: dir.file(name + ".pos"), magic: PostingsFormat.posMagic, version: PostingsFormat.version)
        let tim = try TermDictionaryWriter(path: dir.file(name + ".tim"))
        var encoder = TermDocsEncoder()
        var run: [UInt8] = []
        for field in 0..<buffer.schema.fields.count {
            let terms = buffer.termIDs[field].map { (key: Array($0.key.utf8), id: $0.value) }
                .sorted { $0.key.lexicographicallyPrecedes($1.key) }
            let norms = buffer.norms[field]
            for (key, id) in terms {
                let p = buffer.postings[Int(id)]
                let info = TermInfo(docFreq: p.docFreq, totalFreq: p.totalFreq, docOffset: docOut.offset, posOffset: posOut.offset)
                // The buffer keeps (delta, freq) varints; re-encode them into blocks.
                encoder.removeAll()
                Self.decodeBuffered(p, into: &encoder)
                run.removeAll(keepingCapacity: true)
                encoder.encode(into: &run) { norms.isEmpty ? 0 : norms[Int($0)] }
                docOut.writeBytes(run)
                posOut.writeBytes(p.positions)
                try tim.add(key: [UInt8(field)] + key, info: info)
                try docOut.maybeFlush()
                try posOut.maybeFlush()
            }
        }
        try tim.finish()
        try docOut.finish()
        try posOut.finish()

        let nrm = try FileOutput(path: dir.file(name + ".nrm"), magic: NormCodec.magic, version: NormCodec.version)
        for f in buffer.schema.indexedFields { nrm.writeBytes(buffer.norms[f]) }
        try nrm.finish()

        let sto = try FileOutput(path: dir.file(name + ".sto"), magic: StoredFieldsFormat.magic, version: StoredFieldsFormat.version)
        let base = sto.offset
        sto.writeBytes(buffer.stored)
        let offsetsStart = sto.offset
        for s in buffer.storedStarts { sto.writeU64(UInt64(base + s)) }
        sto.writeU64(UInt64(buffer.docCount))
        sto.writeU64(UInt64(offsetsStart))
        try sto.finish()

        return Manifest.Segment(name: name, docCount: buffer.docCount, fieldStats: buffer.fieldStats)
    }

    /// The postings of one buffered term, with the byte length of each doc's positions.
    static func decodeBuffered(_ p: SegmentBuffer.TermPostings, into encoder: inout TermDocsEncoder) {
        var di = 0, pi = 0
        var doc: Int32 = 0
        while di < p.docs.count {
            let code = PostingsEncoder.readVarint(p.docs, &di)
            let freq = code & 1 == 1 ? 1 : PostingsEncoder.readVarint(p.docs, &di)
            doc += Int32(code >> 1)
            let start = pi
            for _ in 0..<freq { _ = PostingsEncoder.readVarint(p.positions, &pi) }
            encoder.add(doc: doc, freq: freq, positionBytes: pi - start)
        }
    }
}
