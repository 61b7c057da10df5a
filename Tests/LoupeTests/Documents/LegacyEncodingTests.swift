import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// Text that is not UTF-8: detected by ICU, converted by ICU, found by its words.
@Suite struct LegacyEncodingTests {
    static func hex(_ s: String) -> [UInt8] {
        let d = Array(s)
        return stride(from: 0, to: d.count, by: 2).map { UInt8(String(d[$0...$0 + 1]), radix: 16)! }
    }

    static let russian = "Новости из Москвы. Вчера в москве прошёл сильный снег, и движение на улицах города было затруднено."
    // Made with Python: russian.encode("cp1251"), .encode("koi8_r"), and the others likewise.
    static let windows1251: [UInt8] = hex("cdeee2eef1f2e820e8e720cceef1eae2fb2e20c2f7e5f0e020e220eceef1eae2e520eff0eef8b8eb20f1e8ebfcedfbe920f1ede5e32c20e820e4e2e8e6e5ede8e520ede020f3ebe8f6e0f520e3eef0eee4e020e1fbebee20e7e0f2f0f3e4ede5edee2e")
    static let koi8r: [UInt8] = hex("eecfd7cfd3d4c920c9da20edcfd3cbd7d92e20f7dec5d2c120d720cdcfd3cbd7c520d0d2cfdba3cc20d3c9ccd8ced9ca20d3cec5c72c20c920c4d7c9d6c5cec9c520cec120d5ccc9c3c1c820c7cfd2cfc4c120c2d9cccf20dac1d4d2d5c4cec5cecf2e")
    static let japanese = "東京の天気予報です。今日の東京は晴れのち曇り、夜には雨が降るでしょう。"
    static let shiftJIS: [UInt8] = hex("938c8b9e82cc93568b43975c95f182c582b781428da193fa82cc938c8b9e82cd90b082ea82cc82bf93dc82e8814196e982c982cd894a82aa8d7e82e982c582b582e582a48142")
    static let korean = "서울의 날씨입니다. 오늘 서울은 맑고 밤에는 비가 오겠습니다."
    static let eucKR: [UInt8] = hex("bcadbfefc0c720b3afbebec0d4b4cfb4d92e20bfc0b4c320bcadbfefc0ba20b8bcb0ed20b9e3bfa1b4c220baf1b0a120bfc0b0dabdc0b4cfb4d92e")
    static let chinese = "北京天气预报。今天北京晴转多云，晚上有雨。"
    static let gb18030: [UInt8] = hex("b1b1bea9ccecc6f8d4a4b1a8a1a3bdf1ccecb1b1bea9c7e7d7aab6e0d4c6a3accdedc9cfd3d0d3eaa1a3")

    func body(_ bytes: [UInt8]) throws -> String { try TextExtractor.extract(bytes, fileName: "a.txt").body }

    @Test func legacyEncodingsAreDetectedAndConverted() throws {
        #expect(try body(Self.windows1251) == Self.russian)
        #expect(try body(Self.koi8r) == Self.russian)
        #expect(try body(Self.shiftJIS) == Self.japanese)
        #expect(try body(Self.eucKR) == Self.korean)
        #expect(try body(Self.gb18030) == Self.chinese)
        // Too short for ICU's detector: read as Cyrillic by its lowercase letters, in either encoding.
        #expect(try body(Self.hex("e220eceef1eae2e5")) == "в москве")
        #expect(try body(Self.hex("d720cdcfd3cbd7c5")) == "в москве")
        // Latin text stays Windows-1252, whatever ICU guesses among the Latin charsets.
        #expect(try body(Self.hex("4c6520636166e9206e6f697220657374207472e87320626f6e2c20e02050617269732e20c96ce87665206e61ef76652e")) == "Le café noir est très bon, à Paris. Élève naïve.")
    }

    @Test func utf16WithoutAByteOrderMarkIsTextNotBinary() throws {
        let text = "Ein Straßenfest in Zürich, mit Musik und Tanz bis spät in die Nacht.\n"
        let le = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try body(le) == text)
        #expect(try body(be) == text)
        // Binary stays binary: NULs that do not make UTF-16 text.
        var rng = SplitMix64(seed: 9)
        let blob = (0..<4096).map { i in i % 3 == 0 ? 0 : UInt8(truncatingIfNeeded: rng.next()) }
        #expect(throws: ExtractionError.binary) { try body(blob) }
        #expect(throws: ExtractionError.binary) { try body([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]) }
    }

    @Test func russianAndJapaneseFilesAreFoundByTheirWords() throws {
        let dir = TempDir()
        try FileManager.default.createDirectory(atPath: dir.path + "/src", withIntermediateDirectories: true)
        for (name, bytes) in [("cp1251.txt", Self.windows1251), ("koi8.txt", Self.koi8r), ("sjis.txt", Self.shiftJIS)] {
            #expect(FileManager.default.createFile(atPath: dir.path + "/src/" + name, contents: Data(bytes)))
        }
        let s = try trustingIndexer(dir).run()
        #expect(s.added == 3 && s.skipped == 0, "\(s)")
        let searcher = try Searcher(path: dir.path + "/idx")
        #expect(Set(try searcher.search("москве", limit: 10).hits.compactMap(\.path)) == ["cp1251.txt", "koi8.txt"])
        #expect(try searcher.search("東京", limit: 10).hits.compactMap(\.path) == ["sjis.txt"])
        // Snippets are cut from the converted text.
        var options = SearchOptions(limit: 1, snippets: 1)
        let src = dir.path + "/src"
        options.snippetSource = .init(field: "body") { hit in hit.path.flatMap { DirectoryIndexer.bodyText(source: src, path: $0) } }
        let hit = try #require(try searcher.search("затруднено", options: options).hits.first)
        #expect(hit.snippets.first?.text.contains("затруднено") == true)
    }
}
