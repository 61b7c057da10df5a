import LoupeCore
import Foundation

/// What a search shows of a hit beyond its stored fields — the first line that stands for a title
/// when the file declares none, the text its snippets are cut from. For a file whose text the index
/// stored (a PDF's, an office file's: `text(of:)`), that text. A plain-text file is read again, but
/// only while it is still the one that was indexed:
///
/// - its path is a plain path under the index's source folder (no `..`), opened part by part from
///   that folder's descriptor without following a link (`SourceTree`), non-blocking, and read only
///   if `fstat` says it is a regular file (a FIFO, a device or a link is refused, never waited on);
/// - the folder is the one indexed: its device and inode are those the index recorded
///   (`DirectoryIndexer.sourceIdentityKey`; an index that recorded none is not checked so);
/// - the file has one link (a hard link could bring in a file from outside the folder);
/// - the commit's file catalog (`SourceCatalog`) lists it as indexed, and the file has the size
///   and the content hash recorded there (an mtime is not enough: it can be set to anything);
/// - reads are bounded: the whole file is hashed as it streams by, keeping only the first
///   `titleBytes` for a title, the whole text for snippets, never more than the recorded size nor
///   `limit`.
///
/// A document of a container (`box.mbox#3`, `docs.zip/inner/a.txt`: see `ContainerExtractor`) is
/// read from its container, which is checked as a file is; its members are extracted again (all of
/// them, kept in the cache: a search's other hits in the same container cost nothing more).
///
/// When one of these fails, the result says why (`SourceFileRefusal`), so a caller shows the hit
/// without a snippet and says why. Results are cached per path and kind of read.
///
/// `@unchecked Sendable`: its mutable state (the catalog, loaded on first use, and the cache) is
/// only touched under `lock`.
package final class SourceDocumentReader: @unchecked Sendable {
    /// Bytes of a file its first-line title is looked for in when no snippet needs the rest.
    package static let titleBytes = 64 << 10
    /// The most a read takes of one file (the indexer's default limit).
    package var limit = 64 << 20
    /// The formats a file is read with: those it was indexed with.
    package var extractors = ExtractorRegistry.standard
    /// The folder the index was built from (its manifest's `source`), if it says.
    package let source: String?
    /// The folder's device and inode when it was indexed, if the index recorded them.
    let pinned: String?

    private let reader: IndexReader
    private var catalog: Result<Cataloged, SourceFileRefusal>?
    private var tree: Result<SourceTree, SourceFileRefusal>?
    private var cache: [String: Result<ExtractedText, SourceFileRefusal>] = [:]
    private let lock = NSLock()

    /// The commit's catalog with its path table.
    private struct Cataloged {
        let catalog: SourceCatalog
        let table: (paths: TermTable, indexOfID: [Int32])
    }

    /// Reads the files of the commit `reader` holds.
    package init(reader: IndexReader) {
        self.reader = reader
        source = reader.manifest.userData["source"]
        pinned = reader.manifest.userData[DirectoryIndexer.sourceIdentityKey]
    }

    /// Why the index's folder cannot be read from at all when it is there but is not the folder
    /// that was indexed (`.rootChanged`); nil when it is, or when it is gone (each hit then says so).
    package var rootProblem: SourceFileRefusal? {
        lock.lock()
        defer { lock.unlock() }
        if case let .failure(r) = openTree(), case .rootChanged = r { return r }
        return nil
    }

    /// The hit's title: the stored (declared) title, else the first line of its stored text (see
    /// `text(of:)`), else the first line of its file, read now when the file is still the one
    /// indexed; with the reason when it is not.
    package func title(of hit: SearchHit) -> (title: String, refusal: SourceFileRefusal?) {
        if let t = hit.title { return (t, nil) }
        if let stored = hit.fields[Schema.storedTextField] { return (TextExtractor.firstLine(stored), nil) }
        guard let path = hit.path else { return ("", nil) }
        switch text(of: path, whole: false) {
        case let .success(t): return (t.title, nil)
        case let .failure(r): return ("", r)
        }
    }

    /// What the indexer extracted from the hit's file. A file whose format is parsed (PDF, office
    /// files, compressed files: `DocumentExtractor.readsPrefixes` false) had its text stored
    /// (`Schema.storedTextField`): when the hit carries it (the search loaded that stored field),
    /// it is the answer — no file read, no parser run, and the page breaks are those indexed.
    /// Otherwise the file is read again (`text(of:whole:)`, the whole text).
    public func text(of hit: SearchHit) -> Result<ExtractedText, SourceFileRefusal> {
        if let stored = hit.fields[Schema.storedTextField] {
            return .success(ExtractedText(title: hit.title ?? TextExtractor.firstLine(stored), body: stored,
                                          titleIsDeclared: hit.title != nil))
        }
        guard let path = hit.path else { return .failure(.notCataloged("the hit has no stored path")) }
        return text(of: path, whole: true)
    }

    /// What the indexer extracted from the file at `path` (relative to the source), read again:
    /// with `whole`, its whole text (for snippets); otherwise only its beginning, enough for the
    /// first-line title (`body` then holds the beginning only).
    /// - Complexity: the first call loads the catalog (O(files)); then one open and a read of at
    ///   most `titleBytes` (or of the file, when `whole` or when the mtime does not vouch for it).
    package func text(of path: String, whole: Bool) -> Result<ExtractedText, SourceFileRefusal> {
        let key = (whole ? "w" : "t") + path
        lock.lock()
        defer { lock.unlock() }
        if let known = cache[key] { return known }
        if !whole, let known = cache["w" + path] { return known }
        let result = read(path, whole: whole)
        cache[key] = result
        return result
    }

    private func read(_ path: String, whole: Bool) -> Result<ExtractedText, SourceFileRefusal> {
        let tree: SourceTree, cataloged: Cataloged
        switch openTree() {
        case let .success(t): tree = t
        case let .failure(r): return .failure(r)
        }
        switch loadCatalog() {
        case let .success(c): cataloged = c
        case let .failure(r): return .failure(r)
        }
        let c = cataloged.catalog
        func entry(_ p: Substring) -> Int? {
            var key = String(p)
            return key.withUTF8 { cataloged.table.paths.find(UnsafeRawBufferPointer($0)) }.map { Int(cataloged.table.indexOfID[Int($0)]) }
        }
        // The file's entry, or its container's and the member's name.
        var e: Int, member: String? = nil
        if let found = entry(path[...]) {
            e = found
            if c.container(e) != nil { member = "" }
        } else if let (found, name) = containerEntry(of: path, in: c, entry: entry) {
            e = found
            member = name
        } else {
            return .failure(.notCataloged("not in the index's file catalog"))
        }
        guard c.skip(e) == nil else { return .failure(.notCataloged("it was skipped when indexed")) }
        let filePath = c.path(e)
        let readWhole = whole || member != nil

        let file: (fd: Int32, stat: stat)
        switch tree.openFile(filePath) {
        case let .success(f): file = f
        case let .failure(r): return .failure(r)
        }
        defer { close(file.fd) }
        guard file.stat.st_nlink == 1 else { return .failure(.hardLinked(links: Int(file.stat.st_nlink))) }
        let size = c.sizes[e]
        guard Int(file.stat.st_size) == size else { return .failure(.changed) }
        guard size <= limit else { return .failure(.tooLarge(size: size, limit: limit)) }
        // The content hash decides, read as the file is: a size and an mtime can be copied onto
        // another file (`touch -r`), its content hash cannot without knowing its content.
        let data: [UInt8]
        if readWhole {
            switch SourceTree.readWhole(file.fd, sizeHint: size, limit: size) {
            case let .success(d): data = d
            case .failure(.tooLarge): return .failure(.changed)
            case let .failure(r): return .failure(r)
            }
            guard data.count == size, DirectoryIndexer.hash(data) == c.hashes[e] else { return .failure(.changed) }
        } else {
            switch SourceTree.readPrefix(file.fd, keep: Self.titleBytes, limit: size, hashing: true) {
            case let .success(r):
                guard r.count == size, r.hash == c.hashes[e] else { return .failure(.changed) }
                // A PDF's or a compressed file's beginning is not its text's: the whole file is read.
                if size > r.prefix.count, !extractors.extractor(for: ExtractionProbe(fileName: filePath, data: r.prefix)).readsPrefixes {
                    return read(path, whole: true)
                }
                data = r.prefix
            case .failure(.tooLarge): return .failure(.changed)
            case let .failure(r): return .failure(r)
            }
        }
        if let member { return self.member(member, of: filePath, data: data) }
        do { return .success(try TextExtractor.extract(data, fileName: path, registry: extractors)) } catch {
            return .failure(.notCataloged("no longer text (\(error))"))
        }
    }

    /// The container entry whose path and one of whose members' names make `path`.
    private func containerEntry(of path: String, in c: SourceCatalog, entry: (Substring) -> Int?) -> (Int, String)? {
        guard !c.containers.isEmpty else { return nil }
        for i in path.indices where path[i] == "/" || path[i] == "#" {
            let name = String(path[i...])
            if let e = entry(path[..<i]), let record = c.container(e), record.members.contains(name) { return (e, name) }
        }
        return nil
    }

    /// Member `name` of the container `data` (the file at `path`), extracted again with all its
    /// members, which are cached.
    private func member(_ name: String, of path: String, data: [UInt8]) -> Result<ExtractedText, SourceFileRefusal> {
        guard let container = extractors.extractor(for: ExtractionProbe(fileName: path, data: data)) as? any ContainerExtractor else {
            return .failure(.notCataloged("no longer read as a container"))
        }
        let contents: ContainerContents
        do {
            contents = try container.members(of: data, fileName: path, context: ExtractionContext(registry: extractors, maxExpandedBytes: limit),
                                             after: nil)
        } catch {
            return .failure(.notCataloged("its container can no longer be read (\(error))"))
        }
        var found: ExtractedText? = nil
        for m in contents.members {
            var text = m.text
            if text.format.isEmpty { text.format = container.name }
            cache["w" + path + m.name] = .success(text)
            if m.name == name { found = text }
        }
        return found.map { .success($0) } ?? .failure(.notCataloged("no longer in its container"))
    }

    private func openTree() -> Result<SourceTree, SourceFileRefusal> {
        if let tree { return tree }
        let opened: Result<SourceTree, SourceFileRefusal>
        if let source, source.hasPrefix("/") {
            if let t = try? SourceTree(root: source) {
                opened = pinned == nil || pinned == t.identity ? .success(t) : .failure(.rootChanged(source))
            } else {
                opened = .failure(.missing)
            }
        } else {
            opened = .failure(.notCataloged("the index does not name the folder it was built from"))
        }
        tree = opened
        return opened
    }

    private func loadCatalog() -> Result<Cataloged, SourceFileRefusal> {
        if let catalog { return catalog }
        let loaded: Result<Cataloged, SourceFileRefusal>
        do {
            if let c = try reader.sourceCatalog() {
                loaded = .success(Cataloged(catalog: c, table: c.pathTable()))
            } else {
                loaded = .failure(.notCataloged("the index has no file catalog to check the file against"))
            }
        } catch {
            loaded = .failure(.notCataloged("the index's file catalog cannot be read (\(error))"))
        }
        catalog = loaded
        return loaded
    }
}
