import LoupeCore
import Dispatch
import Glibc

extension DirectoryWalker {
    /// Whether the folder is exactly as `catalog` recorded it: every recorded folder still has its
    /// inode and a trusted ctime (so the same names: files and subfolders), and every file its size
    /// and mtime (and, for a skipped file, its ctime). Then a walk would list the catalog's files
    /// with the catalog's sizes and mtimes: what an unchanged re-run needs to know, found without a
    /// `readdir`, a sort or a path string. False as soon as anything differs (or the catalog has no
    /// folders, as a listed run's has not); the caller then walks.
    /// - Complexity: one `openat` (from the parent's descriptor) + `fstat` per folder, one `fstatat`
    ///   per file, on every core.
    func isUnchanged(since catalog: SourceCatalog) throws -> Bool {
        guard let tree = try? SourceTree(root: root) else { return false }
        return try isUnchanged(since: catalog, in: tree)
    }

    /// `isUnchanged(since:)` under the open `tree`.
    /// - Throws: `CancellationError` when `isCancelled` says so.
    func isUnchanged(since catalog: SourceCatalog, in tree: SourceTree) throws -> Bool {
        guard !catalog.folders.isEmpty else { return false }
        var chain = AncestorChain()
        // A batch of folders at a time (`openBatch` open at once); their files are contiguous.
        for batch in stride(from: 0, to: catalog.folders.count, by: Self.openBatch) {
            try checkCancelled()
            let range = batch..<min(batch + Self.openBatch, catalog.folders.count)
            guard let fds = openUnchanged(range, of: catalog, in: tree, chain: &chain), filesUnchanged(range, of: catalog, in: fds) else { return false }
        }
        return true
    }

    /// Opens the folders `range` of the catalog; nil when one of them is not as recorded.
    private func openUnchanged(_ range: Range<Int>, of catalog: SourceCatalog, in tree: SourceTree, chain: inout AncestorChain) -> Descriptors? {
        let folders = catalog.folders
        let fds = Descriptors(count: range.count)
        for i in range {
            let f = folders[i]
            let abs = f.path.isEmpty ? root : root + "/" + f.path
            if !f.path.isEmpty && excluded.contains(abs) {
                // Excluded now; if it was walked then, a walk now drops what was found in it.
                guard f.files == 0, !folders.contains(where: { $0.parent == i }) else { return nil }
                continue
            }
            guard f.ctime != 0 else { return nil }
            guard let handle = chain.open(i, of: folders, in: tree) else { return nil }
            fds.values[i - range.lowerBound] = handle
            let fd = handle.fd
            var st = stat()
            guard fstat(fd, &st) == 0, UInt64(st.st_ino) == f.inode, Self.nanoseconds(st.st_ctim) == f.ctime else { return nil }
        }
        return fds
    }

    /// Whether the files of folders `range` (open as `fds`) have their recorded sizes and mtimes.
    private func filesUnchanged(_ range: Range<Int>, of catalog: SourceCatalog, in fds: Descriptors) -> Bool {
        let folders = catalog.folders
        let first = folders[range.lowerBound].firstEntry
        let total = folders[range.upperBound - 1].firstEntry + folders[range.upperBound - 1].files - first
        let shares = total < 512 ? 1 : 8
        let differs = Slots(repeating: false, count: shares)
        DispatchQueue.concurrentPerform(iterations: shares) { c in
            var name = [CChar](repeating: 0, count: 256)
            var f = range.lowerBound
            for e in (first + c * total / shares)..<(first + (c + 1) * total / shares) {
                while e >= folders[f].firstEntry + folders[f].files { f += 1 }
                let prefix = folders[f].path.isEmpty ? 0 : folders[f].path.utf8.count + 1
                let ok: Bool = catalog.withPath(e) { path in
                    let length = path.count - prefix
                    // A name, not a path (a damaged catalog could hold one): nothing is looked up past the folder.
                    guard length > 0, !path[prefix...].contains(UInt8(ascii: "/")) else { return false }
                    if name.count <= length { name = [CChar](repeating: 0, count: length + 1) }
                    name.withUnsafeMutableBytes { buffer in
                        buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: path[prefix...]))
                        buffer[length] = 0
                    }
                    if path[prefix...].contains(0xF4) { // a name not in UTF-8: its own bytes (`FileName`)
                        let system = FileName.bytes(String(decoding: path[prefix...], as: UTF8.self))
                        name = system.map { CChar(bitPattern: $0) } + [0]
                    }
                    var st = stat()
                    guard let folder = fds.values[f - range.lowerBound], fstatat(folder.fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0, st.st_mode & S_IFMT == S_IFREG,
                          Int(st.st_size) == catalog.sizes[e], Self.nanoseconds(st.st_mtim) == catalog.mtimes[e] else { return false }
                    if let s = catalog.skip(e), s.ctime != Self.nanoseconds(st.st_ctim) { return false }
                    return true
                }
                if !ok {
                    differs.set(c, true)
                    return
                }
            }
        }
        return !differs.values.contains(true)
    }
}

/// The folders' descriptors, closed when the last holder lets them go.
/// `@unchecked Sendable`: `values` is written by one thread before the parallel loop and only read
/// during it.
private final class Descriptors: @unchecked Sendable {
    var values: [SourceTree.Handle?]
    init(count: Int) { values = [SourceTree.Handle?](repeating: nil, count: count) }
}

/// Opens a catalog's folders in its order (depth first, each folder after its parent) from their
/// parents' descriptors: the folders from the root to the last one opened, the nearest `window` of
/// them kept open. A folder whose parent's descriptor was let go is reached again from the nearest
/// one still open, so each `openat` re-done is paid for by a folder opened below it: one `openat`
/// per folder on the whole, however deep the tree.
struct AncestorChain {
    static let window = 64
    /// Catalog indexes of the folders from the root to the last opened, with their descriptors
    /// where kept (only among the last `window`).
    private var stack: [(folder: Int, handle: SourceTree.Handle?)] = []

    /// Folder `i` of `folders` open, or nil when it cannot be opened or the catalog is not in
    /// walk order (a damaged one): the caller then walks.
    mutating func open(_ i: Int, of folders: [SourceCatalog.Folder], in tree: SourceTree) -> SourceTree.Handle? {
        let parent = folders[i].parent
        guard parent >= 0 else {
            stack = []
            guard case let .success(fd) = tree.openFolder(folders[i].path) else { return nil }
            return push(i, SourceTree.Handle(fd))
        }
        while let last = stack.last, last.folder != parent { stack.removeLast() }
        guard !stack.isEmpty, let name = Self.name(of: i, in: folders) else { return nil }
        if stack[stack.count - 1].handle == nil {
            // Reopen the chain from the nearest folder still open (the root's descriptor if none).
            var k = stack.lastIndex { $0.handle != nil } ?? -1
            var current: SourceTree.Handle
            if k < 0 {
                guard case let .success(fd) = tree.openFolder(folders[stack[0].folder].path) else { return nil }
                current = SourceTree.Handle(fd)
                k = 0
                stack[0].handle = current
            } else {
                current = stack[k].handle!
            }
            for j in (k + 1)..<stack.count {
                guard let part = Self.name(of: stack[j].folder, in: folders),
                      case let .success(fd) = withExtendedLifetime(current, { SourceTree.openFolder(named: part, in: current.fd) }) else { return nil }
                current = SourceTree.Handle(fd)
                if j >= stack.count - Self.window { stack[j].handle = current }
            }
        }
        let from = stack[stack.count - 1].handle!
        guard case let .success(fd) = withExtendedLifetime(from, { SourceTree.openFolder(named: name, in: from.fd) }) else { return nil }
        return push(i, SourceTree.Handle(fd))
    }

    private mutating func push(_ i: Int, _ handle: SourceTree.Handle) -> SourceTree.Handle {
        stack.append((i, handle))
        if stack.count > Self.window { stack[stack.count - Self.window - 1].handle = nil }
        return handle
    }

    /// Folder `i`'s own name: its path past its parent's and a `/` (a catalog's folder paths are
    /// built so: `SourceCatalog.appendFolder`); nil when that is not one part.
    static func name(of i: Int, in folders: [SourceCatalog.Folder]) -> String? {
        let f = folders[i]
        guard f.parent >= 0, f.parent < folders.count else { return nil }
        let parentLength = folders[f.parent].path.utf8.count
        let skip = parentLength == 0 ? 0 : parentLength + 1
        let path = f.path.utf8
        guard path.count > skip, skip == 0 || path[path.index(path.startIndex, offsetBy: skip - 1)] == UInt8(ascii: "/") else { return nil }
        let name = String(Substring(path[path.index(path.startIndex, offsetBy: skip)...]))
        return name.utf8.contains(UInt8(ascii: "/")) ? nil : name
    }
}
