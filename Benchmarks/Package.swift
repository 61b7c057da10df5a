// swift-tools-version: 6.1
// Loupe's micro-benchmarks (ordo-one/benchmark), a package of their own so the library stays free of
// the benchmark dependency. Run from this folder:
//   CI=true swift package --allow-writing-to-package-directory benchmark --no-progress
import Foundation
import PackageDescription

// The main package's identity is the name of its folder (a worktree may not be called "main").
let mainPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "LoupeBenchmarks",
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "LoupeBenchmarks",
            dependencies: [
                .product(name: "Loupe", package: mainPackage),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/LoupeBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // A load test, not a micro-benchmark: SharedSearcher under concurrent searches and commits.
        .executableTarget(
            name: "SharedSearcherBench",
            dependencies: [.product(name: "Loupe", package: mainPackage)],
            path: "Sources/SharedSearcherBench"
        ),
    ]
)
