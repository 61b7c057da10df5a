/// `query` with its scores multiplied by `boost` (finite, ≥ 0).
public struct BoostQuery: QueryNode {
    /// The query boosted.
    package var query: any QueryNode
    /// The factor its scores are multiplied by (finite, ≥ 0).
    package var boost: Float

    /// `query` with its scores multiplied by `boost`.
    public init(_ query: any QueryNode, boost: Float) {
        self.query = query
        self.boost = boost
    }

    public func weight(in context: SearchContext, boost outer: Float) throws -> any Weight {
        let b = outer * boost
        guard boost.isFinite, boost >= 0, b.isFinite else { throw LoupeError.invalidArgument("a boost must be finite and ≥ 0, not \(boost)") }
        return try context.nested { try query.weight(in: context, boost: b) }
    }
}
