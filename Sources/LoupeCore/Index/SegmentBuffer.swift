/// The in-memory segment an `IndexWriter` fills between flushes: per field a term → id map, per term
/// its postings already encoded in `PostingsFormat` (so a flush is a sort and a copy), plus norms and
/// stored values. Not thread-safe.
final class SegmentBuffer {
    /// One term's postings as they grow: two streams of the buffer's `pool`. 28 bytes a term (52
    /// when the current document's frequency and last position were kept here, not in `touched`,
    /// and a stream was 16 bytes): with `PagedArray`, 12 MB less at debdocs-100k's peak.
    struct TermPostings {
        /// (delta << 1 | freq == 1) varints, then the freq when it is not 1.
        var docs = ByteSlicePool.Stream()
        /// Per document, its positions as deltas from the previous one (from 0 in each document).
        var positions = ByteSlicePool.Stream()
        /// Last document written to `docs`.
        var lastDoc: Int32 = -1
        /// The term's entry in `touched` while the field being analyzed holds it (stale otherwise:
        /// an entry is the term's only if it names the term).
        var slot: UInt32 = .max
        /// Occurrences in all documents so far (the doc frequency is counted when the postings are
        /// decoded at flush).
        var totalFreq: UInt32 = 0
    }

    /// A term of the field being analyzed: its frequency there and its last position so far.
    struct Touched {
        var id: Int32
        var freq: UInt32
        var lastPos: UInt32
    }

    // One thread fills a buffer: the hot state is `@exclusivity(unchecked)` (the dynamic checks of
    // class properties cost ~4 % of indexing).
    let schema: Schema
    @exclusivity(unchecked) private(set) var docCount = 0
    /// Every term as its dictionary key (`field byte ++ UTF-8`, as in `.tim`) → its index in `postings`.
    @exclusivity(unchecked) private(set) var terms = TermTable()
    let postings = PagedArray<TermPostings>()
    /// The bytes of every term's postings and positions.
    let pool = ByteSlicePool()
    /// Per field number: one norm byte per document (empty for fields not indexed).
    @exclusivity(unchecked) private(set) var norms: [[UInt8]]
    @exclusivity(unchecked) private(set) var fieldStats: [Manifest.FieldStats]
    /// The fast fields' values, one builder per fast field in field order.
    @exclusivity(unchecked) private(set) var columns: [ColumnBuilder]
    /// Per field number: the language each document was analyzed in, beside its norm (0: unknown,
    /// else an index into `languageCodes` plus one; see `NormCodec`).
    @exclusivity(unchecked) private(set) var languages: [[UInt8]]
    /// The languages of `languages`, in the order first met (at most 255: the rest stay unknown).
    @exclusivity(unchecked) private(set) var languageCodes: [String] = []
    /// Stored values encoded as in `StoredFieldsFormat.doc`, and each doc's start in it.
    @exclusivity(unchecked) private(set) var stored: [UInt8] = []
    @exclusivity(unchecked) private(set) var storedStarts: [Int] = []
    @exclusivity(unchecked) private var touched: [Touched] = []
    /// Storage for the key being looked up (reused; only its first bytes are the key).
    @exclusivity(unchecked) private var key: [UInt8] = []
    /// The most a buffer holds before the writer flushes it, whatever `flushThresholdBytes` says:
    /// the pool addresses its bytes with 32-bit offsets (2 GiB).
    static let maxBytes = 1 << 29
    /// The pool's hard limit: one document's words past it are not indexed (the document is kept,
    /// truncated, as Lucene's old `maxFieldLength` did), and the writer flushes after it. Ending a
    /// document adds at most as much again (a doc entry per term it touched), so the pool stays
    /// under 1.5 GiB. Only a document of some hundreds of MB of distinct words reaches it.
    var maxPoolBytes = 3 << 28
    /// Documents whose terms were cut at `maxPoolBytes`.
    private(set) var truncatedDocuments = 0
    /// Whether the current document reached `maxPoolBytes` (everything after is dropped), and the
    /// last position kept in the field being analyzed (its length when it was cut).
    @exclusivity(unchecked) private var truncating = false
    @exclusivity(unchecked) private var lastKeptPosition = -1

    /// Approximate heap bytes held, for the writer's flush threshold.
    var bytesUsed: Int {
        pool.capacity + terms.bytesUsed + postings.bytesUsed
            + stored.capacity + 8 * storedStarts.capacity + 2 * docCount * norms.count
            + columns.reduce(0) { $0 + 4 * $1.starts.capacity + 8 * $1.keys.capacity + 24 * $1.strings.capacity }
    }

    init(schema: Schema) {
        self.schema = schema
        norms = Array(repeating: [], count: schema.fields.count)
        fieldStats = Array(repeating: .init(docsWithField: 0, sumLength: 0), count: schema.fields.count)
        columns = schema.fastFields.map { ColumnBuilder(field: $0, type: schema.fields[$0].type) }
        languages = Array(repeating: [], count: schema.fields.count)
    }

    /// Analyzes and adds one document; its id is the number of documents added before it.
    /// Each field's text is analyzed by its own analyzer (`analyzers[field]`); the values of a
    /// multi-valued text field follow each other with a gap of `valueGap` positions, so no phrase
    /// spans two of them.
    /// - Complexity: O(text length) plus the analyzers' cost.
    func add(_ doc: Document, analyzers: FieldAnalyzers) throws {
        try schema.validate(doc)
        // Refused before anything is added: a keyword is one term, and one too long for the
        // dictionary would make the index unreadable; ICU cannot break text of 2³¹ UTF-16 units.
        for spec in schema.fields where spec.indexed {
            for value in doc.fields[spec.name] ?? [] {
                let n = value.description.utf8.count
                if spec.type == .keyword, n > TermDictionaryFormat.maxTermBytes {
                    throw LoupeError.invalidArgument("keyword '\(spec.name)' has \(n) bytes, at most \(TermDictionaryFormat.maxTermBytes)")
                }
                if n >= Int(Int32.max) { throw LoupeError.invalidArgument("field '\(spec.name)' has \(n) bytes, less than 2 GiB allowed") }
            }
        }
        truncating = false
        defer { if truncating { truncatedDocuments += 1 } }
        let d = Int32(docCount)
        storedStarts.append(stored.count)
        var storedCount = 0
        for spec in schema.fields where spec.stored { storedCount += doc.fields[spec.name]?.count ?? 0 }
        PostingsEncoder.varint(UInt32(storedCount), into: &stored)
        // The document's language: named, or detected in its longest text field (titles are too short)
        // by that field's analyzer.
        var documentLanguage: Language?? = nil
        let longest = schema.fields.indices.filter { schema.fields[$0].indexed && schema.fields[$0].type == .text && !schema.fields[$0].isPath }
            .max { (doc.text(schema.fields[$0].name)?.utf8.count ?? 0) < (doc.text(schema.fields[$1].name)?.utf8.count ?? 0) }
        func languageOfDocument() -> Language? {
            if let l = documentLanguage { return l }
            let l = doc.language ?? longest.flatMap { f in
                doc.text(schema.fields[f].name).flatMap { analyzers[f].detector?.language(of: $0) }
            }
            documentLanguage = .some(l)
            return l
        }
        var column = 0
        for (f, spec) in schema.fields.enumerated() {
            let values = doc.fields[spec.name] ?? []
            if spec.stored {
                for value in values {
                    stored.append(UInt8(f))
                    var text = value.description
                    text.withUTF8 { u in
                        PostingsEncoder.varint(UInt32(u.count), into: &stored)
                        stored.append(contentsOf: u)
                    }
                }
            }
            if spec.fast {
                for value in values {
                    if spec.type == .keyword { columns[column].append(string: spec.keywordTerm(value)) }
                    else if let key = value.columnKey(for: spec.type) { columns[column].append(key: key) }
                }
                columns[column].endDocument()
                column += 1
            }
            guard spec.indexed, !values.isEmpty else {
                if spec.indexed {
                    norms[f].append(0)
                    languages[f].append(0)
                }
                continue
            }
            var length = 0
            var languageByte: UInt8 = 0
            if spec.type != .text {
                lastKeptPosition = -1
                for value in values {
                    var term = spec.type == .keyword ? spec.keywordTerm(value) : value.columnKey(for: spec.type).map { String($0) } ?? ""
                    term.withUTF8 { addOccurrence(field: f, marker: 0, term: $0, position: UInt32(length), doc: d) }
                    length += 1
                }
                if truncating { length = min(length, lastKeptPosition + 1) }
                closeDocument(d)
            } else {
                var offset = 0
                var seenLanguages = Set<Language>()
                for case let .string(value) in values {
                    // A field's own language: named, else detected in it by its analyzer when it is long
                    // enough to tell, else the document's. Paths are names, not prose: no language, no stems.
                    let language = spec.isPath ? nil : doc.languages[spec.name] ?? doc.language
                        ?? (f == longest ? nil : analyzers[f].detectLanguage(ofField: value)) ?? languageOfDocument()
                    var last = -1
                    lastKeptPosition = -1
                    var n = try analyzers[f].forEachTerm(in: spec.analyzable(value), language: language) { marker, term, position in
                        addOccurrence(field: f, marker: marker, term: term, position: UInt32(offset + position), doc: d)
                        last = max(last, position)
                    }
                    if truncating { n = max(0, min(n, lastKeptPosition - offset + 1)) }
                    length += n
                    if let language, n > 0, seenLanguages.insert(language).inserted {
                        var key = IndexedTerm.language(language)
                        key.withUTF8 { k in
                            addOccurrence(field: f, marker: IndexedTerm.languageMarkerByte,
                                          term: UnsafeBufferPointer(rebasing: k.dropFirst()), position: 0, doc: d)
                        }
                        if languageByte == 0 { languageByte = self.languageByte(language) }
                    }
                    offset += last + 1 + Self.valueGap
                }
                closeDocument(d)
            }
            norms[f].append(NormCodec.encode(length))
            languages[f].append(languageByte)
            if length > 0 {
                fieldStats[f].docsWithField += 1
                fieldStats[f].sumLength += length
            }
        }
        docCount += 1
    }

    /// The byte of `language` in the language columns (0 once 255 languages have one).
    private func languageByte(_ language: Language) -> UInt8 {
        let code = language.code
        if let i = languageCodes.firstIndex(of: code) { return UInt8(i + 1) }
        guard languageCodes.count < 255 else { return 0 }
        languageCodes.append(code)
        return UInt8(languageCodes.count)
    }

    /// Positions between two values of a multi-valued text field.
    static let valueGap = 100

    /// A term longer than the dictionary takes (a custom analyzer's token of 64 KiB) is cut to
    /// `TermDictionaryFormat.maxTermBytes` (the standard analyzer's `LengthFilter` drops words
    /// over 255 bytes before they get here).
    @inline(__always) private func addOccurrence(field: Int, marker: UInt8, term: UnsafeBufferPointer<UInt8>, position: UInt32, doc: Int32) {
        if truncating || pool.capacity >= maxPoolBytes {
            truncating = true
            return
        }
        lastKeptPosition = max(lastKeptPosition, Int(position))
        // A term longer than the dictionary takes is cut at a scalar boundary.
        var term = term
        if term.count > TermDictionaryFormat.maxTermBytes {
            var cut = TermDictionaryFormat.maxTermBytes
            while cut > 0 && term[cut] & 0xC0 == 0x80 { cut -= 1 }
            term = UnsafeBufferPointer(rebasing: term[..<cut])
        }
        // The key built in place in `key`'s storage (`removeAll` + `append`s were 2 % of indexing).
        let length = term.count + (marker != 0 ? 2 : 1)
        if key.count < length { key = [UInt8](repeating: 0, count: max(length, 2 * key.count, 64)) }
        let (id, isNew) = key.withUnsafeMutableBytes { k in
            k[0] = UInt8(field)
            var at = 1
            if marker != 0 {
                k[1] = marker
                at = 2
            }
            if let src = term.baseAddress { (k.baseAddress! + at).copyMemory(from: src, byteCount: term.count) }
            return terms.id(of: UnsafeRawBufferPointer(rebasing: k[..<length]))
        }
        if isNew { postings.append(TermPostings()) }
        postings.update(Int(id)) { p in
            var s = Int(p.slot)
            if s >= touched.count || touched[s].id != id {
                s = touched.count
                p.slot = UInt32(s)
                touched.append(Touched(id: id, freq: 0, lastPos: 0))
            }
            touched.withUnsafeMutableBufferPointer { t in
                pool.appendVarint(position - t[s].lastPos, to: &p.positions)
                t[s].lastPos = position
                t[s].freq += 1
            }
        }
    }

    /// Writes the doc entries of every term seen in the field just analyzed.
    private func closeDocument(_ doc: Int32) {
        for t in touched {
            postings.update(Int(t.id)) { p in
                let delta = UInt32(doc - max(p.lastDoc, 0))
                if t.freq == 1 {
                    pool.appendVarint(delta << 1 | 1, to: &p.docs)
                } else {
                    pool.appendVarint(delta << 1, to: &p.docs)
                    pool.appendVarint(t.freq, to: &p.docs)
                }
                p.lastDoc = doc
                p.totalFreq &+= t.freq
            }
        }
        touched.removeAll(keepingCapacity: true)
    }

    var isEmpty: Bool { docCount == 0 }

    /// Frees what only adding documents needs (the terms' hash table) before the buffer is written:
    /// the buffer takes no document after.
    func prepareForWriting() {
        terms.releaseLookup()
    }

    /// Documents of this buffer holding `term` in `field`, decoded from its encoded postings.
    func documents(field: Int, term: String) -> [Int32] {
        let key = [UInt8(field)] + Array(term.utf8)
        guard let id = key.withUnsafeBytes({ terms.find($0) }) else { return [] }
        var out: [Int32] = []
        var bytes: [UInt8] = []
        pool.read(postings[Int(id)].docs, into: &bytes)
        var i = 0, doc: Int32 = 0
        while i < bytes.count {
            let code = PostingsEncoder.readVarint(bytes, &i)
            if code & 1 == 0 { _ = PostingsEncoder.readVarint(bytes, &i) }
            doc += Int32(code >> 1)
            out.append(doc)
        }
        return out
    }
}
