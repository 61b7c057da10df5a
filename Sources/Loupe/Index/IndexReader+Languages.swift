/// The languages an index holds. Each analyzed field of each document records the language it was
/// analyzed in as a dictionary term behind `IndexedTerm.languageMarkerByte` (`\u{3}de`), so the
/// languages are a prefix walk of the term dictionaries, carried through merges like any term.
extension IndexReader {
    /// The languages any document field of the index was analyzed in, sorted: what a query word is
    /// stemmed in when the query names none.
    /// - Complexity: O(segments × fields × languages).
    public func languages() throws -> [Language] {
        var found = Set<Language>()
        for seg in segments {
            for f in schema.defaultSearchFields where seg.hasTerms(in: f) {
                try seg.terms.forEachTerm(field: f, prefix: "\u{3}") { term, _ in
                    if let l = Language(code: String(term.dropFirst())) { found.insert(l) }
                    return true
                }
            }
        }
        return found.sorted()
    }

    /// How many live documents were analyzed in each language in `field` (nil: the text field holding
    /// the most words, the body), most first; documents whose language is unknown count under nil.
    /// - Complexity: O(documents) (the language terms' postings are read).
    public func languageDistribution(field: Int? = nil) throws -> [(language: Language?, documents: Int)] {
        guard let f = field ?? schema.defaultSearchFields.max(by: { a, b in
            segments.reduce(0) { $0 + $1.info.fieldStats[a].sumLength } < segments.reduce(0) { $0 + $1.info.fieldStats[b].sumLength }
        }) else { return [] }
        var counts: [Language: Int] = [:]
        var known = 0
        for seg in segments where seg.hasTerms(in: f) {
            var infos: [(Language, TermInfo)] = []
            try seg.terms.forEachTerm(field: f, prefix: "\u{3}") { term, info in
                if let l = Language(code: String(term.dropFirst())) { infos.append((l, info)) }
                return true
            }
            for (l, info) in infos {
                let p = try seg.postings(info)
                var n = 0
                while try p.next() != PostingsFormat.noMoreDocs { if !seg.isDeleted(p.doc) { n += 1 } }
                counts[l, default: 0] += n
                known += n
            }
        }
        var out: [(language: Language?, documents: Int)] = counts.map { ($0.key, $0.value) }
            .sorted { $0.documents != $1.documents ? $0.documents > $1.documents : $0.language! < $1.language! }
        let unknown = fieldStatistics(f).docCount - known
        if unknown > 0 { out.append((nil, unknown)) }
        return out
    }
}
