import Foundation
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// What tests do to the files of an index, in memory or on disk alike: read a file whole, replace
/// it, damage it and fix its checksum.
extension Directory {
    /// All the bytes of the file `name`.
    func contents(of name: String) throws -> [UInt8] {
        let file = try openFile(name)
        return try file.bytes(0, file.count)
    }

    /// Replaces the file `name` with `bytes` (synced).
    func replace(_ name: String, with bytes: [UInt8]) throws {
        let sink = try createFile(name)
        try bytes.withUnsafeBytes { try sink.write($0) }
        try sink.sync()
        try sink.close()
    }

    /// Rewrites the file `name` by `change`, then sets its checksum to match (damage that only the
    /// format's own checks can find).
    func rewriteWithChecksum(_ name: String, _ change: (inout [UInt8]) -> Void) throws {
        var bytes = try contents(of: name)
        change(&bytes)
        fixChecksum(&bytes)
        try replace(name, with: bytes)
    }
}

/// The folder and the name of the file at `path`, for the tests of files on disk.
func onDisk(_ path: String) -> (directory: FileSystemDirectory, name: String) {
    let slash = path.lastIndex(of: "/")!
    return (FileSystemDirectory(path: String(path[..<slash])), String(path[path.index(after: slash)...]))
}

extension SourceCatalog {
    /// `write(to:name:generation:)` as the file at `path`.
    func write(to path: String, generation: UInt64) throws {
        let (directory, name) = onDisk(path)
        try write(to: directory, name: name, generation: generation)
    }

    /// `read(_:generation:documents:)` of the file at `path`.
    static func read(_ path: String, generation: UInt64, documents: Int) throws -> SourceCatalog {
        let (directory, name) = onDisk(path)
        return try read(directory.openFile(name), generation: generation, documents: documents)
    }
}
