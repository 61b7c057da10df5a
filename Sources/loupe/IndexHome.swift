import ArgumentParser
import Foundation
import Loupe

/// The one folder where `loupe index` keeps its indexes, whatever the working directory:
/// `$LOUPE_HOME`, else `$XDG_DATA_HOME/loupe`, else `~/.local/share/loupe`. Each index is a folder
/// named after the folder it was built from (`notes` for `~/notes`); when that name already belongs
/// to the index of another folder, the new one gets the first free `notes-2`, `notes-3`, …
struct IndexHome {
    let path: String

    /// One index in the home: its name and where it was built from (nil when its manifest is
    /// unreadable or names no source).
    struct Entry {
        var name: String
        var path: String
        var source: String?
    }

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        func given(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        if let home = given("LOUPE_HOME") {
            path = Self.absolute(home)
        } else if let data = given("XDG_DATA_HOME") {
            path = Self.absolute(data) + "/loupe"
        } else {
            path = (given("HOME") ?? NSHomeDirectory()) + "/.local/share/loupe"
        }
    }

    /// `p` made absolute against the working directory, with `.`, `..` and `~` resolved: the form
    /// `DirectoryIndexer` records as an index's source.
    static func absolute(_ p: String) -> String {
        let expanded = (p as NSString).expandingTildeInPath
        let abs = expanded.hasPrefix("/") ? expanded : FileManager.default.currentDirectoryPath + "/" + expanded
        return (abs as NSString).standardizingPath
    }

    static func isDirectory(_ p: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: p, isDirectory: &isDir) && isDir.boolValue
    }

    /// Whether `p` is an index folder: it holds a manifest.
    static func isIndex(_ p: String) -> Bool {
        ((try? FileManager.default.contentsOfDirectory(atPath: p)) ?? []).contains { Manifest.generation(of: $0) != nil }
    }

    /// The folder an index was built from, as its last commit records it.
    static func source(ofIndex p: String) -> String? {
        (try? Manifest.latest(in: FileSystemDirectory(path: p)))??.userData["source"]
    }

    /// The indexes in the home, by name.
    func entries() -> [Entry] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        return names.compactMap { name in
            let p = path + "/" + name
            guard Self.isDirectory(p), Self.isIndex(p) else { return nil }
            return Entry(name: name, path: p, source: Self.source(ofIndex: p))
        }
    }

    /// The index of folder `folder` in the home, if one was built from it.
    func index(of folder: String) -> Entry? {
        let wanted = [Self.absolute(folder), URL(fileURLWithPath: Self.absolute(folder)).resolvingSymlinksInPath().path]
        return entries().first { e in e.source.map { wanted.contains($0) } ?? false }
    }

    // MARK: Where `loupe index DIR` writes

    /// The index `loupe index DIR` writes: `--index` when given (a name in the home, or a path when
    /// it holds a `/`), else the index already built from DIR, else a new name (see the type).
    /// - Returns: the index's path, and a note when the base name was taken.
    func target(forFolder folder: String, given: String?) -> (path: String, note: String?) {
        if let given { return (Self.isPathLike(given) ? given : path + "/" + given, nil) }
        if let existing = index(of: folder) { return (existing.path, nil) }
        let base = Self.baseName(folder)
        var name = base
        var n = 1
        // A name is free when nothing is there, or an empty folder (a first run that was stopped
        // before its commit), or an index whose source cannot be read (its own error then reaches
        // the user, who can rebuild it with --full).
        while owner(of: path + "/" + name) != nil {
            n += 1
            name = base + "-\(n)"
        }
        let note = name == base ? nil : "the name '\(base)' belongs to the index of \(owner(of: path + "/" + base) ?? "?"); this folder's index is '\(name)'"
        return (path + "/" + name, note)
    }

    /// What holds the name `p` (nil: it is free): the source folder of the index there, or `p` itself
    /// when something that is not an index is in the way.
    private func owner(of p: String) -> String? {
        guard FileManager.default.fileExists(atPath: p) else { return nil }
        guard Self.isDirectory(p) else { return p }
        guard Self.isIndex(p) else {
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: p)) ?? []
            return contents.allSatisfy { $0 == "write.lock" } ? nil : p
        }
        return Self.source(ofIndex: p)
    }

    /// The default name of the index of `folder`: its last component without leading dots.
    static func baseName(_ folder: String) -> String {
        let last = (absolute(folder) as NSString).lastPathComponent
        let name = String(last.drop { $0 == "." })
        return name.isEmpty || name == "/" ? "root" : name
    }

    /// Whether `--index` names a path rather than an index of the home.
    static func isPathLike(_ s: String) -> Bool { s.contains("/") || s == "." || s == ".." || s.hasPrefix("~") }

    // MARK: Which index a reading command opens

    /// The index `--index` designates for search, stats, check and bench: an index's name, its path,
    /// or the folder it was built from; with no value, the only index in the home, or the one built
    /// from the folder you stand in (or a parent of it).
    func resolve(_ given: String?) throws -> String {
        let p = try designated(given)
        Self.warnOfForeignManifests(p)
        return p
    }

    /// Warns of files in the index `p` named as manifests that Loupe did not write: the index is
    /// read from its last good manifest.
    static func warnOfForeignManifests(_ p: String) {
        for name in Manifest.foreignManifests(in: FileSystemDirectory(path: p)) {
            warn("warning: " + "\(p)/\(name) is not a Loupe manifest: ignored (the index is read from its last good manifest); move it away".escapedForTerminal)
        }
    }

    private func designated(_ given: String?) throws -> String {
        let fm = FileManager.default
        guard let given else { return try defaultIndex() }
        if !Self.isPathLike(given), Self.isDirectory(path + "/" + given) { return path + "/" + given }
        let p = (given as NSString).expandingTildeInPath
        if Self.isDirectory(p) {
            if Self.isIndex(p) { return p }
            if let e = index(of: p) { return e.path }
            throw failure("\(p) is neither an index nor a folder indexed in \(path) (run `loupe index \(p)` first)")
        }
        if !Self.isPathLike(given) && !fm.fileExists(atPath: p) {
            let names = entries().map(\.name)
            throw failure("no index named '\(given)' in \(path)" + (names.isEmpty ? "" : " (indexes: \(names.joined(separator: ", ")))"))
        }
        return p // the library says "no index at …"
    }

    private func defaultIndex() throws -> String {
        let all = entries()
        if all.count == 1 { return all[0].path }
        if all.isEmpty { throw failure("no index yet in \(path): run `loupe index DIR` first, or pass --index") }
        // Standing in (or under) an indexed folder picks its index.
        let here = Self.absolute(".")
        let inside = all.filter { e in e.source.map { here == $0 || here.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") } ?? false }
        if let best = inside.max(by: { ($0.source ?? "").count < ($1.source ?? "").count }) { return best.path }
        throw failure("several indexes in \(path) (\(all.map(\.name).joined(separator: ", "))): choose one with --index NAME")
    }

    private func failure(_ message: String) -> ExitCode {
        warn("loupe: " + message.escapedForTerminal)
        return ExitCode.error
    }
}

/// `--index` for the commands that read an index.
struct IndexOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The index: its name (see `loupe list`), its path, or the folder it was built from (default: the only index, or the one of the folder you are in).", valueName: "NAME|PATH|DIR"))
    var index: String?

    func resolve() throws -> String { try IndexHome().resolve(index) }
}
