import Foundation

/// The language each document of a segment was analyzed in, in one field, one byte per document:
/// read from the segment's norms file, which keeps it as a column (`NormCodec`), or, in a segment
/// written before that, from the field's language terms (`\u{3}code`, one per document whose
/// language is known) the first time a query asks. Segments never change, so it is kept with the
/// segment (`SegmentReader.languageColumn`). Used to count a stem's bare spelling only in documents
/// of the stem's language (`TermQuery.Form.languages`).
final class LanguageColumn: Sendable {
    /// Language codes; a document's byte is its index here plus one (0: unknown).
    let codes: [String]
    private let perDoc: [UInt8]

    private init(codes: [String], perDoc: [UInt8]) {
        self.codes = codes
        self.perDoc = perDoc
    }

    convenience init(segment: SegmentReader, field: Int) throws {
        if let codes = segment.norms.languageCodes, let perDoc = try segment.norms.languages(field: field) {
            self.init(codes: codes, perDoc: perDoc)
        } else {
            try self.init(termsOf: segment, field: field)
        }
    }

    /// The column as the field's language terms give it, their postings walked.
    convenience init(termsOf segment: SegmentReader, field: Int) throws {
        var infos: [(String, TermInfo)] = []
        if segment.hasTerms(in: field) {
            try segment.terms.forEachTerm(field: field, prefix: "\u{3}") { term, info in
                infos.append((String(term.dropFirst()), info))
                return true
            }
        }
        var perDoc = [UInt8](repeating: 0, count: segment.docCount)
        // At most 255 languages get a byte; a field with more leaves the rest unknown.
        for (n, (_, info)) in infos.prefix(255).enumerated() {
            let p = try segment.postings(info, frequencies: false)
            while true {
                let d = try p.next()
                if d == PostingsFormat.noMoreDocs { break }
                perDoc[Int(d)] = UInt8(n + 1) // the iterator checked d < docCount
            }
        }
        self.init(codes: infos.prefix(255).map(\.0), perDoc: perDoc)
    }

    /// The language code of `doc` (nil: unknown).
    func code(of doc: Int32) -> String? {
        let l = language(of: doc)
        return l == 0 ? nil : codes[l - 1]
    }

    /// The language of `doc` as an index into `codes` plus one; 0 when unknown.
    @inline(__always) func language(of doc: Int32) -> Int { Int(perDoc[Int(doc)]) }

    /// Per language byte (0 = unknown, admitted), whether a document in that language is admitted
    /// by `languages`.
    func admits(_ languages: [String]) -> [Bool] { [true] + codes.map { languages.contains($0) } }
}

/// A segment's language columns, made on first use and kept (the segment is shared by searches on
/// many threads: a lock guards the table; a column, once made, is immutable).
final class LanguageColumns: @unchecked Sendable {
    // @unchecked: `columns` is only touched under `lock`.
    private let lock = NSLock()
    private var columns: [Int: LanguageColumn] = [:]

    func column(_ segment: SegmentReader, field: Int) throws -> LanguageColumn {
        if let c = lock.withLock({ columns[field] }) { return c }
        let c = try LanguageColumn(segment: segment, field: field)
        return lock.withLock {
            if let existing = columns[field] { return existing }
            columns[field] = c
            return c
        }
    }
}
