import Foundation
import GRDB

final class GRDBStore: ProductStore {
    let db: DatabasePool

    init(path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        db = try DatabasePool(path: path + "/products.sqlite")
        try db.write { db in
            try db.execute(sql: """
                CREATE TABLE product(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT, body TEXT,
                                     price REAL NOT NULL, created REAL NOT NULL, author TEXT NOT NULL);
                CREATE INDEX product_created ON product(created);
                CREATE TABLE tag(product INTEGER NOT NULL REFERENCES product(rowid) ON DELETE CASCADE, tag TEXT NOT NULL);
                CREATE INDEX tag_tag ON tag(tag, product);
                CREATE INDEX tag_product ON tag(product);
                """)
            try db.create(virtualTable: "product_ft", using: FTS5()) { t in
                t.synchronize(withTable: "product")
                t.tokenizer = .unicode61(diacritics: .remove)
                t.column("title")
                t.column("body")
            }
        }
    }

    func insert(_ p: Product, _ db: Database) throws {
        try db.execute(sql: "INSERT INTO product(id, title, body, price, created, author) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [p.id, p.title, p.body, p.price, p.created.timeIntervalSince1970, p.author])
        let row = db.lastInsertedRowID
        for t in p.tags { try db.execute(sql: "INSERT INTO tag(product, tag) VALUES (?, ?)", arguments: [row, t]) }
    }

    func add(_ products: [Product]) throws {
        try db.write { db in for p in products { try insert(p, db) } }
    }

    /// The FTS5 pattern of the words, nil when they hold no word at all.
    func pattern(_ words: String) -> String? { FTS5Pattern(matchingAllTokensIn: words)?.rawPattern }

    func ids(_ sql: String, _ arguments: StatementArguments) throws -> [String] {
        try db.read { db in try String.fetchAll(db, sql: sql, arguments: arguments) }
    }

    func search(_ words: String) throws -> [String] {
        guard let p = pattern(words) else { return [] }
        return try ids("""
            SELECT product.id FROM product_ft JOIN product ON product.rowid = product_ft.rowid
            WHERE product_ft MATCH ? ORDER BY bm25(product_ft, 2.0, 1.0) LIMIT 10
            """, [p])
    }

    func search(_ words: String, tag: String, price: ClosedRange<Double>) throws -> [String] {
        guard let p = pattern(words) else { return [] }
        return try ids("""
            SELECT product.id FROM product_ft JOIN product ON product.rowid = product_ft.rowid
            WHERE product_ft MATCH ? AND product.price BETWEEN ? AND ?
              AND EXISTS (SELECT 1 FROM tag WHERE tag.product = product.rowid AND tag.tag = ?)
            ORDER BY bm25(product_ft, 2.0, 1.0) LIMIT 10
            """, [p, price.lowerBound, price.upperBound, tag])
    }

    func newest(_ words: String) throws -> [String] {
        guard let p = pattern(words) else { return [] }
        return try ids("""
            SELECT product.id FROM product_ft JOIN product ON product.rowid = product_ft.rowid
            WHERE product_ft MATCH ? ORDER BY product.created DESC LIMIT 10
            """, [p])
    }

    func facets(_ words: String) throws -> (ids: [String], facets: Facets) {
        guard let p = pattern(words) else { return ([], Facets(total: 0, tags: [:], prices: [:])) }
        let hits = try search(words)
        return try db.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM product_ft WHERE product_ft MATCH ?", arguments: [p]) ?? 0
            var tags: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT tag.tag, count(*) FROM product_ft JOIN tag ON tag.product = product_ft.rowid
                WHERE product_ft MATCH ? GROUP BY tag.tag ORDER BY count(*) DESC, tag.tag LIMIT 10
                """, arguments: [p]) { tags[row[0]] = row[1] }
            var prices: [String: Int] = [:]
            let band = priceBands.enumerated().compactMap { i, b in b.to.map { "WHEN product.price < \($0) THEN \(i)" } }
                .joined(separator: " ")
            for row in try Row.fetchAll(db, sql: """
                SELECT CASE \(band) ELSE \(priceBands.count - 1) END AS band, count(*)
                FROM product_ft JOIN product ON product.rowid = product_ft.rowid
                WHERE product_ft MATCH ? GROUP BY band
                """, arguments: [p]) { prices[priceBands[row[0] as Int].label] = row[1] }
            return (hits, Facets(total: total, tags: tags, prices: prices))
        }
    }

    func update(_ product: Product) throws {
        try db.write { db in
            try db.execute(sql: "DELETE FROM product WHERE id = ?", arguments: [product.id])
            try insert(product, db)
        }
    }

    func delete(id: String) throws {
        try db.write { db in try db.execute(sql: "DELETE FROM product WHERE id = ?", arguments: [id]) }
    }

    func product(id: String) throws -> Product? {
        try db.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM product WHERE id = ?", arguments: [id]) else { return nil }
            let tags = try String.fetchAll(db, sql: "SELECT tag FROM tag WHERE product = ? ORDER BY rowid", arguments: [row["rowid"] as Int64])
            return Product(id: row["id"], title: row["title"], body: row["body"], tags: tags, price: row["price"],
                           created: Date(timeIntervalSince1970: row["created"]), author: row["author"])
        }
    }
}
