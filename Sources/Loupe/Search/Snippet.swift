/// A passage of a hit's text with the words that matched the query.
public struct Snippet: Sendable, Equatable {
    /// The passage, with line breaks and tabs turned into spaces (each is one byte, so offsets hold).
    public let text: String
    /// Byte offsets of the passage in the document's text (`start ..< end`).
    public let start: Int
    public let end: Int
    /// Byte ranges of the matched words, relative to `text` (add `start` for document offsets).
    public let highlights: [Range<Int>]

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
    /// Words in a passage.
    var windowWords = 24
    /// Text analyzed at most (the start of very large documents).
    var maxBytes = 1 << 20

    init(query: Query) {
        var f = Set<String>(), e = Set<String>()
        Self.collect(query, &f, &e)
        folded = f
        exact = e
    }

    private static func collect(_ q: Query, _ f: inout Set<String>, _ e: inout Set<String>) {
        switch q {
        case let .term(t, field) where field == nil || field == "body": f.insert(t)
        case let .exact(t, field) where field == nil || field == "body": e.insert(t)
        case let .phrase(ts, field, ex) where field == nil || field == "body":
            if ex { e.formUnion(ts) } else { f.formUnion(ts) }
        case let .boolean(cs): for c in cs where c.occur != .mustNot { collect(c.query, &f, &e) }
        case let .boosted(inner, _): collect(inner, &f, &e)
        default: break
        }
    }

    /// Up to `count` passages of `text`, in document order. With no match in the text, its start.
    /// - Complexity: O(n) analysis of the first `maxBytes` of `text`.
    func passages(of text: String, count: Int, analyzer: Analyzer) -> [Snippet] {
        guard count > 0, !text.isEmpty else { return [] }
        var bytes = Array(text.utf8.prefix(maxBytes))
        if bytes.count < text.utf8.count {
            // Cut at a scalar boundary: drop a trailing partial UTF-8 sequence.
            while let last = bytes.last, last & 0xC0 == 0x80 { bytes.removeLast() }
            if let last = bytes.last, last >= 0xC0 { bytes.removeLast() }
        }
        let head = String(decoding: bytes, as: UTF8.self)
        var tokens: [Token] = []
        var matched: [Int] = []
        analyzer.analyze(head) { t in
            if folded.contains(t.term) || exact.contains(t.exact ?? t.term) { matched.append(tokens.count) }
            tokens.append(t)
        }
        if tokens.isEmpty { return [] }
        if matched.isEmpty { return [snippet(bytes, tokens, from: 0, to: min(tokens.count, windowWords) - 1, matched: [])] }

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
            let last = min(tokens.count - 1, max(w.last, first + windowWords - 1))
            return snippet(bytes, tokens, from: first, to: last, matched: matchSet)
        }
    }

    private func snippet(_ bytes: [UInt8], _ tokens: [Token], from first: Int, to last: Int, matched: Set<Int>) -> Snippet {
        let start = tokens[first].startOffset
        var end = tokens[last].endOffset
        // Keep a closing punctuation mark right after the last word.
        if end < bytes.count, [0x2E, 0x21, 0x3F, 0x29].contains(bytes[end]) { end += 1 }
        let text = String(decoding: bytes[start..<end].map { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 ? 0x20 : $0 }, as: UTF8.self)
        let highlights = (first...last).filter { matched.contains($0) }.map {
            (tokens[$0].startOffset - start) ..< (tokens[$0].endOffset - start)
        }
        return Snippet(text: text, start: start, end: end, highlights: highlights)
    }
}
