import Testing

/// Inputs the fuzz targets (`scripts/fuzz.sh`) crashed on before their fixes: each the body of one
/// file of `fuzzBaseIndex`, named by its format, base64.
enum FuzzCrashers {
    struct Crasher: Sendable, CustomTestStringConvertible {
        /// The fuzz target: manifest, tim, doc, pos, nrm, sto, del or catalog.
        let format: String
        /// What it found, and the first bytes of its libFuzzer name.
        let note: String
        let base64: String
        var testDescription: String { "\(format) \(note)" }
    }

    /// (The first two crashers, an empty key and a repeated key in `.tim`, came from a base index
    /// whose doc ids depended on thread scheduling, so they are kept as the hand-made tests
    /// `anEmptyKeyIsRefusedByTheDeepCheck` and `aDictionaryThatRepeatsAKeyIsRefusedByTheMerge`.)
    static let all: [Crasher] = [
    ]
}
