/// What a deep check of a snapshot read (`IndexReader.verifyDeep()`, `loupe check --deep`).
@_spi(Benchmarks) public struct CheckReport: Sendable, Equatable {
    /// Segments checked.
    public var segments = 0
    /// Documents of the segments, deleted ones included, and of them deleted.
    public var documents = 0, deletedDocuments = 0
    /// Dictionary entries, postings and positions decoded, summed over segments.
    public var terms = 0, postings = 0, positions = 0
    /// Documents whose stored values were decoded.
    public var storedDocuments = 0
    /// Columns of fast fields decoded, summed over segments.
    public var columns = 0
}

extension IndexReader {
    /// Checks the snapshot as a whole, beyond checksums (which it verifies first), as Lucene's
    /// CheckIndex and SQLite fts5's integrity-check do: decodes every term, posting and position,
    /// and checks that they agree with each other, with the norms, the stored documents, the
    /// deletions and the manifest:
    ///
    /// - the dictionary's keys are strictly increasing, each found again by a lookup, every key's
    ///   field indexed, its term valid UTF-8 (a query's words are, so a term that is not matches
    ///   nothing: its documents drop out of results); each term's postings and positions runs
    ///   start where the previous term's end, and the last ends at the end of its file;
    /// - doc ids strictly increase and stay below the segment's document count, frequencies are at
    ///   least 1 (both checked by the postings' decoder), and a document's positions of a term
    ///   strictly increase and fit an Int32;
    /// - a term's frequencies add up to its total frequency, each block's skip entry holds the
    ///   block's largest frequency and smallest norm;
    /// - per document and field with norms, the words counted from the postings (every word gives
    ///   one plain, unmarked term) encode to the document's norm byte; a field without positions
    ///   (`SegmentReader.hasPositions`) has an empty run in `.pos` per term; the documents with a
    ///   word are the manifest's `docsWithField`, and their lengths add up to at most its `sumLength` (a
    ///   merge subtracts the quantized lengths of what it drops, so it may overcount);
    /// - every document's stored values decode, with stored fields of the schema;
    /// - every column decodes: each document's values follow the previous one's, ascending, keyword
    ///   ordinals inside a dictionary in ascending byte order (`Columns.verify`);
    /// - the deletions files hold the manifest's counts; `liveKeys` is handed the live documents'
    ///   stored keys, sorted (the files layer checks them against the commit's catalog).
    ///
    /// The caller verifies the checksums first (the files layer's `verifyDeep()` does).
    /// - Throws: `LoupeError.corrupt` naming the first file found wrong and what is wrong.
    /// - Complexity: O(index size); memory O(documents of one segment).
    package func verifyDeep(liveKeys check: ([[UInt8]]) throws -> Void) throws -> CheckReport {
        var report = CheckReport()
        var liveKeys: [[UInt8]] = []
        for s in segments {
            try s.verifyDeep(into: &report, liveKeys: &liveKeys, manifestFile: Manifest.fileName(manifest.generation))
        }
        liveKeys.sort { $0.lexicographicallyPrecedes($1) }
        try check(liveKeys)
        return report
    }
}

extension SegmentReader {
    /// The deep check of one segment (see `IndexReader.verifyDeep`); the stored paths of its live
    /// documents are appended to `liveKeys`.
    func verifyDeep(into report: inout CheckReport, liveKeys: inout [[UInt8]], manifestFile: String) throws {
        report.segments += 1
        report.documents += docCount
        report.deletedDocuments += info.deletedCount
        if let columns {
            try columns.verify()
            report.columns += schema.fastFields.filter { columns.column($0) != nil }.count
        }
        // Words per document of the field being walked (terms come in key order: field by field).
        var lengths = [Int](repeating: 0, count: docCount)
        var field = -1
        var checkedFields = Set<Int>()
        func finishField() throws {
            guard field >= 0 else { return }
            try checkNorms(field: field, lengths: lengths, manifestFile: manifestFile)
            checkedFields.insert(field)
            for d in lengths.indices { lengths[d] = 0 }
        }
        // Postings start after each file's header (and its segment id, in the versions that have one).
        var docEnd = try FileFormat.openSegmentFile(docs, magic: PostingsFormat.docMagic, version: PostingsFormat.version).lowerBound
        var posEnd = try FileFormat.openSegmentFile(positions, magic: PostingsFormat.posMagic, version: PostingsFormat.version).lowerBound
        let buffer = PositionBuffer()
        try terms.forEachEntry { key, t in
            let f = Int(key.first ?? 255)
            guard !key.isEmpty, f < schema.fields.count, schema.fields[f].indexed else {
                throw LoupeError.corrupt(file: terms.file.name, reason: "a term of field \(f), which is not indexed")
            }
            // Decoding with repair changes only what is not UTF-8.
            guard String(decoding: key[1...], as: UTF8.self).utf8.elementsEqual(key[1...]) else {
                throw LoupeError.corrupt(file: terms.file.name, reason: "term \(report.terms) is not UTF-8")
            }
            if f != field {
                try finishField()
                field = f
            }
            guard t.docOffset == docEnd, t.posOffset == posEnd else {
                throw LoupeError.corrupt(file: terms.file.name, reason: "term \(report.terms) does not start where the previous one's postings end")
            }
            // One plain term per word: folded forms, stems and language terms carry a marker byte.
            let plain = !(key.count >= 2 && key[1] >= IndexedTerm.markerByte && key[1] <= IndexedTerm.languageMarkerByte)
            let it = try postings(t)
            it.checksPositionRuns = true
            var n = 0, total = 0
            var blockMaxFreq: UInt32 = 0, blockMinNorm: UInt8 = 255
            while try it.next() != PostingsFormat.noMoreDocs {
                let d = Int(it.doc), freq = it.freq
                total += Int(freq)
                if plain { lengths[d] += Int(freq) }
                if n / PostingsFormat.blockSize < it.blockBounds.count {
                    blockMaxFreq = max(blockMaxFreq, freq)
                    blockMinNorm = min(blockMinNorm, try norms.norm(field: f, doc: it.doc))
                    if n % PostingsFormat.blockSize == PostingsFormat.blockSize - 1 {
                        let b = it.blockBounds[n / PostingsFormat.blockSize]
                        guard b.maxFreq == blockMaxFreq, b.minNorm == blockMinNorm else {
                            throw LoupeError.corrupt(file: docs.name, reason: "block \(n / PostingsFormat.blockSize) of term \(report.terms) has wrong bounds")
                        }
                        blockMaxFreq = 0
                        blockMinNorm = 255
                    }
                }
                buffer.removeAll()
                // A field without positions: its run in `.pos` is empty (the next term's starts here).
                if hasPositions(f) { try it.appendPositions(to: buffer) }
                for i in 1..<max(1, buffer.count) where buffer[i] <= buffer[i - 1] {
                    throw LoupeError.corrupt(file: positions.name, reason: "term \(report.terms), document \(d): position \(buffer[i]) after \(buffer[i - 1])")
                }
                n += 1
            }
            guard total == t.totalFreq else {
                throw LoupeError.corrupt(file: terms.file.name, reason: "term \(report.terms): frequencies sum to \(total), the dictionary says \(t.totalFreq)")
            }
            docEnd = it.runEnd
            posEnd = it.positionsEnd
            report.terms += 1
            report.postings += n
            report.positions += total
        }
        try finishField()
        guard docEnd == docs.count - FileFormat.footerSize, posEnd == positions.count - FileFormat.footerSize else {
            throw LoupeError.corrupt(file: docs.name, reason: "postings or positions continue after the last term's")
        }
        for f in schema.indexedFields where !checkedFields.contains(f) {
            try checkNorms(field: f, lengths: lengths, manifestFile: manifestFile) // no term: every length 0
        }

        // Stored values, in doc order, each block decompressed once.
        var scanner = StoredFields.Scanner(stored)
        let all = [Bool](repeating: true, count: 256)
        let keyField = schema.storedKeyField
        for d in 0..<docCount {
            var key: [UInt8]? = nil
            try scanner.forEachValue(Int32(d), fields: all) { f, value in
                guard f < schema.fields.count, schema.fields[f].stored else {
                    throw LoupeError.corrupt(file: stored.file.name, reason: "document \(d) stores field \(f), which is not stored")
                }
                if f == keyField { key = Array(value) }
            }
            if !isDeleted(Int32(d)), let key { liveKeys.append(key) }
            report.storedDocuments += 1
        }
    }

    /// Checks `field`'s norms and manifest statistics against the words counted per document.
    private func checkNorms(field f: Int, lengths: [Int], manifestFile: String) throws {
        var withField = 0, sum = 0
        // A field the file keeps no norms for (`Schema.normColumns`: a keyword, number, date or bool
        // with a column) has none to compare; one no document has must have no words either.
        let hasNorms = norms.columns[f] != nil || info.fieldStats[f].docsWithField == 0
        for d in 0..<docCount {
            let norm = try norms.norm(field: f, doc: Int32(d))
            guard !hasNorms || norm == NormCodec.encode(lengths[d]) else {
                throw LoupeError.corrupt(file: norms.file.name, reason: "document \(d) has \(lengths[d]) words in field \(f), its norm says \(NormCodec.decode(norm))")
            }
            if lengths[d] > 0 { withField += 1 }
            sum += lengths[d]
        }
        let stats = info.fieldStats[f]
        guard stats.docsWithField == withField, stats.sumLength >= sum else {
            throw LoupeError.corrupt(file: manifestFile, reason: "segment \(info.name), field \(f): \(stats.docsWithField) documents and \(stats.sumLength) words, the postings give \(withField) and \(sum)")
        }
        // The languages the norms file keeps must be what the field's language terms say.
        if norms.languageCodes != nil {
            let kept = try LanguageColumn(segment: self, field: f), terms = try LanguageColumn(termsOf: self, field: f)
            for d in 0..<Int32(docCount) where kept.code(of: d) != terms.code(of: d) {
                throw LoupeError.corrupt(file: norms.file.name, reason: "document \(d) is in language \(kept.code(of: d) ?? "unknown") in field \(f), its language terms say \(terms.code(of: d) ?? "unknown")")
            }
        }
    }
}
