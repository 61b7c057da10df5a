/// Drops terms longer than `maxBytes` UTF-8 bytes (base64 blobs, minified code), as Lucene drops
/// tokens over 255 characters: they bloat the dictionary and nobody types them.
public final class LengthFilter: TermFilter, ASCIIAwareTermFilter {
    /// The longest term kept, in UTF-8 bytes.
    package let maxBytes: Int

    /// A filter keeping terms of 1 to `maxBytes` UTF-8 bytes (255 by default, Lucene's limit).
    public init(maxBytes: Int = 255) { self.maxBytes = maxBytes }

    /// An ASCII word of at most 255 bytes is kept as it is when the limit is 255 or more.
    package var asciiWords: ASCIIWordEffect { maxBytes >= 255 ? .unchanged : .other }

    public func filter(_ term: String) -> String? {
        term.utf8.count > maxBytes || term.isEmpty ? nil : term
    }
}
