#!/usr/bin/env bash
# Builds the public-API tests (Tests/LoupePublicAPITests) as a package of their own that depends on
# Loupe by path, as an app would. Inside Loupe's package they would also see `package` declarations;
# from outside only `public` ones compile, so a test that reaches past the public API fails here.
# Usage: bash scripts/check-public-api.sh [--run]   (--run also runs them)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${LOUPE_PUBLIC_API_DIR:-$root/.build-public-api}
mkdir -p "$work/Tests/PublicAPITests" "$work/Tests/Support"
rm -f "$work/Tests/PublicAPITests/"*.swift "$work/Tests/Support/"*.swift
ln -s "$root"/Tests/LoupePublicAPITests/*.swift "$work/Tests/PublicAPITests/"
ln -s "$root"/Tests/Support/*.swift "$work/Tests/Support/"
name=$(basename "$root" | tr '[:upper:]' '[:lower:]')
cat > "$work/Package.swift" <<SWIFT
// swift-tools-version: 6.1
import PackageDescription
let package = Package(
    name: "PublicAPICheck",
    dependencies: [.package(path: "$root")],
    targets: [
        .target(name: "LoupeTestSupport", dependencies: [.product(name: "Loupe", package: "$name")], path: "Tests/Support"),
        .testTarget(name: "PublicAPITests", dependencies: ["LoupeTestSupport", .product(name: "Loupe", package: "$name")],
                    path: "Tests/PublicAPITests"),
    ]
)
SWIFT
cd "$work"
swift build --build-tests
if [[ "${1:-}" == "--run" ]]; then swift test --skip-build; fi
