@_spi(Benchmarks) import LoupeCore
extension IndexStatistics {
    /// Reads the statistics of the newest commit at `path`, its `SourceCatalog`'s counts included.
    /// - Complexity: O(segments + files) plus one read of the catalog file.
    @_spi(Benchmarks) public init(path: String) throws {
        try self.init(path: path) { reader in
            try reader.sourceCatalog().map { ($0.count, $0.skipped.count, $0.folders.count) }
        }
    }
}
