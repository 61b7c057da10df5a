import LoupeCore

/// A format whose file holds several documents: a mail archive (one per message, and one per
/// attachment), a zip or tar archive (one per member). Each document is a member with a name that,
/// appended to the container's path, is the document's address: `box.mbox#12`,
/// `box.mbox#12/invoice.pdf`, `docs.zip/inner/readme.txt`; a member named `""` is the container's
/// own document (a single `.eml` message). The indexer keeps the names in its catalog (a deleted
/// container deletes them all) and, for a container that only grows at its end (an mbox), where
/// the next run may resume reading: the messages already indexed are not read again.
package protocol ContainerExtractor: DocumentExtractor {
    /// The documents of `data` after `resume` (nil: all of them).
    /// - Throws: an `ExtractionError` when the container itself cannot be read; a member that
    ///   cannot is a warning in the result.
    func members(of data: [UInt8], fileName: String, context: ExtractionContext, after resume: ContainerResume?) throws -> ContainerContents
}

extension ContainerExtractor {
    /// The whole container read as one text: its own document (member `""`) when it has one, else
    /// its members' texts one after the other, the first one's title.
    package func extract(_ data: [UInt8], fileName: String, context: ExtractionContext) throws -> ExtractedText {
        let contents = try members(of: data, fileName: fileName, context: context, after: nil)
        if let own = contents.members.first(where: { $0.name.isEmpty }) { return own.text }
        guard let first = contents.members.first else { throw ExtractionError.damaged("no documents in it") }
        var text = first.text
        text.body = contents.members.map(\.text.body).joined(separator: "\n\n")
        return text
    }
}

/// Where reading a container may resume: after its first `length` bytes, which held `units`
/// members' worth of it (messages); what follows is numbered from `units + 1`. The indexer offers it
/// only when those bytes are unchanged (their hash is the one recorded).
package struct ContainerResume: Equatable, Sendable, Codable {
    package var length: Int
    package var units: Int

    package init(length: Int, units: Int) {
        self.length = length
        self.units = units
    }
}

/// One document of a container.
package struct ContainerMember: Sendable, Equatable {
    /// Appended to the container's path, the document's address (`#3`, `/inner/readme.txt`).
    package var name: String
    package var text: ExtractedText

    package init(name: String, text: ExtractedText) {
        self.name = name
        self.text = text
    }
}

/// What a container gave.
package struct ContainerContents: Sendable, Equatable {
    /// Its documents, in the container's order.
    package var members: [ContainerMember] = []
    /// Members that gave no document and why, each led by the member's name (`/bomb.txt: …`, to
    /// which the indexer prefixes the container's path): the run's warnings.
    package var warnings: [String] = []
    /// Where the next read may resume when the container has grown at its end; nil when it is read
    /// whole every time it changes.
    package var resume: ContainerResume?
    /// Whether reading resumed where it was asked to: `members` are then only those after it, the
    /// earlier ones are as they were. False: `members` are all of the container's.
    package var resumed = false

    package init(members: [ContainerMember] = [], warnings: [String] = [], resume: ContainerResume? = nil, resumed: Bool = false) {
        self.members = members
        self.warnings = warnings
        self.resume = resume
        self.resumed = resumed
    }
}

extension ExtractorRegistry {
    /// The documents of a file inside a container (an archive's member, a message's attachment),
    /// named from `name` (`/inner/readme.txt`): a container's members below it, or its one document.
    /// Errors become warnings led by `name`; a binary file of a format nobody claims is left out
    /// quietly (a folder of images packed in a zip is not a list of warnings). What an app's own
    /// container format hands its inner files to; `context` is the container's (the inner file is
    /// one level deeper, and a container there is opened only below `maxDepth`).
    package func nestedDocuments(_ data: [UInt8], fileName: String, name: String, context: ExtractionContext,
                         into out: inout ContainerContents) {
        let probe = ExtractionProbe(fileName: fileName, data: data)
        let e = extractor(for: probe)
        var nested = context
        nested.depth += 1
        do {
            if let container = e as? any ContainerExtractor {
                guard nested.depth < context.maxDepth else { throw ExtractionError.tooDeep(limit: context.maxDepth) }
                let inner = try container.members(of: data, fileName: fileName, context: nested, after: nil)
                for var m in inner.members {
                    m.name = name + m.name
                    if m.text.format.isEmpty { m.text.format = container.name }
                    out.members.append(m)
                }
                out.warnings += inner.warnings.map { name + $0 }
                return
            }
            var text = try e.extract(data, fileName: fileName, context: nested)
            if text.format.isEmpty { text.format = e.name }
            out.members.append(ContainerMember(name: name, text: text))
        } catch ExtractionError.binary where e.name == fallback.name {
            return
        } catch {
            out.warnings.append("\(name): \(error), skipped")
        }
    }
}
