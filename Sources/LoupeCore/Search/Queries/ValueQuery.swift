import Foundation

/// Words searched in a keyword, number, date or bool field (`tag:swift`, `year:2024` as a
/// `Query.text`): a keyword field matches the whole value exactly (case folded unless the field
/// keeps case); a typed field matches the value the text writes (`ValueSyntax`). What `TextQuery`
/// becomes in such a field.
struct ValueQuery: QueryNode {
    var text: String
    var field: Int
    var match: Query.TextMatch

    func weight(in context: SearchContext, boost: Float) throws -> any Weight {
        let spec = context.reader.schema.fields[field]
        if spec.type == .keyword {
            let term = spec.keywordTerm(.string(text))
            switch match {
            case .words, .exact:
                if spec.indexed { return try Query.exact(term, field: spec.name).node.weight(in: context, boost: boost) }
                return ColumnWeight(field: try context.fastField(spec.name, for: "a keyword search").0, boost: boost, predicate: .anyOf([term]))
            case .prefix:
                let f = try context.fastField(spec.name, for: "a keyword prefix").0
                return ColumnWeight(field: f, boost: boost, predicate: .terms(lower: term, lowerInclusive: true, upper: term + "\u{10FFFF}",
                                                                             upperInclusive: true))
            case .fuzzy:
                throw LoupeError.invalidArgument("'\(spec.name)' is a keyword field: it has no fuzzy search")
            }
        }
        let interval: ValueSyntax.Interval
        do {
            interval = try ValueSyntax.interval(text, type: spec.type, timeZone: TimeZone(identifier: "UTC")!)
        } catch let LoupeError.badQuery(message, _) {
            throw LoupeError.invalidArgument("field '\(spec.name)': \(message)")
        }
        if spec.fast {
            return try RangeQuery(field: spec.name, lower: .init(interval.lower),
                                  upper: .init(interval.upper, inclusive: interval.upperInclusive)).weight(in: context, boost: boost)
        }
        guard spec.indexed, interval.lower == interval.upper, let term = spec.valueTerm(interval.lower) else {
            throw LoupeError.invalidArgument("'\(spec.name)' is not a fast field: searching it for \(text) needs its column")
        }
        return try Query.exact(term, field: spec.name).node.weight(in: context, boost: boost)
    }
}
