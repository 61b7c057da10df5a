/// A passage of a hit's text with the words that matched the query.
public struct Snippet: Sendable, Equatable {
    /// The passage, with each run of white space (line breaks, tabs) shown as one space.
    public let text: String
    /// Byte offset of the passage's start in the document's text.
    package let start: Int
    /// Byte offset one past the passage's end in the document's text.
    package let end: Int
    /// Byte ranges of the matched words in `text`.
    public let highlights: [Range<Int>]
    /// Byte ranges of the same words in the document's text.
    package let documentHighlights: [Range<Int>]
    /// Whether text of the document comes before the passage (show an ellipsis).
    public var continuesBefore: Bool { start > 0 }
    /// Whether text of the document comes after the passage (show an ellipsis).
    public let continuesAfter: Bool

    /// The passage with every highlight wrapped in `open` / `close` (ANSI codes or plain markers).
    public func marked(open: String, close: String) -> String {
        let bytes = Array(text.utf8)
        var out = ""
        var at = 0
        for h in highlights {
            out += String(decoding: bytes[at..<h.lowerBound], as: UTF8.self)
            out += open + String(decoding: bytes[h], as: UTF8.self) + close
            at = h.upperBound
        }
        out += String(decoding: bytes[at...], as: UTF8.self)
        return out
    }
}

/// Picks the best passages of a text for a query: the windows of words holding the most distinct
/// query terms, then the most matches, with the matched words located by the same analysis as the
/// index (so `mevlut` lights up `Mevlüt` and `moskva` lights up `Москва`).
struct SnippetBuilder {
    /// Folded terms and exact forms to highlight.
    let folded: Set<String>
    let exact: Set<String>
    /// Words in a passage, at most.
    var windowWords = 24
    /// Characters in a passage, about (words are never cut): one line of a terminal.
    var maxCharacters = 110
    /// Text analyzed at most (the start of very large documents).
    var maxBytes = 1 << 20

    /// Highlights `terms` searched in `field` or in every field.
    init(terms: [HighlightTerm], field: String?) {
        var f = Set<String>(), e = Set<String>()
        for t in terms where t.field == nil || t.field == field {
            if t.exact { e.insert(t.term) } else { f.insert(t.term) }
        }
        folded = f
        exact = e
    }

    /// Highlights the terms `weight` reports for `field`.
    init(weight: any Weight, field: String?) {
        var terms: [HighlightTerm] = []
        weight.visitTerms { terms.append($0) }
        self.init(terms: terms, field: field)
    }

    /// Up to `count` passages of `text`, in document order. With no match in the text, its start.
    /// - Complexity: O(n) analysis of the first `maxBytes` of `text`.
    /// `language`: the one the text was indexed in, whose stems of its words are highlighted too (a
    /// document found by a stem alone shows where).
    func passages(of text: String, count: Int, analyzer: Analyzer, language: Language? = nil) throws -> [Snippet] {
        guard count > 0, !text.isEmpty else { return [] }
        var bytes = Array(text.utf8.prefix(maxBytes))
        let cut = bytes.count < text.utf8.count
        if cut {
            // Cut at a scalar boundary: drop a trailing partial UTF-8 sequence.
            while let last = bytes.last, last & 0xC0 == 0x80 { bytes.removeLast() }
            if let last = bytes.last, last >= 0xC0 { bytes.removeLast() }
        }
        let head = String(decoding: bytes, as: UTF8.self)
        var tokens: [Token] = []
        var matched: [Int] = []
        try analyzer.analyze(head, language: language) { t in
            if folded.contains(t.term) || exact.contains(t.exact ?? t.term) || t.stems.contains(where: folded.contains) {
                matched.append(tokens.count)
            }
            tokens.append(t)
        }
        if tokens.isEmpty { return [] }
        if matched.isEmpty {
            var l = min(tokens.count, windowWords) - 1
            while l > 0 && String(decoding: bytes[0..<tokens[l].endOffset], as: UTF8.self).count > maxCharacters { l -= 1 }
            return [snippet(bytes, tokens, from: 0, to: l, matched: [], cut: cut)]
        }

        // Score every window that starts at a match; keep the best non-overlapping ones.
        var windows: [(score: Int, first: Int, last: Int)] = []
        var j = 0
        for (i, m) in matched.enumerated() {
            if j < i { j = i }
            while j + 1 < matched.count && matched[j + 1] - m < windowWords { j += 1 }
            let terms = Set(matched[i...j].map { tokens[$0].exact ?? tokens[$0].term })
            windows.append((terms.count * 1000 + (j - i + 1), m, matched[j]))
        }
        windows.sort { $0.score != $1.score ? $0.score > $1.score : $0.first < $1.first }
        var chosen: [(first: Int, last: Int)] = []
        for w in windows where chosen.count < count {
            if chosen.contains(where: { w.first <= $0.last + windowWords && $0.first <= w.last + windowWords }) { continue }
            chosen.append((w.first, w.last))
        }
        let matchSet = Set(matched)
        return chosen.sorted { $0.first < $1.first }.map { w in
            // Center the matches in a window of `windowWords` words.
            let span = w.last - w.first + 1
            let before = max(0, (windowWords - span) / 3)
            let first = max(0, w.first - before)
            var f = first, l = min(tokens.count - 1, max(w.last, first + windowWords - 1))
            func width() -> Int { String(decoding: bytes[tokens[f].startOffset..<tokens[l].endOffset], as: UTF8.self).count }
            while l > w.last && width() > maxCharacters { l -= 1 }
            while f < w.first && width() > maxCharacters { f += 1 }
            return snippet(bytes, tokens, from: f, to: l, matched: matchSet, cut: cut)
        }
    }

    private func snippet(_ bytes: [UInt8], _ tokens: [Token], from first: Int, to last: Int, matched: Set<Int>,
                         cut: Bool) -> Snippet {
        let start = tokens[first].startOffset
        var end = tokens[last].endOffset
        // Keep a closing punctuation mark right after the last word.
        if end < bytes.count, [0x2E, 0x21, 0x3F, 0x29].contains(bytes[end]) { end += 1 }
        // Collapse white space runs; map each original offset to its place in the collapsed text.
        var out: [UInt8] = []
        var newOffset = [Int](repeating: 0, count: end - start + 1)
        var lastSpace = false
        for i in start..<end {
            newOffset[i - start] = out.count
            let b = bytes[i]
            let space = b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x0B || b == 0x0C // form feed: a page break
            if space && lastSpace { continue }
            out.append(space ? 0x20 : b)
            lastSpace = space
        }
        newOffset[end - start] = out.count
        let text = String(decoding: out, as: UTF8.self)
        let words = (first...last).filter { matched.contains($0) }
        let highlights = words.map { newOffset[tokens[$0].startOffset - start] ..< newOffset[tokens[$0].endOffset - start] }
        let documentHighlights = words.map { tokens[$0].startOffset ..< tokens[$0].endOffset }
        let after = cut || bytes[end...].contains { $0 > 0x20 }
        return Snippet(text: text, start: start, end: end, highlights: highlights, documentHighlights: documentHighlights, continuesAfter: after)
    }
}
