import COCRShim
import Foundation
import LoupeCore

/// Text recognition, opt-in (`loupe index DIR --ocr eng+deu`): images (`ImageExtractor`) and the
/// PDF pages that have no text layer (`PDFExtractor`) are read by Tesseract through `COCRShim`.
/// What was recognized is kept in `cacheFolder` by the content hash of the bytes recognized and the
/// languages (`OCRCache`), so a rebuild, a copy or a renamed file is not recognized again.
public struct OCROptions: Sendable, Equatable {
    /// Tesseract's languages, `+`-separated (`eng+deu`): each needs its language data (Debian
    /// `tesseract-ocr-eng`, `tesseract-ocr-deu`).
    public var languages: String
    /// Where recognized texts are kept (nil: nowhere, every file is recognized each time).
    package var cacheFolder: String?

    public init(languages: String, cacheFolder: String? = nil) {
        self.languages = languages
        self.cacheFolder = cacheFolder
    }

    /// `$XDG_CACHE_HOME/loupe/ocr`, else `~/.cache/loupe/ocr`: where the CLI keeps recognized texts.
    package static var defaultCacheFolder: String {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_CACHE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? (NSHomeDirectory() + "/.cache")
        return base + "/loupe/ocr"
    }

    /// Throws `LoupeError.invalidArgument` unless `languages` is a `+`-separated list of language
    /// names whose data Tesseract finds.
    package func validate() throws {
        let names = languages.split(separator: "+", omittingEmptySubsequences: false)
        guard !names.isEmpty, names.allSatisfy({ n in !n.isEmpty && n.utf8.allSatisfy { $0 == 0x5F || $0 &- 0x61 < 26 || $0 &- 0x30 < 10 } }) else {
            throw LoupeError.invalidArgument("OCR languages are Tesseract's names joined by '+', e.g. eng+deu; not '\(languages)'")
        }
        guard OCRRecognizer.shared(languages) != nil else {
            throw LoupeError.invalidArgument("Tesseract has no language data for '\(languages)' (Debian: apt-get install "
                + names.map { "tesseract-ocr-\($0)" }.joined(separator: " ") + ")")
        }
    }

    /// The text of an encoded image (PNG, JPEG, TIFF), from the cache when it was recognized before.
    func recognize(image data: [UInt8]) throws -> String {
        try cached(data[...], kind: "image") { ocr in
            data.withUnsafeBufferPointer { b -> String? in
                var length: Int64 = 0
                return take(loupe_ocr_image(ocr, b.baseAddress, Int64(b.count), &length), length)
            }
        }
    }

    /// The text of a rendered page: `width` × `height` gray pixels, rows `stride` bytes apart.
    func recognize(gray pixels: [UInt8], width: Int, height: Int, stride: Int, dpi: Int) throws -> String {
        try cached(pixels[...], kind: "page\(width)x\(height)") { ocr in
            pixels.withUnsafeBufferPointer { b -> String? in
                var length: Int64 = 0
                return take(loupe_ocr_pixels(ocr, b.baseAddress, Int32(width), Int32(height), 1, Int32(stride), Int32(dpi), &length), length)
            }
        }
    }

    private func take(_ text: UnsafeMutablePointer<CChar>?, _ length: Int64) -> String? {
        guard let text else { return nil }
        defer { loupe_ocr_free(text) }
        return String(decoding: UnsafeRawBufferPointer(start: text, count: Int(length)), as: UTF8.self)
    }

    private func cached(_ bytes: ArraySlice<UInt8>, kind: String, _ run: (OpaquePointer) -> String?) throws -> String {
        let key = OCRCache.key(bytes, kind: kind, languages: languages)
        let cache = cacheFolder.map(OCRCache.init(folder:))
        if let known = cache?.text(key) { return known }
        guard let recognizer = OCRRecognizer.shared(languages) else {
            throw ExtractionError.damaged("no Tesseract language data for \(languages)")
        }
        guard let text = recognizer.use(run) else { throw ExtractionError.damaged("Tesseract cannot read it") }
        cache?.store(text, key)
        return text
    }
}

/// This process's Tesseract recognizer of one language list: made once (loading the language data
/// takes a fraction of a second), used by one thread at a time.
///
/// `@unchecked Sendable`: the handle is only touched under `lock`, and closed never (it lives as
/// long as the process, as the shared recognizers are kept in a static table).
final class OCRRecognizer: @unchecked Sendable {
    private let handle: OpaquePointer
    private let lock = NSLock()

    private init(_ handle: OpaquePointer) { self.handle = handle }

    /// The recognizers this process made, by languages (nil: no data for them).
    /// `@unchecked Sendable`: `made` is only touched under `lock`.
    private final class Table: @unchecked Sendable {
        let lock = NSLock()
        var made: [String: OCRRecognizer?] = [:]
    }
    private static let table = Table()

    /// The recognizer of `languages`, nil when Tesseract has no data for one of them.
    static func shared(_ languages: String) -> OCRRecognizer? {
        table.lock.lock()
        defer { table.lock.unlock() }
        if let known = table.made[languages] { return known }
        let r = loupe_ocr_open(languages).map(OCRRecognizer.init)
        table.made[languages] = r
        return r
    }

    func use<T>(_ body: (OpaquePointer) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(handle)
    }
}
