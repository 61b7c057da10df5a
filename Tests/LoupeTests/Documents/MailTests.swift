import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// E-mail through GMime: a message with a PDF attachment, an mbox in three charsets, an mbox that
/// grows (only its new messages read) and one that is deleted. The messages are made here.
@Suite struct MailTests {
    /// A message of two alternatives (the HTML one with a word of its own) and a PDF attachment.
    static func letterWithInvoice() -> String {
        let pdf = Data(MinimalPDF.make(["Invoice total: forty capybaras", "Payable within thirty days."], title: "Invoice 42"))
        let encoded = pdf.base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
        return """
        From: Alice Example <alice@example.com>
        To: Bob <bob@example.org>
        Cc: =?UTF-8?Q?Ren=C3=A9e?= <renee@example.net>
        Subject: Invoice for March
        Date: Tue, 05 Mar 2024 10:00:00 +0000
        Message-ID: <inv-42@example.com>
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="OUTER"

        --OUTER
        Content-Type: multipart/alternative; boundary="ALT"

        --ALT
        Content-Type: text/plain; charset=utf-8

        Please find the invoice attached, dear Bob.
        --ALT
        Content-Type: text/html; charset=utf-8

        <p>Please find the <b>invoice</b> attached. htmlonlyword</p>
        --ALT--
        --OUTER
        Content-Type: application/pdf; name="invoice.pdf"
        Content-Disposition: attachment; filename="invoice.pdf"
        Content-Transfer-Encoding: base64

        \(encoded)
        --OUTER--

        """
    }

    /// Windows-1251 bytes of Cyrillic text (А–я are C0–FF).
    static func cp1251(_ s: String) -> [UInt8] {
        s.unicodeScalars.map { c in
            switch c.value {
            case 0x410...0x44F: UInt8(c.value - 0x410 + 0xC0)
            case 0x451: 0xB8
            default: UInt8(c.value)
            }
        }
    }

    /// Three messages: UTF-8 (8bit, an RFC 2047 Q subject), Windows-1252 quoted-printable (the euro
    /// sign is 0x80 there), Windows-1251 base64 (subject too).
    static func threeCharsets() -> [UInt8] {
        var out = Array("""
        From alice@example.com Tue Mar  5 10:00:00 2024
        From: Alice <alice@example.com>
        To: bob@example.org
        Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_M=C3=BCnchen?=
        Date: Tue, 05 Mar 2024 10:00:00 +0000
        MIME-Version: 1.0
        Content-Type: text/plain; charset=UTF-8
        Content-Transfer-Encoding: 8bit

        Die Brezeln in München schmecken köstlich.
        >From the bakery, with love.

        From chloe@example.fr Wed Mar  6 11:00:00 2024
        From: =?ISO-8859-1?Q?Chlo=E9?= <chloe@example.fr>
        To: bob@example.org
        Subject: =?windows-1252?Q?Caf=E9_cr=E8me?=
        Date: Wed, 06 Mar 2024 11:00:00 +0100
        MIME-Version: 1.0
        Content-Type: text/plain; charset=windows-1252
        Content-Transfer-Encoding: quoted-printable

        Le caf=E9 cr=E8me co=FBte deux =80 =E0 Gen=E8ve.

        From ivan@example.ru Thu Mar  7 12:00:00 2024
        From: ivan@example.ru
        To: bob@example.org
        Subject: =?windows-1251?B?\(Data(cp1251("Встреча в Москве")).base64EncodedString())?=
        Date: Thu, 07 Mar 2024 12:00:00 +0300
        MIME-Version: 1.0
        Content-Type: text/plain; charset=windows-1251
        Content-Transfer-Encoding: base64

        \(Data(cp1251("Встреча в Москве состоится завтра утром.")).base64EncodedString())

        """.utf8)
        out.removeAll { $0 == 0x0D }
        return out
    }

    static let fourth = """

        From dan@example.com Fri Mar  8 12:00:00 2024
        From: Dan <dan@example.com>
        Subject: Wombats
        Date: Fri, 08 Mar 2024 12:00:00 +0000

        A fourth message about wombats.

        """

    /// A message forwarding another (message/rfc822), which has a Latin-1 body and an attachment.
    static let forward = """
        From: Carol <carol@example.com>
        To: Dave <dave@example.org>
        Subject: Fwd: Lunch plans
        Date: Tue, 05 Mar 2024 15:00:00 +0000
        Message-ID: <fwd-1@example.com>
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="M"

        --M
        Content-Type: text/plain; charset=utf-8

        See the note below, about the quokka.
        --M
        Content-Type: message/rfc822
        Content-Disposition: inline

        From: Erin <erin@example.net>
        To: Carol <carol@example.com>
        Subject: Lunch plans
        Date: Mon, 04 Mar 2024 09:00:00 +0000
        Message-ID: <Lunch-7@example.net>
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="N"

        --N
        Content-Type: text/plain; charset=iso-8859-1
        Content-Transfer-Encoding: quoted-printable

        Let us meet at the caf=E9 near the wallaby enclosure.
        --N
        Content-Type: text/plain; name="menu.txt"
        Content-Disposition: attachment; filename="menu.txt"

        Soup of the day: pumpkin.
        --N--

        --M--

        """

    @Test func aForwardedMessageIsADocumentOfItsOwnWithItsOwnFields() throws {
        let data = Array(Self.forward.utf8)
        let contents = try MailExtractor().members(of: data, fileName: "fwd.eml", context: ExtractionContext(firstLines: false), after: nil)
        #expect(contents.members.map(\.name) == ["", "/message.eml", "/message.eml/menu.txt"] && contents.warnings.isEmpty,
                "\(contents.members.map(\.name)) \(contents.warnings)")
        let outer = contents.members[0].text, inner = contents.members[1].text, menu = contents.members[2].text
        // The forwarded text is the forwarded message's, not the forwarding one's.
        #expect(outer.title == "Fwd: Lunch plans" && outer.body.contains("quokka") && !outer.body.contains("wallaby"), "\(outer.body)")
        #expect(inner.title == "Lunch plans" && inner.format == "mail" && inner.body.contains("café near the wallaby"), "\(inner.body)")
        #expect(!inner.body.contains("pumpkin") && !inner.body.contains("quokka"))
        #expect(inner.fields["from"] == "Erin <erin@example.net>" && inner.fields["date"] == "2024-03-04T09:00:00Z")
        #expect(inner.fields["message-id"] == "Lunch-7@example.net")
        #expect(menu.body.contains("pumpkin") && menu.fields["from"] == inner.fields["from"] && menu.fields["date"] == inner.fields["date"])

        // In an mbox, after another message: addressed below its message, and by its Message-ID.
        let dir = TempDir()
        dir.write("src/box.mbox", "From a@b Tue Mar  5 10:00:00 2024\nFrom: a@b\nSubject: First\nMessage-ID: <first@b>\n\nA first note.\n\n"
            + "From carol@example.com Tue Mar  5 15:00:00 2024\n" + Self.forward)
        let s = try trustingIndexer(dir).run()
        #expect(s.added == 4 && s.skipped == 0, "\(s)")
        let searcher = try Searcher(path: dir.path + "/idx")
        for (q, paths) in [("wallaby", ["box.mbox#2/message.eml"]), ("quokka", ["box.mbox#2"]),
                           ("pumpkin AND from:erin", ["box.mbox#2/message.eml/menu.txt"]), ("wallaby AND from:carol", []),
                           // With or without its angle brackets, in any case.
                           ("message-id:<lunch-7@example.net>", ["box.mbox#2/message.eml"]),
                           ("message-id:Lunch-7@example.net", ["box.mbox#2/message.eml"]),
                           ("message-id:<fwd-1@example.com>", ["box.mbox#2"]), ("message-id:first@b", ["box.mbox#1"]),
                           ("message-id:<other@b>", []), ("note message-id:first@b", ["box.mbox#1"])] {
            #expect(try searcher.search(q, limit: 5).hits.map(\.path) == paths, "\(q)")
        }
        // The Message-ID is stored: a hit shows it.
        let hit = try #require(try searcher.search("message-id:first@b", limit: 1).hits.first)
        #expect(hit.fields["message-id"] == "first@b")
        // Snippets of the forwarded message come from it, extracted again from the mbox.
        let files = SourceDocumentReader(reader: searcher.reader)
        #expect(try files.text(of: "box.mbox#2/message.eml", whole: true).get().body.contains("wallaby enclosure"))
    }

    @Test func aForwardOfAForwardIsReadEightDeepThenAWarning() throws {
        // Message k says "level k" and forwards message k + 1; ten of them.
        var message = ""
        for k in stride(from: 9, through: 0, by: -1) {
            var m = "From: sender\(k)@example.com\nSubject: Level \(k)\nMIME-Version: 1.0\n"
            if message.isEmpty {
                m += "Content-Type: text/plain\n\nThe words of level \(k).\n"
            } else {
                m += "Content-Type: multipart/mixed; boundary=\"B\(k)\"\n\n--B\(k)\nContent-Type: text/plain\n\nThe words of level \(k).\n"
                m += "--B\(k)\nContent-Type: message/rfc822\n\n" + message + "\n--B\(k)--\n"
            }
            message = m
        }
        let contents = try MailExtractor().members(of: Array(message.utf8), fileName: "deep.eml", context: ExtractionContext(firstLines: false), after: nil)
        #expect(contents.members.map(\.name) == (0...8).map { String(repeating: "/message.eml", count: $0) })
        #expect(contents.members.map(\.text.title) == (0...8).map { "Level \($0)" })
        #expect(contents.members.map { $0.text.fields["from"] } == (0...8).map { "sender\($0)@example.com" })
        #expect(contents.members[3].text.body.contains("level 3") && !contents.members[3].text.body.contains("level 4"))
        #expect(contents.warnings == [String(repeating: "/message.eml", count: 9) + ": forwarded more than 8 messages deep, skipped"],
                "\(contents.warnings)")
    }

    @Test func aMessageAndItsPDFAttachmentAreTwoDocumentsWithTheMessagesFields() throws {
        let data = Array(Self.letterWithInvoice().utf8)
        #expect(MailExtractor().claim(ExtractionProbe(fileName: "letter.txt", data: data)) == .content)
        let contents = try MailExtractor().members(of: data, fileName: "letter.eml", context: ExtractionContext(firstLines: false), after: nil)
        #expect(contents.members.map(\.name) == ["", "/invoice.pdf"] && contents.warnings.isEmpty)
        let message = contents.members[0].text, pdf = contents.members[1].text
        #expect(message.title == "Invoice for March" && message.titleIsDeclared && message.format == "mail")
        #expect(message.body.contains("dear Bob") && !message.body.contains("htmlonlyword"), "\(message.body)")
        #expect(message.fields["from"] == "Alice Example <alice@example.com>")
        #expect(message.fields["to"] == "Bob <bob@example.org>, Renée <renee@example.net>")
        #expect(message.fields["date"] == "2024-03-05T10:00:00Z" && message.fields["message-id"] == "inv-42@example.com")
        #expect(pdf.format == "pdf" && pdf.title == "Invoice 42" && pdf.body.contains("forty capybaras"))
        #expect(pdf.fields["from"] == message.fields["from"] && pdf.fields["date"] == message.fields["date"])

        let dir = TempDir()
        dir.write("src/mail/letter.eml", Self.letterWithInvoice())
        let s = try trustingIndexer(dir).run()
        #expect(s.added == 2 && s.skipped == 0, "\(s)")
        let searcher = try Searcher(path: dir.path + "/idx")
        for q in ["capybaras", "capybaras AND from:alice", "capybaras AND to:renée", "capybaras date:2024-03-05", "capybaras ext:pdf",
                  "capybaras folder:mail/letter.eml"] {
            #expect(try searcher.search(q, limit: 5).hits.map(\.path) == ["mail/letter.eml/invoice.pdf"], "\(q)")
        }
        #expect(try searcher.search("capybaras date:2024-03-06", limit: 5).hits.isEmpty)
        let hits = try searcher.search("invoice from:alice", limit: 5).hits
        #expect(Set(hits.map(\.path)) == ["mail/letter.eml", "mail/letter.eml/invoice.pdf"])
        #expect(hits.first { $0.path == "mail/letter.eml" }?.title == "Invoice for March")
        // A snippet's text is the member's, extracted again from its container.
        let files = SourceDocumentReader(reader: searcher.reader)
        #expect(try files.text(of: "mail/letter.eml/invoice.pdf", whole: true).get().body.contains("forty capybaras"))
        #expect(try files.text(of: "mail/letter.eml", whole: false).get().title == "Invoice for March")
        #expect(throws: SourceFileRefusal.self) { try files.text(of: "mail/letter.eml/other.pdf", whole: true).get() }
    }

    @Test func anMboxInThreeCharsetsIsThreeMessagesFoundByTheirWords() throws {
        let dir = TempDir()
        try FileManager.default.createDirectory(atPath: dir.path + "/src", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: dir.path + "/src/box", contents: Data(Self.threeCharsets())))
        // Found by its content: no extension.
        var s = try trustingIndexer(dir).run()
        #expect(s.added == 3 && s.skipped == 0, "\(s)")
        let searcher = try Searcher(path: dir.path + "/idx")
        for (q, path, title) in [("brezeln münchen", "box#1", "Grüße aus München"), ("coûte genève", "box#2", "Café crème"),
                                 ("москве завтра", "box#3", "Встреча в Москве")] {
            let hits = try searcher.search(q, limit: 5).hits
            #expect(hits.map(\.path) == [path] && hits.first?.title == title, "\(q): \(hits.map(\.path))")
        }
        // mboxrd quoting undone; the messages' senders decoded.
        let files = SourceDocumentReader(reader: searcher.reader)
        #expect(try files.text(of: "box#1", whole: true).get().body.contains("\nFrom the bakery"))
        #expect(try files.text(of: "box#2", whole: true).get().body.contains("Le café crème coûte deux € à Genève."))
        #expect(try searcher.search("from:chloé", limit: 5).hits.map(\.path) == ["box#2"])

        // A fourth message appended: only it is read.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dir.path + "/src/box"))
        handle.seekToEndOfFile()
        handle.write(Data(Self.fourth.utf8))
        try handle.close()
        s = try trustingIndexer(dir).run()
        #expect(s.added == 1 && s.updated == 0 && s.deleted == 0 && s.unchanged == 3, "\(s)")
        let catalog = try #require(try IndexReader(path: dir.path + "/idx").sourceCatalog())
        #expect(catalog.container(0)?.members == ["#1", "#2", "#3", "#4"] && catalog.documents == 4)
        var after = try Searcher(path: dir.path + "/idx")
        #expect(try after.search("wombats", limit: 5).hits.map(\.path) == ["box#4"])
        #expect(try after.search("москве", limit: 5).hits.map(\.path) == ["box#3"])

        // Rewritten (the first message expunged): read whole, the others renumbered.
        let all = String(decoding: Self.threeCharsets(), as: UTF8.self) + Self.fourth
        let second = try #require(all.range(of: "\nFrom chloe@")).upperBound
        let cut = "From chloe@" + all[second...]
        #expect(FileManager.default.createFile(atPath: dir.path + "/src/box", contents: Data(cut.utf8)))
        s = try trustingIndexer(dir).run()
        #expect(s.added == 0 && s.updated == 3 && s.deleted == 1, "\(s)")
        after = try Searcher(path: dir.path + "/idx")
        #expect(try after.search("wombats", limit: 5).hits.map(\.path) == ["box#3"])
        #expect(try after.search("brezeln", limit: 5).hits.isEmpty)

        // Deleted: its messages go.
        try FileManager.default.removeItem(atPath: dir.path + "/src/box")
        s = try trustingIndexer(dir).run()
        #expect(s.deleted == 3 && s.added == 0, "\(s)")
        after = try Searcher(path: dir.path + "/idx")
        #expect(try after.search("wombats OR москве", limit: 5).hits.isEmpty)
        #expect(try IndexReader(path: dir.path + "/idx").documentCount == 0)
    }

    @Test func messagesParsedOnEveryThreadAtOnceKeepTheirOwnText() throws {
        let dir = TempDir()
        let words = ["alpaca", "bongo", "caracal", "dugong", "eland", "fossa", "gerenuk", "hyrax", "ibex", "jerboa", "kinkajou",
                     "lemur", "margay", "narwhal", "okapi", "pika", "quetzal", "ratel", "serval", "tapir", "urial", "vicuna"]
        for (i, w) in words.enumerated() {
            dir.write("src/m\(i).eml", """
            From: sender\(i)@example.com
            Subject: About the \(w)
            Date: Mon, 0\(1 + i % 9) Jan 2024 08:00:00 +0000
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b\(i)"

            --b\(i)
            Content-Type: text/plain; charset=utf-8

            A note on the \(w).
            --b\(i)
            Content-Type: text/plain; name="\(w).txt"
            Content-Disposition: attachment; filename="\(w).txt"
            Content-Transfer-Encoding: base64

            \(Data("attached facts: \(w)-\(i)".utf8).base64EncodedString())
            --b\(i)--

            """)
        }
        var ix = trustingIndexer(dir)
        ix.threads = 4
        let s = try ix.run()
        #expect(s.added == 2 * words.count && s.skipped == 0, "\(s)")
        let searcher = try Searcher(path: dir.path + "/idx")
        for (i, w) in words.enumerated() {
            let hits = try searcher.search(w, limit: 5).hits
            #expect(Set(hits.map(\.path)) == ["m\(i).eml", "m\(i).eml/\(w).txt"], "\(w): \(hits.map(\.path))")
            #expect(try searcher.search("\(w) AND from:sender\(i)@example.com", limit: 5).hits.count == 2)
        }
        // The deep check holds the catalog's members for the commit's documents.
        _ = try IndexReader(path: dir.path + "/idx").verifyDeep()
    }

    @Test func anMboxPastTheLimitResumesAtItsFirstUnreadMessage() throws {
        let box = (1...12).map { "From x@y Tue Mar  5 10:00:00 2024\nFrom: x@y\nSubject: Number \($0)\n\nBody of message \($0).\n\n" }.joined()
        var context = ExtractionContext(firstLines: false)
        context.maxMembers = 1 // ten messages
        let first = try MailExtractor().members(of: Array(box.utf8), fileName: "b.mbox", context: context, after: nil)
        #expect(first.members.map(\.text.title) == (1...10).map { "Number \($0)" })
        #expect(first.warnings == [": more than 10 messages, the rest skipped"])
        let resume = try #require(first.resume)
        #expect(resume.units == 10 && box.utf8.dropFirst(resume.length).starts(with: "From x@y".utf8))
        #expect(String(decoding: box.utf8.prefix(resume.length), as: UTF8.self).hasSuffix("Body of message 10.\n\n"))
        let rest = try MailExtractor().members(of: Array(box.utf8), fileName: "b.mbox", context: context, after: resume)
        #expect(rest.resumed && rest.members.map(\.name) == ["#11", "#12"] && rest.members.map(\.text.title) == ["Number 11", "Number 12"])
        // A point that is not a message's start is not resumed from: the mbox is read again whole.
        let whole = try MailExtractor().members(of: Array(box.utf8), fileName: "b.mbox", context: ExtractionContext(), after: .init(length: 7, units: 1))
        #expect(!whole.resumed && whole.members.count == 12 && whole.members.first?.name == "#1")
    }

    @Test func anMboxIndexedAsTextByAnOlderBuildIsSplitIntoMessages() throws {
        let dir = TempDir()
        try FileManager.default.createDirectory(atPath: dir.path + "/src", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: dir.path + "/src/box.mbox", contents: Data(Self.threeCharsets())))
        dir.write("src/a.txt", "a plain note")
        // A build without the mail format reads it as one text.
        var old = trustingIndexer(dir)
        old.extractors = ExtractorRegistry(ExtractorRegistry.builtIn.filter { $0.name != "mail" })
        var s = try old.run()
        #expect(s.added == 2)
        #expect(try Searcher(path: dir.path + "/idx").search("brezeln", limit: 5).hits.map(\.path) == ["box.mbox"])
        // This one: though the file did not change, it becomes its three messages.
        s = try trustingIndexer(dir).run()
        #expect(s.added == 3 && s.deleted == 1 && s.unchanged == 1, "\(s)")
        #expect(try Searcher(path: dir.path + "/idx").search("brezeln", limit: 5).hits.map(\.path) == ["box.mbox#1"])
        // And then it is settled.
        #expect(!(try trustingIndexer(dir).run()).committed)
    }

    @Test func garbageThatLooksLikeMailIsAWarningNotACrash() throws {
        var rng = SplitMix64(seed: 22)
        for round in 0..<40 {
            var data = Array("From x@y Tue Mar  5 10:00:00 2024\nFrom: a@b\nSubject: s\nContent-Type: multipart/mixed; boundary=\"B\"\n\n--B\n".utf8)
            for _ in 0..<(200 + rng.below(2000)) { data.append(UInt8(truncatingIfNeeded: rng.next())) }
            if round % 2 == 0 { data += Array("\n--B--\n".utf8) }
            // Either documents or an ExtractionError; never a trap.
            _ = try? MailExtractor().members(of: data, fileName: "g.mbox", context: ExtractionContext(firstLines: false), after: nil)
        }
        let dir = TempDir()
        dir.write("src/empty.mbox", "")
        dir.write("src/note.txt", "From the start, this is a note and not a mailbox.\nIt mentions a platypus.")
        var warnings: [String] = []
        var ix = trustingIndexer(dir)
        ix.onWarning = { warnings.append($0) }
        let s = try ix.run()
        // An empty .mbox holds no message: a warning; a text that opens with "From " stays text.
        #expect(s.added == 1 && warnings.count == 1 && warnings[0].hasPrefix("empty.mbox: "), "\(warnings)")
        #expect(try Searcher(path: dir.path + "/idx").search("platypus", limit: 5).hits.map(\.path) == ["note.txt"])
    }
}
