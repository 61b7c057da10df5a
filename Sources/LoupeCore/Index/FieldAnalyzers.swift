import Foundation

/// The analyzers of a schema's fields on one thread: one `Analyzer` per distinct name, shared by the
/// fields that name it. What indexing (`SegmentBuffer.add`) and a search (`SearchContext`) analyze
/// a field's text with.
final class FieldAnalyzers {
    /// Per field number, its analyzer.
    private let byField: [Analyzer]
    /// Per field number, its analyzer's name.
    let names: [String]
    /// Each distinct analyzer once, in field order.
    let distinct: [Analyzer]
    /// What analyzes text of no field (a schema without fields): the standard chain.
    let fallback: Analyzer

    /// Makes each analyzer with `make(entry)` (a thread's cache may hand back one it made before).
    /// Throws `LoupeError.invalidArgument` when a field names an analyzer `registry` lacks.
    init(schema: Schema, registry: AnalyzerRegistry,
         make: (String, AnalyzerRegistry.Entry) throws -> Analyzer = { try $1.make() }) throws {
        try registry.check(schema)
        var made: [String: Analyzer] = [:]
        var distinct: [Analyzer] = []
        func analyzer(_ name: String) throws -> Analyzer {
            if let a = made[name] { return a }
            let a = try make(name, try registry.entry(name))
            made[name] = a
            distinct.append(a)
            return a
        }
        byField = try schema.fields.map { try analyzer($0.analyzer) }
        names = schema.fields.map(\.analyzer)
        fallback = try byField.first ?? analyzer(FieldSpec.defaultAnalyzer)
        self.distinct = distinct
    }

    /// The analyzer of field number `field`.
    subscript(field: Int) -> Analyzer { byField[field] }

    /// The languages query words are stemmed in, for every analyzer (see `Analyzer.queryLanguages`).
    /// Setting them sets the stop-word languages too.
    var queryLanguages: [Language] {
        get { fallback.queryLanguages }
        set { for a in distinct { a.queryLanguages = newValue; a.stopWordLanguages = newValue } }
    }

    /// The languages whose stop words a query drops, for every analyzer (see `Analyzer.stopWordLanguages`).
    var stopWordLanguages: [Language] {
        get { fallback.stopWordLanguages }
        set { for a in distinct { a.stopWordLanguages = newValue } }
    }
}

extension AnalyzerRegistry {
    /// Throws unless every field of `schema` names a registered analyzer.
    func check(_ schema: Schema) throws {
        for f in schema.fields where (try? entry(f.analyzer)) == nil {
            throw LoupeError.invalidArgument("field '\(f.name)' names unknown analyzer '\(f.analyzer)' (analyzers: \(names.joined(separator: ", ")))")
        }
    }
}
