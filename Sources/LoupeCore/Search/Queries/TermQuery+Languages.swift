/// A query word is stemmed in every language the index holds, since a user never says which
/// language a query is in. But the index says which languages the word itself is written in: the
/// documents holding it as typed (or folded) have languages. When some do, the word's stems in
/// languages it never occurs in are dropped — Danish and Catalan stem Dutch `activeren` to `activ`,
/// which would find every French `activer` — and its stems in the languages it is written in stay.
/// A word no document holds (a form the collection lacks, `Москва` where only `Москве` occurs)
/// keeps its stems in every language.
extension TermQuery {
    /// How many of a term's documents, at most, are looked at per segment to learn their languages:
    /// the word's languages need a sample, not a census.
    static let languageSample = 256

    /// A language whose documents hold under this share of the word's sampled documents (of known
    /// language) does not keep its stems: a word quoted now and then in another language's texts
    /// is not a word of that language.
    static let minimumLanguageShare = 0.02

    /// The languages of the documents holding the word in a closer rung than its stems (sampled, see
    /// `languageSample`), in the fields it searches; empty when none of known language holds it.
    func wordLanguages(in context: SearchContext) throws -> Set<String> {
        try Self.languages(of: forms.filter { !$0.isStemRung }.flatMap(\.terms), field: field, in: context)
    }

    /// The languages of the documents holding any of `terms` (sampled, see `languageSample`) in the
    /// fields `field` names (nil: the default ones): those holding at least `minimumLanguageShare`
    /// of the sampled documents of known language; empty when none of known language holds them.
    static func languages(of terms: [String], field: String?, in context: SearchContext) throws -> Set<String> {
        guard !terms.isEmpty else { return [] }
        var counts: [String: Int] = [:]
        var total = 0
        var perLanguage: [Int] = [] // per segment: documents sampled per language byte (0: unknown)
        for (f, _) in try context.fields(field) {
            for seg in context.reader.segments where seg.hasTerms(in: f) {
                var infos: [TermInfo] = []
                for t in terms { if let info = try context.termInfo(seg, f, t) { infos.append(info) } }
                if infos.isEmpty { continue }
                let column = try seg.languageColumn(field: f)
                if column.codes.isEmpty { continue }
                perLanguage.removeAll(keepingCapacity: true)
                perLanguage.append(contentsOf: repeatElement(0, count: column.codes.count + 1))
                for info in infos {
                    // A term with more documents than the sample: jump a stride ahead after each, so the
                    // sample spreads over the segment.
                    let stride = Int32(info.docFreq <= languageSample ? 1 : max(1, seg.docCount / languageSample))
                    let p = try seg.postings(info, frequencies: false)
                    var d = try p.next()
                    var seen = 0
                    while d != PostingsFormat.noMoreDocs, seen < languageSample {
                        perLanguage[column.language(of: d)] += 1
                        seen += 1
                        d = stride > 1 ? try p.advance(to: d > Int32.max - stride ? PostingsFormat.noMoreDocs : d + stride) : try p.next()
                    }
                }
                for (l, n) in perLanguage.enumerated().dropFirst() where n > 0 {
                    counts[column.codes[l - 1], default: 0] += n
                    total += n
                }
            }
        }
        guard total > 0 else { return [] }
        let floor = Double(total) * minimumLanguageShare
        return Set(counts.filter { Double($0.value) >= floor }.keys)
    }

    /// The languages of the word's stems.
    var stemLanguages: Set<String> {
        var out = Set<String>()
        for form in forms {
            for t in form.terms { if let (l, _) = IndexedTerm.stemParts(t) { out.insert(l) } }
            for ls in form.languages.values { out.formUnion(ls) }
        }
        return out
    }

    /// The word with its stems in `languages` only (a rung left empty is dropped); the stem rung's
    /// label and the highlighted stems name only the stems kept.
    func keepingStems(in languages: Set<String>) -> TermQuery {
        var q = self
        var kept = Set<String>() // the stems kept
        var droppedAny = false
        q.forms = forms.compactMap { form in
            guard form.isStemRung else { return form }
            var form = form
            form.terms = form.terms.filter { t in
                if let (l, stem) = IndexedTerm.stemParts(t) {
                    guard languages.contains(l) else {
                        droppedAny = true
                        return false
                    }
                    kept.insert(stem)
                    return true
                }
                guard let ls = form.languages[t] else { return true }
                return ls.contains(where: languages.contains)
            }
            form.languages = form.languages.compactMapValues { ls in
                let l = ls.filter(languages.contains)
                return l.isEmpty ? nil : l
            }
            return form.terms.isEmpty ? nil : form
        }
        // The label lists the stems other than the word itself (`TermQuery.word`).
        guard droppedAny, let label = forms.first(where: \.isStemRung)?.label else { return q }
        let stems = label.dropFirst().split(separator: "|").map(String.init)
        let dropped = stems.filter { !kept.contains($0) }
        if dropped.isEmpty { return q }
        if let r = q.forms.firstIndex(where: \.isStemRung) {
            q.forms[r].label = "~" + stems.filter(kept.contains).joined(separator: "|")
        }
        q.highlights.removeAll { !$0.exact && dropped.contains($0.term) }
        return q
    }

}

extension TermQuery.Form {
    /// Whether this is a stem rung: stem terms (`\u{2}lang:stem`), or words counted only in some
    /// languages (a stem's bare spellings).
    var isStemRung: Bool { !languages.isEmpty || terms.contains { $0.utf8.first == IndexedTerm.stemMarkerByte } }
}
