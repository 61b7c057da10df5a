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
public struct DirectoryWalker: Sendable {
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
        // Level by level, the folders of a level listed at the same time (each one's stat calls
        // spread over the cores as well); then the listings put together depth first.
        var listings: [String: [Chunk]] = [:]
        var level = [""]
        while !level.isEmpty {
            let found = ListingResults(count: level.count)
            let folders = level
            DispatchQueue.concurrentPerform(iterations: folders.count) { f in
                found.listings[f] = listFolder(folders[f])
            }
            level = []
            for (rel, listing) in zip(folders, found.listings) {
                listings[rel] = listing
                level += listing.flatMap { $0.folders }
            }
        }
        var paths: [Entry] = []
        var warnings: [String] = []
        var stack = [""]
        while let rel = stack.popLast() {
            guard let listing = listings[rel] else { continue }
            for chunk in listing {
                paths += chunk.files
                warnings += chunk.warnings
            }
            stack += listing.flatMap { $0.folders }.reversed() // popped in ascending order
        }
        return (paths, warnings)
    }

    /// One folder's files, subfolders and warnings, in name order (several chunks, one per thread
    /// that stat'ed them).
    func listFolder(_ rel: String) -> [Chunk] {
        let abs = rel.isEmpty ? root : root + "/" + rel
        if !rel.isEmpty && excluded.contains(abs) { return [] }
        guard let dir = opendir(abs) else {
            return [Chunk(warnings: ["\(abs): cannot read directory (\(String(cString: strerror(errno)))), skipped"])]
        }
        defer { closedir(dir) }
        return Self.statSorted(Self.readNames(dir), in: dirfd(dir), rel: rel, abs: abs)
    }

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

    /// Sorts the names by their bytes, then calls `fstatat` and builds the relative paths on every
    /// core, each thread taking one contiguous run of the sorted names.
    /// - Complexity: O(n log n) comparisons of 8-byte keys, and one `fstatat` per non-folder name.
    static func statSorted(_ names: Names, in fd: Int32, rel: String, abs: String) -> [Chunk] {
        let count = names.count
        // Sort keys: the first 8 bytes, big-endian, zero-padded (names hold no NUL); ties compare the rest.
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
        let order = keys.map(\.index)
        let prefix: [UInt8] = rel.isEmpty ? [] : Array(rel.utf8) + [UInt8(ascii: "/")]
        let chunkCount = count < 512 ? 1 : 8
        let out = ChunkResults(count: chunkCount)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { c in
            var chunk = Chunk()
            names.bytes.withUnsafeBufferPointer { base in
                for k in (c * count / chunkCount)..<((c + 1) * count / chunkCount) {
                    let i = order[k]
                    let name = UnsafeBufferPointer(rebasing: base[names.starts[i]..<(names.starts[i] + names.lengths[i])])
                    var ascii: UInt8 = 0
                    for b in name { ascii |= b }
                    guard ascii < 0x80 || String(validating: name, as: UTF8.self) != nil else {
                        chunk.warnings.append("\(abs)/\(String(decoding: name, as: UTF8.self)): file name is not valid UTF-8, skipped")
                        continue
                    }
                    let path = String(unsafeUninitializedCapacity: prefix.count + name.count) { buffer in
                        _ = buffer.initialize(from: prefix)
                        _ = UnsafeMutableBufferPointer(rebasing: buffer[prefix.count...]).initialize(from: name)
                        return prefix.count + name.count
                    }
                    if names.isFolder[i] { chunk.folders.append(path); continue }
                    var st = stat()
                    let cName = UnsafeRawPointer(name.baseAddress!).assumingMemoryBound(to: CChar.self)
                    if fstatat(fd, cName, &st, AT_SYMLINK_NOFOLLOW) != 0 {
                        chunk.warnings.append("\(abs)/\(String(decoding: name, as: UTF8.self)): vanished or cannot stat, skipped")
                    } else if st.st_mode & S_IFMT == S_IFREG {
                        let mtime = Int(st.st_mtim.tv_sec) * 1_000_000_000 + Int(st.st_mtim.tv_nsec)
                        chunk.files.append(Entry(path: path, size: Int(st.st_size), mtime: mtime))
                    } else if st.st_mode & S_IFMT == S_IFDIR {
                        chunk.folders.append(path)
                    }
                }
            }
            out.chunks[c] = chunk
        }
        return out.chunks
    }
}

/// Per-folder results of one level of the walk: each thread writes only its own slot.
private final class ListingResults: @unchecked Sendable {
    var listings: [[DirectoryWalker.Chunk]]
    init(count: Int) { listings = Array(repeating: [], count: count) }
}

/// Per-thread results of `statSorted`: each thread writes only its own slot.
private final class ChunkResults: @unchecked Sendable {
    var chunks: [DirectoryWalker.Chunk]
    init(count: Int) { chunks = Array(repeating: DirectoryWalker.Chunk(), count: count) }
}
