import Foundation

/// The main language each document of a segment was analyzed in, in one field (its passages may
/// hold others, each with its language term), one byte per document:
/// read from the segment's norms file, which keeps it as a column (`NormCodec`), or, in a segment
/// written before that, from the field's language terms (`\u{3}code`, one per document whose
/// language is known) the first time a query asks. Segments never change, so it is kept with the
/// segment (`SegmentReader.languageColumn`). Used to count a stem's bare spelling only in documents
/// of the stem's language (`TermQuery.Form.languages`).
final class LanguageColumn: Sendable {
    /// Language codes; a document's byte is its index here plus one (0: unknown).
    let codes: [String]
    private let perDoc: [UInt8]
    /// The documents whose passages hold languages besides their main one, with those languages'
    /// bytes (read from the language terms' postings when the column is made).
    private let others: [Int32: [UInt8]]

    private init(codes: [String], perDoc: [UInt8], others: [Int32: [UInt8]] = [:]) {
        self.codes = codes
        self.perDoc = perDoc
        self.others = others
    }

    convenience init(segment: SegmentReader, field: Int) throws {
        if let codes = segment.norms.languageCodes, let perDoc = try segment.norms.languages(field: field) {
            self.init(codes: codes, perDoc: perDoc, others: try Self.otherLanguages(segment, field: field, codes: codes, perDoc: perDoc))
        } else {
            try self.init(termsOf: segment, field: field)
        }
    }

    /// The documents of `segment` holding a language term in `field` other than their language in
    /// `perDoc`, with those languages' bytes. Empty without a walk when no document holds two (the
    /// terms' document counts add up to at most the documents of known language).
    private static func otherLanguages(_ segment: SegmentReader, field: Int, codes: [String], perDoc: [UInt8]) throws -> [Int32: [UInt8]] {
        guard segment.hasTerms(in: field) else { return [:] }
        var infos: [(UInt8, TermInfo)] = []
        var held = 0
        try segment.terms.forEachTerm(field: field, prefix: "\u{3}") { term, info in
            if let i = codes.firstIndex(of: String(term.dropFirst())) { infos.append((UInt8(i + 1), info)) }
            held += info.docFreq
            return true
        }
        guard held > perDoc.reduce(0, { $0 + ($1 == 0 ? 0 : 1) }) else { return [:] }
        var out: [Int32: [UInt8]] = [:]
        for (byte, info) in infos {
            let p = try segment.postings(info, frequencies: false)
            while true {
                let d = try p.next()
                if d == PostingsFormat.noMoreDocs { break }
                if perDoc[Int(d)] != byte { out[d, default: []].append(byte) } // the iterator checked d < docCount
            }
        }
        return out
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
        var others: [Int32: [UInt8]] = [:]
        // At most 255 languages get a byte; a field with more leaves the rest unknown. A document
        // holding several is in the last of them, and holds the others.
        for (n, (_, info)) in infos.prefix(255).enumerated() {
            let p = try segment.postings(info, frequencies: false)
            while true {
                let d = try p.next()
                if d == PostingsFormat.noMoreDocs { break }
                if perDoc[Int(d)] != 0 { others[d, default: []].append(perDoc[Int(d)]) } // the iterator checked d < docCount
                perDoc[Int(d)] = UInt8(n + 1)
            }
        }
        self.init(codes: infos.prefix(255).map(\.0), perDoc: perDoc, others: others)
    }

    /// The language code of `doc` (nil: unknown).
    func code(of doc: Int32) -> String? {
        let l = language(of: doc)
        return l == 0 ? nil : codes[l - 1]
    }

    /// The language of `doc` as an index into `codes` plus one; 0 when unknown.
    @inline(__always) func language(of doc: Int32) -> Int { Int(perDoc[Int(doc)]) }

    /// The languages `doc` holds besides `language(of:)`, as its bytes (none for most documents).
    @inline(__always) func otherLanguages(of doc: Int32) -> [UInt8] { others.isEmpty ? [] : others[doc] ?? [] }

    /// Whether any document holds a language besides its main one.
    var hasOtherLanguages: Bool { !others.isEmpty }

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
