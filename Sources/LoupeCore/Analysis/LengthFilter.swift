/// Drops terms longer than `maxBytes` UTF-8 bytes (base64 blobs, minified code), as Lucene drops
/// tokens over 255 characters: they bloat the dictionary and nobody types them.
public final class LengthFilter: TermFilter {
    public let maxBytes: Int

    public init(maxBytes: Int = 255) { self.maxBytes = maxBytes }

    public func filter(_ term: String) -> String? {
        term.utf8.count > maxBytes || term.isEmpty ? nil : term
    }
}
