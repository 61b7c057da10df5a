extension Schema {
    /// The fields of a segment that get a norms column (`Norms`), given its field statistics: the
    /// indexed fields some document of the segment has.
    func normColumns(_ stats: [Manifest.FieldStats]) -> [Int] {
        indexedFields.filter { $0 < stats.count && stats[$0].docsWithField > 0 }
    }
}
