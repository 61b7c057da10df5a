/// One word of a query, matched in any of its forms and scored as one term (see
/// `BlendedTermScorer`). Its forms ("rungs") come closest first, each a list of dictionary terms
/// and a weight; a word typed without diacritics has no exact rung (an ASCII query prefers neither
/// spelling).
package struct TermQuery: QueryNode {
    /// One rung: the dictionary terms (markers included, see `IndexedTerm`) matching the word at
    /// this level or a closer one, and the weight of an occurrence first matched here.
    package struct Form: Sendable, Equatable {
        /// The dictionary terms of the rung (markers included).
        package var terms: [String]
        /// The weight of an occurrence first matched at this rung (`exactWeight`, `foldedWeight`,
        /// `stemWeight`).
        package var weight: Float
        /// Terms of this rung that count only in documents whose language (in the field) is one of
        /// the given codes or unknown: a stem's bare spelling (`plan`, stem of Turkish `planına`)
        /// stands for the word in that language only, not for the same letters in another language.
        /// A term a closer rung holds counts everywhere: it is listed so `keepingStems` drops it.
        package var languages: [String: [String]] = [:]
        /// How explanations show it: `=çavuşoğlu`, `cavusoglu`, `~run`.
        package var label: String

        /// A rung of `terms`, weighing `weight`, shown as `label`.
        package init(terms: [String], weight: Float, label: String) {
            self.terms = terms
            self.weight = weight
            self.label = label
        }
    }

    /// The weights of the rungs: the exact spelling, the folded form, a stem. Close enough that a
    /// document matching one more word in a far form still outranks one with a closer form of
    /// fewer words; far enough apart that among equal documents the closest form ranks first.
    package static let exactWeight: Float = 1.0, foldedWeight: Float = 0.9, stemWeight: Float = 0.8

    /// How far a document's IDF moves from that of the word's whole family (the union of its rungs)
    /// toward that of the closest form the document holds: 0 scores every form by the family's
    /// rarity (as a stemming engine does), 1 by the form's own (as an engine without stemming does).
    package static let closestFormIDFShare: Float = 0.5

    /// The weight of a document holding only the word's stems, when some documents hold closer forms:
    /// this share, plus the rest of 1 in proportion to the family's documents that hold a closer form
    /// (times `stemOnlyScale`, at most 1; when none does, stems are all the word has: no penalty).
    /// A word the collection mostly writes in other forms keeps its stems' weight; a word whose rare
    /// own spelling shares a stem with a common word (`évolué`, `évolution`) does not let that word's
    /// documents push its own out of the first results.
    package static let stemOnlyShare: Float = 0.5
    /// The proportion is counted this many times: once a fifth of the family's documents hold a
    /// closer form, stem-only documents keep their whole weight (a query's `computer` where
    /// `computers` is common), which keeps the penalty to ambiguous stems.
    static let stemOnlyScale: Float = 5

    /// The word's rungs, closest first.
    package var forms: [Form]
    /// The field searched (nil: the default fields).
    package var field: String?
    /// How explanations name the word.
    package var label: String
    /// The terms highlighted in a hit's text.
    package var highlights: [HighlightTerm]

    /// A word matched in `forms`, in `field` (nil: the default fields).
    package init(forms: [Form], field: String?, label: String, highlights: [HighlightTerm]) {
        self.forms = forms
        self.field = field
        self.label = label
        self.highlights = highlights
    }

    /// A word analyzed to `folded`, typed as `exact` when that differs (nil: typed as folded), with
    /// `stems` when the analyzer stems: exact (1.0) ⊂ folded (0.9) ⊂ stem (0.8).
    ///
    /// `stems` are dictionary terms `\u{2}lang:s` (`Analyzer.stemTerms`): a stem `s` is indexed behind
    /// marker 0x02 and its language for a word whose stem differs from it; a word that is its own stem
    /// is found as `s` plain or folded, so the stem rung is every form of `s` plus the folded rung.
    package static func word(_ word: Query.Word, field: String?) -> TermQuery {
        var forms: [Form] = []
        var highlights = [HighlightTerm(field: field, term: word.folded, exact: false)]
        var folded = [word.folded, IndexedTerm.folded(word.folded)]
        for s in word.spellings where s != word.folded { folded += [s, IndexedTerm.folded(s)] }
        if let exact = word.exact, exact != word.folded {
            forms.append(Form(terms: [exact], weight: exactWeight, label: "=" + exact))
            forms.append(Form(terms: folded, weight: foldedWeight, label: word.folded))
            highlights.append(HighlightTerm(field: field, term: exact, exact: true))
        } else {
            forms.append(Form(terms: folded, weight: exactWeight, label: word.folded))
        }
        // The stem rung holds only the stem's own terms: each occurrence of a word whose stem is `s`
        // is indexed as exactly one of them (`\u{2}lang:s` when the word differs from its stem, else
        // `s` plain or folded), so the rung's frequency counts every inflected occurrence once.
        // (Adding the folded rung's terms counted an inflected occurrence twice: `running` and
        // `\u{2}en:run` sit at the same position.)
        var stemTerms: [String] = []
        var stemLabels: [String] = []
        var stemLanguages: [String: [String]] = [:]
        var seen = Set<String>() // of stemTerms (a word has a stem per query language: dozens)
        for s in word.stems {
            if word.unspelledStems.contains(s) {
                // A word spelled as the stem is another word: the stem term alone.
                if seen.insert(s).inserted { stemTerms.append(s) }
                continue
            }
            // `\u{2}lang:stem`, and the words spelled as the stem, which count only in documents of
            // that language (or of none known) unless a closer rung has them. The word's own folded
            // spellings (it is its own stem in that language) are listed with their languages too:
            // they count everywhere (from the closer rung), but `keepingStems` drops them with their
            // languages; left in the rung beside a kept language's stem term (`\u{2}tr:s`, indexed at
            // the word's every occurrence in that language), they counted each occurrence twice.
            guard let (language, stem) = IndexedTerm.stemParts(s) else { continue }
            let variants = [s, stem, IndexedTerm.folded(stem)]
            for v in variants.dropFirst() {
                if !(stemLanguages[v]?.contains(language) ?? false) { stemLanguages[v, default: []].append(language) }
            }
            for v in variants where seen.insert(v).inserted { stemTerms.append(v) }
            if stem != word.folded && !stemLabels.contains(stem) {
                stemLabels.append(stem)
                highlights.append(HighlightTerm(field: field, term: stem, exact: false))
            }
        }
        if !stemTerms.isEmpty {
            var form = Form(terms: stemTerms, weight: stemWeight, label: "~" + stemLabels.joined(separator: "|"))
            form.languages = stemLanguages
            forms.append(form)
        }
        return TermQuery(forms: forms, field: field, label: word.exact ?? word.folded, highlights: highlights)
    }

    package func weight(in context: SearchContext, boost: Float) throws -> any Weight {
        // Stems in several languages: keep those of the languages the word is written in. (A word
        // typed in a query is stemmed in those alone when it binds: `WordQuery`, the same rule.)
        if stemLanguages.count > 1 {
            let languages = try wordLanguages(in: context)
            if !languages.isEmpty { return try TermWeight(keepingStems(in: languages), context: context, boost: boost) }
        }
        return try TermWeight(self, context: context, boost: boost)
    }
}

/// A `TermQuery` bound: per field, the IDF of the word's forms, from the dictionary's doc freqs
/// (`SearchContext.formsDocFreq`).
final class TermWeight: CountingWeight {
    private struct FieldPart {
        let field: Int
        /// How many of `terms` the field is searched for: a path field has no stems and no language,
        /// so the stem rung's terms (a stem's bare spelling is a word of one language) are left out.
        let termLimit: Int
        /// Per rung: boost × IDF × (k1 + 1) of a document whose closest form is there (0 for a rung
        /// no document reaches).
        let weights: [Float]
        let idfs: [Float]
        let lengthTable: [Float]
        let about: LeafExplanation
    }
    private let query: TermQuery
    private let context: SearchContext
    /// Every distinct term of the rungs, in rung order.
    private let terms: [String]
    /// Per rung, indexes into `terms`.
    private let rungs: [[Int]]
    /// Per term, the languages it counts in (nil: every document); see `TermQuery.Form.languages`.
    private let termLanguages: [[String]?]
    private let parts: [FieldPart]

    init(_ query: TermQuery, context: SearchContext, boost: Float) throws {
        self.query = query
        self.context = context
        var terms: [String] = []
        rungs = query.forms.map { form in
            form.terms.map { t in
                if let i = terms.firstIndex(of: t) { return i }
                terms.append(t)
                return terms.count - 1
            }
        }
        self.terms = terms
        // A term restricted in its first rung only: a closer rung holding it counts it everywhere.
        var termLanguages = [[String]?](repeating: nil, count: terms.count)
        var seen = Set<Int>()
        for (r, form) in query.forms.enumerated() {
            for i in rungs[r] where !seen.contains(i) {
                termLanguages[i] = form.languages[terms[i]]
                seen.insert(i)
            }
        }
        self.termLanguages = termLanguages
        var parts: [FieldPart] = []
        // A document's IDF leans toward that of the closest rung it reaches (the union of that rung's
        // terms and the closer ones'): the word as typed is rarer than its family of forms, and a
        // document holding it says more than one holding only a sibling form. Without this, the
        // many documents with other inflections buried the few holding the word itself.
        var ends: [Int] = [] // per rung, how many of `terms` it and the closer rungs hold
        for r in rungs.indices { ends.append(max(ends.last ?? 0, (rungs[r].max() ?? -1) + 1)) }
        // The terms of the closer rungs come first; those from `stemStart` on are the stem rung's own.
        let stemStart = query.forms.firstIndex(where: \.isStemRung)
            .map { r in r == 0 ? 0 : ends[r - 1] } ?? terms.count
        let stemRung = query.forms.firstIndex(where: \.isStemRung)
        for (f, fieldBoost) in try context.fields(query.field) {
            let termLimit = context.reader.schema.fields[f].isPath ? stemStart : terms.count
            if termLimit == 0 { continue }
            // Per rung, the doc freq of it and the closer rungs together, from the dictionary
            // (`SearchContext.formsDocFreq`: the largest form's).
            var dfs: [Int] = []
            var largest = 0, counted = 0
            for end in ends {
                while counted < min(end, termLimit) {
                    largest = max(largest, try context.docFreq(f, term: terms[counted]))
                    counted += 1
                }
                dfs.append(largest)
            }
            guard let family = dfs.last, family > 0 else { continue }
            let stats = try context.fieldStatistics(f)
            let b = boost * fieldBoost
            let familyIDF = context.bm25.idf(docCount: stats.docCount, docFreq: family)
            let idfs = dfs.map { df -> Float in
                if df == 0 { return 0 } // no document holds this rung's forms or closer ones
                return familyIDF + TermQuery.closestFormIDFShare * (context.bm25.idf(docCount: stats.docCount, docFreq: df) - familyIDF)
            }
            let top = idfs.max() ?? 0
            var weights = idfs.map { context.bm25.weight(boost: b, idf: $0) }
            // A document reaching only the stem rung weighs less the rarer the word's closer forms are
            // in its family: a page saying `évolution` ten times says less about `évolué` than one
            // page with `évolué` itself (`stemOnlyShare`).
            if let r = stemRung, r > 0, r < weights.count, r < dfs.count, dfs[r - 1] > 0 {
                let closer = Float(dfs[r - 1]) / Float(max(1, dfs[r]))
                weights[r] *= TermQuery.stemOnlyShare + (1 - TermQuery.stemOnlyShare) * min(1, closer * TermQuery.stemOnlyScale)
            }
            parts.append(FieldPart(field: f, termLimit: termLimit, weights: weights, idfs: idfs,
                                   lengthTable: try context.lengthTable(f),
                                   about: LeafExplanation(field: f, fieldName: context.fieldName(f), label: query.label, idf: top,
                                                          boost: b, averageLength: stats.averageLength)))
        }
        self.parts = parts
    }

    func scorer(for segment: SegmentReader) throws -> (any Scorer)? {
        var subs: [Scorer] = []
        for part in parts {
            var postings: [PostingsIterator] = []
            var index = [Int](repeating: -1, count: terms.count) // term index → postings index
            var only = -1
            for (i, t) in terms.enumerated() where i < part.termLimit {
                guard let info = try context.termInfo(segment, part.field, t) else { continue }
                index[i] = postings.count
                only = i
                postings.append(try segment.postings(info, frequencies: !context.countsOnly))
            }
            if postings.isEmpty { continue }
            let exclusions = try languageExclusions(segment, part.field, index: index, count: postings.count)
            if postings.count == 1, rungs[0].contains(only), exclusions[0] == nil {
                // One term, in the closest rung: a plain term's scorer (bounds per block for MaxScore).
                subs.append(TermScorer(postings: postings[0], norms: segment.norms, field: part.field, weight: part.weights[0],
                                       lengthTable: part.lengthTable, about: part.about))
                continue
            }
            subs.append(BlendedTermScorer(postings: postings, rungs: rungs.map { $0.map { index[$0] }.filter { $0 >= 0 } },
                                          tfWeights: query.forms.map(\.weight), labels: query.forms.map(\.label),
                                          norms: segment.norms, field: part.field, weights: part.weights, idfs: part.idfs,
                                          lengthTable: part.lengthTable, about: part.about, exclusions: exclusions))
        }
        return subs.isEmpty ? nil : Scorers.or(subs)
    }

    /// Per posting (`index` maps terms to postings), which documents it counts in: nil for all, else
    /// those of the languages the term stands for, or of none known (the segment's language column).
    private func languageExclusions(_ segment: SegmentReader, _ field: Int, index: [Int], count: Int) throws -> [LanguageFilter?] {
        var out = [LanguageFilter?](repeating: nil, count: count)
        guard termLanguages.contains(where: { $0 != nil }) else { return out }
        let column = try segment.languageColumn(field: field)
        for (i, languages) in termLanguages.enumerated() {
            guard let languages, index[i] >= 0 else { continue }
            out[index[i]] = LanguageFilter(column: column, languages: languages)
        }
        return out
    }

    /// One field, one unrestricted term present and no deletion: the term's doc freq, without iterating.
    func count(in segment: SegmentReader) throws -> Int {
        if parts.count == 1, segment.deleted == nil {
            let present = try terms.indices.compactMap { i in
                try context.termInfo(segment, parts[0].field, terms[i]).map { (i, $0) }
            }
            if present.count == 1, termLanguages[present[0].0] == nil { return present[0].1.docFreq }
        }
        guard let s = try scorer(for: segment) else { return 0 }
        return try Matching.count(s, in: segment)
    }

    func visitTerms(_ visit: (HighlightTerm) -> Void) { query.highlights.forEach(visit) }
}
