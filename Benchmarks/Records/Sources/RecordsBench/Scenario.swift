import Foundation

/// A product of the app: what both stores index, filter, sort and count.
struct Product: Sendable, Equatable {
    var id: String
    var title: String
    var body: String
    var tags: [String]
    var price: Double
    var created: Date
    var author: String
}

/// The counts a product list shows beside its hits: matches in all, per tag (top 10), per price band.
struct Facets: Equatable {
    var total: Int
    var tags: [String: Int]
    var prices: [String: Int]
}

/// The price bands of the facets, the same for both stores: label, lower bound (inclusive), upper
/// bound (exclusive).
let priceBands: [(label: String, from: Double?, to: Double?)] = [
    ("under 10", nil, 10), ("10 to 50", 10, 50), ("50 to 100", 50, 100), ("100 and up", 100, nil),
]

/// The app's store of products, implemented once on Loupe and once on GRDB with SQLite FTS5: the
/// lines of these two implementations are the "lines of app code" the benchmark compares. Words
/// are one or more words a user typed.
protocol ProductStore {
    init(path: String) throws
    /// Indexes every product and makes them searchable.
    func add(_ products: [Product]) throws
    /// The ids of the 10 best matches of `words`.
    func search(_ words: String) throws -> [String]
    /// The ids of the 10 best matches of `words` with tag `tag` and a price in `price`.
    func search(_ words: String, tag: String, price: ClosedRange<Double>) throws -> [String]
    /// The ids of the 10 newest matches of `words`.
    func newest(_ words: String) throws -> [String]
    /// The ids of the 10 best matches of `words` and the facets of all matches.
    func facets(_ words: String) throws -> (ids: [String], facets: Facets)
    /// Replaces the product of the same id.
    func update(_ product: Product) throws
    func delete(id: String) throws
    func product(id: String) throws -> Product?
}
