import Foundation

// The records benchmark: the same app scenario on Loupe (LoupeStore.swift) and on GRDB with SQLite
// FTS5 (GRDBStore.swift). Products get realistic multilingual text from the multi corpus; every
// figure is printed as a Markdown table row.

struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    /// Skewed towards 0: a few values common, most rare.
    mutating func skewed(_ n: Int) -> Int { min(n - 1, Int(Double(n) * pow(Double(below(1 << 20)) / Double(1 << 20), 3))) }
}

struct Options {
    var records = 20_000
    var queries = 100
    var reps = 5
    var corpus = "/work/corpora/multi"
    var work = NSTemporaryDirectory() + "records-bench"
    var only: String? = nil
    init() {
        var args = CommandLine.arguments.dropFirst().makeIterator()
        while let a = args.next() {
            switch a {
            case "--records": records = Int(args.next() ?? "") ?? records
            case "--queries": queries = Int(args.next() ?? "") ?? queries
            case "--reps": reps = Int(args.next() ?? "") ?? reps
            case "--corpus": corpus = args.next() ?? corpus
            case "--work": work = args.next() ?? work
            case "--only": only = args.next()
            default: FileHandle.standardError.write("unknown option \(a)\n".data(using: .utf8)!); exit(2)
            }
        }
    }
}

let options = Options()

func lines(_ path: String) -> [String] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        FileHandle.standardError.write("cannot read \(path)\n".data(using: .utf8)!)
        exit(1)
    }
    return text.split(whereSeparator: \.isNewline).map(String.init)
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// The products: titles and bodies are runs of words of real documents in 19 languages.
func makeProducts(_ n: Int, rng: inout SplitMix64) -> [Product] {
    let files = lines(options.corpus + "/morph.docs.list")
    var texts: [[Substring]] = []
    for _ in 0..<3000 {
        let f = files[rng.below(files.count)]
        guard let t = try? String(contentsOfFile: options.corpus + "/" + f, encoding: .utf8) else { continue }
        let words = t.split(whereSeparator: \.isWhitespace)
        if words.count >= 20 { texts.append(words) }
    }
    let tags = ["sale", "new", "kitchen", "garden", "outdoor", "kids", "office", "gift", "eco", "premium", "bundle",
                "clearance", "travel", "sport", "music", "books", "tools", "bath", "pets", "winter", "summer", "light",
                "classic", "handmade", "local", "vintage", "digital", "family", "limited", "refurbished"]
    let authors = (0..<200).map { "author-\($0)" }
    let start = 1_577_836_800.0 // 2020-01-01
    func run(_ min: Int, _ max: Int, _ rng: inout SplitMix64) -> String {
        let words = texts[rng.below(texts.count)]
        let length = Swift.min(words.count, min + rng.below(max - min + 1))
        let from = rng.below(words.count - length + 1)
        return words[from..<(from + length)].joined(separator: " ")
    }
    return (0..<n).map { i in
        var chosen: [String] = []
        for _ in 0..<rng.below(5) {
            let t = tags[rng.skewed(tags.count)]
            if !chosen.contains(t) { chosen.append(t) }
        }
        return Product(id: "p-\(i)", title: run(3, 8, &rng), body: run(30, 150, &rng), tags: chosen,
                       price: Double(50 + rng.skewed(50_000)) / 100, created: Date(timeIntervalSince1970: start + Double(rng.below(5 * 365 * 86_400))),
                       author: authors[rng.skewed(authors.count)])
    }
}

/// Query words: words of the products' bodies (letters only, four or more), each a query.
func makeQueries(_ products: [Product], _ n: Int, rng: inout SplitMix64) -> [String] {
    var out: [String] = []
    while out.count < n {
        let words = products[rng.below(products.count)].body.split(separator: " ")
        let w = words[rng.below(words.count)].lowercased()
        if w.count >= 4, w.allSatisfy(\.isLetter), !out.contains(w) { out.append(w) }
    }
    return out
}

func percentile(_ v: [Double], _ p: Double) -> Double {
    let s = v.sorted()
    return s[min(s.count - 1, Int((Double(s.count - 1) * p).rounded()))]
}

/// Non-blank lines that are not comments.
func codeLines(_ file: String) -> Int {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
    return lines(dir + "/" + file).filter {
        let t = $0.trimmingCharacters(in: .whitespaces)
        return !t.isEmpty && !t.hasPrefix("//")
    }.count
}

func diskSize(_ path: String) -> Int {
    var total = 0
    if let e = FileManager.default.enumerator(atPath: path) {
        for case let f as String in e {
            total += (try? FileManager.default.attributesOfItem(atPath: path + "/" + f)[.size] as? Int) ?? 0
        }
    }
    return total
}

/// The folding probes, small: each probe's relevant documents (at most 5) and 2,000 others, as
/// products whose body is the document's text. A probe is found when a relevant document is in the
/// first 10 hits of its ASCII word.
func probeProducts(rng: inout SplitMix64) -> (products: [Product], probes: [(word: String, relevant: Set<String>)]) {
    var relevant: [String: [String]] = [:]
    for l in lines(options.corpus + "/probes.qrels.txt") {
        let p = l.split(separator: " ")
        if p.count >= 4, p[3] != "0" { relevant[String(p[0]), default: []].append(String(p[2])) }
    }
    var probes: [(String, Set<String>)] = []
    var docs = Set<String>()
    for l in lines(options.corpus + "/probes.queries.tsv") {
        let p = l.split(separator: "\t")
        guard p.count >= 3, let r = relevant[String(p[0])] else { continue }
        probes.append((String(p[2]), Set(r)))
        docs.formUnion(r.prefix(5))
    }
    let all = lines(options.corpus + "/probes.docs.list")
    for _ in 0..<2000 { docs.insert(String(all[rng.below(all.count)].dropLast(4))) }
    let products = docs.sorted().compactMap { d -> Product? in
        guard let t = try? String(contentsOfFile: options.corpus + "/" + d + ".txt", encoding: .utf8) else { return nil }
        return Product(id: d, title: "", body: t, tags: [], price: 1, created: Date(timeIntervalSince1970: 0), author: "")
    }
    return (products, probes)
}

var rng = SplitMix64(state: 20_000)
let products = makeProducts(options.records, rng: &rng)
let queries = makeQueries(products, options.queries, rng: &rng)
let probes = probeProducts(rng: &rng)
print("\(products.count) products, \(queries.count) query words, \(probes.products.count) probe documents, \(probes.probes.count) probes")

func measure(_ name: String, _ file: String, _ make: (String) throws -> any ProductStore) throws -> [String] {
    let dir = options.work + "/" + name
    try? FileManager.default.removeItem(atPath: dir)
    var t0 = now()
    let store = try make(dir)
    try store.add(products)
    let indexSeconds = now() - t0
    let size = diskSize(dir)

    var latencies: [String: [Double]] = [:]
    var hits: [String: Int] = [:]
    let categories: [(String, (String) throws -> Int)] = [
        ("text", { try store.search($0).count }),
        ("filter", { try store.search($0, tag: "sale", price: 10...100).count }),
        ("sort", { try store.newest($0).count }),
        ("facets", { try store.facets($0).facets.total }),
    ]
    for pass in 0...options.reps {
        for (category, run) in categories {
            for q in queries {
                t0 = now()
                let n = try run(q)
                let ms = (now() - t0) * 1000
                if pass > 0 { latencies[category, default: []].append(ms) } else { hits[category, default: 0] += n }
            }
        }
    }

    // Update, get and delete by id, checked.
    var changed = products[7]
    changed.price = 12.5
    changed.tags = ["sale", "gift"]
    try store.update(changed)
    guard let got = try store.product(id: changed.id), got.price == 12.5, got.tags == ["sale", "gift"],
          try store.search(changed.title.split(separator: " ").first.map(String.init) ?? "", tag: "gift", price: 12...13).contains(changed.id)
    else { throw CocoaError(.featureUnsupported, userInfo: [NSDebugDescriptionErrorKey: "\(name): update not seen"]) }
    try store.delete(id: changed.id)
    if try store.product(id: changed.id) != nil {
        throw CocoaError(.featureUnsupported, userInfo: [NSDebugDescriptionErrorKey: "\(name): delete not seen"])
    }

    // The folding probes, in an index of their own.
    let probeDir = options.work + "/" + name + "-probes"
    try? FileManager.default.removeItem(atPath: probeDir)
    let probeStore = try make(probeDir)
    try probeStore.add(probes.products)
    var found = 0
    for p in probes.probes where try probeStore.search(p.word).contains(where: p.relevant.contains) { found += 1 }

    func cell(_ c: String) -> String {
        String(format: "%.3f / %.3f", percentile(latencies[c]!, 0.5), percentile(latencies[c]!, 0.99))
    }
    let row = [name, "\(codeLines(file))", String(format: "%.2f", indexSeconds), String(format: "%.1f", Double(size) / 1e6),
               cell("text"), cell("filter"), cell("sort"), cell("facets"), "\(found) of \(probes.probes.count)"]
    let counts = ["text", "filter", "sort", "facets"].map { "\($0) \(hits[$0]!)" }.joined(separator: ", ")
    print("\(name): hits over the queries (facets: total matches): \(counts)")
    return row
}

var rows: [[String]] = []
if options.only == nil || options.only == "loupe" { rows.append(try measure("loupe", "LoupeStore.swift") { try LoupeStore(path: $0) }) }
if options.only == nil || options.only == "grdb" { rows.append(try measure("grdb", "GRDBStore.swift") { try GRDBStore(path: $0) }) }
print("")
print("| store | app lines | index s | index MB | text p50/p99 ms | filter p50/p99 | sort p50/p99 | facets p50/p99 | folding probes |")
print("|---|---|---|---|---|---|---|---|---|")
for r in rows { print("| " + r.joined(separator: " | ") + " |") }
