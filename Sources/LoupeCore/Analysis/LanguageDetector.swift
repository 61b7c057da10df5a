/// Tells the language of a text: the step of analysis that decides a text's stems and apostrophe
/// rules when the document does not name its language (`Document.language`). An `Analyzer` holds
/// one (`Analyzer.detector`); indexing asks the analyzer of each text field long enough to tell for
/// its passages, and the document's language is the main language of its longest text field.
///
/// A detector need not be thread-safe: each thread has its own `Analyzer`.
public protocol LanguageDetector: AnyObject {
    /// The language of `text`, nil when the detector cannot tell.
    func language(of text: String) -> Language?
    /// The passages of `text` in their languages (a French page's English command blocks) and its
    /// main language. The default: the whole text in `language(of:)`.
    func passages(of text: String) -> LanguagePassages
    /// The UTF-8 bytes a field's text needs for the detector to be asked about it alone; a shorter
    /// text (a title) takes its document's language, detected in the longest text field.
    var minimumBytes: Int { get }
}

extension LanguageDetector {
    public func passages(of text: String) -> LanguagePassages { LanguagePassages(language(of: text)) }
}

/// A text's languages, passage by passage: each passage runs from its `start` (a UTF-8 byte offset
/// into the text) to the next one's, the last to the text's end; the first starts at 0. Example:
/// a French page with one English block, `main` fr, `[(0, fr), (812, en), (1040, fr)]`.
public struct LanguagePassages: Equatable, Sendable {
    /// One passage of the text.
    public struct Passage: Equatable, Sendable {
        /// Where it starts, in UTF-8 bytes of the text.
        public var start: Int
        /// Its language (nil: unknown, analyzed without stems).
        public var language: Language?

        public init(start: Int, language: Language?) {
            self.start = start
            self.language = language
        }
    }

    /// The text's main language: the document's language when this is its longest text field.
    public var main: Language?
    /// The passages in text order, starts ascending, adjacent ones in different languages; empty
    /// means one passage in `main`.
    public var passages: [Passage]

    public init(main: Language?, passages: [Passage]) {
        self.main = main
        self.passages = passages
    }

    /// The whole text in `language`.
    public init(_ language: Language?) {
        self.init(main: language, passages: [])
    }

    /// The distinct languages of the passages, `main` first (nil: none).
    public var languages: [Language] {
        var out: [Language] = main.map { [$0] } ?? []
        for p in passages { if let l = p.language, !out.contains(l) { out.append(l) } }
        return out
    }

    /// Whether the text is in one language (or none) throughout.
    var isSingle: Bool { passages.allSatisfy { $0.language == main } }
}

/// Loupe's detector: `Language.detect` (English function words, else CLD2 on the first 4 KB) for a
/// text's language, `Language.passages` (English paragraphs by their function words, CLD2's spans
/// of the others) for its passages, for texts of 200 bytes or more.
package final class CLD2Detector: LanguageDetector {
    package init() {}

    package func language(of text: String) -> Language? { Language.detect(text) }

    package func passages(of text: String) -> LanguagePassages { Language.passages(text) }

    /// Under 200 bytes CLD2 often guesses: a field that short takes its document's language.
    package var minimumBytes: Int { 200 }
}
