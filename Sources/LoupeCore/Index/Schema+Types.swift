extension FieldSpec {
    /// A text field, analyzed by `analyzer`; `searchedByDefault`: words that name no field search it.
    public static func text(_ name: String, stored: Bool = true, multiValued: Bool = false, searchedByDefault: Bool = true,
                            boost: Float = 1, analyzer: String = "standard") -> FieldSpec {
        FieldSpec(name, type: .text, stored: stored, multiValued: multiValued, searchedByDefault: searchedByDefault, boost: boost,
                  analyzer: analyzer)
    }

    /// A keyword field: each value one exact term (case folded unless `caseSensitive`); `fast` for
    /// facets and sorting.
    public static func keyword(_ name: String, stored: Bool = true, fast: Bool = false, multiValued: Bool = false,
                               caseSensitive: Bool = false) -> FieldSpec {
        FieldSpec(name, type: .keyword, stored: stored, fast: fast, multiValued: multiValued, caseSensitive: caseSensitive)
    }

    /// A number, date or bool field; fast (a column: ranges, sorting, facets) unless said otherwise,
    /// and not indexed as terms unless `indexed`.
    public static func value(_ name: String, _ type: FieldType, indexed: Bool = false, stored: Bool = true, fast: Bool = true,
                             multiValued: Bool = false) -> FieldSpec {
        FieldSpec(name, type: type, indexed: indexed, stored: stored, fast: fast, multiValued: multiValued)
    }

    /// The term a keyword value is indexed, kept in a column and searched as: the text, case folded
    /// unless the field keeps case.
    func keywordTerm(_ value: FieldValue) -> String {
        let text = value.string ?? value.description
        return caseSensitive ? text : text.lowercased()
    }

    /// The term a value of a number, date or bool field is indexed as (when the field is indexed):
    /// its column key in decimal.
    func valueTerm(_ value: FieldValue) -> String? { value.columnKey(for: type).map { String($0) } }

    /// What `other` (the index's field of the same name) is that this field is not, nil when
    /// nothing differs: "analyzer simple (here standard), fast (here not)".
    func difference(from other: FieldSpec) -> String? {
        var parts: [String] = []
        func flag(_ old: Bool, _ new: Bool, _ name: String) {
            if old != new { parts.append(old ? "\(name) (here not)" : "not \(name) (here it is)") }
        }
        if type != other.type { parts.append("type \(other.type) (here \(type))") }
        flag(other.indexed, indexed, "indexed")
        flag(other.stored, stored, "stored")
        flag(other.fast, fast, "fast")
        flag(other.multiValued, multiValued, "multi-valued")
        flag(other.caseSensitive, caseSensitive, "case-sensitive")
        flag(other.searchedByDefault, searchedByDefault, "searched by default")
        flag(other.isPath, isPath, "a path")
        if boost != other.boost { parts.append("boost \(other.boost) (here \(boost))") }
        if analyzer != other.analyzer { parts.append("analyzer \(other.analyzer) (here \(analyzer))") }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
}

extension Schema {
    /// Why a writer given this schema cannot open an index written with `existing`, nil when it can:
    /// the existing fields must come first, in order and unchanged; fields after them are new (their
    /// documents written before have no values for them: nothing is rebuilt).
    func incompatibility(withExisting existing: Schema) -> String? {
        for (i, old) in existing.fields.enumerated() {
            guard i < fields.count else {
                return "the index has field '\(old.name)' (number \(i)), which this schema lacks"
            }
            let new = fields[i]
            guard new.name == old.name else {
                let moved = number(of: old.name).map { " (it is number \($0) here)" } ?? " (this schema lacks it)"
                return "field number \(i) is '\(old.name)' in the index, '\(new.name)' here\(moved); new fields go after the existing ones"
            }
            if let d = new.difference(from: old) { return "in the index, field '\(old.name)' has \(d)" }
        }
        return nil
    }

    /// Throws `LoupeError.invalidArgument` when `doc` names a field the schema lacks, gives a field
    /// that is not multi-valued several values, or a value that does not fit its field's type.
    func validate(_ doc: Document) throws {
        for (name, values) in doc.fields {
            guard let f = number(of: name) else {
                throw LoupeError.invalidArgument("unknown field '\(name)' (schema: \(fields.map(\.name).joined(separator: ", ")))")
            }
            let spec = fields[f]
            if values.count > 1, !spec.multiValued {
                throw LoupeError.invalidArgument("field '\(name)' is not multi-valued, and the document gives it \(values.count) values")
            }
            for v in values {
                let fits: Bool
                switch spec.type {
                case .text, .keyword: fits = v.string != nil
                default: fits = v.columnKey(for: spec.type) != nil
                }
                guard fits else { throw LoupeError.invalidArgument("field '\(name)' is of type \(spec.type); \(v) (\(v.kindName)) does not fit") }
            }
        }
    }
}

extension FieldValue {
    /// The case's name, for error messages.
    var kindName: String {
        switch self {
        case .string: return "a string"
        case .int: return "an integer"
        case .double: return "a double"
        case .date: return "a date"
        case .bool: return "a bool"
        }
    }
}
