import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// A word in its forms is one term; expansions match every document; the query objects, collectors
/// and snippets of any text field.
@Suite struct QueryKindsTests {
    /// The exact spelling was a second BM25 clause: a short text saying only "Çavuşoğlu" twice
    /// outscored (18.98 vs 9.82) the article with Cavusoglu ×3 and Incirlik ×6.
    @Test func aWordInAllItsFormsIsOneTerm() throws {
        let dir = MemoryDirectory()
        let filler = (0..<20).map { "word\($0)" }.joined(separator: " ")
        var docs: [(String, String, String)] = [
            ("short.txt", "", "Çavuşoğlu Çavuşoğlu"),
            ("article.txt", "", "Cavusoglu visited Incirlik. \(filler) Cavusoglu said Incirlik Incirlik Incirlik. Cavusoglu left Incirlik Incirlik"),
            ("exact.txt", "", "minister Çavuşoğlu spoke"), ("folded.txt", "", "minister Cavusoglu spoke"),
        ]
        for i in 0..<30 { docs.append(("other\(i).txt", "", "unrelated text number \(i)")) }
        let s = try buildIndex(docs, in: dir)
        let hits = try s.search("Çavuşoğlu incirlik", options: SearchOptions(limit: 10, explain: true)).hits
        #expect(hits.first?.path == "article.txt", "more of the query's words, in any form, rank first")
        // Among documents equal but for the form: exact, then folded.
        let paths = hits.compactMap(\.path)
        let exact = try #require(paths.firstIndex(of: "exact.txt")), folded = try #require(paths.firstIndex(of: "folded.txt"))
        #expect(exact < folded)
        // The article's part for Çavuşoğlu: three folded occurrences at the folded weight.
        let part = try #require(hits[0].explanation.first { $0.term == "çavuşoğlu" })
        #expect(part.forms == [ScoreExplanation.Form(form: "cavusoglu", count: 3, weight: TermQuery.foldedWeight)])
        #expect(abs(part.tf - 3 * TermQuery.foldedWeight) < 1e-5)
    }

    /// Each occurrence counts once, at its closest form: `running` is indexed with its stem
    /// `\u{2}en:run` at the same position, and the stem rung also listed the folded terms, so one
    /// `running` counted 1 + 0.7 for the query `running`.
    @Test func anInflectedOccurrenceCountsOnce() throws {
        let dir = MemoryDirectory()
        let w = try IndexWriter(directory: dir, schema: Schema([FieldSpec("path", isPath: true), FieldSpec("body", stored: false)]))
        var a = Document(["path": "a.txt", "body": "she was running home"]); a.language = .english
        var b = Document(["path": "b.txt", "body": "she runs home"]); b.language = .english
        try w.add(a); try w.add(b); try w.commit()
        let s = try Searcher(directory: dir)
        let hits = try s.search("running", options: SearchOptions(limit: 5, explain: true)).hits
        #expect(hits.map(\.path) == ["a.txt", "b.txt"])
        let own = try #require(hits[0].explanation.first)
        #expect(abs(own.tf - 1) < 1e-5, "\(own)")
        let other = try #require(hits[1].explanation.first)
        #expect(abs(other.tf - TermQuery.stemWeight) < 1e-5, "\(other)")
    }

    /// Ten documents saying `runs` twice outranked the one document saying `running`, the word
    /// typed: every form had the family's IDF, and two occurrences at the stem weight beat one. A
    /// document's IDF now leans toward that of the closest form it holds.
    @Test func theWordAsTypedOutranksSiblingFormsOfItsFamily() throws {
        let dir = MemoryDirectory()
        let docs = [("typed.txt", "she was running home today", "en")] + (0..<10).map { ("runs\($0).txt", "he runs and runs home", "en") }
            + (0..<90).map { ("other\($0).txt", "unrelated text number \($0)", "en") }
        let hits = try buildLanguageIndex(docs, in: dir).search("running", options: SearchOptions(limit: 3, explain: true)).hits
        #expect(hits.first?.path == "typed.txt")
        let typed = try #require(hits.first?.explanation.first), sibling = try #require(hits.last?.explanation.first)
        #expect(typed.idf > sibling.idf, "\(typed) vs \(sibling)")
        #expect(abs(sibling.tf - 2 * TermQuery.stemWeight) < 1e-5)
    }

    /// A stem stands for the word in its own language: `running`'s English stem `run` reached a
    /// German text saying `Run` (a rush) through the stem's bare spelling, as `planına`'s Turkish stem
    /// `plan` reached every English, German and Polish `plan`.
    @Test func aStemsBareSpellingCountsOnlyInItsLanguage() throws {
        let dir = MemoryDirectory()
        let s = try buildLanguageIndex([("typed.txt", "she was running home", "en"), ("bare.txt", "a run home", "en"),
                                        ("german.txt", "der Run auf die Karten", "de")], in: dir)
        #expect(s.queryLanguages.map(\.code).sorted() == ["de", "en"])
        #expect(try s.search("running", options: SearchOptions(limit: 5)).hits.map(\.path) == ["typed.txt", "bare.txt"])
        #expect(try s.count("running") == 2)
        // The word itself is not a stem: `run` finds the German text by its spelling.
        #expect(Set(try s.search("run", options: SearchOptions(limit: 5)).hits.compactMap(\.path)) == ["bare.txt", "german.txt", "typed.txt"])
    }

    /// A word is stemmed only in the languages the index shows it written in: Dutch `activeren`
    /// stems to `activ` in Catalan too, which found Catalan `activar`. A word no document holds keeps
    /// its stems in every language.
    @Test func aWordIsStemmedInTheLanguagesItIsWrittenIn() throws {
        let dir = MemoryDirectory()
        let s = try buildLanguageIndex([("nl.txt", "het activeren van de dienst", "nl"), ("nl2.txt", "de dienst activeer je zo", "nl"),
                                        ("ca.txt", "cal activar el servei", "ca")], in: dir)
        let hits = try s.search("activeren", options: SearchOptions(limit: 5, explain: true)).hits
        #expect(hits.compactMap(\.path) == ["nl.txt", "nl2.txt"])
        // `--explain` names the Dutch stem only, not the Catalan one it dropped.
        let stemForms = hits.flatMap(\.explanation).flatMap(\.forms).map(\.form).filter { $0.hasPrefix("~") }
        #expect(stemForms == ["~activer"], "\(stemForms)")
        // `activant` is in no document: stemmed in Catalan too, it finds `activar`.
        #expect(try s.search("activant", options: SearchOptions(limit: 5)).hits.compactMap(\.path).contains("ca.txt"))
    }

    /// A word narrowed to the languages it is written in counts each occurrence once: English leaves
    /// `activeren` as it is (its own stem), and that bare spelling stayed in the stem rung when the
    /// English stem was dropped, beside Dutch `\u{2}nl:activer`, indexed at the same occurrence, so
    /// the Dutch text's one `activeren` counted 1 + 0.8. The query as `TextQuery.analyzed` gives it
    /// (stemmed in every language, narrowed when bound) scores as the word typed.
    @Test func aNarrowedWordCountsEachOccurrenceOnce() throws {
        let dir = MemoryDirectory()
        let s = try buildLanguageIndex([("nl.txt", "het activeren van de dienst", "nl"), ("nl2.txt", "de dienst activeer je zo", "nl"),
                                        ("ca.txt", "cal activar el servei", "ca"), ("en.txt", "enable the service", "en")], in: dir)
        let english = try #require(Language(code: "en"))
        #expect(s.analyzers.fallback.stemForms(of: try #require(s.analyzers.fallback.tokens("activeren").first), languages: [english])
            .map(\.term) == [IndexedTerm.stemmed("activeren", language: english)], "English leaves the word as it is")
        let options = SearchOptions(limit: 5, explain: true)
        let typed = try s.search("activeren", options: options).hits
        let analyzed = try s.search(TextQuery.analyzed("activeren", field: nil, match: .words, analyzer: s.analyzers.fallback), options: options).hits
        for hits in [typed, analyzed] {
            #expect(hits.compactMap(\.path) == ["nl.txt", "nl2.txt"])
            let own = try #require(hits.first?.explanation.first)
            #expect(own.forms == [ScoreExplanation.Form(form: "activeren", count: 1, weight: TermQuery.exactWeight)], "\(own)")
            #expect(abs(own.tf - 1) < 1e-5, "\(own)")
        }
        #expect(typed.map(\.score) == analyzed.map(\.score))
    }

    /// A stem's bare spelling stands for the stem only when a word so spelled is its own stem: French
    /// `corrigee` (typed without accents) stems to `corrige`, but the word `corrige` stems to
    /// `corrig`, so a short text saying `corrige` outranked the long one saying `corrigée`.
    @Test func aBareSpellingThatIsAnotherWordIsNotAStem() throws {
        let dir = MemoryDirectory()
        let s = try buildLanguageIndex([("verbe.txt", "il corrige", "fr"),
                                        ("long.txt", "la version corrigée du texte, avec bien d'autres mots autour, et encore des mots pour la longueur", "fr")],
                                       in: dir)
        #expect(try s.search("corrigee", options: SearchOptions(limit: 5)).hits.compactMap(\.path) == ["long.txt"])
        // Typed with its accent, the word stems to `corrig` and finds its whole family.
        #expect(Set(try s.search("corrigée", options: SearchOptions(limit: 5)).hits.compactMap(\.path)) == ["long.txt", "verbe.txt"])
    }

    /// Paths have no stems: a stem's bare spelling is a word of one language, not a file name's.
    @Test func aPathIsNotMatchedByAStemsBareSpelling() throws {
        let dir = MemoryDirectory()
        let s = try buildLanguageIndex([("bash-static", "una shell autonoma", "it"), ("guida.txt", "un binario statico e uno statica", "it")], in: dir)
        #expect(try s.search("statici", options: SearchOptions(limit: 5)).hits.compactMap(\.path) == ["guida.txt"])
    }

    /// Expansion stopped at 256 terms while the count said exact: a prefix matching 600 terms found 256 documents.
    @Test func prefixAndFuzzyMatchEveryDocument() throws {
        let dir = MemoryDirectory()
        let s = try buildIndex((0..<600).map { ("\($0)", "", "t\(1000 + $0) filler") }, in: dir)
        #expect(try s.count("t*") == 600)
        let r = try s.search("t*", limit: 5)
        #expect(r.totalHits == 600 && r.totalHitsIsExact)
        // t1000 itself, t1x00 (x in 1...5), t10x0 and t100x (x in 1...9).
        #expect(try s.count("t1000~1") == 1 + 5 + 9 + 9)
    }

    /// A transposition is one edit (it was two: `weathre~1` did not find `weather`).
    @Test func fuzzyCountsATranspositionAsOneEdit() throws {
        let dir = MemoryDirectory()
        let s = try buildIndex([("1", "", "weather report"), ("2", "", "whether or not")], in: dir)
        #expect(try s.search("weathre~1").hits.map(\.path) == ["1"])
        #expect(Set(try s.search("waether~1").hits.compactMap(\.path)) == ["1", "2"], "weather by a transposition, whether by a substitution")
        #expect(try s.search("wetaher~1").hits.map(\.path) == ["1"])
        #expect(try s.search("wetahre~1").hits.isEmpty, "two transpositions are two edits")
    }

    /// The automaton over the dictionary (with its seeks) finds exactly the terms a plain
    /// distance computation accepts, on random words of two scripts.
    @Test func fuzzyAutomatonAgreesWithTheDistance() throws {
        let dir = MemoryDirectory()
        var rng = SplitMix64(seed: 4242)
        let alphabets: [[Character]] = [Array("abcde"), Array("абвгд")]
        func word() -> String {
            let a = alphabets[rng.below(2)]
            return String((0..<(1 + rng.below(6))).map { _ in a[rng.below(a.count)] })
        }
        let words = Set((0..<3000).map { _ in word() })
        let w = try IndexWriter(directory: dir, schema: Schema([FieldSpec("body", stored: false)]))
        for chunk in stride(from: 0, to: words.count, by: 100) {
            try w.add(["body": Array(words).sorted()[chunk..<min(words.count, chunk + 100)].joined(separator: " ")])
        }
        try w.commit()
        let reader = try IndexReader(directory: dir)
        let seg = reader.segments[0]
        for _ in 0..<60 {
            let q = word(), edits = 1 + rng.below(2)
            var found = Set<String>()
            try FuzzyTermMatcher(q, maxEdits: edits).matches(in: seg.terms, base: [0], from: [0, 3]) { t, _, d in
                found.insert(t)
                #expect(d == FuzzyTermMatcher.distance(Array(q.unicodeScalars), Array(t.unicodeScalars)))
            }
            let expected = Set(words.filter { FuzzyTermMatcher.distance(Array(q.unicodeScalars), Array($0.unicodeScalars)) <= edits })
            #expect(found == expected, "\(q)~\(edits)")
        }
    }

    /// A kind of query added as new files only: every live document, through search and count.
    @Test func matchAllQuery() throws {
        let dir = MemoryDirectory()
        let w = try IndexWriter(directory: dir, schema: Schema([FieldSpec("id", indexed: false), FieldSpec("key", isKeyword: true), FieldSpec("body")]))
        for i in 0..<20 { try w.add(["id": "\(i)", "key": "k\(i)", "body": i % 2 == 0 ? "even" : "odd"]) }
        try w.commit()
        _ = try w.deleteDocuments(field: "key", value: "k3")
        try w.commit()
        let s = try Searcher(directory: dir)
        #expect(try s.count(MatchAllQuery()) == 19)
        let all = try s.search(MatchAllQuery(), options: SearchOptions(limit: 100))
        #expect(all.hits.count == 19 && all.totalHits == 19 && all.hits.allSatisfy { $0.score == 1 })
        let odd = BooleanQuery([(.must, MatchAllQuery()), (.mustNot, Query.word(.init(folded: "even")).node)])
        #expect(try s.count(odd) == 9)
        let hit = try #require(try s.search(odd, options: SearchOptions(limit: 1, explain: true)).hits.first)
        #expect(hit.explanation.map(\.score) == [1])
    }

    /// Collectors: a count without scores equals the ranked search's exact total; a custom
    /// collector sees every live match with its score.
    @Test func collectors() throws {
        let dir = MemoryDirectory()
        let s = try buildIndex((0..<50).map { ("\($0)", "", $0 % 3 == 0 ? "apple pie" : "apple") }, in: dir)
        final class Scores: Collector {
            var seen: [Int32: Float] = [:]
            var base: Int32 = 0
            var scoreMode: ScoreMode { .complete }
            func beginSegment(_ segment: SegmentReader, docBase: Int32) { base = docBase }
            func collect(doc: Int32, score: Float) { seen[base + doc] = score }
        }
        s.queryLanguages = [] // the words below are given without stems
        let weight = try s.weight(Query.boolean([.init(.should, .word(.init(folded: "apple"))), .init(.should, .word(.init(folded: "pie")))]).node)
        let counter = CountCollector()
        #expect(try s.collect(weight, into: counter))
        #expect(counter.count == 50)
        let scores = Scores()
        try s.collect(weight, into: scores)
        #expect(scores.seen.count == 50)
        var bm25 = SearchOptions(limit: 1)
        bm25.proximity = false // the weight collected above is the words' alone
        let top = try s.search("apple pie", options: bm25).hits[0]
        #expect(scores.seen[top.doc] == top.score)
    }

    /// Snippets came only from a field named `body`.
    @Test func snippetsFromATextFieldNotCalledBody() throws {
        let dir = MemoryDirectory()
        let w = try IndexWriter(directory: dir, schema: Schema([FieldSpec("name", isKeyword: true), FieldSpec("text")]))
        try w.add(["name": "a", "text": "Погода: в Москва снег"])
        try w.commit()
        let hit = try #require(try Searcher(directory: dir).search("moskva", options: SearchOptions(snippets: 1)).hits.first)
        #expect(hit.snippets.first?.marked(open: "[", close: "]") == "Погода: в [Москва] снег")
    }
}

/// Shards scored with their combined statistics score each document as one index holding them all.
@Suite struct GlobalStatisticsTests {
    @Test func shardsScoreLikeOneIndex() throws {
        let schema = Schema([FieldSpec("id", indexed: false), FieldSpec("body")])
        let texts = ["apple pie recipe", "apple tart", "cherry pie", "plum cake with apple", "banana bread", "apple apple crumble"]
        func build(_ docs: [Int]) throws -> Searcher {
            let dir = MemoryDirectory()
            let w = try IndexWriter(directory: dir, schema: schema)
            for i in docs { try w.add(["id": "\(i)", "body": texts[i]]) }
            try w.commit()
            return try Searcher(directory: dir)
        }
        let whole = try build(Array(texts.indices))
        let a = try build([0, 1, 2]), b = try build([3, 4, 5])
        var options = SearchOptions(limit: 10)
        options.statistics = CombinedStatistics([SnapshotStatistics(reader: a.reader), SnapshotStatistics(reader: b.reader)])
        for q in ["apple", "apple pie", "pie -cherry", "app*", "aple~1", "\"apple pie\""] {
            var expected: [String: Float] = [:]
            for h in try whole.search(q, options: SearchOptions(limit: 10)).hits { expected[h.fields["id"]!] = h.score }
            var got: [String: Float] = [:]
            for s in [a, b] { for h in try s.search(q, options: options).hits { got[h.fields["id"]!] = h.score } }
            #expect(Set(got.keys) == Set(expected.keys), "\(q)")
            for (id, score) in got { #expect(abs(score - (expected[id] ?? -1)) < 1e-4, "\(q) doc \(id)") }
            // Without them, a shard's own statistics give other scores.
            let local = try a.search(q, options: SearchOptions(limit: 10)).hits
            if q == "apple" { #expect(local.contains { abs($0.score - (expected[$0.fields["id"]!] ?? -1)) > 1e-3 }) }
        }
    }
}
