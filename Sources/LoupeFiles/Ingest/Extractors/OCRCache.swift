import Foundation
import LoupeCore

/// Texts Tesseract recognized, one file each in a folder, named by what was recognized: the
/// FNV-1a hash and length of the bytes (an image file's, a rendered page's pixels), their kind and
/// the languages. A file, page or copy met again is not recognized again. An entry that cannot be
/// read or is damaged is a miss (recognized again and written over); writes go to a temporary name
/// then are renamed, so a reader never sees half an entry.
///
/// File `<hash:16 hex>-<length>-<kind>-<languages>.ocr` (magic "LOCR", version 1), inside
/// `FileFormat`'s envelope:
/// ```
/// body := text[]        -- the recognized text, UTF-8, to the footer
/// ```
/// Example: "Hello" recognized in `eng` from a 1,234-byte PNG whose FNV-1a is 0x00000000DEADBEEF:
/// `00000000deadbeef-1234-image-eng.ocr` = `"LOCR" 01000000 | "Hello" | crc "LEND"` (17 bytes).
struct OCRCache {
    let folder: String

    static let magic = "LOCR"
    static let version: UInt32 = 1

    /// The entry name of `bytes` of `kind` recognized in `languages`.
    static func key(_ bytes: ArraySlice<UInt8>, kind: String, languages: String) -> String {
        let hash = bytes.withUnsafeBytes { FNV1a.hash($0) }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex + "-\(bytes.count)-\(kind)-\(languages).ocr"
    }

    /// The text kept under `key`, nil when there is none or it is damaged.
    func text(_ key: String) -> String? {
        guard let file = try? FileSystemDirectory(path: folder).openFile(key),
              let body = try? FileFormat.open(file, magic: Self.magic, version: Self.version),
              (try? FileFormat.verifyChecksum(file)) != nil,
              let bytes = try? file.bytes(body.lowerBound, body.count) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Keeps `text` under `key`; a failure (a read-only or full disk) only loses the cache entry.
    func store(_ text: String, _ key: String) {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let directory = FileSystemDirectory(path: folder)
        let temporary = "." + key + "." + UUID().uuidString
        do {
            let out = try FileOutput(directory, name: temporary, magic: Self.magic, version: Self.version)
            out.writeBytes(Array(text.utf8))
            _ = try out.finish()
            try directory.rename(temporary, to: key)
        } catch {
            try? directory.delete(temporary)
        }
    }
}
