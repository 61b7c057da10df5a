import CMailShim
import Foundation
import LoupeCore

/// E-mail: a single message (`.eml`, or a file that opens with RFC 822 headers) or an mbox archive
/// (`.mbox`, or a file that opens with an mbox `From ` line), parsed by GMime (`CMailShim`): one
/// document per message — addressed `box.mbox#3`, a single message by its own path — titled by its
/// subject, with fields `from`, `to` (To and Cc), `date` (ISO 8601) and `message-id`, its body the
/// text of its text parts (of a multipart/alternative the plain text, else the HTML stripped),
/// each part's charset converted with ICU. Each attachment a format reads (PDF, office, text, an
/// archive) is a document of its own, `box.mbox#3/invoice.pdf`, carrying the message's fields. An
/// attached message (message/rfc822: a forwarded one) is a message of its own with its own fields,
/// named by its file name or `message.eml` (`box.mbox#3/message.eml`, its attachments below it),
/// forwards of forwards `maxForwards` deep; its text is not the enclosing message's. A message is also found by its Message-ID
/// (`message-id:<inv-42@example.com>`, `Schema.files`).
///
/// An mbox that only grew at its end (new messages appended) is read from where the last run
/// stopped (`ContainerResume`): its messages are numbered in order, so the old ones keep their
/// addresses. Messages are separated by a `From ` line at the start of the file or after an empty
/// line; a body line `>From ` (mboxrd quoting) loses one `>`.
struct MailExtractor: ContainerExtractor {
    let name = "mail"
    let version = 2
    var runsIsolated: Bool { true }
    init() {}

    func claim(_ probe: ExtractionProbe) -> ExtractorClaim {
        if Self.looksLikeMbox(probe.head) || Self.looksLikeMessage(probe.head) { return .content }
        return ["eml", "mbox"].contains(probe.fileExtension) ? .fileExtension : .none
    }

    func members(of data: [UInt8], fileName: String, context: ExtractionContext, after resume: ContainerResume?) throws -> ContainerContents {
        var out = ContainerContents()
        let isMbox = TextExtractor.extensionOf(fileName) == "mbox" || Self.looksLikeMbox(data.prefix(ExtractionProbe.headLength))
        guard isMbox else {
            try Self.message(data[...], name: "", context: context, into: &out)
            return out
        }
        var start = 0, units = 0
        if let resume, resume.length <= data.count, Self.resumes(data, at: resume.length) {
            start = resume.length
            units = resume.units
            out.resumed = true
        }
        let messages = Self.mboxMessages(data, from: start)
        if messages.isEmpty && start == 0 { throw ExtractionError.damaged("no message in the mbox") }
        // A mail folder holds more messages than an archive members: the limit is ten times theirs.
        let limit = context.maxMembers > Int.max / 10 ? Int.max : context.maxMembers * 10
        var read = 0
        for m in messages {
            guard read < limit else {
                // The next run that finds the mbox grown reads on from this message.
                out.warnings.append(": more than \(limit) messages, the rest skipped")
                out.resume = ContainerResume(length: m.from, units: units)
                return out
            }
            units += 1
            read += 1
            do { try Self.message(Self.unquoted(data[m.body]), name: "#\(units)", context: context, into: &out) } catch {
                out.warnings.append("#\(units): \(error), skipped")
            }
        }
        out.resume = ContainerResume(length: data.count, units: units)
        return out
    }

    /// Whether the file opens with an mbox `From ` line (`From sender date`) followed by a header.
    static func looksLikeMbox(_ head: ArraySlice<UInt8>) -> Bool {
        guard head.starts(with: Array("From ".utf8)) else { return false }
        let lines = head.split(separator: 0x0A, maxSplits: 2, omittingEmptySubsequences: false)
        guard lines.count >= 2, lines[0].count < 400, lines[0].dropFirst(5).contains(0x20) else { return false }
        return headerName(lines[1]) != nil
    }

    /// Whether the file opens with RFC 822 headers, two or more of them the ones a message has.
    static func looksLikeMessage(_ head: ArraySlice<UInt8>) -> Bool {
        let known: Set<String> = ["from", "to", "date", "subject", "message-id", "received", "return-path", "mime-version",
                                  "delivered-to", "reply-to", "cc", "content-type"]
        var found = Set<String>()
        var first = true
        for line in head.split(separator: 0x0A, omittingEmptySubsequences: false).prefix(60) {
            let l = line.last == 0x0D ? line.dropLast() : line
            if l.isEmpty { break }
            if !first && (l.first == 0x20 || l.first == 0x09) { continue } // a folded header's next line
            guard let name = headerName(l) else { return false }
            first = false
            if known.contains(name) { found.insert(name) }
        }
        return found.count >= 2 && (found.contains("from") || found.contains("received") || found.contains("message-id"))
    }

    /// The lower-cased name of a header line `Name: value`, or nil when the line is not one.
    static func headerName(_ line: ArraySlice<UInt8>) -> String? {
        guard let colon = line.firstIndex(of: 0x3A), colon > line.startIndex, colon - line.startIndex < 80 else { return nil }
        let name = line[..<colon]
        guard name.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        return String(decoding: name, as: UTF8.self).lowercased()
    }

    /// Whether an mbox's message may start at `offset` (after line ends): where the last run stopped.
    static func resumes(_ data: [UInt8], at offset: Int) -> Bool {
        var i = offset
        while i < data.count && (data[i] == 0x0A || data[i] == 0x0D) { i += 1 }
        return i == data.count || ((offset == 0 || data[offset - 1] == 0x0A) && data[i...].starts(with: Array("From ".utf8)))
    }

    /// The messages of an mbox from `start` on: where each one's `From ` line starts, and its bytes
    /// after that line.
    static func mboxMessages(_ data: [UInt8], from start: Int) -> [(from: Int, body: Range<Int>)] {
        var out: [(from: Int, body: Range<Int>)] = []
        var fromLine = 0
        var begin: Int? = nil
        var i = start
        var previousEmpty = true
        let from = Array("From ".utf8)
        while i < data.count {
            let end = data[i...].firstIndex(of: 0x0A) ?? data.count
            let line = data[i..<end]
            if previousEmpty && line.starts(with: from) {
                if let b = begin { out.append((fromLine, b..<i)) }
                begin = min(end + 1, data.count)
                fromLine = i
            }
            previousEmpty = line.isEmpty || line.elementsEqual([0x0D])
            i = end + 1
        }
        if let b = begin { out.append((fromLine, b..<data.count)) }
        return out
    }

    /// The message with mboxrd quoting undone: `>From `, `>>From ` … at a line's start lose one `>`.
    static func unquoted(_ message: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard message.contains(0x3E) else { return message }
        var out: [UInt8] = []
        out.reserveCapacity(message.count)
        var lineStart = true
        var i = message.startIndex
        while i < message.endIndex {
            let b = message[i]
            if lineStart && b == 0x3E {
                var j = i
                while j < message.endIndex && message[j] == 0x3E { j += 1 }
                if message[j...].starts(with: Array("From ".utf8)) { i += 1; lineStart = false; continue }
            }
            out.append(b)
            lineStart = b == 0x0A
            i += 1
        }
        return out[...]
    }

    /// The documents of one message: itself (named `name`) and its attachments (`name/file`).
    /// `forwards`: how many attached messages deep this one is (the enclosing file's are 0).
    static func message(_ bytes: ArraySlice<UInt8>, name: String, context: ExtractionContext, into out: inout ContainerContents,
                        forwards: Int = 0) throws {
        guard !bytes.isEmpty else { throw ExtractionError.damaged("an empty message") }
        guard let m = bytes.withUnsafeBytes({ loupe_mail_parse($0.baseAddress?.assumingMemoryBound(to: CChar.self), $0.count) }) else {
            throw ExtractionError.damaged("not a mail message")
        }
        defer { loupe_mail_free(m) }
        func header(_ which: Int32) -> String? {
            loupe_mail_header(m, which).map { String(cString: $0).trimmingWhitespace }.flatMap { $0.isEmpty ? nil : $0 }
        }
        var fields: [String: String] = [:]
        fields["from"] = header(Int32(LOUPE_MAIL_FROM))
        let to = [header(Int32(LOUPE_MAIL_TO)), header(Int32(LOUPE_MAIL_CC))].compactMap { $0 }
        if !to.isEmpty { fields["to"] = to.joined(separator: ", ") }
        fields["message-id"] = header(Int32(LOUPE_MAIL_MESSAGE_ID))
        var seconds: Int64 = 0
        if loupe_mail_date(m, &seconds) != 0 {
            // Whole seconds: ISO 8601 without a fraction (`2024-03-05T10:00:00Z`).
            fields["date"] = String(FieldValue.formatDate(millis: seconds * 1000).dropLast(5)) + "Z"
        }
        let subject = header(Int32(LOUPE_MAIL_SUBJECT)) ?? ""

        struct Part {
            var type: String, charset: String?, fileName: String?, isAttachment: Bool, alternative: Int32, content: ArraySlice<UInt8>
        }
        var parts: [Part] = []
        for i in 0..<loupe_mail_part_count(m) {
            var length = 0
            let content = loupe_mail_part_content(m, i, &length).map { Array(UnsafeBufferPointer(start: $0, count: length))[...] } ?? []
            parts.append(Part(type: loupe_mail_part_type(m, i).map { String(cString: $0) } ?? "text/plain",
                              charset: loupe_mail_part_charset(m, i).map { String(cString: $0) },
                              fileName: loupe_mail_part_filename(m, i).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 },
                              isAttachment: loupe_mail_part_is_attachment(m, i) != 0, alternative: loupe_mail_part_alternative(m, i),
                              content: content))
        }
        // Of a multipart/alternative, the plain text when it has one.
        let plainAlternatives = Set(parts.filter { $0.type == "text/plain" && $0.alternative > 0 }.map(\.alternative))
        var body: [String] = []
        var attachments: [(name: String, bytes: [UInt8], isMessage: Bool)] = []
        var names = Set<String>()
        for p in parts {
            let isText = p.type == "text/plain" || p.type == "text/html"
            if isText && !p.isAttachment {
                if p.type == "text/html" && plainAlternatives.contains(p.alternative) { continue }
                let text = decode(p.content, charset: p.charset)
                body.append(p.type == "text/html" ? HTMLText.extract(text, firstLines: false).body : text)
            } else if let file = p.fileName ?? (p.type == Self.attachedMessage ? "message.eml" : nil) {
                // A name inside the address: no `/`, unique within the message.
                let base = file.replacingOccurrences(of: "/", with: "_")
                var unique = base, k = 2
                while names.contains(unique) {
                    let ext = TextExtractor.extensionOf(base)
                    unique = ext.isEmpty ? "\(base) (\(k))" : "\(base.dropLast(ext.count + 1)) (\(k)).\(ext)"
                    k += 1
                }
                names.insert(unique)
                attachments.append((unique, Array(p.content), p.type == Self.attachedMessage))
            }
        }
        out.members.append(ContainerMember(name: name, text: ExtractedText(title: subject, body: body.joined(separator: "\n\n"),
                                                                          titleIsDeclared: !subject.isEmpty, format: "mail", fields: fields)))
        for a in attachments {
            let first = out.members.count
            if a.isMessage {
                // Read here, not as a nested container: a message forwarded again and again is one
                // level of an archive's depth each time, and would soon be past its limit.
                let inner = name + "/" + a.name
                if forwards + 1 > maxForwards {
                    out.warnings.append("\(inner): forwarded more than \(maxForwards) messages deep, skipped")
                    continue
                }
                do { try message(a.bytes[...], name: inner, context: context, into: &out, forwards: forwards + 1) } catch {
                    out.warnings.append("\(inner): \(error), skipped")
                }
                continue
            }
            context.registry.nestedDocuments(a.bytes, fileName: a.name, name: name + "/" + a.name, context: context, into: &out)
            // An attachment is found by its message's sender, recipients and date.
            for k in first..<out.members.count {
                for key in ["from", "to", "date"] where out.members[k].text.fields[key] == nil { out.members[k].text.fields[key] = fields[key] }
            }
        }
    }

    /// The media type of an attached message (a forwarded one): the shim gives its bytes whole.
    static let attachedMessage = "message/rfc822"
    /// How many attached messages deep a message is read (a forward of a forward of … one).
    static let maxForwards = 8

    /// A text part's characters: converted from its declared charset by ICU, or, when it declares
    /// none or its bytes are not that charset's, decoded as a file's text is (UTF-8, else detected).
    static func decode(_ bytes: ArraySlice<UInt8>, charset: String?) -> String {
        if var c = charset?.lowercased().trimmingWhitespace, !c.isEmpty {
            // As browsers read them: a Latin-1 or ASCII label mostly stands for Windows-1252.
            if ["iso-8859-1", "latin1", "us-ascii", "ascii"].contains(c) { c = "windows-1252" }
            if c == "utf-8" || c == "utf8" {
                if let s = String(validating: bytes, as: UTF8.self) { return s }
            } else if let s = LegacyEncoding.convert(bytes, from: c) {
                return s
            }
        }
        return (try? TextDecoding.text(of: Array(bytes))) ?? String(decoding: bytes, as: UTF8.self)
    }
}
