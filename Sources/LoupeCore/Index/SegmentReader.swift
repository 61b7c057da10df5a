/// One committed segment opened for reading: its term dictionary, postings, norms and stored fields,
/// all memory-mapped. Opening checks every file's header and footer (O(1) each), not checksums.
public final class SegmentReader {
    /// The segment as the manifest lists it: name, document and deletion counts, field statistics.
    package let info: Manifest.Segment
    /// The index's fields.
    package let schema: Schema
    let terms: TermDictionary
    let docs: MappedFile
    let positions: MappedFile
    let norms: Norms
    package let stored: StoredFields
    /// The fast fields' columns, nil for a segment written before columns.
    let columns: Columns?
    /// Deleted documents, nil when none are.
    let deleted: DeletedDocs?
    /// Each field's document languages, read on first use (`languageColumn(field:)`).
    private let languageColumns = LanguageColumns()

    init(directory: any Directory, info: Manifest.Segment, schema: Schema) throws {
        self.info = info
        self.schema = schema
        let base = info.name
        terms = try TermDictionary(file: directory.openFile(base + ".tim"))
        docs = try directory.openFile(base + ".doc")
        _ = try FileFormat.openSegmentFile(docs, magic: PostingsFormat.docMagic, version: PostingsFormat.version)
        positions = try directory.openFile(base + ".pos")
        _ = try FileFormat.openSegmentFile(positions, magic: PostingsFormat.posMagic, version: PostingsFormat.version)
        norms = try Norms(file: directory.openFile(base + ".nrm"), indexed: { schema.normColumns(info.fieldStats, version: $0) },
                          fieldCount: schema.fields.count, docCount: info.docCount)
        // The small files are verified whole at open, as Lucene does (a byte per document and
        // field: a flipped bit would change a score silently); `.del` is, when it is read.
        try FileFormat.verifyChecksum(norms.file)
        stored = try StoredFields(file: directory.openFile(base + ".sto"), docCount: info.docCount)
        columns = info.hasColumns ? try Columns(file: directory.openFile(base + "." + ColumnsFormat.fileExtension), schema: schema, docCount: info.docCount) : nil
        try FileFormat.checkSegmentIDs([(terms.file, TermDictionaryFormat.version), (docs, PostingsFormat.version),
                                        (positions, PostingsFormat.version), (norms.file, NormCodec.version),
                                        (stored.file, max(stored.version, StoredFieldsFormat.firstIDVersion))] + (columns.map { [($0.file, ColumnsFormat.version)] } ?? []),
                                       expected: info.id)
        if info.delGen > 0 {
            let d = try DeletedDocs.read(directory.openFile(DeletionsFormat.fileName(segment: info.name, generation: info.delGen)),
                                         docCount: info.docCount)
            guard d.count == info.deletedCount else {
                throw LoupeError.corrupt(file: DeletionsFormat.fileName(segment: info.name, generation: info.delGen),
                                         reason: "\(d.count) deleted documents, the manifest says \(info.deletedCount)")
            }
            deleted = d
        } else {
            deleted = nil
        }
    }

    /// The language of each document in `field` (read once, then kept).
    func languageColumn(field: Int) throws -> LanguageColumn { try languageColumns.column(self, field: field) }

    /// Whether `doc` is deleted.
    @inline(__always) package func isDeleted(_ doc: Int32) -> Bool { deleted?.contains(doc) ?? false }

    /// Documents in the segment, deleted ones included (doc ids run 0 ..< docCount).
    package var docCount: Int { info.docCount }
    /// Documents not deleted.
    package var liveCount: Int { info.liveCount }

    /// The term's dictionary entry in this segment, or nil.
    @_spi(Benchmarks) public func termInfo(field: Int, term: String) throws -> TermInfo? {
        try terms.lookup(field: field, term: term)
    }

    /// An iterator over the postings of `info` (from `termInfo`), with bounds checked against the files.
    /// `frequencies`: false when only the documents matter (counting): each `freq` then reads 1,
    /// and no block's frequencies are unpacked.
    @_spi(Benchmarks) public func postings(_ info: TermInfo, frequencies: Bool = true) throws -> PostingsIterator {
        guard info.docOffset < docs.count, info.posOffset < positions.count, info.docFreq <= docCount else {
            throw LoupeError.corrupt(file: terms.file.name, reason: "term entry points outside its postings")
        }
        return try PostingsIterator(docs: docs, pos: positions, info: info, docCount: docCount, frequencies: frequencies)
    }

    /// Whether any document of the segment has a term in `field` (if not, no lookup is needed:
    /// a corpus without titles, say).
    /// Whether the postings of `field` carry positions: not those of a keyword, number, date or
    /// bool field in a segment written since they lost them (`NormCodec.typedWithoutNormsVersion`).
    func hasPositions(_ field: Int) -> Bool { norms.version < NormCodec.typedWithoutNormsVersion || schema.hasPositions(field) }

    func hasTerms(in field: Int) -> Bool { info.fieldStats[field].docsWithField > 0 }

    /// Stored values of `doc`, by field name; `only`: per field number, whether to read it (nil: all).
    package func storedFields(_ doc: Int32, only: [Bool]? = nil) throws -> [String: String] {
        var out: [String: String] = [:]
        let wanted = only ?? [Bool](repeating: true, count: schema.fields.count)
        try stored.forEachValue(doc, fields: wanted) { f, v in
            if f < schema.fields.count { out[schema.fields[f].name] = String(decoding: v, as: UTF8.self) }
        }
        return out
    }

    /// The column of field number `field`, nil when the segment has none (not fast, written before
    /// columns or before the field, or no document has it).
    func column(_ field: Int) -> Column? { columns?.column(field) }

    /// Every stored value of `doc`, by field name, in the order added.
    package func storedValues(_ doc: Int32, only: [Bool]? = nil) throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        let wanted = only ?? [Bool](repeating: true, count: schema.fields.count)
        try stored.forEachValue(doc, fields: wanted) { f, v in
            if f < schema.fields.count { out[schema.fields[f].name, default: []].append(String(decoding: v, as: UTF8.self)) }
        }
        return out
    }

    /// Recomputes the checksum of every file of the segment.
    /// - Complexity: O(segment size).
    package func verifyChecksums() throws {
        for f in [terms.file, docs, positions, norms.file, stored.file] + (columns.map { [$0.file] } ?? []) { try FileFormat.verifyChecksum(f) }
    }
}
