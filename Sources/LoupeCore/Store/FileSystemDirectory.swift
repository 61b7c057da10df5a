import Glibc

/// An index's directory as a folder on disk: segment files, manifests, the write lock and the
/// marker that says the folder is an index. Files are read through a read-only, private memory map
/// (`MappedFile`) and written through a descriptor; no open follows a symbolic link in the last
/// component nor blocks on a FIFO, and only regular files are mapped. Every system call goes
/// through `fileSystem` (tests swap in one that fails or damages what it reads).
package struct FileSystemDirectory: Directory {
    /// The folder's path.
    package let path: String
    let fileSystem: any FileSystem

    /// The index folder at `path` (not created nor checked: see `create()`, `exists`).
    package init(path: String) {
        self.path = path
        fileSystem = PosixFileSystem()
    }

    package init(path: String, fileSystem: any FileSystem) {
        self.path = path
        self.fileSystem = fileSystem
    }

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

    package func contains(_ name: String) -> Bool {
        var st = stat()
        return lstat(file(name), &st) == 0
    }

    package func size(of name: String) -> Int {
        var st = stat()
        return stat(file(name), &st) == 0 ? Int(st.st_size) : 0
    }

    package func modificationTime(of name: String) -> Double {
        var st = stat()
        guard stat(file(name), &st) == 0 else { return 0 }
        return Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
    }

    /// Maps the file read-only. Only a regular file is mapped: the last path component is not
    /// followed when it is a symbolic link, and the open does not block (a FIFO in the index folder
    /// would otherwise hang every command); anything else is refused as damage, naming the file.
    /// - Complexity: O(1); pages are read lazily by the kernel.
    package func openFile(_ name: String) throws -> MappedFile {
        let path = file(name)
        let fd = fileSystem.open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC, 0)
        if fd < 0 {
            let e = errno
            if e == ELOOP { throw LoupeError.corrupt(file: name, reason: "is a symbolic link, not an index file") }
            throw LoupeError.io(path: path, reason: "open: " + String(cString: strerror(e)))
        }
        defer { _ = fileSystem.close(fd) }
        var st = stat()
        if fileSystem.fstat(fd, &st) != 0 { throw LoupeError.io(path: path, reason: "fstat: " + String(cString: strerror(errno))) }
        guard st.st_mode & S_IFMT == S_IFREG else {
            throw LoupeError.corrupt(file: name, reason: "is not a regular file (a FIFO, device, folder or socket)")
        }
        let count = Int(st.st_size)
        guard count > 0 else { return MappedFile(name: name, bytes: UnsafeRawBufferPointer(start: nil, count: 0), owner: nil) }
        guard let base = fileSystem.map(fd, count) else { throw PosixFileSystem.failure("mmap", path) }
        let mapping = Mapping(base: base, count: count)
        return MappedFile(name: name, bytes: UnsafeRawBufferPointer(start: base, count: count), owner: mapping)
    }

    /// Creates (or truncates) the file; a symbolic link there is not followed (the open fails).
    package func createFile(_ name: String) throws -> any FileSink {
        let path = file(name)
        let fd = fileSystem.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        if fd < 0 { throw PosixFileSystem.failure("open", path) }
        return DescriptorSink(fd: fd, path: path, fileSystem: fileSystem)
    }

    package func rename(_ from: String, to: String) throws {
        try fileSystem.move(file(from), to: file(to))
    }

    package func delete(_ name: String) throws {
        if fileSystem.unlink(file(name)) != 0 && errno != ENOENT { throw PosixFileSystem.failure("unlink", file(name)) }
    }

    package func makeFolder(_ name: String) throws -> Bool {
        if fileSystem.mkdir(file(name), 0o755) == 0 { return true }
        if errno == EEXIST { return false }
        throw PosixFileSystem.failure("mkdir", file(name))
    }

    /// fsyncs the folder itself, making renames and new names in it durable.
    package func sync() throws {
        let fd = fileSystem.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)
        if fd < 0 { throw PosixFileSystem.failure("open", path) }
        defer { _ = fileSystem.close(fd) }
        try fileSystem.sync(fd, path: path)
    }

    /// `flock` on `write.lock` (see `WriteLock`).
    package func lock() throws -> any DirectoryLock {
        try WriteLock(directory: self)
    }
}

/// A private read-only mapping, unmapped when the last view of it is freed.
private final class Mapping {
    let base: UnsafeRawPointer
    let count: Int

    init(base: UnsafeRawPointer, count: Int) {
        self.base = base
        self.count = count
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), count) }
}

/// A file being written through its descriptor, closed when freed.
private final class DescriptorSink: FileSink {
    private var fd: Int32
    private let path: String
    private let fileSystem: any FileSystem

    init(fd: Int32, path: String, fileSystem: any FileSystem) {
        self.fd = fd
        self.path = path
        self.fileSystem = fileSystem
    }

    deinit { if fd >= 0 { _ = fileSystem.close(fd) } }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try fileSystem.writeAll(fd, bytes, path: path)
    }

    func sync() throws {
        try fileSystem.sync(fd, path: path)
    }

    func close() throws {
        guard fd >= 0 else { return }
        let closed = fileSystem.close(fd)
        fd = -1
        if closed != 0 { throw PosixFileSystem.failure("close", path) }
    }
}
