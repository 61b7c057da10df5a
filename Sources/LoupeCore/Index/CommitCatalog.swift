/// A record of what a commit's documents were built from, written by a layer above the engine (the
/// files layer's `SourceCatalog`) and handed to `IndexWriter.commitCatalog`. The engine knows only
/// its slot in the index folder: one file per commit, `catalog-<generation>`, in `FileFormat`'s
/// envelope with magic "LCAT" and a body that starts with the generation (so `IndexMarker` can
/// prove the index wrote it), written before the manifest of the same generation and removed with
/// it. Its grammar belongs to the layer that writes it.
package protocol CommitCatalog: Sendable {
    /// The live documents it describes: the commit's live document count, checked at commit.
    var documents: Int { get }
    /// Writes the file `name` of `directory` (synced), its body starting with `generation`.
    func write(to directory: any Directory, name: String, generation: UInt64) throws
}

/// The name and magic of a commit's catalog file (see `CommitCatalog`).
package enum CommitCatalogFile {
    package static let magic = "LCAT"
    package static func fileName(_ generation: UInt64) -> String { "catalog-\(generation)" }
}
