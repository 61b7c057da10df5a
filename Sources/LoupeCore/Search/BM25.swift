/// Okapi BM25 with Lucene's IDF, per field:
///
///     score(t, d, f) = boost · idf(t, f) · tf · (k1 + 1) / (tf + k1 · (1 − b + b · |d|_f / avgdl_f))
///     idf(t, f)      = ln(1 + (N_f − n_t + 0.5) / (n_t + 0.5))
///
/// where tf is the term's frequency in field f of d, |d|_f the field's length in words (from the
/// one-byte norm, see `NormCodec`), avgdl_f the mean length over documents having the field, N_f the
/// number of those documents and n_t the number containing t in f. A document's score is the sum over
/// the query's terms and fields. k1 = 0.9, b = 0.4 by default (Anserini's and PISA's defaults; Lucene's
/// are 1.2 and 0.75): a little less weight to repeating a word and to a field's length.
package struct BM25: Sendable {
    /// How fast term frequency saturates (0: tf is ignored).
    package var k1: Float = 0.9
    /// How much the field's length normalizes the score (0: not at all, 1: fully).
    package var b: Float = 0.4

    /// BM25 with `k1` and `b` (by default 0.9 and 0.4; `BM25(k1: 1.2, b: 0.75)` scores as Lucene).
    package init(k1: Float = 0.9, b: Float = 0.4) {
        self.k1 = k1
        self.b = b
    }

    /// ln(1 + (N − n + 0.5) / (n + 0.5)).
    package func idf(docCount: Int, docFreq: Int) -> Float {
        Float(log1pDouble((Double(docCount) - Double(docFreq) + 0.5) / (Double(docFreq) + 0.5)))
    }

    /// The weight of a term (or phrase, or expansion) in one field: `boost · idf · (k1 + 1)`, what
    /// `score(weight:tf:lengthPart:)` multiplies.
    @inline(__always) package func weight(boost: Float, idf: Float) -> Float { boost * idf * (k1 + 1) }

    /// `k1 · (1 − b + b · length / avgdl)` for each of the 256 norm bytes: the length part of the
    /// denominator, computed once per (query, field).
    package func lengthTable(averageLength: Double) -> [Float] {
        (0..<256).map { byte in
            let len = Double(NormCodec.decode(UInt8(byte)))
            let ratio = averageLength > 0 ? len / averageLength : 0
            return k1 * Float(1 - Double(b) + Double(b) * ratio)
        }
    }

    /// The whole formula for one (term, doc, field): `weight · tf / (tf + lengthPart)`, where
    /// `weight = boost · idf · (k1 + 1)`.
    @inline(__always) package static func score(weight: Float, tf: Float, lengthPart: Float) -> Float {
        weight * tf / (tf + lengthPart)
    }
}

import Glibc

@inline(__always) func log1pDouble(_ x: Double) -> Double { log1p(x) }
