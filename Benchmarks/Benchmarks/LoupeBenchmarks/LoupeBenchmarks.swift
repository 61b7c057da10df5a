import Benchmark
import Foundation
import Loupe
@_spi(Benchmarks) import LoupeCore

/// About 1 MB of text in one script, made by repeating a sample paragraph.
func corpus(_ paragraph: String) -> String {
    var s = ""
    while s.utf8.count < 1 << 20 { s += paragraph + "\n" }
    return s
}

let samples: [(String, String)] = [
    ("english", "The quick brown fox jumps over the lazy dog while the search engine ranks documents by BM25 and reads posting lists from memory-mapped segment files."),
    ("turkish", "Dışişleri Bakanı Mevlüt Çavuşoğlu, İstanbul'da gazetecilere yaptığı açıklamada toplantının yapıcı geçtiğini ve işbirliğinin süreceğini söyledi."),
    ("russian", "В Москве ожидается снег. Москва готовится к зиме: дороги посыпают солью, а жители достают тёплую одежду и ждут праздников."),
    ("chinese", "东京都的人口约为一千四百万人。北京是中国的首都，也是政治和文化中心，每年吸引大量游客前来参观。"),
    ("thai", "ภาษาไทยง่ายนิดเดียวถ้าฝึกทุกวัน กรุงเทพมหานครเป็นเมืองหลวงของประเทศไทยและมีประชากรมาก"),
]

/// The benchmarks' seeded generator (a 64-bit LCG, Knuth's MMIX constants, its high 31 bits): the
/// same indexes on every run, and the ones the recorded figures were measured on.
struct SeededRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state >> 33
    }
}

/// A synthetic index for query and postings benchmarks: `docs` documents of 60 words drawn from a
/// Zipf-like vocabulary (word i appears with weight 1/(i+1)), deterministic.
func buildIndex(docs: Int) throws -> String {
    let path = NSTemporaryDirectory() + "loupe-bench-\(docs)"
    // Reused when this build can open it (an index of an older format is built again).
    if FileManager.default.fileExists(atPath: path + "/manifest-1"), (try? IndexReader(path: path)) != nil { return path }
    try? FileManager.default.removeItem(atPath: path)
    let writer = try IndexWriter(path: path, schema: Schema([.text("body", stored: false), FieldSpec("id", type: .text, indexed: false)]))
    var random = SeededRandom(state: 42)
    func next() -> UInt64 { random.next() }
    let vocabulary = (0..<5000).map { "w\($0)" }
    var cumulative: [Double] = []
    var total = 0.0
    for i in 0..<vocabulary.count { total += 1 / Double(i + 1); cumulative.append(total) }
    for d in 0..<docs {
        var words: [String] = []
        for _ in 0..<60 {
            let r = Double(next() % 1_000_000) / 1_000_000 * total
            var lo = 0, hi = cumulative.count - 1
            while lo < hi { let m = (lo + hi) / 2; if cumulative[m] < r { lo = m + 1 } else { hi = m } }
            words.append(vocabulary[lo])
        }
        try writer.add(["body": words.joined(separator: " "), "id": String(d)])
    }
    try writer.commit()
    return path
}

/// An index of one million distinct random words (4–9 letters) in 200 documents: what a fuzzy
/// query's walk of the term dictionary is measured on.
func buildTermsIndex() throws -> String {
    let path = NSTemporaryDirectory() + "loupe-bench-1m-terms"
    if FileManager.default.fileExists(atPath: path + "/manifest-1"), (try? IndexReader(path: path)) != nil { return path }
    try? FileManager.default.removeItem(atPath: path)
    let writer = try IndexWriter(path: path, schema: Schema([.text("body", stored: false)]))
    var random = SeededRandom(state: 7)
    func next() -> UInt64 { random.next() }
    let letters = Array("abcdefghijklmnopqrstuvwxyz")
    var seen = Set<String>()
    var words: [String] = []
    while seen.count < 1_000_000 {
        let w = String((0..<(4 + Int(next() % 6))).map { _ in letters[Int(next() % 26)] })
        if seen.insert(w).inserted { words.append(w) }
        if words.count == 5000 {
            try writer.add(["body": words.joined(separator: " ")])
            words = []
        }
    }
    try writer.commit()
    return path
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(3))

    for (name, paragraph) in samples {
        let text = corpus(paragraph)
        let megabytes = Double(text.utf8.count) / 1_000_000
        Benchmark("analysis \(name) (1 MB per iteration)", configuration: .init(metrics: [.wallClock, .throughput], maxIterations: 50)) { benchmark in
            let analyzer = try Analyzer.standard()
            for _ in benchmark.scaledIterations {
                var n = 0
                try analyzer.analyze(text) { _ in n += 1 }
                blackHole(n)
            }
            _ = megabytes
        }
    }

    Benchmark("postings decode: all docs of the most frequent term, 50k docs", configuration: .init(metrics: [.wallClock, .throughput])) { benchmark in
        let reader = try IndexReader(path: try buildIndex(docs: 50_000))
        let segment = reader.segments[0]
        let info = try segment.termInfo(field: 0, term: "w0")!
        for _ in benchmark.scaledIterations {
            let it = try segment.postings(info)
            var sum = 0
            while try it.next() != Int32.max { sum &+= Int(it.freq) }
            blackHole(sum)
        }
    }

    Benchmark("query fuzzy radio~1, 1M distinct terms", configuration: .init(metrics: [.wallClock, .throughput])) { benchmark in
        let searcher = try Searcher(path: try buildTermsIndex())
        for _ in benchmark.scaledIterations { blackHole(try searcher.search("radio~1", options: SearchOptions(limit: 10)).totalHits) }
    }

    let queries = ["term": "w17", "or": "w3 w250", "and": "+w3 +w250", "phrase": "\"w0 w1\""]
    for (kind, q) in queries.sorted(by: { $0.key < $1.key }) {
        Benchmark("query \(kind) top-10, 50k docs", configuration: .init(metrics: [.wallClock, .throughput])) { benchmark in
            let searcher = try Searcher(path: try buildIndex(docs: 50_000))
            for _ in benchmark.scaledIterations { blackHole(try searcher.search(q, options: SearchOptions(limit: 10)).totalHits) }
        }
    }
}
