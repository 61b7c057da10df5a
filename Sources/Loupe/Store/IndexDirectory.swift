#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder that holds one index: segment files, manifests and the write lock. Knows how to write a
/// file atomically (write temp → fsync → rename → fsync folder) and how to take the writer's lock.
public struct IndexDirectory: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public func file(_ name: String) -> String { path + "/" + name }

    public var exists: Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// Creates the folder (and its parents) if missing.
    public func create() throws {
        var partial = path.hasPrefix("/") ? "" : "."
        for comp in path.split(separator: "/") {
            partial += "/" + comp
            if mkdir(partial, 0o755) != 0 && errno != EEXIST {
                throw LoupeError.io(path: partial, reason: String(cString: strerror(errno)))
            }
        }
    }

    /// Names of the files in the folder (no `.` / `..`).
    public func list() throws -> [String] {
        guard let d = opendir(path) else { throw LoupeError.io(path: path, reason: String(cString: strerror(errno))) }
        defer { closedir(d) }
        var names: [String] = []
        while let e = readdir(d) {
            let name = withUnsafePointer(to: e.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    public func remove(_ name: String) {
        unlink(file(name))
    }

    public func size(of name: String) -> Int {
        var st = stat()
        return stat(file(name), &st) == 0 ? Int(st.st_size) : 0
    }

    /// Modification time of a file, in seconds since 1970 (0 if it cannot be read).
    public func modificationTime(of name: String) -> Double {
        var st = stat()
        guard stat(file(name), &st) == 0 else { return 0 }
        return Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
    }

    /// fsyncs the folder itself, making renames and new names in it durable.
    public func syncDirectory() throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { throw LoupeError.io(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        if fsync(fd) != 0 { throw LoupeError.io(path: path, reason: "fsync: \(String(cString: strerror(errno)))") }
    }

    /// Makes `temp` (already written and fsynced) visible as `name` atomically, then makes the rename
    /// durable: after this returns, a crash leaves either the old or the new `name`, never a mix.
    public func publish(_ temp: String, as name: String) throws {
        if rename(file(temp), file(name)) != 0 {
            throw LoupeError.io(path: file(name), reason: "rename: \(String(cString: strerror(errno)))")
        }
        try syncDirectory()
    }
}

/// The writer's exclusive lock on an index folder: `flock` on `write.lock`, which holds the pid of the
/// holder for error messages. Released in `deinit` (and by the kernel if the process dies).
final class WriteLock {
    private let fd: Int32

    public init(directory: IndexDirectory) throws {
        fd = try Self.acquire(directory)
    }

    /// Opens and locks `write.lock`, returning the descriptor. On failure the descriptor is closed
    /// here, before any `WriteLock` exists: a throwing initializer of a fully initialized class runs
    /// `deinit`, which would close it a second time (and maybe someone else's file by then).
    private static func acquire(_ directory: IndexDirectory) throws -> Int32 {
        let path = directory.file("write.lock")
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if fd < 0 { throw LoupeError.io(path: path, reason: String(cString: strerror(errno))) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            var buf = [UInt8](repeating: 0, count: 64)
            let n = read(fd, &buf, 63)
            close(fd)
            let pid = n > 0 ? String(decoding: buf[0..<n], as: UTF8.self).trimmingWhitespace : "unknown"
            throw LoupeError.locked(path: directory.path, holder: "pid \(pid)")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, pid, pid.count, 0)
        return fd
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}

extension String {
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
