import Glibc

/// The system calls `FileSystemDirectory` makes on an index's files, behind a protocol so a test can
/// make the Nth `write`, `fsync`, `rename`, `open`, `fstat` or `mmap` fail, or hand back fewer or
/// damaged bytes, and check that the previous commit survives and the error names the file. Each
/// call has the system call's contract: a result of -1 (nil for `map`) with `errno` set means
/// failure. `PosixFileSystem` is the real one.
package protocol FileSystem: Sendable {
    func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32
    func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int
    func fsync(_ fd: Int32) -> Int32
    func close(_ fd: Int32) -> Int32
    func rename(_ from: String, _ to: String) -> Int32
    func unlink(_ path: String) -> Int32
    func mkdir(_ path: String, _ mode: mode_t) -> Int32
    func fstat(_ fd: Int32, _ st: inout stat) -> Int32
    /// Maps the first `count` bytes of `fd` read-only and private (`munmap` releases them).
    func map(_ fd: Int32, _ count: Int) -> UnsafeRawPointer?
}

/// The file system itself.
package struct PosixFileSystem: FileSystem {
    package init() {}
    package func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { Glibc.open(path, flags, mode) }
    package func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int { Glibc.write(fd, bytes.baseAddress, bytes.count) }
    package func fsync(_ fd: Int32) -> Int32 { Glibc.fsync(fd) }
    package func close(_ fd: Int32) -> Int32 { Glibc.close(fd) }
    package func rename(_ from: String, _ to: String) -> Int32 { Glibc.rename(from, to) }
    package func unlink(_ path: String) -> Int32 { Glibc.unlink(path) }
    package func mkdir(_ path: String, _ mode: mode_t) -> Int32 { Glibc.mkdir(path, mode) }
    package func fstat(_ fd: Int32, _ st: inout stat) -> Int32 { Glibc.fstat(fd, &st) }
    package func map(_ fd: Int32, _ count: Int) -> UnsafeRawPointer? {
        let p = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0)
        return p == MAP_FAILED ? nil : p.map { UnsafeRawPointer($0) }
    }
}

extension FileSystem {
    /// The error for a failed `operation` on `path`, from `errno`: the message names both.
    static func failure(_ operation: String, _ path: String) -> LoupeError {
        .io(path: path, reason: "\(operation): \(String(cString: strerror(errno)))")
    }

    /// Writes all of `bytes` (retrying short writes and EINTR).
    func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var done = 0
        while done < bytes.count {
            let n = write(fd, UnsafeRawBufferPointer(rebasing: bytes[done...]))
            if n < 0 {
                if errno == EINTR { continue }
                throw Self.failure("write", path)
            }
            done += n
        }
    }

    /// fsyncs `fd`, throwing an error that names `path`.
    func sync(_ fd: Int32, path: String) throws {
        if fsync(fd) != 0 { throw Self.failure("fsync", path) }
    }

    /// Renames `from` to `to`, throwing an error that names both.
    func move(_ from: String, to: String) throws {
        if rename(from, to) != 0 { throw Self.failure("rename \(from) to", to) }
    }
}
