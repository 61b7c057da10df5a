@_spi(Benchmarks) import LoupeCore
import Glibc

extension IndexReader {
    /// The catalog of the files this commit was built from, or nil when the commit has none (see
    /// `SourceCatalog`). Read and verified whole.
    /// - Throws: `LoupeError.corrupt` when the file is damaged, or is not this commit's.
    /// - Complexity: O(catalog size).
    package func sourceCatalog() throws -> SourceCatalog? {
        let name = SourceCatalog.fileName(manifest.generation)
        guard directory.contains(name) else { return nil }
        return try SourceCatalog.read(directory.openFile(name), generation: manifest.generation, documents: documentCount)
    }

    /// Verifies the checksum of every file of the snapshot (what `loupe check` runs), the source
    /// catalog's included.
    @_spi(Benchmarks) public func verifyChecksums() throws {
        try verifySegmentChecksums()
        _ = try sourceCatalog()
    }

    /// Checks the snapshot as a whole, beyond checksums (which it verifies first), as Lucene's
    /// CheckIndex and SQLite fts5's integrity-check do: decodes every term, posting and position,
    /// and checks that they agree with each other, with the norms, the stored documents, the
    /// deletions and the manifest (the list is at `verifyDeep(liveKeys:)`); and when the commit has
    /// a source catalog, that its documents' paths are exactly the live documents' stored paths.
    ///
    /// - Throws: `LoupeError.corrupt` naming the first file found wrong and what is wrong.
    /// - Complexity: O(index size); memory O(documents of one segment + catalog).
    @_spi(Benchmarks) public func verifyDeep() throws -> CheckReport {
        try verifyChecksums()
        return try verifyDeep { liveKeys in
            guard let catalog = try sourceCatalog(), let keyField = schema.storedKeyField,
                  schema.fields[keyField].name == "path" else { return }
            guard catalog.documentPaths() == liveKeys else {
                throw LoupeError.corrupt(file: SourceCatalog.fileName(manifest.generation),
                                         reason: "its documents are not the live documents of the segments")
            }
        }
    }
}
