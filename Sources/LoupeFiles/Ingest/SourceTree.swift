import LoupeCore
import Glibc

/// Why a file under a source folder was not read.
package enum SourceFileRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// The path is not a plain path under the folder (absolute, empty, or with `.`/`..` parts).
    case outsideTree
    /// The path, or a folder on it, is a symbolic link: links are not followed.
    case symbolicLink
    /// Not a regular file: a FIFO, a device, a socket or a folder (named by `kind`).
    case notRegularFile(kind: String)
    /// Nothing is there any more.
    case missing
    /// Larger than the limit (`size` is what the file held when it was refused).
    case tooLarge(size: Int, limit: Int)
    /// No longer the file that was indexed: its size, mtime and content differ from the catalog's.
    case changed
    /// The index cannot say what was indexed from this path (no catalog, or not in it).
    case notCataloged(String)
    /// The user running the index may not open it (or a folder on its way).
    case permissionDenied
    /// The system refused to open or read it.
    case unreadable(String)
    /// The file has other hard links: it may be a file from outside the folder linked in.
    case hardLinked(links: Int)
    /// The indexed folder's path now leads to another folder (its device and inode are not the
    /// ones recorded when it was indexed: replaced, e.g. by a link, or moved).
    case rootChanged(String)

    package var description: String {
        switch self {
        case .outsideTree: "not a path inside the indexed folder"
        case .symbolicLink: "a symbolic link (not followed)"
        case let .notRegularFile(kind): "not a regular file (\(kind))"
        case .missing: "no longer on disk"
        case let .tooLarge(size, limit): "\(size) bytes is over the \(limit)-byte limit"
        case .changed: "changed since it was indexed"
        case let .notCataloged(why): why
        case .permissionDenied: "permission denied"
        case let .unreadable(why): "cannot read (\(why))"
        case let .hardLinked(links): "has \(links) hard links: it may be a file from outside the indexed folder"
        case let .rootChanged(path): "\(path) is not the folder that was indexed (its device and inode changed: replaced, e.g. by a link, or moved)"
        }
    }

    /// The refusal an `open`/`openat` failure means.
    init(errno e: Int32) {
        switch e {
        case ELOOP: self = .symbolicLink
        case ENOENT, ENOTDIR: self = .missing
        case EACCES, EPERM: self = .permissionDenied
        default: self = .unreadable(String(cString: strerror(e)))
        }
    }
}

/// A source folder held open by its descriptor: every folder and file under it is opened relative to
/// it, one path component at a time, never following a symbolic link (`O_NOFOLLOW` on each part) and
/// never leaving it (no `..`), so a folder or file swapped for a link while a run goes on is refused,
/// not followed. Files are opened non-blocking (a FIFO does not hang the open), checked with `fstat`
/// on the open descriptor (only regular files are read) and read up to a limit (a file that grew, or
/// a device, cannot make a read grow without bound).
///
/// `@unchecked Sendable`: its only state is the root's descriptor, set once and closed in `deinit`.
final class SourceTree: @unchecked Sendable {
    let root: String
    /// The root folder, opened once (a link given as the root itself is followed: the user named it).
    let fd: Int32

    /// - Throws: `LoupeError.io` when `root` is not a folder that can be opened.
    init(root: String) throws {
        self.root = root
        let fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw LoupeError.io(path: root, reason: "no such directory") }
        self.fd = fd
    }

    deinit { close(fd) }

    /// The root folder's device and inode, "device:inode": what an index records of the folder it
    /// was built from (`DirectoryIndexer.sourceIdentityKey`) and checks when it opens it again.
    var identity: String {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return "?" }
        return "\(st.st_dev):\(st.st_ino)"
    }

    /// The parts of a relative path, or nil when it is not a plain path under the root: empty,
    /// absolute, or with an empty, `.` or `..` part.
    static func components(_ rel: String) -> [Substring]? {
        guard !rel.isEmpty, !rel.hasPrefix("/") else { return nil }
        // Split on the byte: a split on Characters walked grapheme clusters (12 K instructions a
        // path, 5 % of indexing 3000 short files), and would not cut at a `/` followed by a mark.
        let parts = rel.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map { Substring($0) }
        for p in parts where p.isEmpty || p == "." || p == ".." || p.utf8.contains(0) { return nil }
        return parts
    }

    /// Opens folder `rel` ("" is the root) part by part with `O_NOFOLLOW`; the caller closes it.
    func openFolder(_ rel: String) -> Result<Int32, SourceFileRefusal> {
        if rel.isEmpty {
            let d = dup(fd)
            return d >= 0 ? .success(d) : .failure(SourceFileRefusal(errno: errno))
        }
        guard let parts = Self.components(rel) else { return .failure(.outsideTree) }
        return openFolder(parts[...])
    }

    private func openFolder(_ parts: ArraySlice<Substring>) -> Result<Int32, SourceFileRefusal> {
        var current = fd
        for part in parts {
            let next = FileName.withSystemName(part) { openat(current, $0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
            let e = errno
            if current != fd { close(current) }
            guard next >= 0 else { return .failure(SourceFileRefusal(errno: e)) }
            current = next
        }
        return current == fd ? openFolder("") : .success(current)
    }

    /// An open folder's descriptor, closed when the last holder lets it go: how a walk keeps a
    /// parent open while its subfolders are opened from it.
    /// `@unchecked Sendable`: immutable; the descriptor is only closed in `deinit`.
    final class Handle: @unchecked Sendable {
        let fd: Int32
        init(_ fd: Int32) { self.fd = fd }
        deinit { close(fd) }
    }

    /// Opens subfolder `name` (one part: no `/`, not `.` or `..`) of the open folder `parent`
    /// with `O_NOFOLLOW`: one `openat`, however deep `parent` is. The caller closes it.
    static func openFolder(named name: String, in parent: Int32) -> Result<Int32, SourceFileRefusal> {
        guard !name.isEmpty, name != ".", name != "..", !name.utf8.contains(UInt8(ascii: "/")), !name.utf8.contains(0) else {
            return .failure(.outsideTree)
        }
        let fd = FileName.withSystemName(name) { openat(parent, $0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        return fd >= 0 ? .success(fd) : .failure(SourceFileRefusal(errno: errno))
    }

    /// Splits `rel` into its folder and its name; nil when it is not a plain path under the root.
    static func split(_ rel: String) -> (folder: String, name: String)? {
        guard let parts = components(rel) else { return nil }
        return (parts.dropLast().joined(separator: "/"), String(parts.last!))
    }

    /// Opens file `rel` part by part with `O_NOFOLLOW`, non-blocking, and checks it is a regular file.
    func openFile(_ rel: String) -> Result<(fd: Int32, stat: stat), SourceFileRefusal> {
        inFolder(of: rel) { folder, name in Self.openFile(in: folder, name: name) }
    }

    /// `body` run on the open folder of file `rel` (opened part by part, closed after) and the
    /// file's name, or why the folder cannot be opened.
    private func inFolder<T>(of rel: String, _ body: (_ folder: Int32, _ name: String) -> Result<T, SourceFileRefusal>) -> Result<T, SourceFileRefusal> {
        guard let parts = Self.components(rel) else { return .failure(.outsideTree) }
        return openFolder(parts.dropLast()).flatMap { folder in
            defer { close(folder) }
            return body(folder, String(parts.last!))
        }
    }

    /// The status of file `rel` (its folders opened part by part, the file itself not followed):
    /// a regular file's, or why not.
    func status(of rel: String) -> Result<stat, SourceFileRefusal> {
        inFolder(of: rel) { folder, name in
            var st = stat()
            guard FileName.withSystemName(name, { fstatat(folder, $0, &st, AT_SYMLINK_NOFOLLOW) }) == 0 else { return .failure(SourceFileRefusal(errno: errno)) }
            switch st.st_mode & S_IFMT {
            case S_IFREG: return .success(st)
            case S_IFLNK: return .failure(.symbolicLink)
            default: return .failure(.notRegularFile(kind: Self.kind(st.st_mode)))
            }
        }
    }

    /// Opens `name` in the open folder `dir` (no link followed, non-blocking) and checks with `fstat`
    /// that it is a regular file; the caller closes the descriptor.
    static func openFile(in dir: Int32, name: String) -> Result<(fd: Int32, stat: stat), SourceFileRefusal> {
        let fd = FileName.withSystemName(name) { openat(dir, $0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) }
        guard fd >= 0 else { return .failure(SourceFileRefusal(errno: errno)) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let e = errno
            close(fd)
            return .failure(SourceFileRefusal(errno: e))
        }
        guard st.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            return .failure(.notRegularFile(kind: kind(st.st_mode)))
        }
        return .success((fd, st))
    }

    /// What a non-regular file is, for a message.
    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a FIFO"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        case S_IFDIR: "a folder"
        case S_IFLNK: "a symbolic link"
        default: "an unknown kind of file"
        }
    }

    /// The whole content of the open file `fd`, read with plain `read(2)` calls into one buffer sized
    /// from `sizeHint` (one call for a file that has not changed). Never reads more than `limit` + 1
    /// bytes: a file that grew past `limit` is refused with `.tooLarge`, however large it became.
    static func readWhole(_ fd: Int32, sizeHint: Int, limit: Int) -> Result<[UInt8], SourceFileRefusal> {
        let cap = limit < Int.max ? limit + 1 : limit
        var out = [UInt8](repeating: 0, count: min(max(sizeHint, 0) + 1, cap))
        var n = 0
        while true {
            if n == out.count {
                guard out.count < cap else { return .failure(.tooLarge(size: n, limit: limit)) }
                out.append(contentsOf: repeatElement(0, count: min(out.count, cap - out.count)))
            }
            let r = out.withUnsafeMutableBytes { read(fd, $0.baseAddress! + n, $0.count - n) }
            if r < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(String(cString: strerror(errno))))
            }
            if r == 0 { break }
            n += r
        }
        out.removeSubrange(n...)
        return .success(out)
    }

    /// Streams the open file `fd` through FNV-1a (`DirectoryIndexer.hash`), keeping its first `keep`
    /// bytes; refuses it when it holds more than `limit` bytes. Memory stays `keep` + 64 KiB. With
    /// `hashing` false it stops once it has `keep` bytes (`count` and `hash` then cover those only).
    static func readPrefix(_ fd: Int32, keep: Int, limit: Int, hashing: Bool = true) -> Result<(prefix: [UInt8], count: Int, hash: UInt64), SourceFileRefusal> {
        var prefix: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var count = 0
        var h = DirectoryIndexer.fnvBasis
        while true {
            let r = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if r < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(String(cString: strerror(errno))))
            }
            if r == 0 { break }
            let (sum, overflow) = count.addingReportingOverflow(r)
            guard !overflow, sum <= limit else { return .failure(.tooLarge(size: sum, limit: limit)) }
            count = sum
            let got = chunk[0..<r]
            h = DirectoryIndexer.hash(got, from: h)
            if prefix.count < keep { prefix += got.prefix(keep - prefix.count) }
            if !hashing && prefix.count >= keep { break }
        }
        return .success((prefix, count, h))
    }
}
