import ArgumentParser
import Foundation
import Loupe

struct SearchCommand: ParsableCommand {
    /// Bounds of the paging options: far beyond any page a person reads, and small enough that
    /// `limit + offset` and the ranking's heap stay in range.
    static let maxLimit = 1_000_000
    static let maxOffset = 10_000_000
    static let maxSnippets = 100

    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search an index; prints rank, score, path and title of the best hits.",
        usage: "loupe search [<options>] [--] <query>",
        discussion: """
        Query syntax:
          cavusoglu moskva        either word (ranked: documents with both come first)
          +required -excluded     must contain / must not contain
          a AND b, a OR b, NOT a  boolean operators (capitals), with ( ) to group
          "exact phrase"          words in this order, side by side
          pref*                   words starting with "pref"
          title:word path:word    search one field (fields: path, title, body)
          ext:pdf folder:docs/api filter by a file's extension or folder (any level)
          ext:htm* folder:docs*   … whose value starts so
          format:docx             filter by the format a file was read as (loupe stats lists them)
          size:>1MB size:[1K TO 1M]  filter by size (K M G T: powers of 1024)
          modified:>=2024-06-01   filter by date (also 2024-01..2024-03, [a TO b])
          *                       every document (* -ext:txt: all but .txt)
          word^2                  weigh a word twice as much
          word~1                  words within 1 (or 2) edits: typos
        Accents, case and script do not matter: "mevlut" finds "Mevlüt", "moskva"
        finds "Москва"; a query written with accents or in the original script
        ranks that exact spelling first. --exact turns folding off: "Çavuşoğlu"
        then finds only "Çavuşoğlu". A query may start with '-'
        (loupe search '-sport +ski'); words after -- are always the query.

        Examples:
          loupe search 'moskva'                      # Москва, Moskva, MOSKVA
          loupe search '+"foreign minister" -sport'  # a phrase, a word excluded
          loupe search 'title:(install OR setup) linux*' --limit 20
          loupe search 'Çavuşoğlu' --exact --json
          loupe search 'budget ext:pdf modified:>=2024-01-01' --sort -modified --facets ext,folder

        --json prints JSON Lines: one object per hit ("type":"hit", rank, score,
        path, title, snippets — each with its "page" in a PDF), then a summary ("type":"summary", total, exact,
        returned, offset, milliseconds, and "facets" with --facets). A score that
        is not finite is null. --fields path,title adds those stored fields.

        Exit status: 0 when documents matched, 1 when none did, 2 on an error.
        """
    )

    @Argument(help: ArgumentHelp("The query (see the syntax above).", valueName: "query"))
    var words: [String] = []

    @Option(name: .shortAndLong, help: "How many hits to show (0 to 1000000).")
    var limit = 10

    @Flag(name: .long, help: "JSON Lines: one object per hit, then a summary object.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("The index: its name (see `loupe list`), its path, or the folder it was built from (default: the only index, or the one of the folder you are in).", valueName: "NAME|PATH|DIR"))
    var index: String?

    @Option(name: .long, help: "Skip this many hits first, for paging (0 to 10000000).")
    var offset = 0

    @Flag(name: .long, help: "Print only the number of matching documents.")
    var count = false

    @Option(name: .long, help: "Passages shown per hit (0: none; at most 100).")
    var snippets = 1

    @Option(name: .customLong("field"), help: ArgumentHelp("Search words that name no field in FIELD only (repeatable; default: every indexed field, e.g. path, title and body).", valueName: "FIELD"))
    var fields: [String] = []

    @Flag(name: .long, help: "Match words exactly as written (case aside): no transliteration, no accent folding.")
    var exact = false

    @OptionGroup var stemming: StemOptions

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Sort by these fields instead of by score, comma-separated; '-' first for descending (-modified, size, ext, score).", valueName: "KEYS"))
    var sort: String?

    @Option(name: .long, help: ArgumentHelp("Count the matches per value of these fields, comma-separated (ext, folder: the 10 most frequent values each; size, modified: in ranges by decade or year).", valueName: "FIELDS"))
    var facets: String?

    @Option(name: .customLong("fields"), help: ArgumentHelp("With --json: the stored fields each hit carries, comma-separated (path, title, …).", valueName: "FIELDS"))
    var storedFields: String?

    @Flag(name: .long, help: "Show the BM25 parts of each hit's score, per term and field.")
    var explain = false

    @Option(name: .long, help: "Colour the hits: auto (on a terminal, unless NO_COLOR is set or TERM=dumb), always, never.")
    var color: ColorChoice = .auto

    /// The query: the words given, joined by spaces (`loupe search a b` searches `a b`).
    var query: String { words.joined(separator: " ") }

    func validate() throws {
        if words.isEmpty { throw ValidationError("give a query, e.g. loupe search \"moskva\" (a query that starts with '-' goes after --)") }
        if query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("the query is empty: give at least one word, e.g. loupe search \"moskva\"")
        }
        try Self.validatePaging(limit: limit, offset: offset)
        if snippets < 0 || snippets > Self.maxSnippets { throw ValidationError("--snippets must be between 0 and \(Self.maxSnippets)") }
    }

    /// Options of `search` that take a value (their value may start with '-').
    static let valueOptions: Set<String> = ["--limit", "-l", "--index", "--offset", "--snippets", "--field", "--color", "--language",
                                            "--sort", "--facets", "--fields"]

    /// The command line with every word of a `search` query that starts with a single '-' (an
    /// excluded word: `-sport`, `'-sport +ski'`) moved after `--`, where it is read as the query and
    /// not as options. `-l`, `-h` and values of options stay; a mistyped `--option` stays too, and
    /// is reported.
    static func placingDashedQueryWords(_ args: [String]) -> [String] {
        guard args.first == "search" else { return args }
        var kept = ["search"], query: [String] = []
        var i = 1
        while i < args.count {
            let a = args[i]
            if a == "--" {
                query += args[(i + 1)...]
                break
            }
            if valueOptions.contains(a) {
                kept.append(a)
                if i + 1 < args.count { kept.append(args[i + 1]) }
                i += 2
                continue
            }
            let isShortOption = a == "-h" || (a.hasPrefix("-l") && a.dropFirst(2).allSatisfy(\.isNumber))
            if a.hasPrefix("-") && !a.hasPrefix("--") && a.count > 1 && !isShortOption {
                query.append(a)
            } else if a.hasPrefix("-") {
                kept.append(a)
            } else {
                query.append(a)
            }
            i += 1
        }
        return query.isEmpty ? kept : kept + ["--"] + query
    }

    static func validatePaging(limit: Int, offset: Int) throws {
        if limit < 0 || limit > maxLimit { throw ValidationError("--limit must be between 0 and \(maxLimit)") }
        if offset < 0 || offset > maxOffset { throw ValidationError("--offset must be between 0 and \(maxOffset)") }
    }

    func run() throws {
        let path = try IndexHome().resolve(index)
        let query = self.query
        var files: SourceDocumentReader?
        let started = DispatchTime.now().uptimeNanoseconds
        let results = try reportingErrors { () -> SearchResults in
            let searcher = try Searcher(path: path)
            stemming.apply(to: searcher)
            var options = SearchOptions(limit: count ? 0 : limit, offset: offset, exact: exact,
                                        fields: fields.isEmpty ? nil : fields,
                                        snippets: count ? 0 : snippets, explain: explain)
            // A hit's file is read again only while it is the regular file that was indexed, inside
            // the indexed folder, with bounded reads (see `SourceDocumentReader`).
            stemming.apply(to: &options)
            options.sort = Self.list(sort).map(SortField.init(parsing:))
            // Keyword fields by value, numbers and dates by automatic ranges.
            options.facets = Self.list(facets).map { name in
                searcher.reader.schema.fields.first { $0.name == name }?.type.isNumeric == true ? .automatic(name) : .terms(name, top: 10)
            }
            let reader = SourceDocumentReader(reader: searcher.reader)
            if let problem = reader.rootProblem {
                throw LoupeError.invalidArgument("\(problem): not reading files from it; `loupe index DIR --full` rebuilds the index from the folder there now")
            }
            files = reader
            // A PDF's (office file's, …) text is stored with the hit; a plain-text file is read again.
            options.snippetSource = .init(field: "body") { hit in try? reader.text(of: hit).get().body }
            return try searcher.search(query, options: options)
        }
        /// The stored title, else (files without a declared one) the first line of the file's
        /// beginning, read now.
        func title(_ h: SearchHit) -> String { files?.title(of: h).title ?? h.title ?? "" }
        /// Why a hit that should have snippets has none: its file was not read again.
        func unread(_ h: SearchHit) -> String? {
            guard !count, snippets > 0, h.snippets.isEmpty, let files, files.source != nil,
                  case let .failure(why) = files.text(of: h) else { return nil }
            return "\(why)"
        }
        /// The page of each snippet of a hit whose text has pages (a PDF's); nil for the others.
        func pages(_ h: SearchHit) -> [Int?] {
            guard !h.snippets.isEmpty, let files, case let .success(text) = files.text(of: h) else {
                return h.snippets.map { _ in nil }
            }
            return h.snippets.map { text.page(atUTF8Offset: $0.documentHighlights.first?.lowerBound ?? $0.start) }
        }
        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        if json {
            for (i, h) in results.hits.enumerated() {
                var record = SearchHitRecord(h, rank: offset + i + 1, title: title(h), explain: explain)
                for (k, page) in pages(h).enumerated() { record.snippets[k].page = page }
                if storedFields != nil { record.fields = h.fields.filter { Self.list(storedFields).contains($0.key) } }
                try JSONOutput.print(record)
            }
            try JSONOutput.print(SearchSummaryRecord(results, offset: offset, milliseconds: milliseconds))
        } else if count {
            print(results.totalHits)
        } else {
            printHits(results, title: title, pages: pages, unread: unread)
            printFacets(results.facets)
        }
        if results.totalHits == 0 { throw ExitCode.nothingFound }
    }

    /// The items of a comma-separated option, trimmed, empty ones dropped.
    static func list(_ option: String?) -> [String] {
        (option ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// One line per facet: `ext: pdf 12, txt 3 (others 2, none 1)`.
    private func printFacets(_ facets: [FacetResult]) {
        for f in facets {
            let buckets = f.buckets.map { "\($0.value.escapedForTerminal) \($0.count)" }.joined(separator: ", ")
            var rest: [String] = []
            if f.others > 0 { rest.append("others \(f.others)") }
            if f.missing > 0 { rest.append("none \(f.missing)") }
            print("\(f.field): " + (buckets.isEmpty ? "-" : buckets) + (rest.isEmpty ? "" : " (" + rest.joined(separator: ", ") + ")"))
        }
    }

    private func printHits(_ results: SearchResults, title: (SearchHit) -> String, pages: (SearchHit) -> [Int?],
                           unread: (SearchHit) -> String?) {
        if results.hits.isEmpty && (results.totalHits == 0 || limit > 0) {
            print(results.totalHits == 0 ? "no match for " + query.escapedForTerminal
                  : "no hits past the first \(results.totalHits) (--offset \(offset))")
            return
        }
        // `--limit 0`: no hits asked for, only the count line below.
        let style = Style(color)
        let indent = "              "
        for (i, h) in results.hits.enumerated() {
            print(String(format: "%3d  %7.3f  ", offset + i + 1, h.score) + style.path((h.path ?? "?").escapedForTerminal))
            let title = title(h).escapedForTerminal
            if !title.isEmpty { print(indent + style.title(title)) }
            for (s, page) in zip(h.snippets, pages(h)) { print(indent + (page.map { style.dim("p. \($0)") + "  " } ?? "") + style.marked(s)) }
            if let why = unread(h) { print(indent + style.dim("(no snippet: \(why))".escapedForTerminal)) }
            for part in h.explanation { print(indent + style.dim(part.description.escapedForTerminal)) }
        }
        let n = results.totalHits
        if results.totalHitsIsExact {
            print("\(n) matching document\(n == 1 ? "" : "s")")
        } else {
            print("at least \(n) matching document\(n == 1 ? "" : "s") (--count gives the exact number)")
        }
    }
}
