import LoupeCore
extension IndexWriter {
    /// What the next commit was built from (`DirectoryIndexer` hands its walk over), written with it
    /// as `catalog-<generation>` and then cleared: a commit made without one has no catalog. It must
    /// list exactly the commit's live documents (checked: the commit throws otherwise).
    package var sourceCatalog: SourceCatalog? {
        get { commitCatalog as? SourceCatalog }
        set { commitCatalog = newValue }
    }
}
