import LoupeCore
import Dispatch
import Glibc

/// Lists the regular files under a folder, recursively, in a stable order (each folder's entries by
/// name, folders depth first). Hidden entries
/// (names starting with '.') are skipped, symbolic links are not followed (so no loops), folders
/// that cannot be read are reported as warnings, not errors, and a name that is not valid UTF-8 is
/// listed as `FileName` spells it (its bytes kept).
/// Every folder is opened from its parent's open descriptor without following links (`SourceTree`):
/// a folder swapped for a link during the walk is reported, not entered, and a tree 10,000 folders
/// deep costs one `openat` per folder.
/// - Complexity: one `readdir` pass and one `openat` per folder; `lstat` only where the file system
///   gives no type.
package struct DirectoryWalker: Sendable {
    /// The folder walked.
    package let root: String
    /// Folders (absolute, standardized paths) not to enter, e.g. the index being written when it
    /// lives inside the folder being indexed.
    package var excluded: Set<String> = []
    /// Polled between batches of folders: when it returns true the walk stops with
    /// `CancellationError` (a deep or wide tree takes a while before the first file is read).
    package var isCancelled: (@Sendable () -> Bool)? = nil

    /// A walker of the folder `root`.
    package init(root: String) { self.root = root }

    /// One regular file: its path relative to the root, size and modification time.
    package struct Entry: Sendable {
        /// Path relative to the root.
        package var path: String
        /// Size in bytes.
        package var size: Int
        /// Modification time in nanoseconds since 1970 (exact, for change detection).
        package var mtime: Int
        /// Status change time in nanoseconds since 1970 (moves with `chmod` too).
        package var ctime: Int = 0
    }

    /// The entries of the given relative paths (a list file, as benchmarks use), in that order;
    /// missing or non-regular files become warnings, a path listed again is ignored.
    package func entries(listed: [String]) -> (entries: [Entry], warnings: [String]) {
        guard let tree = try? SourceTree(root: root) else {
            return ([], listed.filter { !$0.isEmpty }.map { "\(root)/\($0): listed but \(root) is not a folder that can be read, skipped" })
        }
        let found = entries(listed: listed, in: tree)
        return (found.entries, found.warnings)
    }

    /// `entries(listed:)` under the open `tree` (each path's folders opened part by part, links not
    /// followed), and the listed paths that no longer name a regular file (`gone`: what a walk
    /// would not list either).
    func entries(listed: [String], in tree: SourceTree) -> (entries: [Entry], warnings: [String], gone: Set<String>) {
        var out: [Entry] = [], warnings: [String] = [], gone = Set<String>()
        var listedBefore = Set<String>()
        for rel in listed where !rel.isEmpty && listedBefore.insert(rel).inserted {
            let st: stat
            switch tree.status(of: rel) {
            case let .success(s): st = s
            case let .failure(refusal):
                warnings.append("\(root)/\(rel): listed but \(refusal), skipped")
                switch refusal {
                case .missing, .symbolicLink, .notRegularFile: gone.insert(rel)
                default: break
                }
                continue
            }
            out.append(Entry(path: rel, size: Int(st.st_size), mtime: Self.nanoseconds(st.st_mtim), ctime: Self.nanoseconds(st.st_ctim)))
        }
        return (out, warnings, gone)
    }

    /// Relative paths of the files, and the warnings met on the way.
    package func files() throws -> (paths: [String], warnings: [String]) {
        let (entries, warnings) = try entries()
        return (entries.map(\.path), warnings)
    }

    /// Folders a walk (or `isUnchanged`) holds open at once.
    static let openBatch = 256
    /// Parents a walk keeps open for the next level, so their subfolders open with one `openat`
    /// each; the subfolders of further parents (a level wider than this) are opened part by part
    /// from the root. With `openBatch`, what a walk holds open stays well under the usual limit
    /// of 1024 descriptors.
    static let keptParents = 256

    /// A folder a walk is to open: its relative path, where its name starts in it, and its
    /// parent's descriptor when the walk kept it open.
    struct Pending {
        var rel: String
        var nameStart: Int
        var parent: SourceTree.Handle?
    }

    func checkCancelled() throws {
        if isCancelled?() == true { throw CancellationError() }
    }

    /// The files with their size and mtime (one `fstatat` each, relative to the open folder), each
    /// folder's files by name, folders depth first, and the warnings met on the way.
    package func entries() throws -> (entries: [Entry], warnings: [String]) {
        let listing = try walk(reusing: nil, trustBefore: 0)
        return (listing.entries, listing.warnings)
    }

    /// What a walk found: the files, the warnings, and the folders it read, in walk order (the
    /// root first), for the catalog the next walk reuses.
    struct Listing {
        var entries: [Entry] = []
        var warnings: [String] = []
        /// Each folder's `ctime` is 0 unless its names can be trusted next time.
        var folders: [SourceCatalog.Folder] = []
        /// Folders whose names came from the previous catalog (not read, not sorted).
        var reused = 0
    }

    /// The walk `entries()` describes. A folder of `previous` whose inode and ctime have not moved
    /// holds the same names (an entry created, removed or renamed sets its folder's ctime), so
    /// they are taken from there, already sorted, and the folder is neither read nor sorted.
    /// A folder's ctime is recorded for the next walk only when it is before `trustBefore` (ns
    /// since 1970: a folder changed in the clock tick it was read in would keep its ctime) and its
    /// listing had no warnings.
    /// - Complexity: one `fstatat` per file; one `readdir` pass and a sort per folder not reused.
    func walk(reusing previous: SourceCatalog?, trustBefore: Int) throws -> Listing {
        try walk(reusing: previous, trustBefore: trustBefore, in: SourceTree(root: root))
    }

    /// `walk(reusing:trustBefore:)` under the open `tree`.
    func walk(reusing previous: SourceCatalog?, trustBefore: Int, in tree: SourceTree) throws -> Listing {
        let reuse = previous.flatMap { Reuse($0) }
        // Level by level: the folders of a level are read and sorted at the same time, then all
        // their names are stat'ed in even shares on every core (a level of one 40k-file folder and
        // a few small ones keeps both cores busy); then the listings are put together depth first.
        // By folder number (the order found), not by path: a path is as long as the tree is deep.
        var listings: [(rel: String, chunks: [Chunk], inode: UInt64, ctime: Int, children: Range<Int>)] = []
        var reused = 0
        var level = [Pending(rel: "", nameStart: 0, parent: nil)]
        var numbered = 1 // folders found so far; the next level's are numbered in order
        while !level.isEmpty {
            var next: [Pending] = []
            var kept = 0
            // At most `openBatch` folders open at a time: a level can hold more folders than a
            // process may open files.
            for batch in stride(from: 0, to: level.count, by: Self.openBatch) {
                try checkCancelled()
                let folders = Array(level[batch..<min(batch + Self.openBatch, level.count)])
                let found = Slots<OpenFolder?>(repeating: nil, count: folders.count)
                if folders.count == 1 {
                    found.set(0, openFolder(folders[0], reuse: reuse, in: tree)) // a deep tree's levels: no thread hand-off
                } else {
                    DispatchQueue.concurrentPerform(iterations: folders.count) { f in
                        found.set(f, openFolder(folders[f], reuse: reuse, in: tree))
                    }
                }
                let parts = Self.statLevel(found.values)
                for (f, pending) in folders.enumerated() {
                    let open = found[f]
                    let clean = open.map { $0.handle != nil } ?? false && parts[f].allSatisfy { $0.warnings.isEmpty }
                    let ctime = open?.ctime ?? 0
                    let children = parts[f].flatMap { $0.folders }
                    listings.append((pending.rel, parts[f], open?.inode ?? 0, clean && ctime < trustBefore ? ctime : 0,
                                     numbered..<(numbered + children.count)))
                    numbered += children.count
                    if open?.isReused == true { reused += 1 }
                    guard !children.isEmpty else { continue }
                    let parent = kept < Self.keptParents ? open?.handle : nil
                    if parent != nil { kept += 1 }
                    let nameStart = pending.rel.isEmpty ? 0 : pending.rel.utf8.count + 1
                    next += children.map { Pending(rel: $0, nameStart: nameStart, parent: parent) }
                }
            }
            level = next
        }
        var out = Listing(reused: reused)
        var stack = [(0, -1)]
        while let (number, parent) = stack.popLast() {
            let listing = listings[number], rel = listing.rel
            let index = out.folders.count
            let before = out.entries.count
            for chunk in listing.chunks {
                out.entries += chunk.files
                out.warnings += chunk.warnings
            }
            out.folders.append(SourceCatalog.Folder(path: rel, parent: parent, firstEntry: before, files: out.entries.count - before,
                                                    inode: listing.inode, ctime: listing.ctime))
            stack += listing.children.reversed().map { ($0, index) } // popped in ascending order
        }
        return out
    }

    /// A previous walk's folders, found by path, with their subfolders.
    struct Reuse: Sendable {
        let catalog: SourceCatalog
        let index: [String: Int]
        let children: [[Int]]

        init?(_ catalog: SourceCatalog) {
            guard !catalog.folders.isEmpty else { return nil }
            self.catalog = catalog
            var index: [String: Int] = [:], children = [[Int]](repeating: [], count: catalog.folders.count)
            for (i, f) in catalog.folders.enumerated() {
                index[f.path] = i
                if f.parent >= 0 { children[f.parent].append(i) }
            }
            self.index = index
            self.children = children
        }

        /// The names of folder `rel`, if it is in the catalog with this inode and ctime: its files
        /// then its subfolders, each in byte order (the order `statNames` needs).
        func names(_ rel: String, inode: UInt64, ctime: Int) -> Names? {
            guard let i = index[rel] else { return nil }
            let f = catalog.folders[i]
            guard f.ctime != 0, f.ctime == ctime, f.inode == inode else { return nil }
            let prefix = rel.isEmpty ? 0 : rel.utf8.count + 1
            var names = Names()
            names.starts.reserveCapacity(f.files + children[i].count)
            names.lengths.reserveCapacity(f.files + children[i].count)
            names.isFolder.reserveCapacity(f.files + children[i].count)
            func add(_ name: UnsafeRawBufferPointer, isFolder: Bool) {
                // A name not in UTF-8 is kept in the catalog as `FileName` spells it: its own bytes here.
                let system = name.contains(0xF4) ? FileName.bytes(String(decoding: name, as: UTF8.self)) : nil
                names.starts.append(names.bytes.count)
                names.lengths.append(system?.count ?? name.count)
                if let system { names.bytes.append(contentsOf: system) } else { names.bytes.append(contentsOf: name) }
                names.bytes.append(0)
                names.isFolder.append(isFolder)
            }
            for e in f.firstEntry..<(f.firstEntry + f.files) {
                catalog.withPath(e) { add(UnsafeRawBufferPointer(rebasing: $0[prefix...]), isFolder: false) }
            }
            for c in children[i] {
                var path = catalog.folders[c].path
                path.withUTF8 { add(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer($0)[prefix...]), isFolder: true) }
            }
            return names
        }
    }

    /// One folder, open, its names read and sorted (or taken from the catalog), ready for `statLevel`.
    final class OpenFolder: @unchecked Sendable {
        let rel: String, root: String
        /// The folder's absolute path, for messages (built only for one).
        var abs: String { rel.isEmpty ? root : root + "/" + rel }
        /// The folder, open (nil when it could not be opened).
        let handle: SourceTree.Handle?
        /// The folder's names in byte order (copied so: the stat pass then reads them one after
        /// the other instead of jumping through a permutation, cache miss after cache miss).
        let names: Names
        /// `rel` + "/" (empty at the root): what each relative path starts with.
        let prefix: [UInt8]
        var warning: String?
        /// The folder's inode and ctime (ns), read before its names.
        var inode: UInt64 = 0, ctime = 0
        /// The names came from the previous catalog.
        let isReused: Bool

        init(rel: String, root: String, handle: SourceTree.Handle?, names: Names = Names(), reused sorted: Bool = false, warning: String? = nil) {
            self.rel = rel
            self.root = root
            self.handle = handle
            self.warning = warning
            prefix = rel.isEmpty ? [] : Array(rel.utf8) + [UInt8(ascii: "/")]
            isReused = sorted
            if sorted || names.count < 2 {
                self.names = names
                return
            }
            let order = DirectoryWalker.sortedOrder(names)
            var sorted = Names()
            sorted.bytes.reserveCapacity(names.bytes.count)
            sorted.starts.reserveCapacity(order.count)
            sorted.lengths.reserveCapacity(order.count)
            sorted.isFolder.reserveCapacity(order.count)
            names.bytes.withUnsafeBufferPointer { base in
                for i in order {
                    sorted.starts.append(sorted.bytes.count)
                    sorted.lengths.append(names.lengths[i])
                    sorted.isFolder.append(names.isFolder[i])
                    sorted.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: base[names.starts[i]...(names.starts[i] + names.lengths[i])]))
                }
            }
            self.names = sorted
        }
    }

    /// Opens and lists one folder (nil: an excluded folder), from its parent's descriptor when the
    /// walk kept it, its names from `reuse` when its inode and ctime say they have not changed.
    func openFolder(_ pending: Pending, reuse: Reuse?, in tree: SourceTree) -> OpenFolder? {
        let rel = pending.rel
        // A path as long as the tree is deep is neither built nor hashed unless an excluded
        // folder's is as long.
        if !rel.isEmpty, excluded.contains(where: { $0.utf8.count == root.utf8.count + 1 + rel.utf8.count && $0 == root + "/" + rel }) {
            return nil
        }
        let opened = pending.parent.map { parent in
            withExtendedLifetime(parent) {
                SourceTree.openFolder(named: String(Substring(rel.utf8.dropFirst(pending.nameStart))), in: parent.fd)
            }
        } ?? tree.openFolder(rel)
        let handle: SourceTree.Handle
        switch opened {
        case let .success(d): handle = SourceTree.Handle(d)
        case let .failure(refusal):
            return OpenFolder(rel: rel, root: root, handle: nil, warning: "\(rel.isEmpty ? root : root + "/" + rel): cannot read the folder: \(refusal), skipped")
        }
        var st = stat()
        guard fstat(handle.fd, &st) == 0 else {
            return Self.listed(rel: rel, root: root, handle: handle)
        }
        let inode = UInt64(st.st_ino), ctime = Self.nanoseconds(st.st_ctim)
        let folder: OpenFolder
        if let names = reuse?.names(rel, inode: inode, ctime: ctime) {
            folder = OpenFolder(rel: rel, root: root, handle: handle, names: names, reused: true)
        } else {
            folder = Self.listed(rel: rel, root: root, handle: handle)
        }
        folder.inode = inode
        folder.ctime = ctime
        return folder
    }

    static func nanoseconds(_ t: timespec) -> Int { Int(t.tv_sec) * 1_000_000_000 + Int(t.tv_nsec) }

    /// The names of one folder as read by `readdir`: one NUL-terminated byte string after the other
    /// (no per-name allocation), without hidden entries, links, devices and sockets.
    struct Names {
        var bytes: [UInt8] = []
        /// Where each name starts in `bytes`; its length runs to the NUL.
        var starts: [Int] = []
        var lengths: [Int] = []
        /// From `d_type`: the name is a folder (no `fstatat` needed).
        var isFolder: [Bool] = []
        var count: Int { starts.count }
    }

    /// Folder `handle` with its names read (through a `DIR` on a duplicate of its descriptor, closed
    /// after), or the warning why they could not be.
    static func listed(rel: String, root: String, handle: SourceTree.Handle) -> OpenFolder {
        let copy = dup(handle.fd)
        guard copy >= 0, let dir = fdopendir(copy) else {
            let e = errno
            if copy >= 0 { close(copy) }
            let abs = rel.isEmpty ? root : root + "/" + rel
            return OpenFolder(rel: rel, root: root, handle: nil, warning: "\(abs): cannot read the folder: \(SourceFileRefusal(errno: e)), skipped")
        }
        defer { closedir(dir) }
        return OpenFolder(rel: rel, root: root, handle: handle, names: readNames(dir))
    }

    static func readNames(_ dir: OpaquePointer) -> Names {
        var names = Names()
        while let entry = readdir(dir) {
            let type = Int32(entry.pointee.d_type)
            if type != Int32(DT_DIR) && type != Int32(DT_REG) && type != Int32(DT_UNKNOWN) { continue }
            withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                let length = strnlen(raw.baseAddress!.assumingMemoryBound(to: CChar.self), bytes.count)
                guard length > 0, bytes[0] != UInt8(ascii: ".") else { return }
                names.starts.append(names.bytes.count)
                names.lengths.append(length)
                names.bytes.append(contentsOf: bytes[0..<length])
                names.bytes.append(0)
                names.isFolder.append(type == Int32(DT_DIR))
            }
        }
        return names
    }

    /// What one thread found in its share of a folder's names (in name order).
    struct Chunk {
        var files: [Entry] = []
        var folders: [String] = []
        var warnings: [String] = []
    }

    /// The names' indexes sorted by the names' bytes.
    /// - Complexity: O(n log n) comparisons of 8-byte keys (ties compare the rest).
    static func sortedOrder(_ names: Names) -> [Int] {
        let count = names.count
        // Sort keys: the first 8 bytes, big-endian, zero-padded (names hold no NUL).
        var keys = [(key: UInt64, index: Int)]()
        keys.reserveCapacity(count)
        names.bytes.withUnsafeBufferPointer { base in
            for i in 0..<count {
                var key: UInt64 = 0
                let start = names.starts[i], length = names.lengths[i]
                for j in 0..<8 { key = key << 8 | UInt64(j < length ? base[start + j] : 0) }
                keys.append((key, i))
            }
            keys.sort { a, b in
                if a.key != b.key { return a.key < b.key }
                let la = names.lengths[a.index], lb = names.lengths[b.index]
                let c = memcmp(base.baseAddress! + names.starts[a.index], base.baseAddress! + names.starts[b.index], min(la, lb))
                return c != 0 ? c < 0 : la < lb
            }
        }
        return keys.map(\.index)
    }

    /// Calls `fstatat` on every name of the level's folders and builds the relative paths, on every
    /// core: the names of all folders, one after the other in folder and name order, cut into even
    /// shares. Returns, per folder, its chunks in name order.
    /// - Complexity: one `fstatat` per non-folder name.
    static func statLevel(_ folders: [OpenFolder?]) -> [[Chunk]] {
        var starts = [0] // position of each folder's first name in the level's sequence
        for f in folders { starts.append(starts.last! + (f?.names.count ?? 0)) }
        let firsts = starts
        let total = firsts.last!
        let shares = total < 512 ? 1 : 8
        let out = Slots<[(folder: Int, chunk: Chunk)]>(repeating: [], count: shares)
        DispatchQueue.concurrentPerform(iterations: shares) { c in
            var parts: [(folder: Int, chunk: Chunk)] = []
            let range = (c * total / shares)..<((c + 1) * total / shares)
            // The first folder with names in the share.
            var f = 0
            while firsts[f + 1] <= range.lowerBound && f + 1 < folders.count { f += 1 }
            var k = range.lowerBound
            while k < range.upperBound {
                while firsts[f + 1] <= k { f += 1 }
                let folder = folders[f]!
                let end = min(range.upperBound, firsts[f + 1])
                parts.append((f, statNames(folder, (k - firsts[f])..<(end - firsts[f]))))
                k = end
            }
            out.set(c, parts)
        }
        var result = [[Chunk]](repeating: [], count: folders.count)
        for (f, folder) in folders.enumerated() {
            if let w = folder?.warning { result[f].append(Chunk(warnings: [w])) }
        }
        for parts in out.values {
            for (f, chunk) in parts { result[f].append(chunk) }
        }
        return result
    }

    /// `fstatat` on the names at positions `range` of one open folder.
    static func statNames(_ folder: OpenFolder, _ range: Range<Int>) -> Chunk {
        var chunk = Chunk()
        guard let handle = folder.handle else { return chunk }
        let fd = handle.fd
        let names = folder.names, prefix = folder.prefix
        names.bytes.withUnsafeBufferPointer { base in
            for i in range {
                let name = UnsafeBufferPointer(rebasing: base[names.starts[i]..<(names.starts[i] + names.lengths[i])])
                var ascii: UInt8 = 0
                for b in name { ascii |= b }
                let path: String
                if ascii < 0x80 || String(validating: name, as: UTF8.self) != nil {
                    path = String(unsafeUninitializedCapacity: prefix.count + name.count) { buffer in
                        _ = buffer.initialize(from: prefix)
                        _ = UnsafeMutableBufferPointer(rebasing: buffer[prefix.count...]).initialize(from: name)
                        return prefix.count + name.count
                    }
                } else {
                    // Not UTF-8: indexed under a name that keeps its bytes (`FileName`).
                    path = String(decoding: prefix, as: UTF8.self) + FileName.string(name)
                }
                if names.isFolder[i] { chunk.folders.append(path); continue }
                var st = stat()
                let cName = UnsafeRawPointer(name.baseAddress!).assumingMemoryBound(to: CChar.self)
                if fstatat(fd, cName, &st, AT_SYMLINK_NOFOLLOW) != 0 {
                    let why = errno == ENOENT ? "vanished" : errno == EACCES ? "permission denied" : "cannot stat (\(String(cString: strerror(errno))))"
                    chunk.warnings.append("\(folder.abs)/\(FileName.string(name)): \(why), skipped")
                } else if st.st_mode & S_IFMT == S_IFREG {
                    chunk.files.append(Entry(path: path, size: Int(st.st_size), mtime: nanoseconds(st.st_mtim), ctime: nanoseconds(st.st_ctim)))
                } else if st.st_mode & S_IFMT == S_IFDIR {
                    chunk.folders.append(path)
                }
            }
        }
        return chunk
    }
}
