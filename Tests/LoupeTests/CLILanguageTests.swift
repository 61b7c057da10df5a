import Foundation
import Testing
import LoupeCore
import LoupeFiles

/// A word found in every form it takes, from the command line: the "Done when" list of the language
/// issue, and the options that steer the stem rung.
@Suite(.serialized) struct CLILanguageTests {
    /// Each document holds only a form of its word other than the one queried.
    static let documents: [(file: String, text: String, query: String)] = [
        ("moskve.txt", "Мы долго жили в Москве и часто гуляли по её улицам и паркам весной.", "Москва"),
        ("nun.txt", "Dışişleri Bakanı Çavuşoğlu'nun açıklaması bugün yayımlandı.", "cavusoglu"),
        ("homme.txt", "C'est l'homme qui marchait seul dans la rue depuis le matin.", "homme"),
        ("running.txt", "She kept running along the river every morning before work.", "run"),
        ("kitab.txt", "قرأت الكِتَاب في المكتبة أمس", "كتاب"),
        ("chekhov.txt", "Антон Павлович Чехов написал пьесу о вишнёвом саде.", "chekhov"),
        ("zhongguoren.txt", "他是中国人。", "中国"),
        ("seoul.txt", "저는 서울에서 태어났습니다.", "서울"),
        ("pizza.txt", "Dinner tonight 🍕 with friends", "🍕"),
    ]

    @Test func aWordIsFoundInTheFormsItTakes() throws {
        let tmp = TempDir()
        for d in Self.documents { tmp.write("d/" + d.file, d.text) }
        #expect(try CLI.run(["index", "d"], cwd: tmp.path).status == 0)
        for d in Self.documents {
            let r = try CLI.run(["search", d.query, "--json", "--limit", "1"], cwd: tmp.path)
            #expect(r.status == 0, "\(d.query): \(r.stderr)")
            #expect(r.stdout.contains("\"path\":\"\(d.file)\""), "\(d.query) → \(r.stdout)")
        }
    }

    @Test func stemmingIsSteeredByLanguageAndNoStem() throws {
        let tmp = TempDir()
        tmp.write("d/en.txt", "He was running fast through the streets of the old city with his friends.")
        tmp.write("d/ru.txt", "Мы долго жили в Москве и часто гуляли по её улицам и паркам весной.")
        #expect(try CLI.run(["index", "d"], cwd: tmp.path).status == 0)
        #expect(try CLI.run(["search", "run"], cwd: tmp.path).status == 0)
        // Without the stem rung `run` matches no written, folded or transliterated form.
        #expect(try CLI.run(["search", "run", "--no-stem"], cwd: tmp.path).status == 1)
        // Stemmed only as Russian: the English inflection is not found, the Russian one is.
        #expect(try CLI.run(["search", "run", "--language", "ru"], cwd: tmp.path).status == 1)
        #expect(try CLI.run(["search", "Москва", "--language", "ru"], cwd: tmp.path).status == 0)
        let bad = try CLI.run(["search", "run", "--language", "r1"], cwd: tmp.path)
        #expect(bad.status == 2 && bad.stderr.contains("language"), "\(bad.stderr)")
        #expect(try CLI.run(["search", "run", "--language", "ru", "--no-stem"], cwd: tmp.path).status == 2)
        // The distribution of detected languages.
        let stats = try CLI.run(["stats", "--json"], cwd: tmp.path)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        let langs = try #require(obj["languages"] as? [[String: Any]])
        #expect(Set(langs.compactMap { $0["language"] as? String }) == ["en", "ru"], "\(langs)")
    }

    @Test func indexLanguageIsForced() throws {
        let tmp = TempDir()
        tmp.write("d/a.txt", "Die Kinder spielten lange im Garten hinter dem Haus.")
        tmp.write("d/b.txt", "Short.")
        #expect(try CLI.run(["index", "d", "--language", "de"], cwd: tmp.path).status == 0)
        let stats = try CLI.run(["stats"], cwd: tmp.path)
        #expect(stats.stdout.contains("languages:    de 2"), "\(stats.stdout)")
        // `Kind` reaches `Kinder` through the German stem.
        #expect(try CLI.run(["search", "Kind"], cwd: tmp.path).status == 0)
    }
}
