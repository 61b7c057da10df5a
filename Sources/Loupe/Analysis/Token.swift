/// One indexed word: its folded term, its position among the words of its field, and the byte range
/// (UTF-8 offsets, `startOffset ..< endOffset`) of the original text it came from.
public struct Token: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The term as indexed and searched (folded, transliterated).
    public var term: String
    /// The exact form (case-folded, not transliterated: `çavuşoğlu`, `москва`) when it differs from
    /// `term`; nil otherwise. Indexed at the same position so exact spellings can rank first.
    public var exact: String?
    /// 0-based word position in the field; phrase queries compare these.
    public var position: Int
    /// UTF-8 byte offset of the first byte of the word in the original text.
    public var startOffset: Int
    /// UTF-8 byte offset one past the last byte of the word in the original text.
    public var endOffset: Int

    public init(term: String, exact: String? = nil, position: Int, startOffset: Int, endOffset: Int) {
        self.term = term
        self.exact = exact
        self.position = position
        self.startOffset = startOffset
        self.endOffset = endOffset
    }

    public var description: String {
        "\(term)\(exact.map { "|" + $0 } ?? "")@\(position)[\(startOffset)..<\(endOffset)]"
    }
}
