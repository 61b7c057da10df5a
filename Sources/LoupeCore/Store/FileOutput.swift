import Glibc

/// A buffered, checksummed writer for one new index file: `FileFormat`'s header on creation, the
/// footer (CRC-32C + "LEND") and an fsync in `finish()`. Closes its descriptor in `deinit` if
/// `finish()` was never reached (the half-written file is then never named by a manifest).
/// Every system call goes through `fileSystem`, and a failed one throws an error naming the call and
/// the path.
package final class FileOutput {
    public let path: String
    private let fileSystem: any FileSystem
    private var fd: Int32
    private var buffer: [UInt8] = []
    private var crc = CRC32C()
    /// Bytes written so far, header included: the offset of the next byte.
    public private(set) var offset = 0

    /// Creates (or truncates) `path` and writes the header: `FileFormat`'s, then `segmentID` when the
    /// file is one of a segment's (see `FileFormat.openSegmentFile`). A symlink at `path` is not
    /// followed (the open fails).
    package init(path: String, magic: String, version: UInt32, segmentID: [UInt8]? = nil,
         fileSystem: any FileSystem = PosixFileSystem()) throws {
        precondition(segmentID.map { $0.count == FileFormat.segmentIDSize } ?? true)
        self.path = path
        self.fileSystem = fileSystem
        fd = fileSystem.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        if fd < 0 { throw PosixFileSystem.failure("open", path) }
        buffer.reserveCapacity(1 << 16)
        writeBytes(Array(magic.utf8))
        writeU32(version)
        if let segmentID { writeBytes(segmentID) }
    }

    deinit { if fd >= 0 { _ = fileSystem.close(fd) } }

    @inline(__always) public func writeByte(_ b: UInt8) {
        buffer.append(b)
        offset += 1
    }

    public func writeBytes<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        offset += bytes.count
    }

    public func writeU32(_ v: UInt32) {
        withUnsafeBytes(of: v.littleEndian) { writeBytes($0) }
    }

    public func writeU64(_ v: UInt64) {
        withUnsafeBytes(of: v.littleEndian) { writeBytes($0) }
    }

    @inline(__always) public func writeVarint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            writeByte(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        writeByte(UInt8(v))
    }

    /// Writes a varint length then the UTF-8 bytes of `s`.
    public func writeString(_ s: String) {
        writeVarint(UInt64(s.utf8.count))
        writeBytes(s.utf8)
    }

    /// Flushes the buffer when it is large; call between records.
    public func maybeFlush() throws { if buffer.count >= 1 << 16 { try flush() } }

    private func flush() throws {
        try buffer.withUnsafeBytes { raw in
            crc.update(raw)
            try fileSystem.writeAll(fd, raw, path: path)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes the footer, fsyncs and closes. Returns the file size.
    @discardableResult
    public func finish() throws -> Int {
        try flush()
        let sum = crc.value
        withUnsafeBytes(of: sum.littleEndian) { buffer.append(contentsOf: $0) }
        buffer.append(contentsOf: FileFormat.footerMagic)
        offset += FileFormat.footerSize
        try flush()
        try fileSystem.sync(fd, path: path)
        let closed = fileSystem.close(fd)
        fd = -1
        if closed != 0 { throw PosixFileSystem.failure("close", path) }
        return offset
    }
}
