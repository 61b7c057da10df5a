/// The languages an index holds. Each analyzed field of each document records the language it was
/// analyzed in as a dictionary term behind `IndexedTerm.languageMarkerByte` (`\u{3}de`), so the
/// languages are a prefix walk of the term dictionaries, carried through merges like any term.
extension IndexReader {
    /// The languages of the index, sorted: each language that at least `minimumShare` of the
    /// documents (and at least one) were analyzed in, in some field. A searcher stems query words in
    /// all of them (share 0) and drops the stop words of those of the default share: a few
    /// misdetected documents (a Danish guess for a short English abstract) do not make `for` a stop word.
    /// - Complexity: O(segments × fields × languages): dictionary walks, no postings.
    package func languages(minimumShare: Double = 0.001) throws -> [Language] {
        var perField: [Int: [Language: Int]] = [:]
        for seg in segments {
            for f in schema.defaultSearchFields where seg.hasTerms(in: f) {
                try seg.terms.forEachTerm(field: f, prefix: "\u{3}") { term, info in
                    if let l = Language(code: String(term.dropFirst())) { perField[f, default: [:]][l, default: 0] += info.docFreq }
                    return true
                }
            }
        }
        var most: [Language: Int] = [:]
        for counts in perField.values { for (l, n) in counts { most[l] = max(most[l] ?? 0, n) } }
        let threshold = max(1, Int((Double(documentCount) * minimumShare).rounded(.up)))
        return most.filter { $0.value >= threshold }.map(\.key).sorted()
    }

    /// How many live documents were analyzed in each language in `field` (nil: the text field holding
    /// the most words, the body), most first; documents whose language is unknown count under nil.
    /// - Complexity: O(documents) (the language terms' postings are read).
    package func languageDistribution(field: Int? = nil) throws -> [(language: Language?, documents: Int)] {
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
