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
    /// - Complexity: one `open` + `fstat` per folder, one `fstatat` per file, on every core.
    func isUnchanged(since catalog: SourceCatalog) -> Bool {
        guard let tree = try? SourceTree(root: root) else { return false }
        return isUnchanged(since: catalog, in: tree)
    }

    /// `isUnchanged(since:)` under the open `tree`.
    func isUnchanged(since catalog: SourceCatalog, in tree: SourceTree) -> Bool {
        guard !catalog.folders.isEmpty else { return false }
        // A batch of folders at a time (`openBatch` open at once); their files are contiguous.
        for batch in stride(from: 0, to: catalog.folders.count, by: Self.openBatch) {
            let range = batch..<min(batch + Self.openBatch, catalog.folders.count)
            guard let fds = openUnchanged(range, of: catalog, in: tree), filesUnchanged(range, of: catalog, in: fds) else { return false }
        }
        return true
    }

    /// Opens the folders `range` of the catalog; nil when one of them is not as recorded.
    private func openUnchanged(_ range: Range<Int>, of catalog: SourceCatalog, in tree: SourceTree) -> Descriptors? {
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
            guard case let .success(fd) = tree.openFolder(f.path) else { return nil }
            fds.values[i - range.lowerBound] = fd
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
                    var st = stat()
                    guard fstatat(fds.values[f - range.lowerBound], name, &st, AT_SYMLINK_NOFOLLOW) == 0, st.st_mode & S_IFMT == S_IFREG,
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

/// The folders' descriptors, closed when it goes.
/// `@unchecked Sendable`: `values` is written by one thread before the parallel loop and only read
/// during it.
private final class Descriptors: @unchecked Sendable {
    var values: [Int32]
    init(count: Int) { values = [Int32](repeating: -1, count: count) }
    deinit { for fd in values where fd >= 0 { close(fd) } }
}
