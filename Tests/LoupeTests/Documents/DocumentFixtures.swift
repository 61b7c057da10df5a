import Foundation

/// The small document files kept in `Tests/Fixtures/Documents` (how each was made is in its test).
enum DocumentFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/Documents").path

    static func bytes(_ name: String) -> [UInt8] {
        Array(FileManager.default.contents(atPath: folder + "/" + name) ?? Data())
    }

    /// Copies fixtures into `dir/src` under the names given.
    static func copy(_ names: [String: String], to dir: TempDir) throws {
        try FileManager.default.createDirectory(atPath: dir.path + "/src", withIntermediateDirectories: true)
        for (fixture, name) in names {
            let target = dir.path + "/src/" + name
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: folder + "/" + fixture, toPath: target)
        }
    }
}
