import Glibc

/// The writer's exclusive lock on an index folder: `flock` on `write.lock`, which holds the pid of the
/// holder for error messages. Released in `deinit` (and by the kernel if the process dies).
/// `write.lock` must be a regular file: a symlink there is not followed (someone could point it at a
/// file of theirs for the writer to overwrite with its pid), nor is a FIFO opened in blocking mode;
/// nor is it written when it has other hard links (the pid would land in the linked file) or holds
/// anything but a pid (a file of the user's that happens to have the name).
final class WriteLock: DirectoryLock {
    /// -1 once released.
    private var fd: Int32

    package init(directory: FileSystemDirectory) throws {
        fd = try Self.acquire(directory)
    }

    /// Opens and locks `write.lock`, returning the descriptor. On failure the descriptor is closed
    /// here, before any `WriteLock` exists: a throwing initializer of a fully initialized class runs
    /// `deinit`, which would close it a second time (and maybe someone else's file by then).
    private static func acquire(_ directory: FileSystemDirectory) throws -> Int32 {
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
    package func release() {
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
