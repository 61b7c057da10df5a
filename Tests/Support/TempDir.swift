import Foundation

/// A fresh temporary folder, removed with everything in it when the object dies: what every test
/// that writes files works in.
public final class TempDir: Sendable {
    /// The folder's absolute path.
    public let path: String

    /// `inMemory`: under /dev/shm when it exists (a test that writes many files).
    public init(inMemory: Bool = false) {
        let base = inMemory && FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm/" : NSTemporaryDirectory()
        path = base + "loupe-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to the file `rel` under the folder, making the folders on its way.
    public func write(_ rel: String, _ text: String) {
        let p = path + "/" + rel
        try! FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! text.write(toFile: p, atomically: true, encoding: .utf8)
    }
}
