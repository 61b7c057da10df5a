extension IndexReader {
    /// The stored values of the live document whose keyword field `field` holds `value` (the first,
    /// when several do), nil when none does: get by id.
    /// - Complexity: one term lookup per segment.
    public func document(field: String, value: String) throws -> [String: [String]]? {
        guard let f = schema.number(of: field), schema.fields[f].type == .keyword, schema.fields[f].indexed else {
            throw LoupeError.invalidArgument("'\(field)' is not an indexed keyword field")
        }
        let term = schema.fields[f].keywordTerm(.string(value))
        for s in segments {
            guard let info = try s.termInfo(field: f, term: term) else { continue }
            let it = try s.postings(info)
            while try it.next() != PostingsFormat.noMoreDocs {
                if !s.isDeleted(it.doc) { return try s.storedValues(it.doc) }
            }
        }
        return nil
    }

    /// The values of keyword field `field` starting with `prefix` (folded as the field folds), in
    /// byte order, each with the number of live documents holding it (a fast field's, from its
    /// columns); for a field that is not fast, the count of documents from the term dictionary,
    /// deleted ones included until a merge drops them.
    /// - Complexity: fast: O(documents); else O(terms of the field with the prefix · segments).
    public func terms(field: String, prefix: String = "") throws -> [(value: String, count: Int)] {
        guard let f = schema.number(of: field), schema.fields[f].type == .keyword else {
            throw LoupeError.invalidArgument("'\(field)' is not a keyword field")
        }
        let spec = schema.fields[f]
        let folded = spec.keywordTerm(.string(prefix))
        var counts: [String: Int] = [:]
        if spec.fast {
            for s in segments {
                guard let c = s.column(f) else { continue }
                var start = try c.ordinal(of: folded)
                if start < 0 { start = -start - 1 }
                var perOrdinal = [Int](repeating: 0, count: c.termCount)
                for d in 0..<Int32(s.docCount) where !s.isDeleted(d) {
                    for v in try c.values(of: d) { perOrdinal[try c.ordinal(v)] += 1 }
                }
                for o in start..<c.termCount {
                    let t = try c.term(o)
                    guard t.hasPrefix(folded) else { break }
                    if perOrdinal[o] > 0 { counts[t, default: 0] += perOrdinal[o] }
                }
            }
        } else {
            guard spec.indexed else { throw LoupeError.invalidArgument("'\(field)' is neither indexed nor fast") }
            for s in segments where s.hasTerms(in: f) {
                try s.terms.forEachTerm(field: f, prefix: folded) { t, info in
                    // Plain terms only: a keyword's value is never behind a marker byte.
                    if let b = t.utf8.first, b < 4 { return true }
                    counts[t, default: 0] += info.docFreq
                    return true
                }
            }
        }
        return counts.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { ($0.key, $0.value) }
    }

    /// The global ordinals of keyword fast field number `field` over this snapshot's segments,
    /// made by the first search that needs them and kept (`SnapshotMemo`).
    func keywordOrdinals(field: Int) throws -> KeywordOrdinals {
        try memo.keywordOrdinals(field: field) { try KeywordOrdinals(columns: segments.map { $0.column(field) }) }
    }
}
