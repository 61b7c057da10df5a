import CArchive

/// Reads compressed files and zip/tar archives from memory through libarchive, with every
/// expansion bounded: a member (or a compressed file) that would expand past `limit` bytes stops the
/// read with `ExtractionError.tooLarge`, before that much is allocated.
///
/// Not `Sendable`: one reader, on one thread, for one archive; it owns libarchive's handle.
final class ArchiveReader {
    private let handle: OpaquePointer
    /// A copy of the archive's bytes that libarchive reads (it must not move while it does).
    private let pointer: UnsafeMutableRawBufferPointer
    let limit: Int

    /// What kind of input.
    enum Kind {
        /// One compressed stream (gzip, bzip2, xz, zstd), read as a single member.
        case compressed
        /// A zip or tar archive (itself maybe compressed), read member by member.
        case archive
    }

    /// - Throws: `ExtractionError.damaged` when libarchive does not recognize the bytes.
    init(_ data: [UInt8], kind: Kind, limit: Int) throws {
        guard let a = archive_read_new() else { throw ExtractionError.damaged("libarchive: out of memory") }
        // libarchive reads from a buffer it does not own: a copy that lives as long as the reader.
        pointer = .allocate(byteCount: max(1, data.count), alignment: 1)
        handle = a
        self.limit = limit
        data.withUnsafeBytes { if !$0.isEmpty { pointer.copyMemory(from: $0) } }
        archive_read_support_filter_all(a)
        switch kind {
        case .compressed:
            archive_read_support_format_raw(a)
        case .archive:
            archive_read_support_format_zip(a)
            archive_read_support_format_tar(a)
            archive_read_support_format_gnutar(a)
        }
        // On failure `deinit` frees the handle and the copy (every property is set by now).
        guard archive_read_open_memory(a, pointer.baseAddress, data.count) == ARCHIVE_OK else {
            throw ExtractionError.damaged(errorString)
        }
    }

    deinit {
        archive_read_free(handle)
        pointer.deallocate()
    }

    private var errorString: String {
        archive_error_string(handle).map { String(cString: $0) } ?? "not a readable archive"
    }

    /// A member's header.
    struct Member {
        /// Its path inside the archive (`""` for a compressed stream).
        var path: String
        /// Its declared size, or nil when the archive does not say (compressed streams).
        var size: Int?
        /// Whether it is a regular file (not a folder, a link, a device).
        var isFile: Bool
    }

    /// The next member's header, or nil at the end.
    /// - Throws: `ExtractionError.damaged`.
    func next() throws -> Member? {
        var entry: OpaquePointer?
        let r = archive_read_next_header(handle, &entry)
        if r == ARCHIVE_EOF { return nil }
        guard r == ARCHIVE_OK || r == ARCHIVE_WARN, let entry else { throw ExtractionError.damaged(errorString) }
        let path = archive_entry_pathname_utf8(entry).map { String(cString: $0) }
            ?? archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
        let size = archive_entry_size_is_set(entry) != 0 ? Int(archive_entry_size(entry)) : nil
        let isFile = archive_entry_filetype(entry) == 0o100000 // AE_IFREG, a macro Swift does not import
        return Member(path: path, size: size, isFile: isFile)
    }

    /// The current member's bytes, at most `limit` of them.
    /// - Throws: `ExtractionError.tooLarge` past the limit, `.damaged` on a read error.
    func read(limit: Int? = nil) throws -> [UInt8] {
        let limit = limit ?? self.limit
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = chunk.withUnsafeMutableBytes { archive_read_data(handle, $0.baseAddress, $0.count) }
            if n == 0 { return out }
            guard n > 0 else { throw ExtractionError.damaged(errorString) }
            guard out.count + n <= limit else { throw ExtractionError.tooLarge(limit: limit) }
            out.append(contentsOf: chunk[..<n])
        }
    }

    /// Skips the current member's bytes.
    func skip() { archive_read_data_skip(handle) }

    /// The members of the zip `data` whose paths `wanted` accepts, each read whole (at most `limit`
    /// bytes each, and `limit` in all).
    static func members(of data: [UInt8], limit: Int, wanted: (String) -> Bool) throws -> [String: [UInt8]] {
        let reader = try ArchiveReader(data, kind: .archive, limit: limit)
        var out: [String: [UInt8]] = [:]
        var total = 0
        while let m = try reader.next() {
            guard m.isFile, wanted(m.path) else { reader.skip(); continue }
            let bytes = try reader.read(limit: limit - total)
            total += bytes.count
            out[m.path] = bytes
        }
        return out
    }
}
