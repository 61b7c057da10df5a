/// Merges segments into one new segment, dropping deleted documents: term dictionaries are merged in
/// key order by a k-way merge of the sorted dictionaries (`TermMerger`, one entry per source in
/// memory), postings re-encoded with the new doc ids (positions copied), norms, columns and stored values
/// copied for live documents (a source with no deletions has its stored blocks copied compressed). Works at the postings level, so nothing is re-analyzed and unstored
/// fields (the body) survive the merge.
enum SegmentMerger {
    struct Source {
        let reader: SegmentReader
        /// Deletions to apply (the reader's own plus any not yet written).
        let deleted: DeletedDocs?
    }

    /// Recomputes the checksum of every file of every source, once: a merge rewrites its inputs into a
    /// new file with a valid checksum and the inputs then go, so damage merged would be damage
    /// laundered. Throws `LoupeError.corrupt` naming the damaged file; nothing is written.
    /// - Complexity: O(bytes of the sources).
    static func verify(_ sources: [Source]) throws {
        for s in sources {
            do {
                try s.reader.verifyChecksums()
            } catch let LoupeError.corrupt(file, reason) {
                throw LoupeError.corrupt(file: file, reason: reason + "; segment \(s.reader.info.name) was not merged (its files are left as they are); "
                    + "`loupe index DIR --full` rebuilds the index")
            }
        }
    }

    /// - Complexity: O(total postings + terms · log sources) time; memory O(documents) for the doc
    /// maps and norms plus the postings of the largest term.
    /// Returns the merged segment and, per source, each old doc id's new one (-1: dropped).
    static func merge(_ sources: [Source], name: String, id: [UInt8], schema: Schema, to dir: any Directory) throws
        -> (segment: Manifest.Segment, docMaps: [[Int32]]) {
        // Old doc id → new doc id (-1: deleted), per source.
        var maps: [[Int32]] = []
        var next: Int32 = 0
        for s in sources {
            var m = [Int32](repeating: -1, count: s.reader.docCount)
            for d in 0..<s.reader.docCount where !(s.deleted?.contains(Int32(d)) ?? false) {
                m[d] = next
                next += 1
            }
            maps.append(m)
        }
        let docCount = Int(next)

        // Norms, and field statistics: documents with the field counted exactly from the norms; the
        // length sum is the sources' sums minus the (quantized) lengths of the dropped documents.
        var stats = [Manifest.FieldStats](repeating: .init(docsWithField: 0, sumLength: 0), count: schema.fields.count)
        var mergedNorms = [[UInt8]](repeating: [], count: schema.fields.count)
        // A field without norms in the merged segment (`Schema.hasNorms`) gets its statistics from
        // its postings below: documents with a term, and the sum of frequencies (one per value).
        for f in schema.indexedFields where schema.hasNorms(f) {
            mergedNorms[f].reserveCapacity(docCount)
            for (i, s) in sources.enumerated() {
                var dropped = 0
                for d in 0..<s.reader.docCount {
                    let n = try s.reader.norms.norm(field: f, doc: Int32(d))
                    if maps[i][d] < 0 { dropped += NormCodec.decode(n); continue }
                    mergedNorms[f].append(n)
                    if n > 0 { stats[f].docsWithField += 1 }
                }
                stats[f].sumLength += max(0, s.reader.info.fieldStats[f].sumLength - dropped)
            }
        }
        let nrm = try FileOutput(dir, name: name + ".nrm", magic: NormCodec.magic, version: NormCodec.version,
                                 segmentID: id)
        // Each column field's languages: the sources' columns (read from their norms, or from their
        // language terms when written before the norms kept them), their codes mapped into one list.
        let columns = schema.normColumns(stats)
        var codes: [String] = []
        var languages: [[UInt8]] = []
        for f in columns {
            var merged: [UInt8] = []
            merged.reserveCapacity(docCount)
            for (i, s) in sources.enumerated() {
                let column = try s.reader.languageColumn(field: f)
                let remap = column.codes.map { code -> UInt8 in
                    if let j = codes.firstIndex(of: code) { return UInt8(j + 1) }
                    guard codes.count < 255 else { return 0 }
                    codes.append(code)
                    return UInt8(codes.count)
                }
                for d in 0..<s.reader.docCount where maps[i][d] >= 0 {
                    let l = column.language(of: Int32(d))
                    merged.append(l == 0 ? 0 : remap[l - 1])
                }
            }
            languages.append(merged)
        }
        NormCodec.write(to: nrm, norms: columns.map { mergedNorms[$0] }, codes: codes, languages: languages)
        try nrm.finish()

        let writer = try TermsWriter(directory: dir, segment: name, id: id)
        var posBytes: [UInt8] = []
        var encoder = TermDocsEncoder()
        let positions = PositionBuffer() // one document's positions, reused for every posting
        var terms = try TermMerger(sources.map { $0.reader.terms })
        var holders: [(source: Int, info: TermInfo)] = []
        // Per field without norms, the merged documents with a term of it.
        var holdsField: [Int: [Bool]] = [:]
        for f in schema.indexedFields where !schema.hasNorms(f) { holdsField[f] = [Bool](repeating: false, count: docCount) }
        while let key = try terms.next(into: &holders) {
            let field = Int(key[0])
            guard field < schema.fields.count, schema.fields[field].indexed else {
                throw LoupeError.corrupt(file: sources[holders[0].source].reader.terms.file.name,
                                         reason: "a term of field \(field), which is not an indexed field")
            }
            posBytes.removeAll(keepingCapacity: true)
            encoder.removeAll()
            var docFreq = 0, totalFreq = 0
            // Positions are dropped where the merged segment keeps none (a source may have them).
            let keepsPositions = schema.hasPositions(field)
            for (i, info) in holders {
                let it = try sources[i].reader.postings(info)
                while try it.next() != PostingsFormat.noMoreDocs {
                    let newDoc = maps[i][Int(it.doc)]
                    if newDoc < 0 { continue }
                    let freq = it.freq
                    let before = posBytes.count
                    if keepsPositions {
                        var prev: Int32 = 0
                        positions.removeAll()
                        try it.appendPositions(to: positions)
                        positions.withPositions { ps in
                            for p in ps {
                                PostingsEncoder.varint(UInt32(p - prev), into: &posBytes)
                                prev = p
                            }
                        }
                    }
                    encoder.add(doc: newDoc, freq: freq, positionBytes: posBytes.count - before)
                    docFreq += 1
                    totalFreq += Int(freq)
                    if holdsField[field] != nil { holdsField[field]![Int(newDoc)] = true }
                }
            }
            if docFreq == 0 { continue }
            // Norm 0 bounds the blocks of a field without norms (what a reader reads).
            if holdsField[field] != nil { stats[field].sumLength += totalFreq }
            let norms = mergedNorms[field]
            try writer.add(key: key, totalFreq: totalFreq, encoder: encoder, positions: posBytes) { norms.isEmpty ? 0 : norms[Int($0)] }
        }
        try writer.finish()
        for (f, holds) in holdsField { stats[f].docsWithField = holds.lazy.filter { $0 }.count }

        let sto = try StoredFieldsWriter(dir, name: name + ".sto", keyField: schema.storedKeyField,
                                         segmentID: id)
        for (i, s) in sources.enumerated() {
            // A source that drops nothing is copied block by block, compressed as it is.
            if maps[i].allSatisfy({ $0 >= 0 }), try sto.appendSegment(s.reader.stored) { continue }
            for d in 0..<s.reader.docCount where maps[i][d] >= 0 {
                try sto.add(try s.reader.stored.document(Int32(d)))
            }
        }
        try sto.finish()

        try ColumnsWriter.write(try mergedColumns(sources, maps: maps, schema: schema), docCount: docCount,
                                to: dir, name: name + "." + ColumnsFormat.fileExtension, segmentID: id)

        return (Manifest.Segment(name: name, docCount: docCount, fieldStats: stats, id: id, hasColumns: true), maps)
    }

    /// The fast fields' values of the live documents, in their new order (a source without a column
    /// for a field, written before it, gives its documents none).
    /// - Complexity: O(values of the sources).
    static func mergedColumns(_ sources: [Source], maps: [[Int32]], schema: Schema) throws -> [ColumnBuilder] {
        try schema.fastFields.map { f in
            var builder = ColumnBuilder(field: f, type: schema.fields[f].type)
            for (i, s) in sources.enumerated() {
                let column = s.reader.column(f)
                var terms: [Int: String] = [:]
                for d in 0..<s.reader.docCount where maps[i][d] >= 0 {
                    if let column {
                        for v in try column.values(of: Int32(d)) {
                            if builder.type == .keyword {
                                let o = try column.ordinal(v)
                                if let t = terms[o] { builder.append(string: t) } else {
                                    let t = try column.term(o)
                                    terms[o] = t
                                    builder.append(string: t)
                                }
                            } else {
                                builder.append(key: try column.key(v))
                            }
                        }
                    }
                    builder.endDocument()
                }
            }
            return builder
        }
    }
}

/// Chooses merges so the number of segments stays bounded however many small commits happen, and
/// segments that are mostly deleted get rewritten.
///
/// Rules, applied at each commit: a segment whose documents are all deleted is dropped; segments with
/// at least `deletedRatio` of their documents deleted are merged; while more than `maxSegments`
/// remain, the `mergeFactor` smallest (by live documents) are merged into one. Like a log-structured
/// policy, small segments are merged often and large ones rarely, so each document is rewritten
/// O(log n) times.
package struct MergePolicy: Sendable {
    /// Segments above which the smallest are merged.
    package var maxSegments = 10
    /// Segments merged into one at a time.
    package var mergeFactor = 10
    /// The share of deleted documents (0–1) at which a segment is rewritten.
    package var deletedRatio = 0.3

    /// The default policy: at most 10 segments, merged 10 at a time, rewritten at 30 % deleted.
    package init() {}

    /// Groups of segment names to merge (each group into one new segment). Segments with no live
    /// document are not listed: the writer drops them.
    func merges(_ segments: [Manifest.Segment]) -> [[String]] {
        let live = segments.filter { $0.liveCount > 0 }
        let heavy = live.filter { $0.deletedCount > 0 && Double($0.deletedCount) >= deletedRatio * Double($0.docCount) }
        var rest = live.filter { s in !heavy.contains { $0.name == s.name } }.sorted { $0.liveCount < $1.liveCount }
        var groups: [[String]] = []
        var count = rest.count + (heavy.isEmpty ? 0 : 1)
        while count > maxSegments {
            let k = min(mergeFactor, count - maxSegments + 1, rest.count)
            if k < 2 { break }
            groups.append(rest.prefix(k).map(\.name))
            rest.removeFirst(k)
            count -= k - 1
        }
        if !heavy.isEmpty { groups.append(heavy.map(\.name)) }
        return groups
    }
}
