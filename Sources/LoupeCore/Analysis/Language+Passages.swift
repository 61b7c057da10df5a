import CCLD2Shim

/// A text's passages in their languages: CLD2's spans (`ExtDetectLanguageSummary` with its result
/// chunks), cleaned so that only a language the text really holds gets passages.
extension Language {
    /// The UTF-8 bytes of a text whose passages are told apart; what follows is in its main language.
    /// Passage detection reads the whole window (not 4 KB as `detect`), so the window bounds its cost.
    static let passageWindow = 65_536

    /// A language other than the main one takes passages only when CLD2 gives it at least this many
    /// bytes of the text (the bytes a field needs to be detected alone); fewer, its spans are noise
    /// (a name, a command read as Welsh) and stay in the main language.
    static let minimumPassageBytes = 200

    /// At most this many of CLD2's spans are read (a text alternating more often than that keeps
    /// the last span's language to the window's end).
    static let maximumSpans = 1024

    /// The main language and the passages of `text` (plain UTF-8, the first `passageWindow` bytes
    /// read): English throughout when `EnglishSignal` says so of the window; else CLD2's language of
    /// the window as `detect` takes it (CLD2 prefers a language second to English by bytes when it has
    /// a real share: English is what pages share; none: the text is of unknown language), and CLD2's spans, each in
    /// its language when that is one of the text's top three with `minimumPassageBytes`, else in the
    /// main one. After the window, the main language again.
    /// - Complexity: O(min(n, `passageWindow`)).
    static func passages(_ text: String) -> LanguagePassages {
        var text = text
        return text.withUTF8 { bytes -> LanguagePassages in
            let window = sample(bytes, limit: passageWindow)
            if window.isEmpty { return LanguagePassages(nil) }
            if EnglishSignal.isEnglish(window) { return LanguagePassages(.english) }
            return cld2Passages(window, total: bytes.count)
        }
    }

    /// CLD2's passages of `window`, the first bytes of a text of `total` bytes.
    private static func cld2Passages(_ window: UnsafeBufferPointer<UInt8>, total: Int) -> LanguagePassages {
        var summary: UnsafePointer<CChar>? = nil
        var codes3: [UnsafePointer<CChar>?] = [nil, nil, nil]
        var percents3: [Int32] = [0, 0, 0]
        var reliable: Int32 = 0
        var offsets = [Int32](repeating: 0, count: maximumSpans), lengths = offsets
        var codes = [UnsafePointer<CChar>?](repeating: nil, count: maximumSpans)
        let n = window.withMemoryRebound(to: CChar.self) { w in
            loupe_cld2_passages(w.baseAddress, Int32(w.count), &summary, &codes3, &percents3, &reliable, &offsets, &lengths, &codes,
                                Int32(maximumSpans))
        }
        guard reliable != 0 || percents3[0] >= minimumPercent, let main = language(cld2Code: summary) else {
            return LanguagePassages(nil)
        }
        let top = (0..<3).compactMap { percents3[$0] > 0 ? language(cld2Code: codes3[$0]) : nil }
        var spans: [(start: Int, bytes: Int, language: Language)] = []
        var bytesPer: [Language: Int] = [:]
        for i in 0..<Int(max(0, min(n, Int32(maximumSpans)))) {
            let start = Int(offsets[i]), count = Int(lengths[i])
            guard start >= 0, count > 0, start < window.count else { continue }
            // An unknown span, or one in a language outside the text's top three, is the main language's.
            let l = language(cld2Code: codes[i]).flatMap { top.contains($0) ? $0 : nil } ?? main
            spans.append((start, count, l))
            bytesPer[l, default: 0] += count
        }
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
