import Foundation

/// Words a filter kept as they were because ICU failed on them (a buffer ICU could not fill: out of
/// memory), counted for the whole process: the word is still indexed, unfolded, and the count lets
/// an indexer say so (`Analyzer.failedWords`) instead of the failure passing unseen.
final class AnalysisFailures: @unchecked Sendable {
    // `@unchecked Sendable`: `count` is read and written only under `lock`.
    static let shared = AnalysisFailures()
    private let lock = NSLock()
    private var count = 0

    /// Counts one word a filter could not fold.
    func record() { lock.withLock { count += 1 } }

    var value: Int { lock.withLock { count } }
}

extension Analyzer {
    /// The words analyzers of this process kept unfolded because ICU failed on them (case folding,
    /// transliteration, a compatibility character): indexed as they were, so found only as written.
    /// Zero unless the process ran out of memory inside ICU; an indexer compares it before and after
    /// a run to warn.
    package static var failedWords: Int { AnalysisFailures.shared.value }
}
