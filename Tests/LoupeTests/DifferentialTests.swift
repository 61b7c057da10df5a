import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// The whole engine against a brute-force reference written here: seeded random collections
/// (words of several scripts and spellings, several segments, deletions) and random queries using
/// every operator of the language, evaluated by the engine (with pruning on and off) and by a
/// reference that scores BM25 straight from the analyzed tokens, with no index. The top hits
/// (scores within float tolerance, ties by doc id) and the counts must agree.
@Suite struct DifferentialTests {
    static let vocabulary = [
        "alpha", "beta", "gamma", "delta", "apple", "apply", "ample", "maple", "table", "cable",
        "café", "cafe", "Çavuş", "cavus", "naïve", "naive", "Straße", "strasse",
        "москва", "moskva", "город", "gorod", "Ελλάδα", "ellada", "zürich", "zurich",
    ]

    /// The reference's view of one document: per field, its tokens.
    struct Doc {
        var fields: [String: [Token]]
        var deleted = false
    }

    /// A query of the language, generated, printed for the parser and evaluated by the reference.
    indirect enum Q {
        case word(String, field: String?)
        case phrase([String])
        case prefix(String)
        case fuzzy(String, Int)
        case boost(Q, Int)
        case group([C])
        case or(Q, Q)
        case and(Q, Q)

        var text: String {
            switch self {
            case let .word(w, f): return (f.map { $0 + ":" } ?? "") + w
            case let .phrase(ws): return "\"" + ws.joined(separator: " ") + "\""
            case let .prefix(p): return p + "*"
            case let .fuzzy(w, n): return "\(w)~\(n)"
            case let .boost(q, b): return q.text + "^\(b)"
            case let .group(cs): return "(" + cs.map(\.text).joined(separator: " ") + ")"
            case let .or(a, b): return a.text + " OR " + b.text
            case let .and(a, b): return a.text + " AND " + b.text
            }
        }
    }

    struct C {
        var occur: Query.Occur
        var q: Q
        var text: String { (occur == .must ? "+" : occur == .mustNot ? "-" : "") + q.text }
    }

    /// BM25 of the reference, in Doubles, with the engine's documented choices: a word's forms are one
    /// term (exact 1.0, folded 0.9 when the query word has an exact spelling; the IDF leaning toward
    /// the exact spelling's in a document holding it; the forms' doc freq the largest form's), expansions one term
    /// with tf weighted 1 (prefix) or 1/(1 + distance) (fuzzy), the length quantized by the norms,
    /// statistics over every document added (deleted ones count until a merge, as in the index).
    final class Reference {
        let docs: [Doc]
        let analyzer: Analyzer
        let k1 = 0.9, b = 0.4 // BM25()'s defaults
        /// Per field: documents having it, and their mean length.
        let stats: [String: (n: Double, avg: Double)]

        init(docs: [Doc], analyzer: Analyzer) {
            self.docs = docs
            self.analyzer = analyzer
            var stats: [String: (n: Double, avg: Double)] = [:]
            for f in ["title", "body"] {
                let lengths = docs.map { $0.fields[f]?.count ?? 0 }.filter { $0 > 0 }
                stats[f] = (Double(lengths.count), Double(lengths.reduce(0, +)) / Double(max(1, lengths.count)))
            }
            self.stats = stats
        }

        func fields(_ named: String?) -> [(String, Double)] {
            if let named { return [(named, 1)] }
            return [("title", 2), ("body", 1)]
        }

        func idf(_ field: String, df: Int) -> Double {
            let n = stats[field]!.n
            return log(1 + (n - Double(df) + 0.5) / (Double(df) + 0.5))
        }

        /// BM25 of frequency `tf` in `field` of `doc`, given the term's IDF and the boost.
        func bm25(_ doc: Int, _ field: String, tf: Double, idf: Double, boost: Double) -> Double {
            let len = Double(NormCodec.decode(NormCodec.encode(docs[doc].fields[field]?.count ?? 0)))
            let avg = stats[field]!.avg
            let lengthPart = k1 * (1 - b + b * (avg > 0 ? len / avg : 0))
            return boost * idf * (k1 + 1) * tf / (tf + lengthPart)
        }

        /// The doc freq the engine gives a folded word's forms, from its dictionary: the larger of its
        /// plain spelling's (tokens spelled as folded) and its marked folded form's (tokens folded to
        /// it from another spelling), not the size of their union (`SearchContext.formsDocFreq`).
        func formsDF(_ f: String, _ term: String) -> Int {
            let plain = docs.filter { ($0.fields[f] ?? []).contains { $0.term == term && $0.exact == nil } }.count
            let marked = docs.filter { ($0.fields[f] ?? []).contains { $0.term == term && $0.exact != nil } }.count
            return max(plain, marked)
        }

        /// Scores, per document, a leaf whose frequency in a document's field is `tf` (0: no match).
        func leaf(_ field: String?, boost: Double, tf: ([Token]) -> Double) -> [Double?] {
            var out = [Double?](repeating: nil, count: docs.count)
            for (f, fb) in fields(field) {
                let tfs = docs.map { tf($0.fields[f] ?? []) }
                let df = tfs.filter { $0 > 0 }.count
                for d in docs.indices where tfs[d] > 0 {
                    out[d] = (out[d] ?? 0) + bm25(d, f, tf: tfs[d], idf: idf(f, df: df), boost: boost * fb)
                }
            }
            return out
        }

        /// Every document's score (nil: no match).
        func scores(_ q: Q, boost: Double = 1) -> [Double?] {
            switch q {
            case let .word(w, field):
                // tf: exact occurrences at 1, the other folded ones at the folded weight. IDF: the
                // family's (documents with any form), moved by `closestFormIDFShare` toward that of
                // the documents with the exact spelling for a document holding it.
                let t = try! analyzer.tokens(w)[0] // a word of the test's vocabulary: analysis cannot fail
                var out = [Double?](repeating: nil, count: docs.count)
                for (f, fb) in fields(field) {
                    let counts = docs.map { d -> (exact: Int, folded: Int) in
                        let tokens = d.fields[f] ?? []
                        let folded = tokens.filter { $0.term == t.term }.count
                        guard let e = t.exact else { return (0, folded) }
                        return (tokens.filter { ($0.exact ?? $0.term) == e }.count, folded)
                    }
                    let family = idf(f, df: formsDF(f, t.term))
                    let exactDF = counts.filter { $0.exact > 0 }.count
                    let exactIDF = exactDF == 0 ? family : family + Double(TermQuery.closestFormIDFShare) * (idf(f, df: exactDF) - family)
                    for d in docs.indices where counts[d].folded > 0 {
                        let (e, fo) = counts[d]
                        let tf = t.exact == nil ? Double(fo) : Double(e) + Double(TermQuery.foldedWeight) * Double(max(0, fo - e))
                        out[d] = (out[d] ?? 0) + bm25(d, f, tf: tf, idf: e > 0 ? exactIDF : family, boost: boost * fb)
                    }
                }
                return out
            case let .phrase(ws):
                let terms = ws.map { try! analyzer.tokens($0)[0].term }
                var out = [Double?](repeating: nil, count: docs.count)
                for (f, fb) in fields(nil) {
                    let idfSum = terms.reduce(0.0) { sum, term in
                        sum + idf(f, df: formsDF(f, term))
                    }
                    for d in docs.indices {
                        let tokens = docs[d].fields[f] ?? []
                        var freq = 0
                        for p in tokens.indices where p + terms.count <= tokens.count {
                            if terms.indices.allSatisfy({ tokens[p + $0].term == terms[$0] }) { freq += 1 }
                        }
                        if freq > 0 { out[d] = (out[d] ?? 0) + bm25(d, f, tf: Double(freq), idf: idfSum, boost: boost * fb) }
                    }
                }
                return out
            case let .prefix(p):
                let fp = Array(analyzer.fold(p)!.term.utf8)
                // Every folded form indexed at a position matches (German `ue` spellings, words
                // inside an elided token: `Token.alternates`), as the expansion reads them.
                return leaf(nil, boost: boost) { tokens in
                    Double(tokens.reduce(0) { n, t in n + ([t.term] + t.alternates).filter { Array($0.utf8).starts(with: fp) }.count })
                }
            case let .fuzzy(w, n):
                let fw = Array(analyzer.fold(w)!.term.unicodeScalars)
                return leaf(nil, boost: boost) { tokens in
                    tokens.reduce(0.0) { sum, t in
                        ([t.term] + t.alternates).reduce(sum) { sum, form in
                            let dist = FuzzyTermMatcher.distance(Array(form.unicodeScalars), fw)
                            return sum + (dist <= n ? Double(Float(1) / Float(1 + dist)) : 0)
                        }
                    }
                }
            case let .boost(inner, by):
                return scores(inner, boost: boost * Double(by))
            case let .group(cs):
                let parts = cs.map { (occur: $0.occur, scores: scores($0.q, boost: boost)) }
                return docs.indices.map { d in
                    var sum = 0.0
                    var any = false
                    for p in parts {
                        let s = p.scores[d]
                        switch p.occur {
                        case .must:
                            guard let s else { return nil }
                            sum += s
                            any = true
                        case .should:
                            if let s { sum += s; any = true }
                        case .mustNot:
                            if s != nil { return nil }
                        case .filter:
                            guard s != nil else { return nil }
                            any = true
                        }
                    }
                    return any ? sum : nil
                }
            case let .or(a, b):
                return scores(.group([C(occur: .should, q: a), C(occur: .should, q: b)]), boost: boost)
            case let .and(a, b):
                return scores(.group([C(occur: .must, q: a), C(occur: .must, q: b)]), boost: boost)
            }
        }
    }

    struct Generator {
        var rng: SplitMix64
        mutating func pick<T>(_ a: [T]) -> T { a[rng.below(a.count)] }
        mutating func word() -> String {
            // Skewed: the first words of the list are more frequent.
            let i = min(rng.below(DifferentialTests.vocabulary.count), rng.below(DifferentialTests.vocabulary.count))
            let w = DifferentialTests.vocabulary[i]
            return rng.below(5) == 0 ? w.prefix(1).uppercased() + w.dropFirst() : w
        }
        mutating func text(_ words: Int) -> String { (0..<words).map { _ in word() }.joined(separator: rng.below(6) == 0 ? ", " : " ") }

        mutating func leaf() -> Q {
            switch rng.below(10) {
            case 0: return .phrase([pick(["alpha", "beta", "apple", "table"]), pick(["beta", "gamma", "apple", "maple"])])
            case 1: return .prefix(pick(["ap", "ca", "mo", "ga", "gor", "ell", "zu", "str", "м"]))
            case 2: return .fuzzy(pick(["aplpe", "tabel", "cafe", "moskwa", "gamam", "zurihc", "naive", "elada"]), 1 + rng.below(2))
            case 3: return .word(word(), field: "title")
            default: return .word(word(), field: nil)
            }
        }

        mutating func query(depth: Int = 0) -> Q {
            switch depth < 2 ? rng.below(8) : 0 {
            case 1: return .or(leaf(), leaf())
            case 2: return .and(leaf(), leaf())
            case 3: return .boost(leaf(), 1 + rng.below(4))
            case 4: return .group(clauses(depth: depth + 1))
            case 5: return .boost(.group(clauses(depth: depth + 1)), 2)
            default: return leaf()
            }
        }

        mutating func clauses(depth: Int) -> [C] {
            var cs: [C] = []
            for _ in 0..<(1 + rng.below(3)) {
                let q = query(depth: depth)
                var occur = [Query.Occur.should, .should, .must, .mustNot][rng.below(4)]
                if case .and = q { occur = .must } // `a AND b` is a required group
                if case .or = q { occur = .should }
                cs.append(C(occur: occur, q: q))
            }
            if !cs.contains(where: { $0.occur != .mustNot }) { cs[0].occur = .should }
            return cs
        }
    }

    @Test(arguments: [11, 22, 33] as [UInt64])
    func engineAgreesWithTheReference(seed: UInt64) throws {
        let dir = MemoryDirectory()
        var g = Generator(rng: SplitMix64(seed: seed))
        let analyzer = try Analyzer.standard()
        let w = try IndexWriter(directory: dir, schema: Schema([
            FieldSpec("id", indexed: false), FieldSpec("key", stored: false, isKeyword: true),
            FieldSpec("title", stored: false, boost: 2), FieldSpec("body", stored: false),
        ]))
        w.mergePolicy.maxSegments = 100
        w.mergePolicy.deletedRatio = 2 // no merge: the reference's statistics include deleted documents
        var docs: [Doc] = []
        for i in 0..<150 {
            let title = g.text(1 + g.rng.below(3)), body = g.text(3 + g.rng.below(25))
            try w.add(["id": "\(i)", "key": "k\(i)", "title": title, "body": body])
            docs.append(Doc(fields: ["title": try analyzer.tokens(title), "body": try analyzer.tokens(body)]))
            if i % 50 == 49 { try w.flush() }
        }
        try w.commit()
        for i in 0..<150 where g.rng.below(8) == 0 {
            _ = try w.deleteDocuments(field: "key", value: "k\(i)")
            docs[i].deleted = true
        }
        try w.commit()
        let s = try Searcher(directory: dir)
        s.queryLanguages = [] // the reference has no stem rung
        #expect(s.reader.segments.count == 3, "no merge happened")
        let reference = Reference(docs: docs, analyzer: analyzer)

        var matched = 0
        for _ in 0..<60 {
            let top = g.clauses(depth: 0)
            let text = top.map(\.text).joined(separator: " ")
            let all = reference.scores(.group(top))
            let expected = docs.indices.filter { !docs[$0].deleted }.compactMap { d in
                all[d].map { (doc: d, score: $0) }
            }.sorted { $0.score != $1.score ? $0.score > $1.score : $0.doc < $1.doc }
            if !expected.isEmpty { matched += 1 }

            #expect(try s.count(text) == expected.count, "count of \(text)")
            for pruning in [false, true] {
                var options = SearchOptions(limit: 10)
                options.proximity = false // the reference ranks by BM25 alone
                options.pruning = pruning
                let r = try s.search(text, options: options)
                let got = r.hits.map { (doc: Int($0.fields["id"]!)!, score: Double($0.score)) }
                if pruning {
                    #expect(r.totalHits <= expected.count, "\(text)")
                } else {
                    #expect(r.totalHits == expected.count && r.totalHitsIsExact, "total of \(text)")
                }
                let want = Array(expected.prefix(10))
                #expect(got.count == want.count, "hits of \(text) (pruning \(pruning))")
                for (a, e) in zip(got, want) {
                    #expect(abs(a.score - e.score) <= 1e-3 * max(1, e.score), "\(text): \(got) vs \(want)")
                }
                // The same documents, except where scores equal within rounding swap at the cutoff.
                let cutoff = (want.last?.score ?? 0) + 1e-3
                let above = { (hits: [(doc: Int, score: Double)]) in Set(hits.filter { $0.score > cutoff }.map(\.doc)) }
                #expect(above(got) == above(want), "\(text) (pruning \(pruning))")
            }
        }
        #expect(matched >= 30, "most random queries match something")
    }
}
