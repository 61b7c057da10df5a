import CCLD2Shim

/// A text's passages in their languages. Paragraphs (blocks between blank lines) that `EnglishSignal`
/// calls English are English; CLD2 reads the others (`ExtDetectLanguageSummary` with its result
/// chunks), at most `cld2Budget` bytes of them, as much as whole-text detection reads: a text costs
/// CLD2 no more than it did with one language, and English command output and prose in a translated
/// page cost it nothing.
extension Language {
    /// The UTF-8 bytes of a text whose passages are told apart; what follows is in its main language.
    static let passageWindow = 65_536

    /// The bytes of a text's paragraphs CLD2 reads, at most (those after it take the language CLD2
    /// found in the ones before).
    static let cld2Budget = 4096

    /// A language other than the main one keeps its passages only when they have at least this many
    /// bytes (the bytes a field needs to be detected alone); fewer, they are noise (a name, a command
    /// read as Welsh) and are in the main language.
    static let minimumPassageBytes = 200

    /// At most this many of CLD2's spans are read (a text alternating more often than that keeps the
    /// last span's language to the end of what CLD2 read).
    static let maximumSpans = 1024

    /// The main language and the passages of `text` (plain UTF-8; the first `passageWindow` bytes
    /// read): English throughout when `EnglishSignal` says so of the window. Else each paragraph
    /// English by the signal is English, and the others are in CLD2's languages: its spans of the
    /// first `cld2Budget` bytes of them, each in its language when that is one of CLD2's top three
    /// with `minimumPassageBytes`, else (and in the paragraphs past the budget) in CLD2's language of
    /// them all, as `detect` takes it. The main language is the one of the most bytes, but English
    /// yields to that one when it holds a sixth of the text (as in CLD2's own summary: English is what
    /// translated pages and mail share); when CLD2 cannot tell, the text is English if a paragraph
    /// is, else of no known language.
    /// - Complexity: O(min(n, `passageWindow`)), CLD2 on at most `cld2Budget` bytes.
    static func passages(_ text: String) -> LanguagePassages {
        var text = text
        return text.withUTF8 { bytes -> LanguagePassages in
            let window = sample(bytes, limit: passageWindow)
            if window.isEmpty { return LanguagePassages(nil) }
            let blocks = blocks(window)
            // The window is English by the signal when its paragraphs' counts together are.
            if EnglishSignal.decides(blocks.reduce(into: EnglishSignal.Counts()) { $0.add($1.counts) }) {
                return LanguagePassages(.english)
            }
            return blockPassages(window, blocks: blocks, total: bytes.count)
        }
    }

    /// A paragraph of a text: where it starts and ends, its `EnglishSignal` counts and whether they
    /// say English.
    private struct Block {
        var start: Int
        var end: Int
        var counts = EnglishSignal.Counts()
        var english = false
    }

    /// The paragraphs of `text`: runs of bytes between blank lines (the blank lines go with the
    /// paragraph before).
    private static func blocks(_ text: UnsafeBufferPointer<UInt8>) -> [Block] {
        var out: [Block] = []
        var start = 0, i = 0
        while i < text.count {
            if text[i] == 0x0A, i + 1 < text.count, text[i + 1] == 0x0A || (text[i + 1] == 0x0D && i + 2 < text.count && text[i + 2] == 0x0A) {
                var j = i + 1
                while j < text.count, text[j] == 0x0A || text[j] == 0x0D || text[j] == 0x20 || text[j] == 0x09 { j += 1 }
                out.append(Block(start: start, end: j))
                start = j
                i = j
                continue
            }
            i += 1
        }
        if start < text.count { out.append(Block(start: start, end: text.count)) }
        for k in out.indices {
            out[k].counts = EnglishSignal.count(UnsafeBufferPointer(rebasing: text[out[k].start..<out[k].end]))
            out[k].english = EnglishSignal.decides(out[k].counts)
        }
        return out
    }

    /// The passages of `window`, the first bytes of a text of `total` bytes, by its paragraphs.
    private static func blockPassages(_ window: UnsafeBufferPointer<UInt8>, blocks: [Block], total: Int) -> LanguagePassages {
        // What CLD2 reads: the first `cld2Budget` bytes of the other paragraphs, one after another,
        // with where each piece came from.
        var input: [UInt8] = []
        var pieces: [(from: Int, at: Int, count: Int)] = []
        var englishBytes = 0
        for b in blocks {
            if b.english { englishBytes += b.end - b.start; continue }
            guard input.count < cld2Budget else { continue }
            var n = min(b.end - b.start, cld2Budget - input.count)
            while n > 0, b.start + n < window.count, window[b.start + n] & 0xC0 == 0x80 { n -= 1 }
            if n == 0 { continue }
            pieces.append((b.start, input.count, n))
            input.append(contentsOf: UnsafeBufferPointer(rebasing: window[b.start..<(b.start + n)]))
        }
        let read = input.isEmpty ? nil : cld2Spans(input)
        guard let other = read?.language else {
            return englishBytes > 0 ? LanguagePassages(.english) : LanguagePassages(nil)
        }
        // The spans in the text's offsets: CLD2's in what it read, then the other paragraphs in `other`.
        var spans: [(start: Int, language: Language)] = []
        var p = 0 // the piece of the next span
        var next = 0 // the next CLD2 span
        let cld2 = read!.spans
        for b in blocks {
            if b.english { spans.append((b.start, .english)); continue }
            guard p < pieces.count, pieces[p].from == b.start else { spans.append((b.start, other)); continue }
            let piece = pieces[p]
            p += 1
            var first = true
            // The spans of CLD2 that start inside this piece (the first one: at its start, in the
            // language of the span covering it).
            while next < cld2.count, cld2[next].start < piece.at + piece.count {
                let s = cld2[next]
                if first, s.start > piece.at, next > 0 { spans.append((b.start, cld2[next - 1].language)) }
                spans.append((piece.from + max(0, s.start - piece.at), s.language))
                first = false
                next += 1
            }
            if first { spans.append((b.start, next > 0 ? cld2[next - 1].language : other)) }
            if piece.count < b.end - b.start { spans.append((piece.from + piece.count, other)) }
        }
        // The main language holds the most bytes (CLD2's language of the other paragraphs on a tie); a
        // language besides it with too few bytes is noise: its spans are the main one's.
        var bytesPer: [Language: Int] = [:]
        for (i, s) in spans.enumerated() {
            let end = i + 1 < spans.count ? spans[i + 1].start : window.count
            bytesPer[s.language, default: 0] += end - s.start
        }
        var main = other
        for (l, n) in bytesPer where n > bytesPer[main, default: 0] || (n == bytesPer[main, default: 0] && l < main && main != other) {
            main = l
        }
        // As CLD2's summary does: English that pages share yields to another language holding a sixth.
        if main == .english, other != .english, 6 * bytesPer[other, default: 0] >= window.count { main = other }
        var passages: [LanguagePassages.Passage] = []
        for s in spans {
            let l = s.language == main || bytesPer[s.language, default: 0] >= minimumPassageBytes ? s.language : main
            if passages.last?.language == l { continue }
            var start = passages.isEmpty ? 0 : lineStart(near: s.start, in: window)
            // A passage that snapping left empty gives way to the one after it.
            while let last = passages.last, last.start >= start { passages.removeLast() }
            if passages.isEmpty { start = 0 }
            if passages.last?.language == l { continue }
            passages.append(.init(start: start, language: l))
        }
        if window.count < total, let last = passages.last, last.language != main {
            passages.append(.init(start: window.count, language: main))
        }
        let out = LanguagePassages(main: main, passages: passages)
        return out.isSingle ? LanguagePassages(main) : out
    }

    /// CLD2's language of `input` (as `detect` takes it; nil: it cannot tell) and its spans, each in
    /// its language when that is one of the top three, else in that language.
    private static func cld2Spans(_ input: [UInt8]) -> (language: Language?, spans: [(start: Int, language: Language)]) {
        var summary: UnsafePointer<CChar>? = nil
        var codes3: [UnsafePointer<CChar>?] = [nil, nil, nil]
        var percents3: [Int32] = [0, 0, 0]
        var reliable: Int32 = 0
        var offsets = [Int32](repeating: 0, count: maximumSpans), lengths = offsets
        var codes = [UnsafePointer<CChar>?](repeating: nil, count: maximumSpans)
        let n = input.withUnsafeBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { w in
                loupe_cld2_passages(w.baseAddress, Int32(w.count), &summary, &codes3, &percents3, &reliable, &offsets, &lengths,
                                    &codes, Int32(maximumSpans))
            }
        }
        guard reliable != 0 || percents3[0] >= minimumPercent, let main = language(cld2Code: summary) else { return (nil, []) }
        let top = (0..<3).compactMap { percents3[$0] > 0 ? language(cld2Code: codes3[$0]) : nil }
        var spans: [(start: Int, language: Language)] = []
        for i in 0..<Int(max(0, min(n, Int32(maximumSpans)))) {
            let start = Int(offsets[i])
            guard start >= 0, lengths[i] > 0, start < input.count, spans.last.map({ $0.start < start }) ?? true else { continue }
            spans.append((start, language(cld2Code: codes[i]).flatMap { top.contains($0) ? $0 : nil } ?? main))
        }
        return (main, spans)
    }

    /// How far, in bytes, a passage's start moves to the start of a line.
    static let lineSnap = 48

    /// `offset`, or the start of a line within `lineSnap` bytes before it, else after it: CLD2's
    /// spans start a word or two off where the text changes language, which is most often at a line.
    private static func lineStart(near offset: Int, in text: UnsafeBufferPointer<UInt8>) -> Int {
        var i = offset
        while i > max(1, offset - lineSnap) {
            if text[i - 1] == 0x0A { return i }
            i -= 1
        }
        i = offset + 1
        while i <= min(text.count - 1, offset + lineSnap) {
            if text[i - 1] == 0x0A { return i }
            i += 1
        }
        return offset
    }

    /// The language of a CLD2 code (nil: unknown, or a pseudo-language), `zh-Hant` as `zh`.
    private static func language(cld2Code code: UnsafePointer<CChar>?) -> Language? {
        guard let code else { return nil }
        let s = String(cString: code)
        if s == "un" || s == "xx" { return nil }
        return Language(code: String(s.prefix { $0 != "-" }))
    }
}
