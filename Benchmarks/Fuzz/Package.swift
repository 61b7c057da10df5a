// swift-tools-version: 6.1
// Decoder fuzzing: one libFuzzer target per index file format, each feeding arbitrary
// bytes, wrapped in the format's envelope with a valid checksum, to every reader of that file. A
// package of its own so the main package carries no sanitizer flags; `scripts/fuzz.sh` builds it
// with AddressSanitizer and libFuzzer's coverage, links the fuzzer runtime without its `main` (SwiftPM
// renames an executable's), and runs each target for a fixed time.
import Foundation
import PackageDescription

// The main package's identity is the name of its folder (a worktree may not be called "main").
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let mainPackage = root.lastPathComponent.lowercased()
let formats = ["manifest", "tim", "doc", "pos", "nrm", "sto", "col", "del", "catalog"]

let package = Package(
    name: "LoupeFuzz",
    dependencies: [.package(path: "../..")],
    targets: [
        .target(name: "CFuzzDriver"),
        .target(name: "FuzzHarness", dependencies: [.product(name: "Loupe", package: mainPackage)]),
    ] + formats.map { f in
        .executableTarget(name: "fuzz-\(f)", dependencies: ["FuzzHarness", "CFuzzDriver"], path: "Targets/\(f)")
    }
)
