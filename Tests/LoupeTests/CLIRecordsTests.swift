import Foundation
import Testing

/// `loupe search` with filters, sorting and facets on the files' typed fields, over a copy of
/// `Samples/multilingual` whose files are given distinct modification dates.
@Suite(.serialized) struct CLIRecordsTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Samples/multilingual").path

    /// The copy and each text file's path and mtime (the binary file is skipped by the indexer).
    func prepare(_ tmp: TempDir) throws -> [(path: String, mtime: Date)] {
        try FileManager.default.copyItem(atPath: Self.samples, toPath: tmp.path + "/docs")
        let files = (FileManager.default.enumerator(atPath: tmp.path + "/docs")?.allObjects as? [String] ?? [])
            .filter { !$0.hasSuffix(".bin") && !$0.hasPrefix(".") }
            .filter { var d: ObjCBool = false; return FileManager.default.fileExists(atPath: tmp.path + "/docs/" + $0, isDirectory: &d) && !d.boolValue }
            .sorted()
        var out: [(String, Date)] = []
        for (i, f) in files.enumerated() {
            // 2023-06-01 plus 45 days per file: some before 2024, most after.
            let date = Date(timeIntervalSince1970: 1_685_577_600 + Double(i) * 45 * 86_400)
            try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: tmp.path + "/docs/" + f)
            out.append((f, date))
        }
        let idx = try CLI.run(["index", "docs", "--index", tmp.path + "/idx"], cwd: tmp.path)
        #expect(idx.status == 0, "\(idx.stderr)")
        return out
    }

    /// `ext:m*` and `folder:no*` match keyword values by their start; `--limit 0` with `--facets`
    /// prints the count and the facets, no hits.
    @Test func keywordPrefixesAndFacetsWithoutHits() throws {
        let tmp = TempDir()
        let files = try prepare(tmp)
        let r = try CLI.run(["search", "* ext:m*", "--limit", "100", "--index", tmp.path + "/idx"], cwd: tmp.path)
        #expect(r.status == 0, "\(r.stderr)")
        let md = files.filter { ($0.path as NSString).pathExtension.lowercased().hasPrefix("m") }
        #expect(!md.isEmpty)
        #expect(r.stdout.contains("\(md.count) matching document"), "\(r.stdout)")
        let f = try CLI.run(["search", "* folder:no*", "--limit", "100", "--index", tmp.path + "/idx"], cwd: tmp.path)
        let notes = files.filter { $0.path.hasPrefix("no") }
        #expect(f.stdout.contains("\(notes.count) matching document"), "\(f.stdout)")
        let counts = try CLI.run(["search", "*", "--limit", "0", "--facets", "ext", "--index", tmp.path + "/idx"], cwd: tmp.path)
        #expect(counts.status == 0, "\(counts.stderr)")
        let txt = files.filter { $0.path.hasSuffix(".txt") }.count
        #expect(counts.stdout.contains("\(files.count) matching documents") && counts.stdout.contains("ext: txt \(txt)"), "\(counts.stdout)")
        #expect(!counts.stdout.contains("1  "), "no hit lines: \(counts.stdout)")
        // Numbers and dates get automatic ranges: by year here (the files span several).
        let auto = try CLI.run(["search", "*", "--limit", "0", "--facets", "modified,size", "--index", tmp.path + "/idx"], cwd: tmp.path)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let years = Dictionary(files.map { (calendar.component(.year, from: $0.mtime), 1) }, uniquingKeysWith: +)
        let line = years.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        #expect(auto.stdout.contains("modified: " + line), "\(auto.stdout)")
        #expect(auto.stdout.contains("size: ") && auto.stdout.contains("100–999"), "\(auto.stdout)")
    }

    @Test func theExampleOfTheREADMEFiltersSortsAndCounts() throws {
        let tmp = TempDir()
        let files = try prepare(tmp)
        // The README's example: the samples' one PDF says "budget" and was changed after 2024-01-01
        // (its mtime below); the text files saying it are not PDFs.
        let pdf = try #require(files.first { $0.path.hasSuffix(".pdf") })
        #expect(pdf.mtime >= Date(timeIntervalSince1970: 1_704_067_200))
        let example = try CLI.run(["search", "budget ext:pdf modified:>=2024-01-01", "--sort", "-modified", "--facets", "ext,folder",
                                   "--index", tmp.path + "/idx"], cwd: tmp.path)
        #expect(example.status == 0, "\(example.stderr)")
        #expect(example.stdout.contains(pdf.path) && example.stdout.contains("p. 1") && example.stdout.contains("1 matching document"))
        #expect(example.stdout.contains("ext: pdf 1") && example.stdout.contains("folder: reports 1"))
        let none = try CLI.run(["search", "budget ext:pdf modified:>=2025-06-01", "--index", tmp.path + "/idx"], cwd: tmp.path)
        #expect(none.status == 1 && none.stdout.contains("no match"), "\(none.stdout)")

        // Every file changed since 2024, newest first, with counts per extension and folder.
        let r = try CLI.run(["search", "* modified:>=2024-01-01", "--sort", "-modified", "--facets", "ext,folder", "--json",
                             "--fields", "path", "--limit", "100", "--index", tmp.path + "/idx"], cwd: tmp.path)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try r.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let hits = lines.dropLast()
        let since = Date(timeIntervalSince1970: 1_704_067_200)
        let expected = files.filter { $0.mtime >= since }.sorted { $0.mtime > $1.mtime }
        #expect(hits.map { $0["path"] as? String } == expected.map(\.path))
        #expect(hits.allSatisfy { ($0["fields"] as? [String: String])?["path"] == $0["path"] as? String })
        let summary = try #require(lines.last)
        #expect(summary["total"] as? Int == expected.count)
        let facets = try #require(summary["facets"] as? [[String: Any]])
        #expect(facets.map { $0["field"] as? String } == ["ext", "folder"])
        func counts(_ f: [String: Any]) -> [String: Int] {
            Dictionary(((f["buckets"] as? [[String: Any]]) ?? []).map { ($0["value"] as! String, $0["count"] as! Int) }, uniquingKeysWith: +)
        }
        var byExt: [String: Int] = [:], byFolder: [String: Int] = [:]
        for f in expected {
            byExt[(f.path as NSString).pathExtension.lowercased(), default: 0] += 1
            let parts = f.path.split(separator: "/")
            for n in 1..<parts.count { byFolder[parts[0..<n].joined(separator: "/"), default: 0] += 1 }
        }
        #expect(counts(facets[0]) == byExt)
        #expect(counts(facets[1]) == byFolder)

        // The same as text: facets after the hits; a folder filter.
        let t = try CLI.run(["search", "* folder:news", "--sort", "size", "--facets", "ext", "--index", tmp.path + "/idx"], cwd: tmp.path)
        #expect(t.status == 0, "\(t.stderr)")
        #expect(t.stdout.split(separator: "\n").contains { $0.hasPrefix("ext: ") }, "\(t.stdout)")
        // Hit lines: rank, score, path; the path of each in the order printed.
        let printed = t.stdout.split(separator: "\n").compactMap { line -> String? in
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            return parts.count == 3 && Int(parts[0]) != nil && Double(parts[1]) != nil ? String(parts[2]) : nil
        }
        let news = files.filter { $0.path.hasPrefix("news/") }.map { f in
            (path: f.path, size: ((try? FileManager.default.attributesOfItem(atPath: tmp.path + "/docs/" + f.path)[.size]) as? Int) ?? 0)
        }
        #expect(Set(news.map(\.size)).count == news.count, "the samples' sizes differ, so the order is known")
        #expect(printed == news.sorted { $0.size < $1.size }.map(\.path), "\(t.stdout)")
        let bad = try CLI.run(["search", "modified:>=2024-13-01", "--index", tmp.path + "/idx"], cwd: tmp.path)
        #expect(bad.status == 2 && bad.stderr.contains("not a date"), "\(bad.stderr)")
    }
}
