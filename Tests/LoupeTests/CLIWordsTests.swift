import Foundation
import Testing
import LoupeCore
import LoupeFiles

/// Words of code, addresses and numbers, and the other spellings of words, from the command line.
@Suite(.serialized) struct CLIWordsTests {
    /// Each query finds its document first.
    static let cases: [(file: String, text: String, queries: [String])] = [
        ("handler.py", "class Handler:\n    def __init__(self):\n        return camelCaseResponse(HTTPServer, snake_case)\n",
         ["init", "camel", "response", "http", "snake", "camelCaseResponse", "snake_case"]),
        ("contact.txt", "Write to john.doe@example.com or visit https://www.example.org/help for the e-mail form.",
         ["john", "example.com", "example.org", "email", "john.doe@example.com"]),
        ("prices.txt", "The boat cost 1,000 pounds and the house 250 000 euros.", ["1000", "250000"]),
        ("lang.txt", "Programs written in C++ and C# and F# run here.", ["C++", "c#", "f#"]),
        ("mueller.txt", "Herr Mueller wohnt seit Jahren in Koeln am Rhein.", ["Müller", "Köln"]),
        ("chekhov.txt", "Антон Павлович Чехов написал пьесу о саде.", ["chehov"]),
        ("kyiv.txt", "Столиця України — місто Київ.", ["kyiv"]),
        ("hindi.txt", "मैं हिंदी बोलता हूँ", ["हिन्दी"]),
        ("thumbs.txt", "great work 👍🏽 everyone", ["👍"]),
        ("kana.txt", "ひらがな", ["ヒラガナ"]),
        ("china.txt", "我爱中国", ["zhongguo"]),
        ("catalan.txt", "una col·lecció de llibres antics", ["colleccio"]),
        ("plain.txt", "The c language and the letter c again.", []),
    ]

    @Test func partsAndSpellingsAreFound() throws {
        let tmp = TempDir()
        for c in Self.cases { tmp.write("d/" + c.file, c.text) }
        #expect(try CLI.run(["index", "d"], cwd: tmp.path).status == 0)
        for c in Self.cases {
            for q in c.queries {
                let r = try CLI.run(["search", q, "--json", "--limit", "1"], cwd: tmp.path)
                #expect(r.status == 0, "\(q): \(r.stderr)")
                #expect(r.stdout.contains("\"path\":\"\(c.file)\""), "\(q) → \(r.stdout)")
            }
        }
        // `C++` is a word of its own: the document with a mere `c` does not match it.
        let cpp = try CLI.run(["search", "C++", "--json"], cwd: tmp.path)
        #expect(!cpp.stdout.contains("plain.txt") && cpp.stdout.contains("lang.txt"), "\(cpp.stdout)")
        // A phrase holding a whole address still matches.
        let phrase = try CLI.run(["search", "\"to john.doe@example.com or\"", "--json"], cwd: tmp.path)
        #expect(phrase.stdout.contains("contact.txt"), "\(phrase.stdout)")
    }

    /// A Czech page among 2,000 English ones is found by another form of its word, and a French
    /// phrase in an English page by the word inside its elision.
    @Test func minorityLanguagesAndPhrasesInAnother() throws {
        let tmp = TempDir(inMemory: true)
        for i in 0..<2000 { tmp.write("d/en\(i).txt", "Report \(i) on the weather, the roads and the river level this week.") }
        tmp.write("d/cs.txt", MinorityLanguageTests.czech + " " + MinorityLanguageTests.czech)
        tmp.write("d/fr-in-en.txt", "The installer then prints a message in French, which says that the configuration "
            + "s'avérera correcte, and you should reboot the machine when it has finished writing the files to the disk.")
        #expect(try CLI.run(["index", "d"], cwd: tmp.path).status == 0)
        let stats = try CLI.run(["stats"], cwd: tmp.path)
        #expect(stats.stdout.contains("cs 1"), "\(stats.stdout)")
        for (q, file) in [("soubor", "cs.txt"), ("averera", "fr-in-en.txt")] {
            let r = try CLI.run(["search", q, "--json", "--limit", "1"], cwd: tmp.path)
            #expect(r.stdout.contains("\"path\":\"\(file)\""), "\(q) → \(r.stdout)")
        }
    }
}
