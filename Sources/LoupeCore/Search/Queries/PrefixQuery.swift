/// Documents holding a term that starts with `prefix` (a folded form) in `field` (nil: the default
/// fields): every such document, scored as if the matched terms were one (see `ExpansionWeight`).
package struct PrefixQuery: QueryNode {
    /// The prefix, as a folded form.
    package var prefix: String
    /// The field searched (nil: the default fields).
    package var field: String?

    /// Terms starting with `prefix` in `field` (nil: the default fields).
    package init(_ prefix: String, field: String? = nil) {
        self.prefix = prefix
        self.field = field
    }

    package func weight(in context: SearchContext, boost: Float) throws -> any Weight {
        let p = Array(prefix.utf8)
        return try ExpansionWeight(context: context, boost: boost, field: field, label: prefix + "*") { seg, f in
            try ExpansionWeight.foldedVocabulary(seg, field: f, analyzer: context.analyzer(f)) { base, start, found in
                let from = base + p
                try seg.terms.walk(from: from.lexicographicallyPrecedes(start) ? start : from) { key, info in
                    guard key.starts(with: from) else { return .stop }
                    found(String(decoding: key[base.count...], as: UTF8.self), info, 1)
                    return .next
                }
            }
        }
    }
}
