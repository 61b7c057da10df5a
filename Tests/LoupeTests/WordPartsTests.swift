import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// Code, addresses and numbers: the parts of a word the tokenizer keeps whole, the words it splits
/// that are one word too (`e-mail`, `1 000`), and `C++`.
@Suite struct WordPartsTests {
    @Test func identifiersYieldTheirParts() throws {
        let a = try Analyzer.standard()
        expectForms(a, "camelCaseResponse", language: nil, [("camelcaseresponse+camel+case+response", "camelCaseResponse")])
        expectForms(a, "HTTPServer APIs USA", language: nil, [("httpserver+http+server", "HTTPServer"), ("apis", "APIs"), ("usa", "USA")])
        expectForms(a, "snake_case __init__", language: nil, [("snake_case+snake+case", "snake_case"), ("__init__+init", "__init__")])
        expectForms(a, "call foo.bar()", language: nil, [("call", "call"), ("foo.bar+foo+bar", "foo.bar")])
        // Parts are stemmed like words in the text's language.
        expectForms(a, "parseResponses", language: "en", [("parseresponses+parse+responses~parserespons~pars~respons", "parseResponses")])
    }

    @Test func addressesYieldTheirNames() throws {
        let a = try Analyzer.standard()
        expectForms(a, "john.doe@example.com", language: nil,
                    [("john.doe@example.com+john.doe+example.com+john+doe+example+com", "john.doe@example.com")])
        expectForms(a, "see https://www.example.org/index", language: nil,
                    [("see", "see"), ("https", "https"), ("www.example.org+example.org+www+example+org", "www.example.org"), ("index", "index")])
    }

    @Test func digitGroupsAreOneNumber() throws {
        let a = try Analyzer.standard()
        expectForms(a, "1,000 1.000.000 3.14 192.168.1.1", language: nil,
                    [("1,000+1000", "1,000"), ("1.000.000+1000000", "1.000.000"), ("3.14", "3.14"), ("192.168.1.1", "192.168.1.1")])
        expectForms(a, "1 000 and 12\u{A0}345\u{202F}678 in 2019 100", language: nil,
                    [("1", "1"), ("000+1000", "000"), ("and", "and"), ("12", "12"), ("345+12345", "345"),
                     ("678+12345678", "678"), ("in", "in"), ("2019", "2019"), ("100", "100")])
    }

    @Test func hyphenatedWordsAreWrittenTogetherToo() throws {
        let a = try Analyzer.standard()
        expectForms(a, "my e-mail, kebab-case", language: nil,
                    [("my", "my"), ("e", "e"), ("mail+email", "mail"), ("kebab", "kebab"), ("case+kebabcase", "case")])
        expectForms(a, "Müller-Lüdenscheidt", language: nil,
                    [("muller|müller+mueller", "Müller"), ("ludenscheidt|lüdenscheidt+luedenscheidt+mullerludenscheidt", "Lüdenscheidt")])
        // A dash between spaces joins nothing; nor does a hyphen before a number group.
        expectForms(a, "well - known 2-3", language: nil, [("well", "well"), ("known", "known"), ("2", "2"), ("3+23", "3")])
    }

    @Test func cPlusPlusIsAWordOfItsOwn() throws {
        let a = try Analyzer.standard()
        expectForms(a, "C++ and C#, F# or c+d g++11", language: nil,
                    [("c+++c", "C++"), ("and", "and"), ("c#+c", "C#"), ("f#+f", "F#"), ("or", "or"), ("c", "c"), ("d", "d"),
                     ("g+++g", "g++"), ("11", "11")])
    }

    /// Indexing (`forEachTerm`, bytes, with its ASCII shortcut) gives every token the same terms as
    /// `analyze`, in the same order, for code and addresses.
    @Test func indexingGivesTheSameTerms() throws {
        let a = try Analyzer.standard()
        let texts = ["camelCaseResponse HTTPServer APIs snake_case __init__ foo.bar()", "john.doe@example.com www.example.org",
                     "1,000 1 000 12 345 678 e-mail kebab-case state-of-the-art C++ C# g++", "Müller-Lüdenscheidt e‐mail 1\u{A0}000",
                     "parseResponses x-Ray-Vision A-B-C-D-E-F-G-H-I-J"]
        for language in [nil, Language.english, Language(code: "de")] {
            for text in texts {
                var got: [String] = []
                _ = try a.forEachTerm(in: text, language: language) { marker, term, position in
                    let t = String(decoding: term, as: UTF8.self)
                    got.append((marker == 0 ? t : String(UnicodeScalar(marker)) + t) + "@\(position)")
                }
                let want = try a.tokens(text, language: language).flatMap { t in t.indexedTerms.map { $0 + "@\(t.position)" } }
                #expect(got == want, "\(text) in \(String(describing: language))")
            }
        }
    }

    /// A part finds the whole; the whole and a phrase holding it still match.
    @Test func partsFindTheirWholes() throws {
        let dir = MemoryDirectory()
        let docs: [(path: String, title: String, body: String)] = [
            ("code.txt", "", "the handler returns a camelCaseResponse from HTTPServer via snake_case and def __init__(self)"),
            ("mail.txt", "", "write to john.doe@example.com or see www.example.org for the e-mail form"),
            ("money.txt", "", "it cost 1,000 dollars, then 2 500 euros"),
            ("cpp.txt", "", "written in C++ and C#"),
            ("c.txt", "", "the c programming language, section c"),
        ]
        let s = try buildIndex(docs, in: dir)
        func paths(_ q: String) throws -> [String] { try s.search(q).hits.map { $0.fields["path"] ?? "" } }
        for (q, path) in [("camel", "code.txt"), ("response", "code.txt"), ("http", "code.txt"), ("server", "code.txt"),
                          ("snake", "code.txt"), ("init", "code.txt"), ("camelCaseResponse", "code.txt"),
                          ("\"a camelCaseResponse from\"", "code.txt"), ("john", "mail.txt"), ("example.com", "mail.txt"),
                          ("example.org", "mail.txt"), ("john.doe@example.com", "mail.txt"), ("email", "mail.txt"),
                          ("e-mail", "mail.txt"), ("1000", "money.txt"), ("2500", "money.txt"), ("\"2 500 euros\"", "money.txt")] {
            #expect(try paths(q) == [path], "\(q)")
        }
        #expect(try paths("C++") == ["cpp.txt"])
        #expect(try paths("c#") == ["cpp.txt"])
        // `c` finds the word `c` first, and `C++` through its part.
        #expect(try paths("c") == ["c.txt", "cpp.txt"])
    }

    /// A hyphenated query finds its parts written together, as the word written together finds the
    /// hyphenated one; the spelling typed ranks first. Parts that are not a hyphenated word
    /// (`e mail`) stay a phrase.
    @Test func aHyphenatedQueryFindsTheWordWrittenTogether() throws {
        let dir = MemoryDirectory()
        let s = try buildIndex([("joined.txt", "", "send me an email today"), ("hyphen.txt", "", "send me an e-mail today"),
                                ("apart.txt", "", "the mail came by e post"), ("kebab.txt", "", "a kebabcase name")], in: dir)
        func paths(_ q: String) throws -> [String] { try s.search(q).hits.map { $0.fields["path"] ?? "" } }
        #expect(try paths("e-mail") == ["hyphen.txt", "joined.txt"])
        #expect(try paths("email") == ["joined.txt", "hyphen.txt"])
        #expect(try paths("\"e mail\"") == ["hyphen.txt"])
        #expect(try paths("kebab-case") == ["kebab.txt"])
    }
}
