/// Many growing byte streams in one pool of bytes: what an in-memory segment keeps each term's
/// encoded postings and positions in, instead of two Swift arrays per term (a term seen once then
/// costs two 8-byte slices, not two heap allocations of ~48 bytes with their headers and growth
/// slack; on debdocs a buffer holds ~250k terms, 70 % of them with one or two postings).
///
/// The pool is a list of 64 KiB zeroed pages it allocates and frees itself (no array growth: nothing
/// is copied or over-allocated as it grows). A stream is a chain of slices inside the pages whose
/// sizes grow (8, 16, 32, … 1024 bytes); the last 4 bytes of a slice are its pointer area: while the
/// slice is being filled its first byte holds the slice's level + 1 (never 0), once it is full they
/// hold the address of the next slice. A writer finds a slice's end by meeting that non-zero byte
/// where its next byte would go (bytes not yet written are 0), so a `Stream` is two addresses, the
/// start and the next byte (8 bytes, as Lucene's `ByteBlockPool` slices do with their end markers;
/// a cursor that also kept the slice's end and level was 16). An address is `page << 16 | offset`.
/// `read` walks a stream from its start, recomputing the slice sizes.
///
/// Layout of one stream of 10 bytes `b0…b9` that started at address 0 (4 data bytes in the first
/// 8-byte slice, then a 16-byte slice at address 8):
/// ```
/// address 0:  b0 b1 b2 b3 | 08 00 00 00        -- 8-byte slice: 4 data bytes, next slice at 8
/// address 8:  b4 … b9 (6 bytes) | 00 × 6 | 02 00 00 00   -- level 1's marker, where a next pointer goes
/// ```
final class ByteSlicePool {
    /// Slice sizes by level, pointer area included.
    static let sizes: [Int32] = [8, 16, 32, 64, 128, 256, 512, 1024]
    static let pageBits = 16
    static let pageSize = 1 << pageBits

    // One thread fills a pool: no dynamic exclusivity checks on its hot state.
    @exclusivity(unchecked) private var pages: [UnsafeMutablePointer<UInt8>] = []
    /// Bytes used in the last page.
    @exclusivity(unchecked) private var used = pageSize

    /// Where a stream starts and where its next byte goes (addresses in the pool).
    struct Stream {
        /// Address of the first slice (-1: nothing written yet).
        var start: Int32 = -1
        /// Address of the next byte to write; when it holds a non-zero byte, the slice is full.
        var upto: Int32 = 0
        var isEmpty: Bool { start < 0 }
    }

    init() {}

    deinit {
        for p in pages { p.deallocate() }
    }

    /// Bytes the pool holds (its pages).
    var capacity: Int { pages.count * Self.pageSize }

    @inline(__always) private func pointer(_ address: Int32) -> UnsafeMutablePointer<UInt8> {
        pages[Int(address) >> Self.pageBits] + (Int(address) & (Self.pageSize - 1))
    }

    /// A new slice of `level`, its marker (level + 1) written at the start of its pointer area.
    private func newSlice(level: Int) -> Int32 {
        let size = Int(Self.sizes[level])
        if used + size > Self.pageSize {
            precondition(pages.count < Int(Int32.max) >> Self.pageBits, "byte slice pool over 2 GiB")
            let page = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.pageSize)
            page.initialize(repeating: 0, count: Self.pageSize)
            pages.append(page)
            used = 0
        }
        defer { used += size }
        let address = Int32((pages.count - 1) << Self.pageBits | used)
        pointer(address + Int32(size) - 4).pointee = UInt8(level + 1)
        return address
    }

    /// Appends one byte to `stream`, starting it or chaining a larger slice when needed.
    /// - Complexity: O(1).
    @inline(__always) func append(_ byte: UInt8, to stream: inout Stream) {
        if stream.start < 0 {
            stream.start = newSlice(level: 0)
            stream.upto = stream.start
        } else {
            let marker = pointer(stream.upto).pointee
            if marker != 0 {
                // The slice is full: `upto` is its pointer area, the marker its level + 1.
                let next = newSlice(level: min(Int(marker), Self.sizes.count - 1))
                UnsafeMutableRawPointer(pointer(stream.upto)).storeBytes(of: next.littleEndian, as: Int32.self)
                stream.upto = next
            }
        }
        pointer(stream.upto).pointee = byte
        stream.upto += 1
    }

    /// Appends `v` as a LEB128 varint.
    @inline(__always) func appendVarint(_ v: UInt32, to stream: inout Stream) {
        Varint.encode(v) { append($0, to: &stream) }
    }

    /// The bytes of `stream`, in order, appended to `out`.
    /// - Complexity: O(stream length).
    func read(_ stream: Stream, into out: inout [UInt8]) {
        guard !stream.isEmpty else { return }
        var at = stream.start, level = 0
        var end = at + Self.sizes[0] - 4
        while true {
            // The last slice holds `upto` (slices of one stream only ever come later in the pool).
            let last = at <= stream.upto && stream.upto <= end
            let stop = last ? stream.upto : end
            out.append(contentsOf: UnsafeBufferPointer(start: pointer(at), count: Int(stop - at)))
            if last { return }
            at = Int32(littleEndian: UnsafeRawPointer(pointer(end)).loadUnaligned(as: Int32.self))
            level = min(level + 1, Self.sizes.count - 1)
            end = at + Self.sizes[level] - 4
        }
    }
}
