import Foundation
import Loupe

final class LoupeStore: ProductStore {
    static let schema = Schema([
        .keyword("id"),
        .text("title", boost: 2),
        .text("body"),
        .keyword("tag", fast: true, multiValued: true),
        .value("price", .double),
        .value("created", .date),
        .keyword("author", fast: true),
    ])
    let path: String
    let writer: IndexWriter
    var searcher: Searcher

    init(path: String) throws {
        self.path = path
        writer = try IndexWriter(path: path, schema: Self.schema)
        try writer.commit()
        searcher = try Searcher(path: path)
    }

    static func document(_ p: Product) -> Document {
        var d: Document = ["id": p.id, "title": p.title, "body": p.body, "author": p.author]
        d[values: "tag"] = p.tags.map { .string($0) }
        d[values: "price"] = [.double(p.price)]
        d[values: "created"] = [.date(p.created)]
        return d
    }

    func commit() throws {
        try writer.commit()
        searcher = try Searcher(path: path)
    }

    func add(_ products: [Product]) throws {
        for p in products { try writer.add(Self.document(p)) }
        try commit()
    }

    func ids(_ query: String, _ options: SearchOptions = SearchOptions()) throws -> [String] {
        try searcher.search(query, options: options).hits.compactMap { $0[field: "id"] }
    }

    func search(_ words: String) throws -> [String] { try ids(words) }

    func search(_ words: String, tag: String, price: ClosedRange<Double>) throws -> [String] {
        try ids("\(words) tag:\"\(tag)\" price:[\(price.lowerBound) TO \(price.upperBound)]")
    }

    func newest(_ words: String) throws -> [String] {
        var options = SearchOptions()
        options.sort = [.field("created", descending: true)]
        return try ids(words, options)
    }

    func facets(_ words: String) throws -> (ids: [String], facets: Facets) {
        var options = SearchOptions()
        options.facets = [.terms("tag", top: 10),
                          .ranges("price", priceBands.map { FacetRange($0.label, from: $0.from.map { .double($0) }, to: $0.to.map { .double($0) }) })]
        let results = try searcher.search(words, options: options)
        func counts(_ i: Int) -> [String: Int] {
            Dictionary(results.facets[i].buckets.map { ($0.value, $0.count) }, uniquingKeysWith: +).filter { $0.value > 0 }
        }
        return (results.hits.compactMap { $0[field: "id"] }, Facets(total: results.totalHits, tags: counts(0), prices: counts(1)))
    }

    func update(_ product: Product) throws {
        try writer.updateDocument(term: ("id", product.id), with: Self.document(product))
        try commit()
    }

    func delete(id: String) throws {
        _ = try writer.deleteDocuments(field: "id", value: id)
        try commit()
    }

    func product(id: String) throws -> Product? {
        guard let v = try IndexReader(path: path).document(field: "id", value: id) else { return nil }
        return Product(id: id, title: v["title"]?.first ?? "", body: v["body"]?.first ?? "", tags: v["tag"] ?? [],
                       price: Double(v["price"]?.first ?? "") ?? 0, created: try Date(v["created"]?.first ?? "", strategy: .iso8601),
                       author: v["author"]?.first ?? "")
    }
}
