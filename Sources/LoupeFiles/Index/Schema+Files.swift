import LoupeCore
extension Schema {
    /// The schema the CLI uses for files: `path` (its words searchable, boost 1.5), `title` (a
    /// declared title, boost 2), `body`. What change detection needs of each file (size, mtime,
    /// content hash) is in the commit's `SourceCatalog`, not in the stored fields. A file without a
    /// declared title is shown by its first line, read from the file with its snippets
    /// (`SourceDocumentReader`): storing every first line made a third of `.sto`.
    public static let files = Schema([
        FieldSpec("path", boost: 1.5, isPath: true),
        FieldSpec("title", boost: 2.0),
        FieldSpec("body", stored: false),
    ])
}
