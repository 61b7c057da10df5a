// swift-tools-version: 6.1
import PackageDescription

// Loupe builds and is tested on Linux (Debian/Ubuntu: glibc, Debian's libicu, libzstd, libstemmer,
// libcld2); it has no macOS branches, and no macOS build is checked.
let package = Package(
    name: "Loupe",
    products: [
        .library(name: "Loupe", targets: ["Loupe"]),
        .executable(name: "loupe", targets: ["loupe"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "CICUShim",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n")]
        ),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CStemmer", providers: [.apt(["libstemmer-dev"])]),
        .target(name: "CCLD2Shim", linkerSettings: [.linkedLibrary("cld2")]),
        .target(name: "CPDFShim", linkerSettings: [.linkedLibrary("poppler-cpp")]),
        .target(name: "COCRShim", linkerSettings: [.linkedLibrary("tesseract"), .linkedLibrary("leptonica")]),
        // libxml2's flags and link line, for CXMLShim only (its headers include ICU's: not for Swift).
        .systemLibrary(name: "CXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(name: "CXMLShim", dependencies: ["CXML2"]),
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        // GMime's (and GLib's) flags and link line, for CMailShim only (Swift does not import GLib).
        .systemLibrary(name: "CGMime", pkgConfig: "gmime-3.0", providers: [.apt(["libgmime-3.0-dev"])]),
        .target(name: "CMailShim", dependencies: ["CGMime"]),
        // The engine: analysis, store, codecs, index, search. Knows nothing of files.
        .target(name: "LoupeCore", dependencies: ["CICUShim", "CZstd", "CStemmer", "CCLD2Shim"]),
        // Indexing a folder of files on top of it: walker, extraction, the source catalog.
        .target(name: "LoupeFiles", dependencies: ["LoupeCore", "CICUShim", "CArchive", "CPDFShim", "CXMLShim", "CMailShim", "COCRShim"]),
        // What users import: both, re-exported.
        .target(name: "Loupe", dependencies: ["LoupeCore", "LoupeFiles"]),
        .executableTarget(
            name: "loupe",
            dependencies: ["Loupe", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // What the test targets share: a temporary folder, a seeded generator, the fuzz fixture
        // (also linked into Benchmarks/Fuzz's harness).
        .target(name: "LoupeTestSupport", dependencies: ["Loupe"], path: "Tests/Support"),
        .testTarget(name: "LoupeTests", dependencies: ["LoupeCore", "LoupeFiles", "LoupeTestSupport"]),
        .testTarget(name: "LoupePublicAPITests", dependencies: ["Loupe", "LoupeTestSupport"]),
    ]
)
