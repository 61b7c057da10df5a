/// One BM25 part of a hit's score: a word (in its forms), a phrase or an expansion, in one field.
///
///     score = boost · idf · tf · (k1 + 1) / (tf + k1 · (1 − b + b · length / averageLength))
public struct ScoreExplanation: Sendable, Equatable, CustomStringConvertible {
    /// How much one form of a word added to `tf`: `count` occurrences first matched at this form,
    /// times its weight.
    package struct Form: Sendable, Equatable {
        /// The form: `=word` exact, `word` folded, `~stem` stemmed, or a matched expansion.
        package var form: String
        /// Occurrences first matched at this form.
        package var count: Int
        /// The weight of each (see `TermQuery.Form.weight`).
        package var weight: Float

        /// `count` occurrences of `form`, each weighing `weight`.
        package init(form: String, count: Int, weight: Float) {
            self.form = form
            self.count = count
            self.weight = weight
        }
    }

    /// The field's name.
    public var field: String
    /// The word, `"a b"` for a phrase; `=term` for an exact form, `prefix*` / `word~N` for expansions.
    public var term: String
    /// Frequency in the field: for a word in several forms, the weighted sum over `forms`.
    package var tf: Float
    /// The field's length in words (as quantized in the norms).
    package var length: Int
    /// The field's mean length in words over the documents having it.
    package var averageLength: Double
    /// The term's inverse document frequency (for a word in several forms, blended; see
    /// `TermQuery`).
    package var idf: Float
    /// Field boost × query boost.
    package var boost: Float
    /// This part of the hit's score.
    public var score: Float
    /// The forms that matched, closest first (empty for a single form).
    package var forms: [Form]

    /// A part of a score that is not BM25's (a query kind of an app's own): `term` says what
    /// scored, `score` how much.
    public init(field: String, term: String, score: Float) {
        self.init(field: field, term: term, tf: 0, length: 0, averageLength: 0, idf: 0, boost: 1, score: score)
    }

    /// An explanation of these values; `forms` empty for a single form.
    package init(field: String, term: String, tf: Float, length: Int, averageLength: Double, idf: Float, boost: Float,
                score: Float, forms: [Form] = []) {
        self.field = field
        self.term = term
        self.tf = tf
        self.length = length
        self.averageLength = averageLength
        self.idf = idf
        self.boost = boost
        self.score = score
        self.forms = forms
    }

    /// The part in one line: what `loupe search --explain` prints.
    public var description: String {
        let parts = forms.isEmpty ? "" : " [" + forms.map { "\($0.form) \($0.count)×\(String(format: "%.2f", $0.weight))" }.joined(separator: ", ") + "]"
        return String(format: "%@:%@  tf=%.2f%@ len=%d avg=%.1f idf=%.3f boost=%.2f → %.3f",
                      field, term, tf, parts, length, averageLength, idf, boost, score)
    }
}

/// What a leaf scorer needs to explain its score: set when it is built, read only by `explain`.
final class LeafExplanation {
    let field: Int
    let fieldName: String
    let label: String
    let idf: Float
    /// Field boost × query boost.
    let boost: Float
    let averageLength: Double

    init(field: Int, fieldName: String, label: String, idf: Float, boost: Float, averageLength: Double) {
        self.field = field
        self.fieldName = fieldName
        self.label = label
        self.idf = idf
        self.boost = boost
        self.averageLength = averageLength
    }

    /// The part of a document of length byte `norm` with frequency `tf` that scored `score`.
    /// `idf` replaces the leaf's when the document's own differs (a word's closest form, `BlendedTermScorer`).
    func part(tf: Float, norm: UInt8, score: Float, forms: [ScoreExplanation.Form] = [], idf: Float? = nil) -> ScoreExplanation {
        ScoreExplanation(field: fieldName, term: label, tf: tf, length: NormCodec.decode(norm), averageLength: averageLength,
                         idf: idf ?? self.idf, boost: boost, score: score, forms: forms)
    }
}
