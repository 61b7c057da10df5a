/// A growable array of plain values kept in fixed pages of `pageCount` elements: what an in-memory
/// segment keeps its per-term records in. An `Array` doubles its storage when full, so a buffer of
/// 263k terms held a 524k-element array (27 MB of 52-byte records, half of it empty) and, while
/// growing, the old copy too; pages cost at most one partly filled page and are never copied.
///
/// Not thread-safe: one writer thread owns it.
/// - Complexity: `append` O(1) (a page allocated every `pageCount` appends), access O(1).
final class PagedArray<Element: BitwiseCopyable> {
    static var pageBits: Int { 12 }
    static var pageCount: Int { 1 << pageBits }

    @exclusivity(unchecked) private var pages: [UnsafeMutablePointer<Element>] = []
    @exclusivity(unchecked) private(set) var count = 0

    init() {}

    deinit {
        for p in pages { p.deallocate() }
    }

    /// Bytes the pages hold.
    var bytesUsed: Int { pages.count * Self.pageCount * MemoryLayout<Element>.stride }

    @inline(__always) func append(_ value: Element) {
        if count == pages.count << Self.pageBits {
            pages.append(UnsafeMutablePointer<Element>.allocate(capacity: Self.pageCount))
        }
        pointer(count).initialize(to: value)
        count += 1
    }

    /// Where element `i` (< `count`) lives.
    @inline(__always) private func pointer(_ i: Int) -> UnsafeMutablePointer<Element> {
        pages[i >> Self.pageBits] + (i & (Self.pageCount - 1))
    }

    @inline(__always) subscript(i: Int) -> Element {
        precondition(i >= 0 && i < count, "index \(i) out of 0..<\(count)")
        return pointer(i).pointee
    }

    /// Runs `body` on element `i` in place.
    @inline(__always) func update<R>(_ i: Int, _ body: (inout Element) -> R) -> R {
        precondition(i >= 0 && i < count, "index \(i) out of 0..<\(count)")
        return body(&pointer(i).pointee)
    }
}
