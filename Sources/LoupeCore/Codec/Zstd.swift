import CZstd

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

    /// `raw` compressed as one zstd frame.
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
        return out
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
    /// not zero-filled first: its pages are touched only as zstd writes them.
    /// - Complexity: O(rawLength); roughly 1 GB/s.
    package func decompress(_ frame: UnsafeRawBufferPointer, rawLength: Int) -> [UInt8]? {
        guard rawLength > 0 else { return [] }
        guard let src = frame.baseAddress,
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
