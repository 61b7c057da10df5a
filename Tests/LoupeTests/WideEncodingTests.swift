import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles
import LoupeTestSupport

/// UTF-16 without a byte-order mark and UTF-32 are decoded (`TextDecoding+Wide`), not skipped as
/// binary; binary data with NULs stays binary.
@Suite struct WideEncodingTests {
    func body(_ bytes: [UInt8]) throws -> String { try TextExtractor.extract(bytes, fileName: "a.txt").body }

    func encode(_ s: String, width: Int, bigEndian: Bool, mark: Bool = false) -> [UInt8] {
        var units: [UInt32] = width == 2 ? s.utf16.map(UInt32.init) : s.unicodeScalars.map(\.value)
        if mark { units.insert(0xFEFF, at: 0) }
        return units.flatMap { u in
            let bytes = (0..<width).map { UInt8(truncatingIfNeeded: u >> (8 * $0)) }
            return bigEndian ? bytes.reversed() : bytes
        }
    }

    @Test func utf16WithoutAMarkAndUTF32AreDecoded() throws {
        let text = "Grüße aus dem Café\nМосква 日本語 😀 ok\n"
        for bigEndian in [false, true] {
            #expect(try body(encode(text, width: 2, bigEndian: bigEndian)) == text, "UTF-16 \(bigEndian ? "BE" : "LE")")
            #expect(try body(encode(text, width: 4, bigEndian: bigEndian)) == text, "UTF-32 \(bigEndian ? "BE" : "LE")")
            #expect(try body(encode(text, width: 4, bigEndian: bigEndian, mark: true)) == text, "UTF-32 with its mark")
        }
        #expect(try TextExtractor.extract(encode("First line\nrest", width: 2, bigEndian: false), fileName: "x").title == "First line")
    }

    @Test func binaryWithNULsStaysBinary() throws {
        // Little-endian integers, a UTF-8 text with one NUL, UTF-16 holding a NUL unit, a lone mark.
        let ints: [UInt8] = (0..<200).flatMap { i -> [UInt8] in [UInt8(i % 7), 0, 0, 0] }
        let strayNUL = Array("plain text with one stray".utf8) + [0] + Array(" byte in the middle of it".utf8)
        let nulUnit = encode("ab", width: 2, bigEndian: false) + [0, 0] + encode("cd", width: 2, bigEndian: false)
        let samples: [[UInt8]] = [ints, strayNUL, nulUnit, [0xFF, 0xFE, 0, 0, 0, 0], [0, 0, 0, 0]]
        for bytes in samples {
            #expect(throws: TextExtractor.Rejection.binary) { try body(bytes) }
        }
        // A seeded random file with NULs: binary.
        var rng = SplitMix64(seed: 42)
        let random = (0..<4096).map { _ -> UInt8 in
            let r = rng.next()
            return r >> 59 == 0 ? 0 : UInt8(truncatingIfNeeded: r >> 33)
        }
        #expect(throws: TextExtractor.Rejection.binary) { try body(random) }
    }
}
