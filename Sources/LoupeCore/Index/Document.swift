/// A document to add: values per field name. Fields not in the schema, values that do not fit their
/// field's type, and a second value for a field that is not multi-valued are errors at `add`.
///
/// ```swift
/// var doc: Document = ["title": "Blue kettle", "id": "p-17"]
/// doc[values: "price"] = [.double(24.5)]
/// doc[values: "tag"] = ["kitchen", "sale"]
/// doc[values: "created"] = [.date(Date())]
/// ```
public struct Document: Sendable, ExpressibleByDictionaryLiteral {
    /// Every value of each field, by field name, in the order given.
    package var fields: [String: [FieldValue]]
    /// The language of the document's text (stemming, apostrophe rules); nil: detected with CLD2.
    public var language: Language?
    /// Per field name, a language that differs from the document's (nil: the document's, or detected).
    public var languages: [String: Language] = [:]

    /// A document with one text value per field name.
    public init(_ values: [String: String] = [:]) {
        fields = values.mapValues { [.string($0)] }
    }

    /// A document of these values per field name.
    package init(fields: [String: [FieldValue]]) { self.fields = fields }

    public init(dictionaryLiteral elements: (String, String)...) {
        fields = Dictionary(elements.map { ($0.0, [FieldValue.string($0.1)]) }, uniquingKeysWith: { _, b in b })
    }

    /// The first value of each field as text (see `FieldValue.description`); setting replaces every
    /// field with these text values.
    package var values: [String: String] {
        get { fields.compactMapValues { $0.first?.description } }
        set { fields = newValue.mapValues { [.string($0)] } }
    }

    /// The first value of `field` as text, nil when the document has none; setting a string makes
    /// it the field's only value, nil removes the field.
    public subscript(field: String) -> String? {
        get { fields[field]?.first?.description }
        set { fields[field] = newValue.map { [.string($0)] } }
    }

    /// Every value of `field` (empty when it has none); setting `[]` removes the field.
    public subscript(values field: String) -> [FieldValue] {
        get { fields[field] ?? [] }
        set { fields[field] = newValue.isEmpty ? nil : newValue }
    }

    /// Appends `value` to `field`'s values.
    package mutating func add(_ value: FieldValue, to field: String) {
        fields[field, default: []].append(value)
    }

    /// The text of the first string value of `field`.
    func text(_ field: String) -> String? {
        guard let vs = fields[field] else { return nil }
        for v in vs { if case let .string(s) = v { return s } }
        return nil
    }
}
