import Foundation
import Testing
import LoupeCore
import LoupeFiles

/// Where `loupe` keeps its indexes: one home, whatever the working directory; names that never
/// collide; `--index` by name, path or source folder; `loupe list`.
@Suite(.serialized) struct CLIHomeTests {
    @Test func indexHomeIsIndependentOfTheWorkingDirectory() throws {
        let tmp = TempDir()
        let home = tmp.path + "/home"
        let env = ["LOUPE_HOME": home]
        tmp.write("a/notes/moscow.txt", "Москва in winter")
        tmp.write("b/notes/ankara.txt", "Ankara in spring")
        tmp.write("x/.keep", "")
        tmp.write("y/.keep", "")

        // Indexed from one folder, searched from another: same home.
        let first = try CLI.run(["index", "../a/notes"], cwd: tmp.path + "/x", environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(FileManager.default.fileExists(atPath: home + "/notes"), "\(first.stdout)")
        #expect(!FileManager.default.fileExists(atPath: tmp.path + "/x/Indexes"), "nothing written where the command ran")
        let found = try CLI.run(["search", "moskva"], cwd: tmp.path + "/y", environment: env)
        #expect(found.status == 0 && found.stdout.contains("moscow.txt"), "\(found.stdout) \(found.stderr)")

        // A second folder with the same base name gets its own index, and is told so.
        let second = try CLI.run(["index", tmp.path + "/b/notes"], cwd: tmp.path, environment: env)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains(home + "/notes-2: 1 added"), "\(second.stdout)")
        #expect(second.stderr.contains(tmp.path + "/a/notes"), "names the folder that owns 'notes': \(second.stderr)")
        // Something that is not an index in the home holds its name too.
        tmp.write("home/docs/mine.txt", "not an index")
        tmp.write("c/docs/one.txt", "one")
        let third = try CLI.run(["index", tmp.path + "/c/docs"], cwd: tmp.path, environment: env)
        #expect(third.stdout.contains(home + "/docs-2: 1 added"), "\(third.stdout) \(third.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: home + "/docs") == ["mine.txt"])
        // Indexing the first folder again updates its own index; nothing is deleted from either.
        let again = try CLI.run(["index", tmp.path + "/a/notes"], cwd: tmp.path, environment: env)
        #expect(again.stdout.contains(home + "/notes: 0 added, 0 updated, 0 deleted, 1 unchanged"), "\(again.stdout)")

        // Naming another folder's index explicitly is refused, unless --full asks to rebuild it.
        let clash = try CLI.run(["index", tmp.path + "/b/notes", "--index", "notes"], cwd: tmp.path, environment: env)
        #expect(clash.status == 2 && clash.stderr.contains("index of " + tmp.path + "/a/notes"), "\(clash.stderr)")
        #expect(try CLI.run(["search", "moskva", "--index", "notes", "--count"], cwd: tmp.path, environment: env).stdout == "1\n")

        // --index: a name, the index's path, or the folder it was built from.
        for (given, file) in [("notes", "moscow.txt"), ("notes-2", "ankara.txt"), (home + "/notes-2", "ankara.txt"),
                              (tmp.path + "/b/notes", "ankara.txt"), ("../a/notes", "moscow.txt")] {
            let r = try CLI.run(["search", "in", "--index", given], cwd: tmp.path + "/y", environment: env)
            #expect(r.status == 0 && r.stdout.contains(file) && r.stdout.contains("1 matching document"), "\(given): \(r.stdout) \(r.stderr)")
        }
        // With two indexes and no --index: the one of the folder you stand in, else an error naming both.
        let inside = try CLI.run(["search", "in"], cwd: tmp.path + "/b/notes", environment: env)
        #expect(inside.stdout.contains("ankara.txt") && !inside.stdout.contains("moscow.txt"), "\(inside.stdout) \(inside.stderr)")
        let elsewhere = try CLI.run(["search", "in"], cwd: tmp.path + "/y", environment: env)
        #expect(elsewhere.status == 2 && elsewhere.stderr.contains("docs-2, notes, notes-2"), "\(elsewhere.stderr)")
        let unknown = try CLI.run(["search", "in", "--index", "nope"], cwd: tmp.path, environment: env)
        #expect(unknown.status == 2 && unknown.stderr.contains("no index named 'nope'"), "\(unknown.stderr)")

        // loupe list: name, documents, size, last commit, source folder.
        let list = try CLI.run(["list"], cwd: tmp.path + "/y", environment: env)
        let rows = list.stdout.split(separator: "\n").map(String.init)
        let notes = try #require(rows.first { $0.hasPrefix("notes ") }, "\(list.stdout)")
        #expect(notes.contains(" 1 ") && notes.hasSuffix(tmp.path + "/a/notes") && notes.contains("MB"), "\(notes)")
        #expect(rows.contains { $0.hasPrefix("notes-2 ") && $0.hasSuffix(tmp.path + "/b/notes") }, "\(list.stdout)")
        let listJSON = try CLI.run(["list", "--json"], cwd: tmp.path, environment: env)
        let objects = try listJSON.stdout.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.map { $0["name"] as? String } == ["docs-2", "notes", "notes-2"])
        #expect(objects.map { $0["documents"] as? Int } == [1, 1, 1])
        #expect(objects[1]["source"] as? String == tmp.path + "/a/notes")
        #expect((objects[1]["bytes"] as? Int ?? 0) > 0 && objects[1]["committedAt"] is String)
    }

    @Test func indexingTheCurrentFolderWritesNothingIntoIt() throws {
        let tmp = TempDir()
        tmp.write("c/one.txt", "alpha")
        let before = try FileManager.default.contentsOfDirectory(atPath: tmp.path + "/c")
        let r = try CLI.run(["index", "."], cwd: tmp.path + "/c", environment: ["LOUPE_HOME": tmp.path + "/home"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path + "/c") == before)
        #expect(FileManager.default.fileExists(atPath: tmp.path + "/home/c"), "named after the folder: \(r.stdout)")
        #expect(try CLI.run(["search", "alpha"], cwd: tmp.path + "/c", environment: ["LOUPE_HOME": tmp.path + "/home"]).status == 0)
    }

    @Test func homeFallsBackToXDGThenToHome() throws {
        let tmp = TempDir()
        tmp.write("d/one.txt", "alpha")
        let xdg = try CLI.run(["index", "d"], cwd: tmp.path, environment: ["LOUPE_HOME": "", "XDG_DATA_HOME": tmp.path + "/xdg"])
        #expect(xdg.status == 0, "\(xdg.stderr)")
        #expect(FileManager.default.fileExists(atPath: tmp.path + "/xdg/loupe/d"), "\(xdg.stdout)")
        let plain = try CLI.run(["index", "d"], cwd: tmp.path, environment: ["LOUPE_HOME": "", "XDG_DATA_HOME": "", "HOME": tmp.path + "/h"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(FileManager.default.fileExists(atPath: tmp.path + "/h/.local/share/loupe/d"), "\(plain.stdout)")
    }
}
