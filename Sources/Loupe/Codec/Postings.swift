/// Postings of a segment: for each term, the documents that contain it with their term frequencies
/// (`<segment>.doc`), and the word positions of each occurrence (`<segment>.pos`).
///
/// File `<segment>.doc` (magic "LDOC", version 1), inside `FileFormat`'s envelope:
/// ```
/// body     := termDocs*                         -- one run per term, at TermInfo.docOffset
/// termDocs := posting{docFreq}
/// posting  := code:varint freq:varint?          -- code = delta << 1 | (freq == 1 ? 1 : 0);
///                                               -- freq is present only when code's low bit is 0
/// ```
/// `delta` is the doc id minus the previous doc id of the run (the first delta is the doc id itself).
///
/// File `<segment>.pos` (magic "LPOS", version 1):
/// ```
/// body     := termPos*                          -- one run per term, at TermInfo.posOffset
/// termPos  := (posDelta:varint{freq})*          -- per posting in doc order, positions ascending,
///                                               -- each minus the previous of the same doc (first: itself)
/// ```
/// Example: a term in doc 3 at positions 0 and 4 and in doc 7 at position 2:
/// `.doc`: `06 02  09` (3<<1|0, freq 2; 4<<1|1); `.pos`: `00 04  02`.
public enum PostingsFormat {
    public static let docMagic = "LDOC"
    public static let posMagic = "LPOS"
    public static let version: UInt32 = 1
    /// The doc id past every real one: what an exhausted iterator reports.
    public static let noMoreDocs = Int32.max
}

/// Appends postings in `PostingsFormat` to in-memory byte buffers (used by the in-memory segment).
struct PostingsEncoder {
    @inline(__always) static func varint(_ v: UInt32, into out: inout [UInt8]) {
        var v = v
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    @inline(__always) static func posting(delta: UInt32, freq: UInt32, into out: inout [UInt8]) {
        if freq == 1 {
            varint(delta << 1 | 1, into: &out)
        } else {
            varint(delta << 1, into: &out)
            varint(freq, into: &out)
        }
    }
}

/// Walks one term's postings in a segment, document at a time, reading the mmap directly.
/// Positions are decoded only when asked for (`positions()`), for phrase candidates.
public final class PostingsIterator {
    private let docs: MappedFile
    private let pos: MappedFile
    private var docOffset: Int
    private var posOffset: Int
    private var remaining: Int
    /// Position varints of earlier postings not yet skipped in `.pos`.
    private var pendingPositions = 0
    /// The current document, or `PostingsFormat.noMoreDocs`; -1 before the first `next()`.
    public private(set) var doc: Int32 = -1
    /// The term's frequency in the current document.
    public private(set) var freq: UInt32 = 0
    public let docFreq: Int

    init(docs: MappedFile, pos: MappedFile, info: TermInfo) {
        self.docs = docs
        self.pos = pos
        docOffset = info.docOffset
        posOffset = info.posOffset
        remaining = info.docFreq
        docFreq = info.docFreq
    }

    /// Moves to the next document and returns it (or `noMoreDocs`).
    @discardableResult
    public func next() throws -> Int32 {
        if remaining == 0 {
            doc = PostingsFormat.noMoreDocs
            return doc
        }
        remaining -= 1
        pendingPositions += Int(freq)
        let code = try docs.varint(&docOffset)
        let f = code & 1 == 1 ? 1 : try docs.varint(&docOffset)
        let d = Int64(max(doc, 0)) + Int64(code >> 1)
        guard d < Int64(PostingsFormat.noMoreDocs), f > 0, f < UInt64(UInt32.max) else {
            throw LoupeError.corrupt(file: docs.name, reason: "bad posting at \(docOffset)")
        }
        doc = Int32(d)
        freq = UInt32(f)
        return doc
    }

    /// Moves to the first document ≥ `target` and returns it (or `noMoreDocs`).
    /// - Complexity: linear in the postings passed (version 1 has no skip data).
    @discardableResult
    public func advance(to target: Int32) throws -> Int32 {
        while doc < target { try next() }
        return doc
    }

    /// The positions of the term in the current document, ascending.
    public func positions() throws -> [Int32] {
        while pendingPositions > 0 {
            _ = try pos.varint(&posOffset)
            pendingPositions -= 1
        }
        var out: [Int32] = []
        out.reserveCapacity(Int(freq))
        var p: Int64 = 0
        for _ in 0..<freq {
            p += Int64(try pos.varint(&posOffset))
            out.append(Int32(truncatingIfNeeded: p))
        }
        freq = 0 // these positions are consumed: nothing to skip for this doc
        return out
    }
}
