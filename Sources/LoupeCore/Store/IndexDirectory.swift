import Glibc

/// The folder that holds one index: segment files, manifests, the write lock and the marker that
/// says the folder is an index (`IndexMarker`, in Index). Knows how to write a file atomically (write temp →
/// fsync → rename → fsync folder) and how to take the writer's lock. Every call that changes the
/// folder goes through `fileSystem` (tests swap in one that fails).
package struct IndexDirectory: Sendable {
    /// The folder's path.
    package let path: String
    let fileSystem: any FileSystem

    /// The index folder at `path` (not created nor checked: see `create()`, `exists`).
    package init(path: String) {
        self.path = path
        fileSystem = PosixFileSystem()
    }

    init(path: String, fileSystem: any FileSystem) {
        self.path = path
        self.fileSystem = fileSystem
    }

    /// The path of the file `name` in the folder.
    package func file(_ name: String) -> String { path + "/" + name }

    /// Whether `path` is a folder.
    package var exists: Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// Creates the folder (and its parents) if missing.
    package func create() throws {
        var partial = path.hasPrefix("/") ? "" : "."
        for comp in path.split(separator: "/") {
            partial += "/" + comp
            if fileSystem.mkdir(partial, 0o755) != 0 && errno != EEXIST {
                throw PosixFileSystem.failure("mkdir", partial)
            }
        }
    }

    /// Names of the files in the folder (no `.` / `..`).
    package func list() throws -> [String] {
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

    /// Removes the file `name`; a file already gone is not an error.
    func remove(_ name: String) throws {
        if fileSystem.unlink(file(name)) != 0 && errno != ENOENT { throw PosixFileSystem.failure("unlink", file(name)) }
    }

    /// The size of the file `name` in bytes; 0 when it cannot be read.
    package func size(of name: String) -> Int {
        var st = stat()
        return stat(file(name), &st) == 0 ? Int(st.st_size) : 0
    }

    /// Modification time of a file, in seconds since 1970 (0 if it cannot be read).
    package func modificationTime(of name: String) -> Double {
        var st = stat()
        guard stat(file(name), &st) == 0 else { return 0 }
        return Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
    }

    /// Moves the files `names` into a new folder `damaged-<UTC time>` of the index (never deleting
    /// anything) and returns the folder's path.
    func moveAside(_ names: [String]) throws -> String {
        var t = time(nil), parts = tm()
        gmtime_r(&t, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let stamp = "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))-\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))"
        var folder = "damaged-" + stamp
        var n = 1
        while fileSystem.mkdir(file(folder), 0o755) != 0 {
            guard errno == EEXIST, n < 1000 else { throw PosixFileSystem.failure("mkdir", file(folder)) }
            n += 1
            folder = "damaged-\(stamp)-\(n)"
        }
        for name in names { try fileSystem.move(file(name), to: file(folder + "/" + name)) }
        try syncDirectory()
        return file(folder)
    }

    /// fsyncs the folder itself, making renames and new names in it durable.
    package func syncDirectory() throws {
        let fd = fileSystem.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)
        if fd < 0 { throw PosixFileSystem.failure("open", path) }
        defer { _ = fileSystem.close(fd) }
        try fileSystem.sync(fd, path: path)
    }

    /// Makes `temp` (already written and fsynced) visible as `name` atomically, then makes the rename
    /// durable: after this returns, a crash leaves either the old or the new `name`, never a mix.
    package func publish(_ temp: String, as name: String) throws {
        try fileSystem.move(file(temp), to: file(name))
        try syncDirectory()
    }
}

/// The writer's exclusive lock on an index folder: `flock` on `write.lock`, which holds the pid of the
/// holder for error messages. Released in `deinit` (and by the kernel if the process dies).
/// `write.lock` must be a regular file: a symlink there is not followed (someone could point it at a
/// file of theirs for the writer to overwrite with its pid), nor is a FIFO opened in blocking mode;
/// nor is it written when it has other hard links (the pid would land in the linked file) or holds
/// anything but a pid (a file of the user's that happens to have the name).
final class WriteLock {
    /// -1 once released.
    private var fd: Int32

    package init(directory: IndexDirectory) throws {
        fd = try Self.acquire(directory)
    }

    /// Opens and locks `write.lock`, returning the descriptor. On failure the descriptor is closed
    /// here, before any `WriteLock` exists: a throwing initializer of a fully initialized class runs
    /// `deinit`, which would close it a second time (and maybe someone else's file by then).
    private static func acquire(_ directory: IndexDirectory) throws -> Int32 {
        let path = directory.file("write.lock")
        let fd = directory.fileSystem.open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o644)
        if fd < 0 {
            let reason = errno == ELOOP ? "is a symbolic link, not the index's lock file: remove it" : "open: " + String(cString: strerror(errno))
            throw LoupeError.io(path: path, reason: reason)
        }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw LoupeError.io(path: path, reason: "is not a regular file, not the index's lock file: remove it")
        }
        if st.st_nlink != 1 {
            close(fd)
            throw LoupeError.io(path: path, reason: "has \(st.st_nlink) hard links, so it is not only the index's lock file: not writing through it; remove it")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            var buf = [UInt8](repeating: 0, count: 64)
            let n = read(fd, &buf, 63)
            close(fd)
            let pid = n > 0 ? String(decoding: buf[0..<n], as: UTF8.self).trimmingWhitespace : "unknown"
            throw LoupeError.locked(path: directory.path, holder: "pid \(pid)")
        }
        var held = [UInt8](repeating: 0, count: 64)
        let n = pread(fd, &held, held.count, 0)
        guard n >= 0, Self.isPidText(held.prefix(n)) else {
            close(fd)
            throw LoupeError.io(path: path, reason: "holds something other than a writer's pid, so it is not an index's lock file: not overwriting it; move it away")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, pid, pid.count, 0)
        return fd
    }

    /// Unlocks and closes the lock file; what `deinit` does, earlier (`IndexWriter.close()`).
    func release() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    /// What a lock file a writer wrote holds: nothing yet, or a pid and a newline.
    static func isPidText(_ bytes: ArraySlice<UInt8>) -> Bool {
        var digits = bytes
        if digits.last == UInt8(ascii: "\n") { digits = digits.dropLast() }
        return bytes.isEmpty || (!digits.isEmpty && digits.count <= 20 && digits.allSatisfy { (0x30...0x39).contains($0) })
    }

    deinit { release() }
}

extension String {
    package var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
