// swift-tools-version: 6.1
// The records scenario of an app, built twice: on Loupe and on GRDB.swift with SQLite FTS5 (the
// Swift developer's default). A package of its own so that GRDB never becomes a dependency of
// Loupe or of its other benchmarks. Run from this folder:
//   swift run -c release RecordsBench [--records 20000] [--reps 5] [--corpus /work/corpora/multi]
import Foundation
import PackageDescription

// The main package's identity is the name of its folder (a worktree may not be called "main").
let mainPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "RecordsBench",
    dependencies: [
        .package(path: "../.."),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .executableTarget(
            name: "RecordsBench",
            dependencies: [
                .product(name: "Loupe", package: mainPackage),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ]
)
