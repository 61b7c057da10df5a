/// Tells the language of a text: the step of analysis that decides a text's stems and apostrophe
/// rules when the document does not name its language (`Document.language`). An `Analyzer` holds
/// one (`Analyzer.detector`); indexing asks the analyzer of each text field, and the analyzer of a
/// document's longest text field for the document's language.
///
/// A detector need not be thread-safe: each thread has its own `Analyzer`.
public protocol LanguageDetector: AnyObject {
    /// The language of `text`, nil when the detector cannot tell.
    func language(of text: String) -> Language?
    /// The UTF-8 bytes a field's text needs for the detector to be asked about it alone; a shorter
    /// text (a title) takes its document's language, detected in the longest text field.
    var minimumBytes: Int { get }
}

/// Loupe's detector: `Language.detect` (English function words, else CLD2 on the first 4 KB), for
/// texts of 200 bytes or more.
package final class CLD2Detector: LanguageDetector {
    package init() {}

    package func language(of text: String) -> Language? { Language.detect(text) }

    /// Under 200 bytes CLD2 often guesses: a field that short takes its document's language.
    package var minimumBytes: Int { 200 }
}
