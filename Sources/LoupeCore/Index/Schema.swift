/// One field of the documents in an index.
public struct FieldSpec: Equatable, Hashable, Sendable {
    /// The field's name (`path`, `title`, `body`, …).
    public var name: String
    /// Analyzed and searchable.
    package var indexed: Bool
    /// Kept verbatim in the stored-fields file and returned with hits.
    package var stored: Bool
    /// Default weight of this field's BM25 score when a query does not name a field.
    package var boost: Float
    /// A file path: `/ \ . _ -` separate words before analysis (so `docs/read_me.txt` gives `docs`,
    /// `read`, `me`, `txt`); offsets are unchanged since each separator is replaced by one space.
    package var isPath: Bool
    /// What kind of values the field holds (text unless said otherwise).
    public var type: FieldType
    /// A document may give the field several values (tags, authors); otherwise a second value is
    /// an error at `add`.
    package var multiValued: Bool
    /// Kept in the segment's column file: what range filters, sorting and facets read. Any type but
    /// text may be fast.
    package var fast: Bool
    /// A keyword field matched with its case as given (`ID-7` misses `id-7`); by default keyword
    /// values and the words searching them are case folded.
    package var caseSensitive: Bool
    /// Whether a word that names no field searches this field (text fields only).
    package var searchedByDefault: Bool
    /// An identifier: the whole value is one term, not analyzed, not searched by words without a
    /// field; used to find a document again (`IndexWriter.deleteDocuments(field:value:)`). The same
    /// as `type == .keyword`.
    package var isKeyword: Bool {
        get { type == .keyword }
        set { type = newValue ? .keyword : (type == .keyword ? .text : type) }
    }
    /// The name of the analyzer (in an `AnalyzerRegistry`) the field's text and the query words
    /// searched in it are analyzed with: `standard` (the default) or `simple`, or one registered.
    /// A keyword field's value is one term whatever it names.
    package var analyzer: String

    /// The analyzer of a field that names none, and of every field of an index written before
    /// fields named theirs.
    package static let defaultAnalyzer = "standard"

    /// A field named `name`; by default indexed, stored, of boost 1, analyzed with the standard
    /// analyzer.
    package init(_ name: String, indexed: Bool = true, stored: Bool = true, boost: Float = 1, isPath: Bool = false,
                isKeyword: Bool = false, analyzer: String = FieldSpec.defaultAnalyzer) {
        // A keyword field made this way keeps case, as keyword fields did before they could fold it.
        self.init(name, type: isKeyword ? .keyword : .text, indexed: indexed, stored: stored, caseSensitive: isKeyword, boost: boost,
                  isPath: isPath, analyzer: analyzer)
    }

    /// A field named `name` of `type`; `fast` keeps its values in a column (filters, sorting,
    /// facets); `multiValued` lets a document give it several values.
    public init(_ name: String, type: FieldType, indexed: Bool = true, stored: Bool = true, fast: Bool = false,
                multiValued: Bool = false, caseSensitive: Bool = false, searchedByDefault: Bool = true, boost: Float = 1,
                analyzer: String = "standard") {
        self.init(name, type: type, indexed: indexed, stored: stored, fast: fast, multiValued: multiValued,
                  caseSensitive: caseSensitive, searchedByDefault: searchedByDefault, boost: boost, isPath: false,
                  analyzer: analyzer)
    }

    /// The same, for a field holding file paths (see `isPath`).
    package init(_ name: String, type: FieldType, indexed: Bool = true, stored: Bool = true, fast: Bool = false,
                 multiValued: Bool = false, caseSensitive: Bool = false, searchedByDefault: Bool = true, boost: Float = 1,
                 isPath: Bool, analyzer: String = FieldSpec.defaultAnalyzer) {
        self.name = name
        self.type = type
        self.indexed = indexed
        self.stored = stored
        self.fast = fast && type != .text
        self.multiValued = multiValued
        self.caseSensitive = caseSensitive
        self.searchedByDefault = searchedByDefault && type == .text
        self.boost = boost
        self.isPath = isPath && type == .text
        self.analyzer = analyzer
    }

    /// The text analysis sees for `value`.
    func analyzable(_ value: String) -> String {
        guard isPath else { return value }
        return String(decoding: value.utf8.map { b in
            b == 0x2F || b == 0x5C || b == 0x2E || b == 0x5F || b == 0x2D ? 0x20 : b
        }, as: UTF8.self)
    }
}

/// The fields of an index, in a fixed order: a field's number is its index here (at most 255 fields).
/// The schema is written in every manifest, so a reader needs nothing else to open the index.
public struct Schema: Equatable, Sendable {
    /// The fields in order: a field's number is its index.
    public var fields: [FieldSpec]

    /// A schema of `fields`, in order (at most 255, with distinct names: checked by `validate()`,
    /// which a writer runs when it opens).
    public init(_ fields: [FieldSpec]) {
        self.fields = fields
    }

    /// The most fields a schema has: a field's number is a byte, and 255 means "none" in `.sto`.
    package static let maxFields = 255

    /// Throws `LoupeError.invalidArgument` for more than `maxFields` fields or two fields of one name.
    package func validate() throws {
        guard fields.count <= Self.maxFields else {
            throw LoupeError.invalidArgument("a schema has at most \(Self.maxFields) fields, not \(fields.count)")
        }
        var seen = Set<String>()
        for f in fields where !seen.insert(f.name).inserted {
            throw LoupeError.invalidArgument("two fields are named '\(f.name)'")
        }
    }

    /// The number of `name`, or nil.
    package func number(of name: String) -> Int? { fields.firstIndex { $0.name == name } }

    /// Numbers of the indexed fields, in order.
    package var indexedFields: [Int] { fields.indices.filter { fields[$0].indexed } }

    /// The stored field kept in `.sto`'s front-coded key column (read for every hit): the first stored
    /// path field.
    package var storedKeyField: Int? { fields.indices.first { fields[$0].isPath && fields[$0].stored } }

    /// Numbers of the fields a word without `field:` searches: indexed text fields searched by default.
    package var defaultSearchFields: [Int] {
        fields.indices.filter { fields[$0].indexed && fields[$0].type == .text && fields[$0].searchedByDefault }
    }

    /// Numbers of the fast fields (those with a column).
    package var fastFields: [Int] { fields.indices.filter { fields[$0].fast } }
}

