import LoupeCore

/// The members of a zip or tar archive (`.zip`, `.tar`, `.tar.gz`/`.tgz`, `.tar.bz2`, `.tar.xz`,
/// `.tar.zst`), each a document of its own addressed by its path inside (`docs.zip/inner/readme.txt`)
/// and read by the registry's extractor for it: text, office files, PDFs, compressed files, and
/// archives inside archives down to `ExtractionContext.maxDepth`. Members of no format (images,
/// binaries) are left out quietly.
///
/// Bounded against bombs: every member expands to at most `maxExpandedBytes` (a member whose header
/// claims a small size but which expands past that is stopped as it is read, then skipped with a
/// warning), all of them together to at most `maxExpandedBytes` (what is left unread is a warning), and
/// at most `maxMembers` members give documents. Whatever the archive yielded before it turned out
/// damaged is kept, with a warning.
struct ArchiveExtractor: ContainerExtractor {
    let name = "archive"
    let version = 1
    init() {}

    /// Extensions of a tar compressed as a whole.
    static let tarSuffixes = [".tar", ".tgz", ".tbz2", ".txz", ".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst"]

    func claim(_ probe: ExtractionProbe) -> ExtractorClaim {
        let lower = probe.fileName.lowercased()
        if probe.fileExtension == "zip" { return probe.isZip || probe.starts(with: [0x50, 0x4B, 0x05, 0x06]) ? .content : .none }
        guard Self.tarSuffixes.contains(where: { lower.hasSuffix($0) }) else { return .none }
        let ustar = probe.head.count >= 262 && Array(probe.head.dropFirst(257).prefix(5)) == Array("ustar".utf8)
        return ustar || CompressedExtractor.kinds.contains(where: { probe.starts(with: $0.magic) }) ? .content : .none
    }

    func members(of data: [UInt8], fileName: String, context: ExtractionContext, after resume: ContainerResume?) throws -> ContainerContents {
        let limit = context.maxExpandedBytes
        let reader = try ArchiveReader(data, kind: .archive, limit: limit)
        var out = ContainerContents()
        var total = 0, seen = Set<String>()
        while true {
            let m: ArchiveReader.Member
            do {
                guard let next = try reader.next() else { break }
                m = next
            } catch {
                // Members read before the damage are kept; the archive's warning says where it stopped.
                if out.members.isEmpty && out.warnings.isEmpty { throw error }
                out.warnings.append(": \(error) after \(out.members.count) members, the rest skipped")
                break
            }
            let path = m.path.split(separator: "/").filter { $0 != "." && $0 != ".." }.joined(separator: "/")
            guard m.isFile, !path.isEmpty, !seen.contains(path) else { reader.skip(); continue }
            seen.insert(path)
            let name = "/" + path
            guard out.members.count < context.maxMembers else {
                out.warnings.append(": more than \(context.maxMembers) documents, the rest skipped")
                break
            }
            if let size = m.size, size > limit - total {
                out.warnings.append("\(name): \(ExtractionError.tooLarge(limit: limit)), skipped")
                reader.skip()
                continue
            }
            let bytes: [UInt8]
            do { bytes = try reader.read(limit: limit - total) } catch {
                out.warnings.append("\(name): \(error), skipped")
                if case ExtractionError.tooLarge = error { total = limit } // what it expanded to counts
                continue
            }
            total += bytes.count
            context.registry.nestedDocuments(bytes, fileName: path, name: name, context: context, into: &out)
        }
        return out
    }
}
