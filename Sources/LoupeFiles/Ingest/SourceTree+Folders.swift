import LoupeCore
import Foundation

extension SourceTree {
    /// The folders of a tree the indexing threads read files from, kept open by relative path:
    /// files come in walk order, so consecutive files mostly share a folder, opened once (part by
    /// from its parent when that is open, else part by part from the root) and then each file with
    /// one `openat` in it. At most `capacity` folders stay open.
    ///
    /// `@unchecked Sendable`: `open` is only touched under `lock`; a `Handle` closes its descriptor
    /// when the last thread using it lets it go.
    final class Folders: @unchecked Sendable {
        let tree: SourceTree
        static let capacity = 64
        private var open: [String: Handle] = [:]
        private let lock = NSLock()

        init(_ tree: SourceTree) { self.tree = tree }

        /// Folder `rel`, open.
        func folder(_ rel: String) -> Result<Handle, SourceFileRefusal> {
            lock.lock()
            if let h = open[rel] {
                lock.unlock()
                return .success(h)
            }
            // Files come in walk order, a folder's files before its subfolders': the parent is
            // mostly still open, and a subfolder of a deep tree costs one `openat`, not one a level.
            let parent = SourceTree.split(rel).flatMap { split in open[split.folder].map { (split.name, $0) } }
            lock.unlock()
            let opened = parent.map { name, h in withExtendedLifetime(h) { SourceTree.openFolder(named: name, in: h.fd) } } ?? tree.openFolder(rel)
            switch opened {
            case let .failure(r): return .failure(r)
            case let .success(fd):
                let h = Handle(fd)
                lock.lock()
                if open.count >= Self.capacity { open.removeAll(keepingCapacity: true) }
                open[rel] = h
                lock.unlock()
                return .success(h)
            }
        }

        /// File `rel` open (a regular file, no link followed on the way); the caller closes it.
        func open(_ rel: String) -> Result<(fd: Int32, stat: stat), SourceFileRefusal> {
            guard let (folderPath, name) = SourceTree.split(rel) else { return .failure(.outsideTree) }
            switch folder(folderPath) {
            case let .success(h): return withExtendedLifetime(h) { SourceTree.openFile(in: h.fd, name: name) }
            case let .failure(r): return .failure(r)
            }
        }
    }
}
