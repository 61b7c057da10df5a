extension Columns {
    /// Opens the columns of a segment of `docCount` documents of `schema`.
    convenience init(file: MappedFile, schema: Schema, docCount: Int) throws {
        try self.init(file: file, fields: schema.fields.map { ($0.name, $0.fast ? $0.type : nil) }, docCount: docCount)
    }
}
