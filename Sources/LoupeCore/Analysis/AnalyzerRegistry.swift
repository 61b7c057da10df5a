import Foundation

/// Analyzers by name: what a field's `FieldSpec.analyzer` names. A writer analyzes each field's text
/// with the analyzer its name makes, and a searcher each query word, once per field it searches, so
/// both must be given the same registry (the built-ins need none).
///
/// Built in:
/// - `standard`: `Analyzer.standard()`: ICU words, case and script folding, transliteration to
///   ASCII, and the standard token filters (stems, words inside apostrophes and identifiers, other
///   spellings, readings, CJK bigrams).
/// - `simple`: `Analyzer.simple()`: ICU words and case folding only; `Mevlüt` is not `mevlut`, and
///   `running` is not `run`.
///
/// The analyzers a built-in makes share one `AnalysisCache`, freed with the registry and its
/// copies; a registered factory chooses its own (share one by making it outside the closure).
///
/// A registry is a value: `register` on a copy does not change the original.
public struct AnalyzerRegistry: Sendable {
    /// Makes a new analyzer: called once per thread that analyzes with it (an `Analyzer` is not
    /// thread-safe).
    typealias Factory = @Sendable () throws -> Analyzer

    struct Entry: Sendable {
        /// Unique per registration in the process: what a thread's cached analyzer is keyed by.
        let id: Int
        let make: Factory
    }

    private var entries: [String: Entry]

    /// The built-in analyzers: `standard` and `simple`.
    public init() {
        let standard = AnalysisCache(), simple = AnalysisCache()
        entries = ["standard": Entry(id: 0, make: { try Analyzer.standard(cache: standard) }),
                   "simple": Entry(id: 1, make: { try Analyzer.simple(cache: simple) })]
    }

    /// Adds `factory` under `name`, replacing an analyzer of that name (a built-in too: an index
    /// written with the built-in then searches with yours).
    public mutating func register(_ name: String, _ factory: @escaping @Sendable () throws -> Analyzer) {
        entries[name] = Entry(id: RegistrationCounter.shared.next(), make: factory)
    }

    /// The registered names, sorted.
    package var names: [String] { entries.keys.sorted() }

    /// A new analyzer of `name`; throws `LoupeError.invalidArgument` for a name not registered.
    package func makeAnalyzer(_ name: String) throws -> Analyzer { try entry(name).make() }

    func entry(_ name: String) throws -> Entry {
        guard let e = entries[name] else {
            throw LoupeError.invalidArgument("unknown analyzer '\(name)' (analyzers: \(names.joined(separator: ", ")))")
        }
        return e
    }
}

/// Numbers registrations (built-ins are 0 and 1).
/// `@unchecked Sendable`: `value` is read and written only under `lock`.
private final class RegistrationCounter: @unchecked Sendable {
    static let shared = RegistrationCounter()
    private let lock = NSLock()
    private var value = 2
    func next() -> Int { lock.withLock { defer { value += 1 }; return value } }
}
