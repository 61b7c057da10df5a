import Foundation

extension SourceTree {
    /// The folders of a tree the indexing threads read files from, kept open by relative path:
    /// files come in walk order, so consecutive files mostly share a folder, opened once (part by
    /// part from the root) and then each file with one `openat` in it. At most `capacity` folders
    /// stay open.
    ///
    /// `@unchecked Sendable`: `open` is only touched under `lock`; a `Handle` is immutable and
    /// closes its descriptor when the last thread using it lets it go.
    final class Folders: @unchecked Sendable {
        final class Handle: @unchecked Sendable {
            let fd: Int32
            init(_ fd: Int32) { self.fd = fd }
            deinit { close(fd) }
        }

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
            lock.unlock()
            switch tree.openFolder(rel) {
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

        /// The content of file `rel` (a regular file, no link followed on the way), at most `limit` bytes.
        func read(_ rel: String, limit: Int) -> Result<[UInt8], SourceFileRefusal> {
            guard let (folderPath, name) = SourceTree.split(rel) else { return .failure(.outsideTree) }
            let folder: Handle
            switch self.folder(folderPath) {
            case let .success(h): folder = h
            case let .failure(r): return .failure(r)
            }
            let file: (fd: Int32, stat: stat)
            switch withExtendedLifetime(folder, { SourceTree.openFile(in: folder.fd, name: name) }) {
            case let .success(f): file = f
            case let .failure(r): return .failure(r)
            }
            defer { close(file.fd) }
            let size = Int(file.stat.st_size)
            guard size <= limit else { return .failure(.tooLarge(size: size, limit: limit)) }
            return SourceTree.readWhole(file.fd, sizeHint: size, limit: limit)
        }
    }
}
