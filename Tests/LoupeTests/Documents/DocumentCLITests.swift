import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// `loupe index` and `loupe search` on documents: page numbers of PDF hits, per-format counts.
@Suite(.serialized) struct DocumentCLITests {
    @Test func pdfHitsSayTheirPageInTextAndJSON() throws {
        let tmp = TempDir()
        tmp.write("docs/notes.txt", "a note on termites in plain text")
        #expect(FileManager.default.createFile(atPath: tmp.path + "/docs/guide.pdf", contents: Data(MinimalPDF.make(PDFTests.pages, title: "Field Guide"))))
        let idx = try CLI.run(["index", "docs"], cwd: tmp.path)
        #expect(idx.status == 0, "\(idx.stderr)")
        let s = try CLI.run(["search", "pangolin", "--color", "never"], cwd: tmp.path)
        let lines = s.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count >= 3, "\(s.stdout)")
        #expect(lines[0].contains("guide.pdf") && lines[1].contains("Field Guide"), "\(s.stdout)")
        #expect(lines[2].trimmingCharacters(in: .whitespaces).hasPrefix("p. 3  "), "\(s.stdout)")
        let j = try CLI.run(["search", "termites", "--json"], cwd: tmp.path)
        var pages: [String: [Int?]] = [:]
        for line in j.stdout.split(separator: "\n") {
            let obj = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard obj["type"] as? String == "hit", let path = obj["path"] as? String else { continue }
            pages[path] = (obj["snippets"] as? [[String: Any]])?.map { $0["page"] as? Int }
        }
        #expect(pages == ["guide.pdf": [2], "notes.txt": [nil]], "\(j.stdout)")
        // Documents per format, the PDF's read by the isolated helper.
        let stats = try CLI.run(["stats", "--json"], cwd: tmp.path)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        let formats = try #require(record["formats"] as? [[String: Any]], "\(stats.stdout)")
        #expect(formats.map { "\($0["format"] as? String ?? "-") \($0["documents"] as? Int ?? -1)" } == ["pdf 1", "text 1"])
        #expect(try CLI.run(["stats"], cwd: tmp.path).stdout.contains("\nformats:      pdf 1, text 1\n"))
        // The PDF's snippet and page come from its stored text: the file is not needed any more.
        try FileManager.default.removeItem(atPath: tmp.path + "/docs/guide.pdf")
        let gone = try CLI.run(["search", "pangolin", "--color", "never"], cwd: tmp.path).stdout.split(separator: "\n")
        #expect(gone.count >= 3 && gone[2].trimmingCharacters(in: .whitespaces).hasPrefix("p. 3  ") && gone[2].contains("pangolin"), "\(gone)")
    }

    @Test func membersOfMailAndArchivesAreShownByTheirAddressWithASnippet() throws {
        let tmp = TempDir()
        tmp.write("docs/mail/box.mbox", String(decoding: MailTests.threeCharsets(), as: UTF8.self))
        tmp.write("docs/letter.eml", MailTests.letterWithInvoice())
        try FileManager.default.copyItem(atPath: DocumentFixtures.folder + "/members.zip", toPath: tmp.path + "/docs/members.zip")
        let idx = try CLI.run(["index", "docs"], cwd: tmp.path)
        #expect(idx.status == 0 && idx.stdout.contains("7 added"), "\(idx.stdout) \(idx.stderr)")
        for (query, address, title, snippet) in [
            ("москве", "mail/box.mbox#3", "Встреча в Москве", "Встреча в Москве состоится"),
            ("capybaras", "letter.eml/invoice.pdf", "Invoice 42", "forty capybaras"),
            ("pangolin ext:txt", "members.zip/inner/readme.txt", nil, "The zipped readme speaks of a pangolin"),
        ] {
            let s = try CLI.run(["search", query, "--color", "never"], cwd: tmp.path)
            let lines = s.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(s.status == 0 && lines.count >= 3 && lines[0].hasSuffix("  " + address), "\(query): \(s.stdout)")
            if let title { #expect(lines[1] == title, "\(s.stdout)") }
            #expect(lines[2].replacingOccurrences(of: "**", with: "").contains(snippet), "\(s.stdout)")
        }
        // A message by its Message-ID, as a mail client shows it; the JSON hit carries it.
        let j = try CLI.run(["search", "message-id:<inv-42@example.com>", "--json", "--fields", "message-id"], cwd: tmp.path)
        let hits = try j.stdout.split(separator: "\n").compactMap { line -> [String: Any]? in
            let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return obj?["type"] as? String == "hit" ? obj : nil
        }
        #expect(hits.map { $0["path"] as? String } == ["letter.eml"], "\(j.stdout) \(j.stderr)")
        #expect((hits.first?["fields"] as? [String: String]) == ["message-id": "inv-42@example.com"], "\(j.stdout)")
    }
}
