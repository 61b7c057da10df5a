extension Columns {
    /// Opens the columns of a segment of `docCount` documents of `schema`.
    convenience init(path: String, schema: Schema, docCount: Int) throws {
        try self.init(path: path, fields: schema.fields.map { ($0.name, $0.fast ? $0.type : nil) }, docCount: docCount)
    }
}
