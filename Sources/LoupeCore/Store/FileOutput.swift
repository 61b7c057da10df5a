/// A buffered, checksummed writer for one new index file: `FileFormat`'s header on creation, the
/// footer (CRC-32C + "LEND") and a sync in `finish()`. The file is closed when the writer is freed
/// if `finish()` was never reached (the half-written file is then never named by a manifest).
/// Bytes go to the directory's `FileSink`, whose failures name the call and the file.
package final class FileOutput {
    /// The file as error messages name it.
    public let path: String
    private let sink: any FileSink
    private var buffer: [UInt8] = []
    private var crc = CRC32C()
    /// Bytes written so far, header included: the offset of the next byte.
    public private(set) var offset = 0

    /// Creates (or truncates) the file `name` of `directory` and writes the header: `FileFormat`'s,
    /// then `segmentID` when the file is one of a segment's (see `FileFormat.openSegmentFile`).
    package init(_ directory: any Directory, name: String, magic: String, version: UInt32, segmentID: [UInt8]? = nil) throws {
        precondition(segmentID.map { $0.count == FileFormat.segmentIDSize } ?? true)
        path = directory.file(name)
        sink = try directory.createFile(name)
        buffer.reserveCapacity(1 << 16)
        writeBytes(Array(magic.utf8))
        writeU32(version)
        if let segmentID { writeBytes(segmentID) }
    }

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
        Varint.encode(v) { writeByte($0) }
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
            try sink.write(raw)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes the footer, syncs and closes. Returns the file size.
    @discardableResult
    public func finish() throws -> Int {
        try flush()
        let sum = crc.value
        withUnsafeBytes(of: sum.littleEndian) { buffer.append(contentsOf: $0) }
        buffer.append(contentsOf: FileFormat.footerMagic)
        offset += FileFormat.footerSize
        try flush()
        try sink.sync()
        try sink.close()
        return offset
    }
}
