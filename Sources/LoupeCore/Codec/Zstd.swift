import CZstd

/// What every zstd frame Loupe writes and reads keeps to: its content (the raw bytes) is at most
/// `maxRatio` times the frame's size. zstd can pack gigabytes of zeros into a few kilobytes, so a
/// damaged or crafted file could otherwise make a reader allocate and unpack far more than the
/// file holds; with the cap, what a frame costs is bounded by its own size, checked before anything
/// is allocated. Real blocks compress 2–5 times; a writer whose data compresses more (long runs of
/// one byte) writes it in a frame of stored (uncompressed) blocks instead, so every frame written
/// is read back.
package enum ZstdLimits {
    package static let maxRatio = 128
    /// A stored block's largest content (zstd's block size limit).
    static let storedBlockBytes = 128 << 10

    /// Whether a frame of `frameBytes` bytes may claim `rawLength` bytes of content.
    package static func allows(rawLength: Int, frameBytes: Int) -> Bool {
        rawLength >= 0 && frameBytes >= 0 && rawLength / maxRatio <= frameBytes
    }

    /// `raw` as one zstd frame of stored blocks: magic, a header declaring the content size (8
    /// bytes, single segment), then blocks of up to 128 KiB, each a 3-byte header (last flag, type
    /// 0 = raw, size) and the bytes as they are.
    static func storedFrame(_ raw: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0xE0]
        withUnsafeBytes(of: UInt64(raw.count).littleEndian) { out.append(contentsOf: $0) }
        var start = 0
        repeat {
            let n = min(storedBlockBytes, raw.count - start)
            let last: UInt32 = start + n == raw.count ? 1 : 0
            let header = UInt32(n) << 3 | last
            out.append(contentsOf: [UInt8(truncatingIfNeeded: header), UInt8(truncatingIfNeeded: header >> 8), UInt8(truncatingIfNeeded: header >> 16)])
            out.append(contentsOf: raw[start..<(start + n)])
            start += n
        } while start < raw.count
        return out
    }
}

/// One zstd compression context (libzstd's `ZSTD_CCtx`), reused for every block a writer compresses
/// and freed in `deinit`. Not thread-safe: one per writer.
package final class ZstdCompressor {
    private let context: OpaquePointer
    package let level: Int32

    package init(level: Int32 = 3) {
        context = ZSTD_createCCtx()
        self.level = level
    }

    deinit { ZSTD_freeCCtx(context) }

    /// `raw` compressed as one zstd frame, within `ZstdLimits.maxRatio` (stored blocks when it
    /// compresses more).
    /// - Complexity: O(raw.count); level 3 runs at a few hundred MB/s.
    package func compress(_ raw: [UInt8]) throws -> [UInt8] {
        let bound = ZSTD_compressBound(raw.count)
        var out = [UInt8](repeating: 0, count: bound)
        let n = out.withUnsafeMutableBytes { dst in
            raw.withUnsafeBytes { src in
                ZSTD_compressCCtx(context, dst.baseAddress, bound, src.baseAddress, src.count, level)
            }
        }
        if ZSTD_isError(n) != 0 {
            throw LoupeError.invalidArgument("zstd: \(String(cString: ZSTD_getErrorName(n)))")
        }
        out.removeSubrange(n...)
        return ZstdLimits.allows(rawLength: raw.count, frameBytes: out.count) ? out : ZstdLimits.storedFrame(raw)
    }
}

/// One zstd decompression context (`ZSTD_DCtx`), freed in `deinit`. Not thread-safe: callers lock.
package final class ZstdDecompressor {
    private let context: OpaquePointer

    package init() { context = ZSTD_createDCtx() }

    deinit { ZSTD_freeDCtx(context) }

    /// Decompresses one frame that must expand to exactly `rawLength` bytes; nil if it is damaged.
    /// The frame's header must declare that content size (Loupe's writer always records it), so a
    /// damaged length field is refused before `rawLength` bytes are allocated, and the buffer is
    /// not zero-filled first: its pages are touched only as zstd writes them. A claim beyond
    /// `ZstdLimits.maxRatio` times the frame's size is refused the same way.
    /// - Complexity: O(rawLength); roughly 1 GB/s.
    package func decompress(_ frame: UnsafeRawBufferPointer, rawLength: Int) -> [UInt8]? {
        guard rawLength > 0 else { return [] }
        guard ZstdLimits.allows(rawLength: rawLength, frameBytes: frame.count), let src = frame.baseAddress,
              ZSTD_getFrameContentSize(src, frame.count) == UInt64(rawLength) else { return nil }
        var ok = false
        let out = [UInt8](unsafeUninitializedCapacity: rawLength) { dst, initialized in
            let n = ZSTD_decompressDCtx(context, dst.baseAddress, rawLength, src, frame.count)
            ok = ZSTD_isError(n) == 0 && n == rawLength
            // On failure the bytes are not all written: report none, so none is read.
            initialized = ok ? rawLength : 0
        }
        return ok ? out : nil
    }
}
