extension Schema {
    /// The fields of a segment that get a norms column (`Norms`), given its field statistics and
    /// its norms file's version: the indexed fields some document of the segment has; from
    /// `NormCodec.typedWithoutNormsVersion` on, of those only the ones `hasNorms` says.
    func normColumns(_ stats: [Manifest.FieldStats], version: UInt32 = NormCodec.version) -> [Int] {
        indexedFields.filter {
            $0 < stats.count && stats[$0].docsWithField > 0 && (version < NormCodec.typedWithoutNormsVersion || hasNorms($0))
        }
    }

    /// Whether indexed field `f` keeps norms in the segments written now: a text field (BM25 reads
    /// its lengths), or another kind without a fast column (`exists` reads the norms to know which
    /// documents hold it). A keyword, number, date or bool is one term per value, and a query on it
    /// scores every document of the same frequency alike.
    func hasNorms(_ f: Int) -> Bool { fields[f].type == .text || !fields[f].fast }

    /// Whether indexed field `f` keeps positions in the segments written now: text fields only
    /// (a phrase needs words in a row; a keyword's value is one term).
    func hasPositions(_ f: Int) -> Bool { fields[f].type == .text }
}
