/// A read-only view of one index file's bytes (`Directory.openFile`): a memory map of the file on
/// disk, a memory file's buffer in memory. Every read is bounds-checked and throws
/// `LoupeError.corrupt` naming the file rather than trapping, so a damaged or truncated file is
/// reported, never a crash.
///
/// Reads cost ~20 ns (one `loadUnaligned` from the bytes); nothing is copied, and the view holds the
/// bytes' address itself, so which directory made it costs a read nothing.
package final class MappedFile {
    /// The file's name (last path component), used in error messages.
    public let name: String
    /// Size in bytes.
    public let count: Int
    private let base: UnsafeRawPointer?
    /// What keeps the bytes alive while the view is: the mapping (unmapped when freed) or the memory
    /// file's buffer.
    private let owner: AnyObject?

    /// A view of `bytes`, which stay valid while `owner` lives. `name` may be a path: its last
    /// component names the file.
    package init(name: String, bytes: UnsafeRawBufferPointer, owner: AnyObject?) {
        self.name = name.split(separator: "/").last.map(String.init) ?? name
        count = bytes.count
        base = bytes.count == 0 ? nil : bytes.baseAddress.map { UnsafeRawPointer($0) }
        self.owner = owner
    }

    @inline(__always) package func check(_ offset: Int, _ length: Int) throws {
        if offset < 0 || length < 0 || offset > count - length {
            throw LoupeError.corrupt(file: name, reason: "offset \(offset)+\(length) is past the end (\(count) bytes)")
        }
    }

    /// Runs `body` over the bytes `offset ..< offset+length`. The buffer must not escape `body`.
    @inline(__always) public func withBytes<R>(_ offset: Int, _ length: Int, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        try check(offset, length)
        guard let base else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: base + offset, count: length))
    }

    @inline(__always) public func u8(_ offset: Int) throws -> UInt8 {
        try check(offset, 1)
        return base!.load(fromByteOffset: offset, as: UInt8.self)
    }

    @inline(__always) public func u32(_ offset: Int) throws -> UInt32 {
        try check(offset, 4)
        return UInt32(littleEndian: base!.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    @inline(__always) public func u64(_ offset: Int) throws -> UInt64 {
        try check(offset, 8)
        return UInt64(littleEndian: base!.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Reads a LEB128 varint at `offset` and moves `offset` past it. Away from the end of the file
    /// (10 bytes, the longest varint) the bytes are read without a bounds check each.
    @inline(__always) public func varint(_ offset: inout Int) throws -> UInt64 {
        if offset >= 0, offset <= count - 10, let base {
            var p = base + offset
            var b = p.load(as: UInt8.self)
            if b < 0x80 {
                offset += 1
                return UInt64(b)
            }
            var result = UInt64(b & 0x7F)
            var shift: UInt64 = 7
            repeat {
                p += 1
                b = p.load(as: UInt8.self)
                result |= UInt64(b & 0x7F) << shift
                shift += 7
            } while b >= 0x80 && shift < 70
            if b >= 0x80 { throw LoupeError.corrupt(file: name, reason: "bad varint at \(offset)") }
            offset = p - base + 1
            return result
        }
        return try varintChecked(&offset)
    }

    /// Moves `offset` past `n` varints without decoding them (`Varint.skip`: eight bytes at a time).
    /// - Complexity: O(bytes / 8) loads (was one decode per varint: skipping a document's positions).
    @inline(__always) public func skipVarints(_ n: Int, _ offset: inout Int) throws {
        guard n > 0 else { return }
        guard let base, let end = Varint.skip(n, in: UnsafeRawBufferPointer(start: base, count: count), from: offset) else {
            throw LoupeError.corrupt(file: name, reason: "varints past the end at \(offset)")
        }
        offset = end
    }

    /// `varint` with a bounds check on every byte (near the end of the file).
    package func varintChecked(_ offset: inout Int) throws -> UInt64 {
        guard case let .success(v) = Varint.decode(UnsafeRawBufferPointer(start: base, count: count), at: &offset) else {
            throw LoupeError.corrupt(file: name, reason: "bad varint at \(offset)")
        }
        return v
    }

    /// The bytes `offset ..< offset+length` as an array (for keys and stored values).
    public func bytes(_ offset: Int, _ length: Int) throws -> [UInt8] {
        try withBytes(offset, length) { Array($0) }
    }

    /// UTF-8 text at `offset ..< offset+length`.
    public func string(_ offset: Int, _ length: Int) throws -> String {
        try withBytes(offset, length) { String(decoding: $0, as: UTF8.self) }
    }
}
