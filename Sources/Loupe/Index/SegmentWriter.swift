/// Writes a `SegmentBuffer` as the immutable files of one segment: `.tim` (term dictionary), `.doc`
/// and `.pos` (postings), `.nrm` (norms), `.sto` (stored fields). Every file is fsynced; the segment
/// becomes visible only when a manifest names it.
enum SegmentWriter {
    /// The file extensions of a segment.
    static let extensions = ["tim", "doc", "pos", "nrm", "sto"]

    /// - Complexity: O(T log T) to sort the T distinct terms, O(bytes) to write.
    static func write(_ buffer: SegmentBuffer, name: String, to dir: IndexDirectory) throws -> Manifest.Segment {
        let terms = try TermsWriter(directory: dir, segment: name)
        var encoder = TermDocsEncoder()
        for field in 0..<buffer.schema.fields.count {
            let sorted = buffer.termIDs[field].map { (key: Array($0.key.utf8), id: $0.value) }
                .sorted { $0.key.lexicographicallyPrecedes($1.key) }
            let norms = buffer.norms[field]
            for (key, id) in sorted {
                let p = buffer.postings[Int(id)]
                // The buffer keeps (delta, freq) varints; they are re-encoded into blocks.
                encoder.removeAll()
                Self.decodeBuffered(p, into: &encoder)
                try terms.add(key: [UInt8(field)] + key, totalFreq: p.totalFreq, encoder: encoder, positions: p.positions) {
                    norms.isEmpty ? 0 : norms[Int($0)]
                }
            }
        }
        try terms.finish()

        let nrm = try FileOutput(path: dir.file(name + ".nrm"), magic: NormCodec.magic, version: NormCodec.version)
        for f in buffer.schema.indexedFields { nrm.writeBytes(buffer.norms[f]) }
        try nrm.finish()

        let sto = try StoredFieldsWriter(path: dir.file(name + ".sto"), keyField: buffer.schema.storedKeyField)
        for (i, start) in buffer.storedStarts.enumerated() {
            let end = i + 1 < buffer.storedStarts.count ? buffer.storedStarts[i + 1] : buffer.stored.count
            try sto.addEncoded(buffer.stored[start..<end])
        }
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
