import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lists the regular files under a folder, recursively, in a stable order (each folder's entries by
/// name, folders depth first). Hidden entries
/// (names starting with '.') are skipped, symbolic links are not followed (so no loops), and folders
/// that cannot be read, and names that are not valid UTF-8, are reported as warnings, not errors.
/// - Complexity: one `readdir` pass per folder; `lstat` only where the file system gives no type.
public struct DirectoryWalker {
    public let root: String
    /// Folders (absolute, standardized paths) not to enter, e.g. the index being written when it
    /// lives inside the folder being indexed.
    public var excluded: Set<String> = []

    public init(root: String) { self.root = root }

    /// One regular file: its path relative to the root, size and modification time.
    public struct Entry: Sendable {
        public var path: String
        public var size: Int
        /// Modification time in nanoseconds since 1970 (exact, for change detection).
        public var mtime: Int
    }

    /// The entries of the given relative paths (a list file, as benchmarks use), in that order;
    /// missing or non-regular files become warnings.
    public func entries(listed: [String]) -> (entries: [Entry], warnings: [String]) {
        var out: [Entry] = [], warnings: [String] = []
        for rel in listed where !rel.isEmpty {
            var st = stat()
            guard lstat(root + "/" + rel, &st) == 0, st.st_mode & S_IFMT == S_IFREG else {
                warnings.append("\(root)/\(rel): listed but not a readable regular file, skipped")
                continue
            }
            out.append(Entry(path: rel, size: Int(st.st_size), mtime: Int(st.st_mtim.tv_sec) * 1_000_000_000 + Int(st.st_mtim.tv_nsec)))
        }
        return (out, warnings)
    }

    /// Relative paths of the files, and the warnings met on the way.
    public func files() throws -> (paths: [String], warnings: [String]) {
        let (entries, warnings) = try entries()
        return (entries.map(\.path), warnings)
    }

    /// The files with their size and mtime (one `fstatat` each, relative to the open folder), each
    /// folder's files by name, folders depth first, and the warnings met on the way.
    public func entries() throws -> (entries: [Entry], warnings: [String]) {
        var st = stat()
        guard stat(root, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
            throw LoupeError.io(path: root, reason: "no such directory")
        }
        var paths: [Entry] = []
        var warnings: [String] = []
        var stack = [""]
        while let rel = stack.popLast() {
            var here: [Entry] = []
            var subfolders: [String] = []
            let abs = rel.isEmpty ? root : root + "/" + rel
            if !rel.isEmpty && excluded.contains(abs) { continue }
            guard let dir = opendir(abs) else {
                warnings.append("\(abs): cannot read directory (\(String(cString: strerror(errno)))), skipped")
                continue
            }
            // Names first (readdir is sequential), then the fstatat calls on both cores.
            var unsortedNames: [String] = []
            while let entry = readdir(dir) {
                let decoded = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { (String(validatingCString: $0), String(cString: $0)) }
                }
                guard let name = decoded.0 else {
                    warnings.append("\(abs)/\(decoded.1): file name is not valid UTF-8, skipped")
                    continue
                }
                if name.hasPrefix(".") { continue }
                let type = Int32(entry.pointee.d_type)
                if type == Int32(DT_DIR) { subfolders.append(rel.isEmpty ? name : rel + "/" + name); continue }
                if type != Int32(DT_REG) && type != Int32(DT_UNKNOWN) { continue } // links, devices, sockets
                unsortedNames.append(name)
            }
            let names = unsortedNames.sorted()
            let results = StatResults(count: names.count)
            let fd = dirfd(dir)
            let chunks = names.count < 256 ? 1 : 8
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                var i = c * names.count / chunks
                let end = (c + 1) * names.count / chunks
                while i < end {
                    var cst = stat()
                    if fstatat(fd, names[i], &cst, AT_SYMLINK_NOFOLLOW) != 0 {
                        results.kinds[i] = 0
                    } else if cst.st_mode & S_IFMT == S_IFREG {
                        results.kinds[i] = 1
                        results.sizes[i] = Int(cst.st_size)
                        results.mtimes[i] = (Int(cst.st_mtim.tv_sec), Int(cst.st_mtim.tv_nsec))
                    } else {
                        results.kinds[i] = cst.st_mode & S_IFMT == S_IFDIR ? 2 : 3
                    }
                    i += 1
                }
            }
            for (i, name) in names.enumerated() {
                let childRel = rel.isEmpty ? name : rel + "/" + name
                switch results.kinds[i] {
                case 0: warnings.append("\(root)/\(childRel): vanished or cannot stat, skipped")
                case 1:
                    let mtime = results.mtimes[i].0 * 1_000_000_000 + results.mtimes[i].1
                    here.append(Entry(path: childRel, size: results.sizes[i], mtime: mtime))
                case 2: subfolders.append(childRel)
                default: break
                }
            }
            closedir(dir)
            paths += here
            stack += subfolders.sorted(by: >) // popped in ascending order
        }
        return (paths, warnings)
    }
}

/// Per-name results of the parallel `fstatat` calls: each thread writes only its own slots.
private final class StatResults: @unchecked Sendable {
    /// 0 failed, 1 regular file, 2 folder, 3 other.
    var kinds: [UInt8]
    var sizes: [Int]
    var mtimes: [(Int, Int)]

    init(count: Int) {
        kinds = [UInt8](repeating: 0, count: count)
        sizes = [Int](repeating: 0, count: count)
        mtimes = [(Int, Int)](repeating: (0, 0), count: count)
    }
}
