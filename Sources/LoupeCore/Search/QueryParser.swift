import Foundation

/// Parses the query language into a `Query`. Words stay as typed (`Query.text`): they are analyzed
/// when the query is bound, by the analyzer of each field they search, as documents were.
///
/// ```
/// query    := clause*                                   -- clauses are OR'ed (ranked) by default
/// clause   := orExpr
/// orExpr   := andExpr ("OR" andExpr)*
/// andExpr  := unary ("AND" unary)*
/// unary    := ("+" | "-" | "NOT") unary | primary        -- + required, - and NOT excluded; + next
///                                                         --   to - or NOT (`+-a`) is an error
/// A group, as a whole query, needs a word that is not excluded: `(-a)` is an error, as `-a` is.
/// primary  := atom ("^" number)?                        -- boost
/// atom     := "(" query ")" | field ":" atom | field ":" value | "*" | "\"" words "\"" | word "*" | word "~" [12]? | word
/// ```
/// `field ":" value`: a keyword, number, date or bool field's value or range (`tag:swift`,
/// `price:[10 TO 50]`, `size:>1MB`, `modified:>=2024-06-01`, `date:2024-01..2024-03`, `tag:*`; see
/// `ValueSyntax`); without a prefix operator such a clause is a filter (`Query.Occur.filter`):
/// required, unscored. `*` alone matches every document. A word followed by a colon that names no
/// field (`TODO:`, `re:`, `http://example.org`) is searched as text, with a warning in `warnings`.
/// `AND`, `OR`, `NOT` are operators only in capitals. A word that a field's analysis splits into
/// several terms (`e-mail`, `東京都`) is a phrase of them in that field. Errors carry the 1-based column of the problem.
///
/// Parentheses and prefix operators nest at most `maxDepth` levels (the parser recurses once per
/// level, and a thread's stack is finite: 16,000 nested parentheses overflowed the main thread's);
/// a boost, times the boosts nested inside it, is at most `maxBoost` (a larger one made scores infinite).
public final class QueryParser {
    /// Fields a query may name with `field:`.
    package let fields: Set<String>
    /// Levels of parentheses and `+ - NOT` a query may nest.
    package static let maxDepth = 100
    /// The largest `^` boost.
    package static let maxBoost: Float = 10_000

    /// The fields' specs, when the parser was made from a schema: how values after `field:` read.
    let specs: [String: FieldSpec]
    /// The time zone of dates written without one.
    package let timeZone: TimeZone
    /// What the last `parse` read differently from how it was written (a colon after a word that
    /// names no field).
    package private(set) var warnings: [String] = []

    /// A parser of queries that may name `fields` with `field:` (all text fields).
    package init(fields: Set<String>) {
        self.fields = fields
        specs = [:]
        timeZone = TimeZone(identifier: "UTC")!
    }

    /// A parser of queries over `schema`: any indexed or fast field may be named; the values of
    /// keyword, number, date and bool fields are read by their type, dates without a zone in
    /// `timeZone`.
    public init(schema: Schema, timeZone: TimeZone = TimeZone(identifier: "UTC")!) {
        let named = schema.fields.filter { $0.indexed || $0.fast }
        fields = Set(named.map(\.name))
        specs = Dictionary(named.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.timeZone = timeZone
    }

    // MARK: Lexer

    enum Kind: Equatable {
        case word(String), phrase(String), field(String)
        /// A keyword, number, date or bool field and what follows its colon, unread.
        case value(field: String, raw: String)
        case lparen, rparen, plus, minus, and, or, not, caret, star, tilde, end
    }

    struct Lexeme {
        var kind: Kind
        var column: Int
        /// Whether whitespace (or the start) came right before it.
        var spaced: Bool
    }

    /// The characters that end a word: `( ) " ^ ~ * :`. A switch on the value, not a
    /// `Set<Character>` (hashing each character of the query was 6 % of a two-word AND query).
    @inline(__always) private static func isSpecial(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "(", ")", "\"", "^", "~", "*", ":": return true
        default: return false
        }
    }

    /// Whitespace, without a Unicode property lookup for ASCII.
    @inline(__always) private static func isSpace(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return c == " " || (c.value >= 0x09 && c.value <= 0x0D) }
        return c.properties.isWhitespace
    }

    /// The lexemes of `text`, read as Unicode scalars (a `[Character]` cost grapheme breaking and a
    /// 16-byte value per character: 5 % of a two-word AND query). Columns here count scalars;
    /// `parse` turns an error's into characters.
    func lex(_ text: String) throws -> [Lexeme] {
        // Each scalar with its UTF-8 offset: a word's String is made from its bytes.
        let bytes = Array(text.utf8)
        var chars: [Unicode.Scalar] = [], starts: [Int] = []
        chars.reserveCapacity(bytes.count)
        starts.reserveCapacity(bytes.count + 1)
        var offset = 0
        for c in text.unicodeScalars {
            chars.append(c)
            starts.append(offset)
            offset += UTF8.width(c)
        }
        starts.append(offset)
        func string(_ r: Range<Int>) -> String {
            String(decoding: bytes[starts[r.lowerBound]..<starts[r.upperBound]], as: UTF8.self)
        }
        var out: [Lexeme] = []
        var i = 0
        var spaced = true
        while i < chars.count {
            let c = chars[i]
            let col = i + 1
            if Self.isSpace(c) { i += 1; spaced = true; continue }
            switch c {
            case "(": out.append(Lexeme(kind: .lparen, column: col, spaced: spaced)); i += 1
            case ")": out.append(Lexeme(kind: .rparen, column: col, spaced: spaced)); i += 1
            case "^": out.append(Lexeme(kind: .caret, column: col, spaced: spaced)); i += 1
            case "~": out.append(Lexeme(kind: .tilde, column: col, spaced: spaced)); i += 1
            case "*": out.append(Lexeme(kind: .star, column: col, spaced: spaced)); i += 1
            // An operator at a word's start: after white space, an opening parenthesis or another
            // sign (`+-a`, which the parser then refuses).
            case "+" where spaced || out.last?.kind == .lparen || out.last?.kind == .minus || out.last?.kind == .plus:
                out.append(Lexeme(kind: .plus, column: col, spaced: spaced)); i += 1
            case "-" where spaced || out.last?.kind == .lparen || out.last?.kind == .plus || out.last?.kind == .minus:
                out.append(Lexeme(kind: .minus, column: col, spaced: spaced)); i += 1
            case "\"":
                var j = i + 1
                while j < chars.count && chars[j] != "\"" { j += 1 }
                guard j < chars.count else { throw LoupeError.badQuery(message: "unclosed quote", column: col) }
                out.append(Lexeme(kind: .phrase(string((i + 1)..<j)), column: col, spaced: spaced))
                i = j + 1
            case ":":
                throw LoupeError.badQuery(message: "':' needs a field name before it", column: col)
            default:
                var j = i
                while j < chars.count && !Self.isSpace(chars[j]) && !Self.isSpecial(chars[j]) { j += 1 }
                let word = string(i..<j)
                if j < chars.count && chars[j] == ":" && !fields.contains(word) {
                    // Not a field: the colon and what follows it up to a space are part of the word.
                    var k = j
                    while k < chars.count && !Self.isSpace(chars[k]) && chars[k] != "(" && chars[k] != ")" && chars[k] != "\"" { k += 1 }
                    warnings.append("'\(string(i..<(j + 1)))' names no field; searched as text")
                    let text = string(i..<k)
                    out.append(Lexeme(kind: .word(text.hasSuffix(":") ? String(text.dropLast()) : text), column: col, spaced: spaced))
                    j = k
                } else if j < chars.count && chars[j] == ":", let spec = specs[word], spec.type != .text,
                          j + 1 < chars.count, !Self.isSpace(chars[j + 1]), chars[j + 1] != "(" {
                    // A value of a typed field: up to a space (inside brackets, to the closing one)
                    // or a closing parenthesis; or a quoted phrase.
                    var k = j + 1
                    var raw: String
                    if chars[k] == "\"" {
                        k += 1
                        while k < chars.count && chars[k] != "\"" { k += 1 }
                        guard k < chars.count else { throw LoupeError.badQuery(message: "unclosed quote", column: j + 2) }
                        raw = string((j + 2)..<k)
                        k += 1
                        out.append(Lexeme(kind: .value(field: word, raw: raw.isEmpty ? "\"\"" : raw), column: col, spaced: spaced))
                        if raw.isEmpty { throw LoupeError.badQuery(message: "'\(word):' needs a value after it", column: col) }
                    } else {
                        let bracket = chars[k] == "[" || chars[k] == "{"
                        while k < chars.count {
                            if bracket ? (chars[k] == "]" || chars[k] == "}") : (Self.isSpace(chars[k]) || chars[k] == ")") { break }
                            k += 1
                        }
                        if bracket {
                            guard k < chars.count else { throw LoupeError.badQuery(message: "this range is never closed", column: j + 2) }
                            k += 1
                        }
                        raw = string((j + 1)..<k)
                        out.append(Lexeme(kind: .value(field: word, raw: raw), column: col, spaced: spaced))
                    }
                    j = k
                } else if j < chars.count && chars[j] == ":" {
                    out.append(Lexeme(kind: .field(word), column: col, spaced: spaced))
                    j += 1
                } else if word == "AND" {
                    out.append(Lexeme(kind: .and, column: col, spaced: spaced))
                } else if word == "OR" {
                    out.append(Lexeme(kind: .or, column: col, spaced: spaced))
                } else if word == "NOT" {
                    out.append(Lexeme(kind: .not, column: col, spaced: spaced))
                } else {
                    out.append(Lexeme(kind: .word(word), column: col, spaced: spaced))
                }
                i = j
            }
            spaced = false
        }
        out.append(Lexeme(kind: .end, column: chars.count + 1, spaced: true))
        return out
    }

    /// The 1-based character column of the 1-based scalar column `column` of `text`.
    static func characterColumn(_ column: Int, in text: String) -> Int {
        var prefix = String.UnicodeScalarView()
        prefix.append(contentsOf: text.unicodeScalars.prefix(max(0, column - 1)))
        return String(prefix).count + 1 + max(0, column - 1 - text.unicodeScalars.count)
    }

    // MARK: Parser

    private var lexemes: [Lexeme] = []
    private var at = 0
    /// Levels of `parseUnary` open: each '(' and each prefix operator adds one.
    private var depth = 0
    private var peek: Lexeme { lexemes[at] }

    /// When true, words match only their exact (case-folded, untransliterated) form.
    private var exactMode = false

    /// Parses `text`; throws `LoupeError.badQuery` with the column of the first problem.
    /// - Parameters:
    ///   - text: the query, in the syntax above.
    ///   - exact: match words only in their exact form (no transliteration): `Çavuşoğlu` then misses
    ///     `Cavusoglu`, and `cavusoglu` misses `Çavuşoğlu`.
    public func parse(_ text: String, exact: Bool = false) throws -> Query {
        do { return try parseScalars(text, exact: exact) } catch let LoupeError.badQuery(message, column) {
            throw LoupeError.badQuery(message: message, column: Self.characterColumn(column, in: text))
        }
    }

    /// `parse`, with errors' columns counted in Unicode scalars.
    private func parseScalars(_ text: String, exact: Bool) throws -> Query {
        exactMode = exact
        warnings = []
        lexemes = try lex(text)
        at = 0
        depth = 0
        if case .end = peek.kind { throw LoupeError.badQuery(message: "the query is empty", column: 1) }
        let clauses = try parseClauses(until: .end)
        guard clauses.contains(where: { $0.occur != .mustNot }) else {
            throw LoupeError.badQuery(message: "a query needs at least one word that is not excluded", column: 1)
        }
        return simplify(.boolean(clauses))
    }

    /// Clauses up to `stop`; `openedAt` is the column of the '(' being closed, if any.
    private func parseClauses(until stop: Kind, openedAt: Int? = nil) throws -> [Query.Clause] {
        var clauses: [Query.Clause] = []
        while peek.kind != stop {
            if case .end = peek.kind, let openedAt {
                throw LoupeError.badQuery(message: "this '(' is never closed", column: openedAt)
            }
            clauses.append(try parseOr())
        }
        return clauses
    }

    private func parseOr() throws -> Query.Clause {
        var items = [try parseAnd()]
        while peek.kind == .or {
            let col = peek.column
            at += 1
            let next = try parseAnd()
            guard next.occur != .mustNot, items[0].occur != .mustNot else {
                throw LoupeError.badQuery(message: "an excluded term cannot be one side of OR", column: col)
            }
            items.append(next)
        }
        if items.count == 1 { return items[0] }
        return Query.Clause(.should, .boolean(items.map { Query.Clause(.should, $0.query) }))
    }

    private func parseAnd() throws -> Query.Clause {
        var items = [try parseUnary()]
        while peek.kind == .and {
            at += 1
            items.append(try parseUnary())
        }
        if items.count == 1 { return items[0] }
        guard items.contains(where: { $0.occur != .mustNot }) else {
            throw LoupeError.badQuery(message: "AND needs a side that is not excluded", column: peek.column)
        }
        // `a AND b` requires both; the group is itself required.
        return Query.Clause(.must, .boolean(items.map { Query.Clause($0.occur == .mustNot ? .mustNot : .must, $0.query) }))
    }

    private func parseUnary() throws -> Query.Clause {
        guard depth < Self.maxDepth else {
            throw LoupeError.badQuery(message: "the query nests more than \(Self.maxDepth) levels of parentheses or operators", column: peek.column)
        }
        depth += 1
        defer { depth -= 1 }
        switch peek.kind {
        case .plus:
            at += 1
            // `+-word` says both "required" and "excluded" (Lucene's parser refuses it too).
            if peek.kind == .minus || peek.kind == .not {
                throw LoupeError.badQuery(message: "a word cannot be both required (+) and excluded (-, NOT): keep one", column: peek.column)
            }
            let inner = try parseUnary()
            return Query.Clause(inner.occur == .mustNot ? .mustNot : .must, inner.query)
        case .minus, .not:
            at += 1
            if peek.kind == .plus {
                throw LoupeError.badQuery(message: "a word cannot be both excluded (-, NOT) and required (+): keep one", column: peek.column)
            }
            let inner = try parseUnary()
            return Query.Clause(.mustNot, inner.query)
        default:
            let q = try parsePrimary(field: nil)
            return Query.Clause(isFilter(q) ? .filter : .should, q)
        }
    }

    private func parsePrimary(field: String?) throws -> Query {
        var q = try parseAtom(field: field)
        if peek.kind == .caret {
            let col = peek.column
            at += 1
            guard case let .word(w) = peek.kind, !peek.spaced, let boost = Float(w), boost >= 0, boost.isFinite else {
                throw LoupeError.badQuery(message: "'^' must be followed by a number, as in word^2", column: col)
            }
            guard boost <= Self.maxBoost, boost * q.largestBoost <= Self.maxBoost else {
                throw LoupeError.badQuery(message: "a boost (times the boosts inside it) is at most \(Int(Self.maxBoost))", column: col + 1)
            }
            at += 1
            q = .boosted(q, boost)
        }
        return q
    }

    private func parseAtom(field: String?) throws -> Query {
        let lx = peek
        switch lx.kind {
        case .lparen:
            at += 1
            let saved = field
            let clauses = try parseClauses(until: .rparen, openedAt: lx.column)
            at += 1
            if clauses.isEmpty { throw LoupeError.badQuery(message: "empty parentheses", column: lx.column) }
            // Excluded words alone match nothing: an error, as `-word` alone is, not a silent empty result.
            guard clauses.contains(where: { $0.occur != .mustNot }) else {
                throw LoupeError.badQuery(message: "parentheses need at least one word that is not excluded", column: lx.column)
            }
            return simplify(.boolean(saved == nil ? clauses : clauses.map { Query.Clause($0.occur, withField($0.query, saved!)) }))
        case let .field(name):
            guard field == nil else { throw LoupeError.badQuery(message: "a field inside a field", column: lx.column) }
            guard fields.contains(name) else {
                throw LoupeError.badQuery(message: "unknown field '\(name)' (fields: \(fields.sorted().joined(separator: ", ")))", column: lx.column)
            }
            at += 1
            if case .end = peek.kind { throw LoupeError.badQuery(message: "'\(name):' needs a word after it", column: lx.column) }
            return try parseAtom(field: name)
        case let .phrase(text):
            at += 1
            return .text(text, field: field, match: exactMode ? .exact : .words)
        case let .value(name, raw):
            guard field == nil else { throw LoupeError.badQuery(message: "a field inside a field", column: lx.column) }
            at += 1
            do {
                return try ValueSyntax.query(raw, spec: specs[name]!, timeZone: timeZone)
            } catch let LoupeError.badQuery(message, _) {
                throw LoupeError.badQuery(message: "'\(name):' \(message)", column: lx.column + name.unicodeScalars.count + 1)
            }
        case let .word(w):
            at += 1
            if peek.kind == .star && !peek.spaced {
                at += 1
                return .text(w, field: field, match: .prefix)
            }
            if peek.kind == .tilde && !peek.spaced {
                let col = peek.column
                at += 1
                var edits = 2
                if case let .word(n) = peek.kind, !peek.spaced {
                    guard let e = Int(n), (1...2).contains(e) else {
                        throw LoupeError.badQuery(message: "fuzzy distance must be 1 or 2, as in word~1", column: col)
                    }
                    edits = e
                    at += 1
                }
                return .text(w, field: field, match: .fuzzy(maxEdits: edits))
            }
            return .text(w, field: field, match: exactMode ? .exact : .words)
        case .rparen:
            throw LoupeError.badQuery(message: "unexpected ')'", column: lx.column)
        case .end:
            throw LoupeError.badQuery(message: "the query ends where a word was expected", column: lx.column)
        case .and, .or:
            throw LoupeError.badQuery(message: "\(lx.kind == .and ? "AND" : "OR") needs a word on each side", column: lx.column)
        case .star:
            at += 1
            return field.map { .exists($0) } ?? .all
        case .tilde, .caret:
            throw LoupeError.badQuery(message: "this operator must follow a word", column: lx.column)
        case .plus, .minus, .not:
            throw LoupeError.badQuery(message: "unexpected operator", column: lx.column)
        }
    }

    private func withField(_ q: Query, _ field: String) -> Query {
        switch q {
        case let .text(t, nil, m): return .text(t, field: field, match: m)
        case let .word(w, nil): return .word(w, field: field)
        case let .term(t, nil): return .term(t, field: field)
        case let .exact(t, nil): return .exact(t, field: field)
        case let .phrase(t, nil, e): return .phrase(t, field: field, exact: e)
        case let .prefix(t, nil): return .prefix(t, field: field)
        case let .fuzzy(t, e, nil): return .fuzzy(t, maxEdits: e, field: field)
        case let .boolean(cs): return .boolean(cs.map { Query.Clause($0.occur, withField($0.query, field)) })
        case let .boosted(inner, b): return .boosted(withField(inner, field), b)
        default: return q
        }
    }

    /// Whether `q`, a clause without a prefix operator, filters rather than scores: a range, an
    /// exists, or a value of a keyword, number, date or bool field.
    private func isFilter(_ q: Query) -> Bool {
        switch q {
        case .range, .exists: return true
        case let .text(_, field?, _), let .exact(_, field?): return specs[field].map { $0.type != .text } ?? false
        default: return false
        }
    }

    /// A boolean of one should/must clause is that clause's query.
    private func simplify(_ q: Query) -> Query {
        if case let .boolean(cs) = q, cs.count == 1, cs[0].occur != .mustNot { return cs[0].query }
        return q
    }
}
